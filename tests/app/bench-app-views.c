/* bench-app-views.c — the table views (issue 12) on a 1M-node profile:
 * how long each view takes to show after it is picked (to the second frame
 * painted after the switch), how long the bottom-up tree's inversion takes
 * on its worker, and how long a filter takes from the push to the views
 * painted with the derived profile, with the longest main-loop stall
 * meanwhile. Not a test: run it under Xvfb,
 *   xvfb-run -a build/tests/app/bench-app-views [NODES]
 */
#include "app-bench-util.h"
#include "app-test-util.h"

#include "kiln-call-tree-view.h"
#include "kiln-filter-bar.h"

static guint frames;

static void after_paint(GdkFrameClock *clock, gpointer data)
{
    frames++;
}

static gboolean enough_frames(gpointer target)
{
    return frames >= GPOINTER_TO_UINT(target);
}

static void two_frames(GtkWidget *w)
{
    for (int i = 0; i < 2; i++) {
        gtk_widget_queue_draw(w);
        app_test_wait(enough_frames, GUINT_TO_POINTER(frames + 1), 30);
    }
}

static GtkWidget *find_widget(GtkWidget *root, GType type, guint nth, guint *seen)
{
    if (G_TYPE_CHECK_INSTANCE_TYPE(root, type) && (*seen)++ == nth)
        return root;
    for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
        GtkWidget *w = find_widget(c, type, nth, seen);
        if (w)
            return w;
    }
    return NULL;
}

static gboolean inverted_ready(gpointer v)
{
    return kiln_call_tree_view_get_profile(v) != NULL;
}

static guint generation;

static gboolean derived(gpointer doc)
{
    return kiln_document_get_generation(doc) > generation && !kiln_document_get_rebuilding(doc);
}

int main(int argc, char **argv)
{
    app_test_isolate();
    if (!gtk_init_check()) {
        g_printerr("no display\n");
        return 77;
    }
    adw_init();
    uint32_t want = argc > 1 ? (uint32_t)atoi(argv[1]) : 1000000;
    gint64 t = g_get_monotonic_time();
    g_autoptr(KilnProfile) p = app_make_tree(want);
    printf("profile: %u nodes, built in %.0f ms\n", p->n_nodes,
           (g_get_monotonic_time() - t) / 1000.0);
    g_autoptr(KilnDocument) doc = kiln_document_new_for_profile(p, "bench");
    GtkWidget *win = gtk_window_new();
    gtk_window_set_default_size(GTK_WINDOW(win), 1280, 800);
    t = g_get_monotonic_time();
    KilnProfilePage *page = kiln_profile_page_new(doc);
    gtk_window_set_child(GTK_WINDOW(win), GTK_WIDGET(page));
    gtk_window_present(GTK_WINDOW(win));
    app_test_wait(app_test_allocated, page, 30);
    g_signal_connect(gtk_widget_get_frame_clock(win), "after-paint", G_CALLBACK(after_paint), NULL);
    two_frames(win);
    printf("page with all views made and painted: %.0f ms\n",
           (g_get_monotonic_time() - t) / 1000.0);
    guint seen = 0;
    GtkWidget *bottom = find_widget(GTK_WIDGET(page), KILN_TYPE_CALL_TREE_VIEW, 1, &seen);
    app_test_wait(inverted_ready, bottom, 60);
    printf("bottom-up tree inverted (worker) by: %.0f ms after the page was made\n",
           (g_get_monotonic_time() - t) / 1000.0);

    const char *views[] = {"call-tree", "bottom-up", "top", "graph", "call-tree"};
    for (gsize i = 0; i < G_N_ELEMENTS(views); i++) {
        app_loop_stats_start();
        t = g_get_monotonic_time();
        kiln_profile_page_show_view(page, views[i]);
        two_frames(win);
        app_loop_stats_stop();
        printf("show %-10s %6.1f ms (longest main-loop iteration %.1f ms)\n", views[i],
               (g_get_monotonic_time() - t) / 1000.0, app_loop_stats.max_usec / 1000.0);
    }
    /* A filter on the hot paths' first frame. */
    const char *name = kiln_profile_node_name(p, 1);
    app_loop_stats_start();
    t = g_get_monotonic_time();
    generation = kiln_document_get_generation(doc);
    kiln_filter_push(doc, "focus", name);
    app_test_wait(derived, doc, 60);
    two_frames(win);
    app_loop_stats_stop();
    printf("filter (focus %s) derived and painted: %.0f ms (longest main-loop iteration "
           "%.1f ms)\n",
           name, (g_get_monotonic_time() - t) / 1000.0, app_loop_stats.max_usec / 1000.0);
    app_loop_stats_start();
    t = g_get_monotonic_time();
    generation = kiln_document_get_generation(doc);
    kiln_document_pop_transform(doc);
    app_test_wait(derived, doc, 60);
    two_frames(win);
    app_loop_stats_stop();
    printf("filter removed, derived and painted: %.0f ms (longest main-loop iteration %.1f ms)\n",
           (g_get_monotonic_time() - t) / 1000.0, app_loop_stats.max_usec / 1000.0);
    gtk_window_destroy(GTK_WINDOW(win));
    return 0;
}
