/* test-app-screenshots.c — writes screenshots of the app at 1280×800 in
 * light and dark mode into $KILN_BUILD_ROOT/screenshots/ (the build
 * folder), for people to look at: the start page, a perf profile's flame
 * graph with a search, an icicle zoomed in, the summary, an error page.
 * The window renders itself (GtkWidgetPaintable → GskRenderer → PNG)
 * after the frame clock has painted the state, so no sleeps are needed.
 * tests/app/screenshot.sh runs it under xvfb-run.
 *
 * With KILN_METAINFO_SHOTS=DIR it writes the metainfo's screenshots
 * (data/screenshots/) into DIR instead, in the language LANGUAGE names,
 * from copies of the corpus files in a neutral folder (/tmp/Profiles), so
 * no path of the machine they were taken on shows:
 *   KILN_METAINFO_SHOTS=data/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" \
 *     build/tests/app/test-app-screenshots   (then LANGUAGE=de for flame-graph-de.png) */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "app-test-util.h"

#define WIDTH  1280
#define HEIGHT 800

static KilnWindow *win;
static guint frames;
static char *out_dir;

static void after_paint(GdkFrameClock *clock, gpointer data)
{
    frames++;
}

static gboolean enough_frames(gpointer target)
{
    return frames >= GPOINTER_TO_UINT(target);
}

/* Lets the window lay out and paint its new state twice (the second
 * frame picks up anything the first one's size allocation queued). */
static gboolean summary_filled(gpointer summary)
{
    return kiln_summary_view_lookup(summary, "Format") != NULL;
}

static void settle(void)
{
    for (int i = 0; i < 2; i++) {
        gtk_widget_queue_draw(GTK_WIDGET(win));
        app_test_wait(enough_frames, GUINT_TO_POINTER(frames + 1), 10);
    }
}

static const char *metainfo_dir; /* KILN_METAINFO_SHOTS */

static void shoot(const char *name, gboolean dark)
{
    settle();
    int w = gtk_widget_get_width(GTK_WIDGET(win)), h = gtk_widget_get_height(GTK_WIDGET(win));
    GdkPaintable *paintable = gtk_widget_paintable_new(GTK_WIDGET(win));
    GtkSnapshot *snapshot = gtk_snapshot_new();
    /* The page background first: the window's own is drawn by its
     * surface, not by the widget tree. */
    GdkRGBA bg;
    gdk_rgba_parse(&bg, dark ? "#242424" : "#fafafa");
    gtk_snapshot_append_color(snapshot, &bg, &GRAPHENE_RECT_INIT(0, 0, w, h));
    gdk_paintable_snapshot(paintable, snapshot, w, h);
    GskRenderNode *node = gtk_snapshot_free_to_node(snapshot);
    GskRenderer *renderer = gtk_native_get_renderer(GTK_NATIVE(win));
    GdkTexture *texture =
        gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, w, h));
    g_autofree char *file = metainfo_dir
                                ? g_strdup_printf("%s.png", name)
                                : g_strdup_printf("%s-%s.png", name, dark ? "dark" : "light");
    g_autofree char *path = g_build_filename(metainfo_dir ? metainfo_dir : out_dir, file, NULL);
    g_assert_true(gdk_texture_save_to_png(texture, path));
    g_assert_cmpint(gdk_texture_get_width(texture), ==, w);
    g_assert_cmpint(gdk_texture_get_height(texture), ==, h);
    g_test_message("wrote %s", path);
    g_object_unref(texture);
    gsk_render_node_unref(node);
    g_object_unref(paintable);
}

static gboolean has_size(gpointer w)
{
    return gtk_widget_get_width(w) == WIDTH && gtk_widget_get_height(w) == HEIGHT;
}

static void close_all(void)
{
    AdwTabView *tv = kiln_window_get_tab_view(win);
    while (adw_tab_view_get_n_pages(tv) > 0)
        adw_tab_view_close_page(tv, adw_tab_view_get_nth_page(tv, 0));
}

static KilnProfilePage *open_rel(const char *rel)
{
    g_autofree char *path = kiln_test_corpus_path(rel);
    if (!path)
        return NULL;
    g_autoptr(GFile) f = g_file_new_for_path(path);
    KilnProfilePage *page = kiln_window_open(win, f);
    app_test_wait_loaded(page);
    return page;
}

