/* test-source-views.c — the source and disassembly views open for the
 * hottest function of a perf.data recorded here (the inline-hot test
 * program), show its own file with the hottest line chosen, list its
 * instructions, and are screenshot in light and dark for a person to
 * look at (BUILD/tests/source/source-view-{light,dark}.png, likewise
 * disassembly-view-*). Skips without a display or when perf cannot
 * record.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "formats/kiln-loader.h"
#include "kiln-disassembly-view.h"
#include "kiln-source-view.h"

static char *data_path;
static KilnProfile *profile;

static void spin_loop(int ms)
{
    gint64 end = g_get_monotonic_time() + ms * 1000;
    while (g_get_monotonic_time() < end)
        g_main_context_iteration(NULL, FALSE);
}

static void shoot(GtkWidget *win, const char *name, gboolean dark)
{
    spin_loop(400);
    int w = gtk_widget_get_width(win), h = gtk_widget_get_height(win);
    g_assert_cmpint(w, >, 0);
    GdkPaintable *paintable = gtk_widget_paintable_new(win);
    GtkSnapshot *snapshot = gtk_snapshot_new();
    GdkRGBA bg;
    gdk_rgba_parse(&bg, dark ? "#242424" : "#fafafa");
    gtk_snapshot_append_color(snapshot, &bg, &GRAPHENE_RECT_INIT(0, 0, w, h));
    gdk_paintable_snapshot(paintable, snapshot, w, h);
    GskRenderNode *node = gtk_snapshot_free_to_node(snapshot);
    GdkTexture *texture = gsk_renderer_render_texture(gtk_native_get_renderer(GTK_NATIVE(win)),
                                                      node, &GRAPHENE_RECT_INIT(0, 0, w, h));
    g_autofree char *file = g_strdup_printf("%s-%s.png", name, dark ? "dark" : "light");
    g_autofree char *path =
        g_build_filename(g_getenv("KILN_BUILD_ROOT"), "tests", "source", file, NULL);
    g_assert_true(gdk_texture_save_to_png(texture, path));
    g_test_message("wrote %s", path);
    g_object_unref(texture);
    gsk_render_node_unref(node);
    g_object_unref(paintable);
}

static GtkWidget *show(GtkWidget *child, gboolean dark)
{
    adw_style_manager_set_color_scheme(adw_style_manager_get_default(),
                                       dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                            : ADW_COLOR_SCHEME_FORCE_LIGHT);
    GtkWidget *win = gtk_window_new();
    gtk_window_set_default_size(GTK_WINDOW(win), 1000, 640);
    gtk_window_set_child(GTK_WINDOW(win), child);
    gtk_window_present(GTK_WINDOW(win));
    return win;
}

/* The function with the most self samples in the program itself, summed
 * over its addresses (each address is a node of its own here). */
static const char *hottest_function(void)
{
    g_autoptr(GHashTable) sums = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    const char *best = NULL;
    double best_v = 0;
    for (uint32_t n = 1; n < profile->n_nodes; n++) {
        const KilnFrame *f = kiln_profile_node_frame(profile, n);
        const char *mod = f->module ? kiln_profile_string(profile, f->module) : "";
        if (!g_str_has_suffix(mod, "/inline-hot"))
            continue;
        const char *name = kiln_profile_node_name(profile, n);
        double *sum = g_hash_table_lookup(sums, name);
        if (!sum) {
            sum = g_new0(double, 1);
            g_hash_table_insert(sums, (gpointer)name, sum);
        }
        *sum += kiln_profile_self(profile, profile->default_type, n);
        if (*sum > best_v) {
            best_v = *sum;
            best = name;
        }
    }
    g_assert_nonnull(best);
    return best;
}

/* 1-based number of the first line of inline-hot.c holding text. */
static uint32_t line_of(const char *text)
{
    g_autofree char *src = NULL;
    g_assert_true(g_file_get_contents(g_getenv("KILN_INLINE_HOT_SOURCE"), &src, NULL, NULL));
    const char *at = strstr(src, text);
    g_assert_nonnull(at);
    uint32_t n = 1;
    for (const char *p = src; p < at; p++)
        n += *p == '\n';
    return n;
}

