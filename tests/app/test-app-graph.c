/* test-app-graph.c — the graph kept right across what changes its tree or
 * its size: zooming into a graph taller than the view (issue 18's blank
 * graph), and a transform that renumbers the nodes under the zoom, the
 * selection, the history and the search (the document's frame paths).
 * Checked in the window's own rendering and GTK's log. Needs a display
 * (xvfb-run in CI); exits 77 (skipped) without one. */
#include "app-test-util.h"

#include <glib/gstdio.h>

#include "app-test-transform.h"
#include "render/kiln-flame-nav.h"

static KilnApplication *app;
static KilnWindow *win;

static KilnProfilePage *open_corpus(const char *rel)
{
    g_autofree char *path = kiln_test_corpus_path(rel);
    if (!path)
        return NULL;
    g_autoptr(GFile) file = g_file_new_for_path(path);
    KilnProfilePage *page = kiln_window_open(win, file);
    app_test_wait_loaded(page);
    return page;
}

static void close_all_tabs(void)
{
    AdwTabView *tv = kiln_window_get_tab_view(win);
    while (adw_tab_view_get_n_pages(tv) > 0) {
        AdwTabPage *tp = adw_tab_view_get_nth_page(tv, 0);
        adw_tab_view_close_page(tv, tp);
    }
}

/* Opens simple.txt (a;b;c 5, a;b;d 4, a;b 5: total 14) with the graph
 * allocated on screen. */
/* Opens simple.txt (a;b;c 5, a;b;d 4, a;b 5: total 14) with the graph
 * allocated on screen. */
static KilnFlameView *open_simple(const KilnProfile **profile)
{
    KilnProfilePage *page = open_corpus("folded/speedscope/simple.txt");
    if (!page)
        return NULL;
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_LOADED);
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    app_test_wait(app_test_allocated, view, 10);
    *profile = kiln_profile_page_get_profile(page);
    g_assert_cmpuint((*profile)->n_nodes, ==, 5);
    return view;
}

/* ---- issue 18 bug 1: a blank graph after zooming into a tall one ---- */

static guint frames;

static gboolean count_frame(GtkWidget *w, GdkFrameClock *clock, gpointer data)
{
    frames++;
    return G_SOURCE_CONTINUE;
}

static gboolean enough_frames(gpointer target)
{
    return frames >= GPOINTER_TO_UINT(target);
}

/* Lets the window lay out and paint twice: the second frame picks up what
 * the first one's allocation queued. */
static void settle(void)
{
    for (int i = 0; i < 2; i++) {
        gtk_widget_queue_draw(GTK_WIDGET(win));
        app_test_wait(enough_frames, GUINT_TO_POINTER(frames + 1), 10);
    }
}

static guint unallocated_snapshots;

static GLogWriterOutput log_writer(GLogLevelFlags level, const GLogField *fields, gsize n,
                                   gpointer data)
{
    for (gsize i = 0; i < n; i++)
        if (g_str_equal(fields[i].key, "MESSAGE") && fields[i].length < 0 &&
            strstr(fields[i].value, "without a current allocation")) {
            /* Counted and printed, not fatal: the test's asserts say what
             * went wrong. */
            unallocated_snapshots++;
            g_printerr("%s\n", (const char *)fields[i].value);
            return G_LOG_WRITER_HANDLED;
        }
    if (level & G_LOG_LEVEL_DEBUG)
        return G_LOG_WRITER_HANDLED;
    return g_log_writer_default(level, fields, n, data);
}

/* Pixels of the flame view's area in the window's own rendering (the way
 * the compositor gets it) that differ from the view's top-left pixel,
 * which is background in a flame graph whose top rows are empty. The
 * window is rendered right after the frame clock painted it, when its
 * allocation is the one just drawn, not at an arbitrary moment. */
static guint count_drawn(KilnFlameView *view)
{
    GtkWidget *w = GTK_WIDGET(win);
    int ww = gtk_widget_get_width(w), wh = gtk_widget_get_height(w);
    GdkPaintable *paintable = gtk_widget_paintable_new(w);
    GtkSnapshot *snapshot = gtk_snapshot_new();
    gdk_paintable_snapshot(paintable, snapshot, ww, wh);
    GskRenderNode *node = gtk_snapshot_free_to_node(snapshot);
    GskRenderer *renderer = gtk_native_get_renderer(GTK_NATIVE(win));
    GdkTexture *texture =
        gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, ww, wh));
    gsize stride = (gsize)ww * 4;
    guint32 *px = g_malloc((gsize)wh * stride);
    gdk_texture_download(texture, (guchar *)px, stride);
    graphene_point_t origin;
    g_assert_true(
        gtk_widget_compute_point(GTK_WIDGET(view), w, &GRAPHENE_POINT_INIT(0, 0), &origin));
    int x0 = (int)origin.x, y0 = (int)origin.y;
    int vw = gtk_widget_get_width(GTK_WIDGET(view)), vh = gtk_widget_get_height(GTK_WIDGET(view));
    guint32 bg = px[(gsize)y0 * ww + x0];
    guint n = 0;
    for (int y = y0; y < MIN(y0 + vh, wh); y++)
        for (int x = x0; x < MIN(x0 + vw, ww); x++)
            n += px[(gsize)y * ww + x] != bg;
    g_free(px);
    g_object_unref(texture);
    gsk_render_node_unref(node);
    g_object_unref(paintable);
    return n;
}