static void run(gboolean dark)
{
    adw_style_manager_set_color_scheme(adw_style_manager_get_default(),
                                       dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                            : ADW_COLOR_SCHEME_FORCE_LIGHT);
    close_all();
    shoot("start", dark);

    /* A Java perf profile: deep stacks, long names, kernel frames. */
    KilnProfilePage *page = open_rel("perf-script/flamegraph/perf-java-stacks-01.txt");
    if (!page)
        return;
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_LOADED);
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    g_assert_true(kiln_flame_view_get_dark(view) == dark);
    shoot("flame", dark);

    kiln_profile_page_set_search(page, "java|Interpreter");
    kiln_flame_view_select(view, kiln_flame_view_get_zoom(view));
    shoot("search", dark);
    kiln_profile_page_set_search(page, "");
    kiln_profile_page_stop_search(page);

    /* Icicle, zoomed two levels into the widest path, a frame selected. */
    kiln_flame_view_set_icicle(view, TRUE);
    kiln_flame_view_move(view, KILN_FLAME_MOVE_CHILD);
    kiln_flame_view_move(view, KILN_FLAME_MOVE_CHILD);
    kiln_flame_view_activate_selected(view);
    kiln_flame_view_move(view, KILN_FLAME_MOVE_CHILD);
    kiln_flame_view_move(view, KILN_FLAME_MOVE_CHILD);
    shoot("icicle-zoomed", dark);
    kiln_flame_view_set_icicle(view, FALSE);

    /* pprof heap: two sample types, properties; the summary page. */
    KilnProfilePage *heap = open_rel("pprof/google-pprof/driver-synthetic/heap.pb.gz");
    if (heap) {
        kiln_profile_page_show_view(heap, "summary");
        /* The summary fills in a low-priority idle after the load; frames
         * of the tab animation can keep it waiting. */
        app_test_wait(summary_filled, kiln_profile_page_get_summary_view(heap), 10);
        shoot("summary", dark);
        kiln_profile_page_show_view(heap, "graph");
        shoot("pprof-flame", dark);
    }

    /* A file with a bad line: the warning bar. */
    open_rel("folded/speedscope/simple-with-invalids.txt");
    shoot("warnings", dark);

    g_autofree char *tmp = g_dir_make_tmp("kiln-shot-XXXXXX", NULL);
    g_autofree char *bad = g_build_filename(tmp, "not-a-profile.bin", NULL);
    g_assert_true(g_file_set_contents(bad,
                                      "\x7f"
                                      "ELF\x02\x01\x01",
                                      7, NULL));
    g_autoptr(GFile) bf = g_file_new_for_path(bad);
    app_test_wait_loaded(kiln_window_open(win, bf));
    shoot("error", dark);
    g_unlink(bad);
    g_rmdir(tmp);
    close_all();
}

/* ---- the metainfo's screenshots ------------------------------------ */

#define NEUTRAL_DIR "/tmp/Profiles"

static gboolean no_toast(gpointer data)
{
    return kiln_window_get_toast_title(win) == NULL;
}

/* Opens a copy of a corpus file from NEUTRAL_DIR, the path the summary
 * and the tab's tooltip show. */
static KilnProfilePage *open_neutral(const char *rel)
{
    g_autofree char *src = kiln_test_corpus_path(rel);
    if (!src)
        return NULL;
    g_autofree char *data = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(src, &data, &len, NULL));
    g_mkdir_with_parents(NEUTRAL_DIR, 0755);
    g_autofree char *base = g_path_get_basename(src);
    g_autofree char *path = g_build_filename(NEUTRAL_DIR, base, NULL);
    g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
    g_autoptr(GFile) f = g_file_new_for_path(path);
    KilnProfilePage *page = kiln_window_open(win, f);
    app_test_wait_loaded(page);
    /* The shots show the graph, not the "opened with a warning" toast. */
    app_test_wait(no_toast, NULL, 15);
    return page;
}