static void test_source(gconstpointer dark)
{
    const char *fn = hottest_function();
    g_assert_cmpstr(fn, ==, "work");
    GtkWidget *v = kiln_source_view_new(profile, fn, profile->default_type);
    GtkWidget *win = show(v, GPOINTER_TO_INT(dark));
    g_assert_true(g_str_has_suffix(kiln_source_view_get_path(KILN_SOURCE_VIEW(v)), "inline-hot.c"));
    /* work's first spin() call runs n iterations, the second n / 2. */
    g_assert_cmpuint(kiln_source_view_get_hottest_line(KILN_SOURCE_VIEW(v)), ==,
                     line_of("uint64_t a = spin(seed, n);"));
    shoot(win, "source-view", GPOINTER_TO_INT(dark));
    gtk_window_destroy(GTK_WINDOW(win));
}

static void test_source_inlined(void)
{
    /* The inlined mix() opens at its own lines. */
    GtkWidget *v = kiln_source_view_new(profile, "mix", profile->default_type);
    g_object_ref_sink(v);
    uint32_t hot = kiln_source_view_get_hottest_line(KILN_SOURCE_VIEW(v));
    g_assert_cmpuint(hot, >=, line_of("x ^= x >> 33;"));
    g_assert_cmpuint(hot, <=, line_of("x ^= x >> 29;"));
    g_object_unref(v);
}

static void test_disassembly(gconstpointer dark)
{
    GtkWidget *v = kiln_disassembly_view_new(profile, hottest_function(), profile->default_type);
    GtkWidget *win = show(v, GPOINTER_TO_INT(dark));
    g_assert_cmpuint(kiln_disassembly_view_get_n_instructions(KILN_DISASSEMBLY_VIEW(v)), >=, 20);
    shoot(win, "disassembly-view", GPOINTER_TO_INT(dark));
    gtk_window_destroy(GTK_WINDOW(win));
}

static void test_missing_source(void)
{
    /* Nothing for a function that has no samples: a message, no path. */
    GtkWidget *v = kiln_source_view_new(profile, "no_such_function", profile->default_type);
    g_object_ref_sink(v);
    g_assert_null(kiln_source_view_get_path(KILN_SOURCE_VIEW(v)));
    g_assert_cmpuint(kiln_source_view_get_hottest_line(KILN_SOURCE_VIEW(v)), ==, 0);
    g_object_unref(v);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!gtk_init_check()) {
        g_printerr("no display: skipping\n");
        return 77;
    }
    adw_init();
    g_autofree char *dir = g_dir_make_tmp("kiln-source-XXXXXX", NULL);
    data_path = g_build_filename(dir, "perf.data", NULL);
    const char *prog = g_getenv("KILN_INLINE_HOT");
    const char *rec[] = {"perf", "record",  "-q", "-g",       "-F", "2000",
                         "-o",   data_path, prog, "15000000", NULL};
    int status = -1;
    if (!g_spawn_sync(NULL, (char **)rec, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status(status, NULL)) {
        g_printerr("perf record failed: skipping\n");
        return 77;
    }
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.granularity = KILN_GRANULARITY_ADDRESSES;
    g_autoptr(GError) error = NULL;
    profile = kiln_load_file(data_path, &o, NULL, NULL, NULL, &error);
    g_assert_no_error(error);
    g_test_add_data_func("/source-view/light", GINT_TO_POINTER(FALSE), test_source);
    g_test_add_data_func("/source-view/dark", GINT_TO_POINTER(TRUE), test_source);
    g_test_add_func("/source-view/inlined", test_source_inlined);
    g_test_add_func("/source-view/missing", test_missing_source);
    g_test_add_data_func("/disassembly-view/light", GINT_TO_POINTER(FALSE), test_disassembly);
    g_test_add_data_func("/disassembly-view/dark", GINT_TO_POINTER(TRUE), test_disassembly);
    int rc = g_test_run();
    kiln_profile_unref(profile);
    g_unlink(data_path);
    g_rmdir(dir);
    return rc;
}