static KilnFlameView *capture_view;
static guint captured;

static void capture_after_paint(GdkFrameClock *clock, gpointer data)
{
    if (!capture_view)
        return;
    captured = count_drawn(capture_view);
    capture_view = NULL;
}

static gboolean capture_done(gpointer data)
{
    return capture_view == NULL;
}

static guint drawn_pixels(KilnFlameView *view)
{
    settle();
    GdkFrameClock *clock = gtk_widget_get_frame_clock(GTK_WIDGET(win));
    gulong id = g_signal_connect(clock, "after-paint", G_CALLBACK(capture_after_paint), NULL);
    capture_view = view;
    gtk_widget_queue_draw(GTK_WIDGET(win));
    app_test_wait(capture_done, NULL, 10);
    g_signal_handler_disconnect(clock, id);
    return captured;
}

/* A merge sort's recursion, 60 calls deep under main, so the graph needs
 * the vertical scrollbar at the test window's size (1000×600), beside a
 * wide and shallow `compare` that Up ×3 reaches: zooming into it makes the
 * graph fit, and the scrollbar go, as in issue 18's qsort recording. */
static char *write_deep_profile(char **dir)
{
    *dir = g_dir_make_tmp("kiln-app-test-XXXXXX", NULL);
    char *path = g_build_filename(*dir, "msort.folded", NULL);
    GString *s = g_string_new(NULL);
    for (int depth = 1; depth <= 60; depth++) {
        g_string_append(s, "main;qsort");
        for (int i = 0; i < depth; i++)
            g_string_append(s, ";msort_with_tmp");
        g_string_append_printf(s, ";compare %d\n", 10 + depth % 7);
    }
    g_string_append(s, "main;setup 40\nmain;qsort;compare 2000\n");
    g_assert_true(g_file_set_contents(path, s->str, (gssize)s->len, NULL));
    g_string_free(s, TRUE);
    return path;
}

static void test_zoom_tall(void)
{
    close_all_tabs();
    g_autofree char *dir = NULL;
    g_autofree char *path = write_deep_profile(&dir);
    g_autoptr(GFile) file = g_file_new_for_path(path);
    KilnProfilePage *page = kiln_window_open(win, file);
    app_test_wait_loaded(page);
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_LOADED);
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    app_test_wait(app_test_allocated, view, 10);
    guint id = gtk_widget_add_tick_callback(GTK_WIDGET(win), count_frame, NULL, NULL);
    /* 64 rows of 18 px do not fit: the graph scrolls. */
    GtkWidget *sw = gtk_widget_get_ancestor(GTK_WIDGET(view), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(sw));
    settle();
    g_assert_cmpfloat(gtk_adjustment_get_upper(vadj), >, gtk_adjustment_get_page_size(vadj));
    guint before = drawn_pixels(view);
    g_assert_cmpuint(before, >, 1000);
    unallocated_snapshots = 0;

    /* Up ×3 from the root (each time to the widest child), one frame
     * after each key as a person would, then Enter: main › qsort › compare. */
    GtkWidget *w = GTK_WIDGET(view);
    gtk_widget_grab_focus(w);
    kiln_flame_view_select(view, KILN_ROOT_NODE);
    for (int i = 0; i < 3; i++) {
        gtk_widget_activate_action(w, "flame.up", NULL);
        settle();
    }
    gtk_widget_activate_action(w, "flame.activate", NULL);
    const KilnProfile *p = kiln_profile_page_get_profile(page);
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, app_test_node(p, "main;qsort;compare"));
    g_assert_cmpuint(drawn_pixels(view), >, 1000);
    g_assert_cmpuint(unallocated_snapshots, ==, 0);

    /* Back to the tall graph, then into its recursion, 40 frames up. */
    kiln_flame_view_go_back(view);
    g_assert_cmpuint(drawn_pixels(view), >, 1000);
    uint32_t deep = app_test_node(p, "main;qsort;msort_with_tmp");
    for (int i = 0; i < 40; i++)
        deep = kiln_flame_nav_child(p, kiln_flame_view_get_sample_type(view), deep, deep);
    kiln_flame_view_select(view, deep);
    kiln_flame_view_zoom_to(view, deep);
    g_assert_cmpuint(drawn_pixels(view), >, 1000);
    g_assert_cmpuint(unallocated_snapshots, ==, 0);
    /* Icicle and back. */
    kiln_flame_view_set_icicle(view, TRUE);
    g_assert_cmpuint(drawn_pixels(view), >, 1000);
    kiln_flame_view_set_icicle(view, FALSE);
    g_assert_cmpuint(drawn_pixels(view), >, 1000);
    g_assert_cmpuint(unallocated_snapshots, ==, 0);
    gtk_widget_remove_tick_callback(GTK_WIDGET(win), id);
    close_all_tabs();
    g_unlink(path);
    g_rmdir(dir);
}

