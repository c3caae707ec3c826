/* app-test-util.h — shared by the GUI tests: a display check, an isolated
 * environment, and waiting for the main loop to reach a state (loads run
 * on a worker; the tests iterate the main context until the outcome is
 * there, never sleep). */
#pragma once

#include <adwaita.h>

#include "kiln-application.h"
#include "kiln-test-util.h"

/* Keeps the tests off the user's settings and recent-files list. Call
 * before gtk_init_check(). */
static inline void app_test_isolate(void)
{
    g_setenv("GSETTINGS_BACKEND", "memory", TRUE);
    g_setenv("GTK_A11Y", "none", TRUE);
    g_setenv("NO_AT_BRIDGE", "1", TRUE);
    g_autofree char *dir = g_dir_make_tmp("kiln-app-test-XXXXXX", NULL);
    g_setenv("XDG_DATA_HOME", dir, TRUE);
    g_setenv("XDG_CONFIG_HOME", dir, TRUE);
}

static gboolean app_test_wake(gpointer data)
{
    return G_SOURCE_CONTINUE;
}

/* Iterates the default main context until cond(data) holds or `seconds`
 * of wall time pass; returns whether it held. A 50 ms timer keeps the loop
 * from blocking forever when nothing else is pending. */
static inline gboolean app_test_wait_for(gboolean (*cond)(gpointer), gpointer data, double seconds)
{
    guint wake = g_timeout_add(50, app_test_wake, NULL);
    gint64 deadline = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);
    gboolean ok;
    while (!(ok = cond(data)) && g_get_monotonic_time() <= deadline)
        g_main_context_iteration(NULL, TRUE);
    g_source_remove(wake);
    return ok;
}

/* Like app_test_wait_for(), failing the test on a time-out. */
static inline void app_test_wait(gboolean (*cond)(gpointer), gpointer data, double seconds)
{
    if (!app_test_wait_for(cond, data, seconds))
        g_error("timed out after %.0f s waiting for the main loop", seconds);
}

static inline gboolean app_test_page_done(gpointer page)
{
    return kiln_profile_page_get_state(page) != KILN_PAGE_LOADING;
}

static inline gboolean app_test_allocated(gpointer widget)
{
    return gtk_widget_get_width(widget) > 0 && gtk_widget_get_mapped(widget);
}

static inline void app_test_wait_loaded(KilnProfilePage *page)
{
    app_test_wait(app_test_page_done, page, 30);
}

/* The node whose root-first path of names is `path` ("a;b;c"), or
 * KILN_NO_NODE. */
static inline uint32_t app_test_node(const KilnProfile *p, const char *path)
{
    g_auto(GStrv) names = g_strsplit(path, ";", -1);
    uint32_t node = KILN_ROOT_NODE;
    for (char **n = names; *n; n++) {
        uint32_t end = node + p->nodes[node].size, found = KILN_NO_NODE;
        for (uint32_t c = node + 1; c < end; c += p->nodes[c].size)
            if (g_str_equal(kiln_profile_node_name(p, c), *n))
                found = c;
        if (found == KILN_NO_NODE)
            return KILN_NO_NODE;
        node = found;
    }
    return node;
}