static void test_metainfo(void)
{
    gboolean german = g_str_has_prefix(g_getenv("LANGUAGE") ? g_getenv("LANGUAGE") : "", "de");
    adw_style_manager_set_color_scheme(adw_style_manager_get_default(),
                                       ADW_COLOR_SCHEME_FORCE_LIGHT);
    close_all();
    KilnProfilePage *page = open_neutral("perf-script/flamegraph/perf-vertx-stacks-01.txt");
    if (!page)
        return;
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    /* A frame selected: the status bar has its numbers. */
    for (int i = 0; i < 14; i++)
        kiln_flame_view_move(view, KILN_FLAME_MOVE_CHILD);
    shoot(german ? "flame-graph-de" : "flame-graph", FALSE);
    if (german) {
        close_all();
        return;
    }
    kiln_profile_page_set_search(page, "netty");
    shoot("search", FALSE);
    kiln_profile_page_set_search(page, "");
    kiln_profile_page_stop_search(page);

    adw_style_manager_set_color_scheme(adw_style_manager_get_default(),
                                       ADW_COLOR_SCHEME_FORCE_DARK);
    kiln_flame_view_set_icicle(view, TRUE);
    kiln_flame_view_reset(view);
    kiln_flame_view_select(view, kiln_flame_view_get_zoom(view));
    for (int i = 0; i < 6; i++)
        kiln_flame_view_move(view, KILN_FLAME_MOVE_CHILD);
    kiln_flame_view_activate_selected(view);
    kiln_flame_view_move(view, KILN_FLAME_MOVE_CHILD);
    kiln_flame_view_move(view, KILN_FLAME_MOVE_CHILD);
    shoot("icicle-dark", TRUE);
    kiln_flame_view_set_icicle(view, FALSE);

    adw_style_manager_set_color_scheme(adw_style_manager_get_default(),
                                       ADW_COLOR_SCHEME_FORCE_LIGHT);
    KilnProfilePage *heap = open_neutral("pprof/google-pprof/driver-synthetic/heap.pb.gz");
    kiln_profile_page_show_view(heap, "summary");
    app_test_wait(summary_filled, kiln_profile_page_get_summary_view(heap), 10);
    shoot("summary", FALSE);
    close_all();
}

static void test_light(void)
{
    run(FALSE);
}

static void test_dark(void)
{
    run(TRUE);
}

int main(int argc, char **argv)
{
    app_test_isolate();
    metainfo_dir = g_getenv("KILN_METAINFO_SHOTS");
    if (metainfo_dir) {
        /* The catalogue the build made, in the language LANGUAGE names. */
        const char *root = g_getenv("KILN_BUILD_ROOT");
        g_autofree char *po = g_build_filename(root ? root : ".", "po", NULL);
        setlocale(LC_ALL, "");
        bindtextdomain(GETTEXT_PACKAGE, po);
        bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
        textdomain(GETTEXT_PACKAGE);
    }
    g_test_init(&argc, &argv, NULL);
    if (!gtk_init_check()) {
        g_printerr("no display: skipping\n");
        return 77;
    }
    adw_init();
    /* Shots show end states, not the middle of a reveal animation. */
    g_object_set(gtk_settings_get_default(), "gtk-enable-animations", FALSE, NULL);
    const char *root = g_getenv("KILN_BUILD_ROOT");
    out_dir = g_build_filename(root ? root : ".", "screenshots", NULL);
    g_mkdir_with_parents(out_dir, 0755);

    KilnApplication *app = kiln_application_new(G_APPLICATION_NON_UNIQUE);
    g_application_register(G_APPLICATION(app), NULL, NULL);
    /* The default size counts the client-side decorations' margins: a
     * first window measures them, the second is sized so that the window
     * itself is 1280×800. */
    KilnWindow *probe = kiln_window_new(GTK_APPLICATION(app));
    gtk_window_set_default_size(GTK_WINDOW(probe), WIDTH, HEIGHT);
    gtk_window_present(GTK_WINDOW(probe));
    app_test_wait(app_test_allocated, probe, 30);
    int dx = WIDTH - gtk_widget_get_width(GTK_WIDGET(probe));
    int dy = HEIGHT - gtk_widget_get_height(GTK_WIDGET(probe));
    gtk_window_destroy(GTK_WINDOW(probe));
    win = kiln_window_new(GTK_APPLICATION(app));
    gtk_window_set_default_size(GTK_WINDOW(win), WIDTH + dx, HEIGHT + dy);
    gtk_window_present(GTK_WINDOW(win));
    app_test_wait(app_test_allocated, win, 30);
    /* A screen narrower than 1280 plus the margins (CI's is 1280×1024)
     * clamps the window; then the shots are as large as it could be. */
    app_test_wait_for(has_size, win, 2);
    g_test_message("window %d×%d", gtk_widget_get_width(GTK_WIDGET(win)),
                   gtk_widget_get_height(GTK_WIDGET(win)));
    GdkFrameClock *clock = gtk_widget_get_frame_clock(GTK_WIDGET(win));
    g_signal_connect(clock, "after-paint", G_CALLBACK(after_paint), NULL);

    if (metainfo_dir) {
        g_test_add_func("/app/screenshots/metainfo", test_metainfo);
    } else {
        g_test_add_func("/app/screenshots/light", test_light);
        g_test_add_func("/app/screenshots/dark", test_dark);
    }
    int rc = g_test_run();
    gtk_window_destroy(GTK_WINDOW(win));
    g_object_unref(app);
    return rc;
}