static gboolean doc_not_rebuilding(gpointer doc)
{
    return !kiln_document_get_rebuilding(doc);
}

static char *node_path(const KilnProfile *p, uint32_t node)
{
    g_autoptr(KilnFramePath) path = kiln_frame_path_new(p, node);
    return kiln_frame_path_to_string(path);
}

/* The graph keeps its zoom, selection, history and search across a
 * rebuild of the tree by a transform: they are the document's frame
 * paths, re-resolved by the view in the new profile. */
static void test_zoom_survives_transform(void)
{
    const KilnProfile *p;
    KilnFlameView *view = open_simple(&p);
    if (!view)
        return;
    KilnProfilePage *page = kiln_window_get_current_page(win);
    KilnDocument *doc = kiln_profile_page_get_document(page);
    g_assert_true(kiln_flame_view_get_document(view) == doc);
    uint32_t d = app_test_node(p, "a;b;d");
    g_assert_cmpuint(d, ==, 4);
    kiln_flame_view_zoom_to(view, app_test_node(p, "a"));
    kiln_flame_view_zoom_to(view, d);
    kiln_profile_page_set_search(page, "^d$");

    /* Hiding c drops the node before d: d's id changes, its path not. */
    push_hide(doc, "^c$");
    app_test_wait(doc_not_rebuilding, doc, 10);
    const KilnProfile *q = kiln_flame_view_get_profile(view);
    g_assert_true(q != p);
    g_assert_true(kiln_profile_page_get_profile(page) == q);
    g_assert_cmpuint(q->n_nodes, ==, 4);
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, 3);
    g_autofree char *zoom = node_path(q, kiln_flame_view_get_zoom(view));
    g_assert_cmpstr(zoom, ==, "a;b;d");
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, 3);
    /* The search is re-run on the new tree: d is still 4 of 14 (hiding
     * c gave its 5 to b, as pprof's -hide does). */
    g_assert_cmpstr(kiln_flame_view_get_search_text(view), ==, "^d$");
    g_assert_cmpfloat_with_epsilon(kiln_flame_view_get_matched_fraction(view), 4.0 / 14, 1e-12);
    g_assert_cmpfloat(kiln_profile_self(q, 0, app_test_node(q, "a;b")), ==, 10);
    /* The breadcrumbs follow the new tree: All › a › b › d. */
    g_assert_cmpuint(kiln_breadcrumbs_get_n_crumbs(kiln_profile_page_get_breadcrumbs(page)), ==, 4);
    /* Back goes to a, in the new tree too. */
    g_assert_true(kiln_flame_view_go_back(view));
    g_autofree char *back = node_path(q, kiln_flame_view_get_zoom(view));
    g_assert_cmpstr(back, ==, "a");
    g_assert_true(kiln_flame_view_go_forward(view));
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, 3);
    kiln_profile_page_set_search(page, "");
    close_all_tabs();
}

int main(int argc, char **argv)
{
    g_log_set_writer_func(log_writer, NULL, NULL);
    app_test_isolate();
    g_test_init(&argc, &argv, NULL);
    if (!gtk_init_check()) {
        g_printerr("no display: skipping the GUI tests\n");
        return 77;
    }
    adw_init();
    /* No tab animations: libadwaita 1.2 can crash when a tab bar's
     * running animation is skipped after its tab is gone, which closing
     * many tabs at machine speed provokes (people are slower). */
    if (!g_getenv("KILN_TEST_ANIMATIONS"))
        g_object_set(gtk_settings_get_default(), "gtk-enable-animations", FALSE, NULL);
    app = kiln_application_new(G_APPLICATION_NON_UNIQUE);
    GError *error = NULL;
    g_application_register(G_APPLICATION(app), NULL, &error);
    g_assert_no_error(error);
    win = kiln_application_get_window(app);
    gtk_window_set_default_size(GTK_WINDOW(win), 1000, 600);
    gtk_window_present(GTK_WINDOW(win));

    g_test_add_func("/graph/zoom-tall", test_zoom_tall);
    g_test_add_func("/graph/zoom-survives-transform", test_zoom_survives_transform);
    int rc = g_test_run();
    gtk_window_destroy(GTK_WINDOW(win));
    g_object_unref(app);
    return rc;
}
