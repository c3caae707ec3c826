/* test-app-window.c — the window's own features (issue 18): keys that
 * work wherever the focus is (Home, Esc, Esc in the search entry),
 * Export… and Copy Image of what the graph shows, written atomically,
 * folders and pipes refused with advice for the window, and the hint for
 * a library without symbols. Needs a display; exits 77 without one. */
#include "app-test-util.h"
#include <gdk/x11/gdkx.h>
#include "app-test-transform.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "analysis/kiln-node-text.h"
#include "core/kiln-atomic-file.h"
#include "kiln-cancellable-stream.h"
#include "kiln-legend.h"

static KilnApplication *app;
static KilnWindow *win;

static void close_all_tabs(void)
{
    AdwTabView *tv = kiln_window_get_tab_view(win);
    while (adw_tab_view_get_n_pages(tv) > 0)
        adw_tab_view_close_page(tv, adw_tab_view_get_nth_page(tv, 0));
}

static KilnProfilePage *open_path(const char *path)
{
    g_autoptr(GFile) file = g_file_new_for_path(path);
    KilnProfilePage *page = kiln_window_open(win, file);
    g_assert_nonnull(page);
    app_test_wait_loaded(page);
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_LOADED);
    app_test_wait(app_test_allocated, kiln_profile_page_get_flame_view(page), 10);
    return page;
}

/* simple.txt: a;b;c 5, a;b;d 4, a;b 5 (total 14). */
static KilnProfilePage *open_simple(void)
{
    g_autofree char *path = kiln_test_corpus_path("folded/speedscope/simple.txt");
    return path ? open_path(path) : NULL;
}

/* Runs the window's shortcut for `key` as GTK would on a key press that
 * reached the window, with whatever has the focus now. */
static gboolean press(guint key)
{
    g_autoptr(GtkShortcutTrigger) want = gtk_keyval_trigger_new(key, 0);
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers(GTK_WIDGET(win));
    for (guint i = 0; i < g_list_model_get_n_items(controllers); i++) {
        g_autoptr(GtkEventController) c = g_list_model_get_item(controllers, i);
        const char *name = gtk_event_controller_get_name(c);
        if (!GTK_IS_SHORTCUT_CONTROLLER(c) || !name || !g_str_has_prefix(name, "kiln-window-"))
            continue;
        for (guint j = 0; j < g_list_model_get_n_items(G_LIST_MODEL(c)); j++) {
            g_autoptr(GtkShortcut) sc = g_list_model_get_item(G_LIST_MODEL(c), j);
            if (gtk_shortcut_trigger_equal(gtk_shortcut_get_trigger(sc), want))
                return gtk_shortcut_action_activate(gtk_shortcut_get_action(sc),
                                                    GTK_SHORTCUT_ACTION_EXCLUSIVE, GTK_WIDGET(win),
                                                    NULL);
        }
    }
    return FALSE;
}

static GtkWidget *find_toggle(GtkWidget *w, const char *label)
{
    if (GTK_IS_TOGGLE_BUTTON(w) && g_strcmp0(gtk_button_get_label(GTK_BUTTON(w)), label) == 0)
        return w;
    for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c)) {
        GtkWidget *found = find_toggle(c, label);
        if (found)
            return found;
    }
    return NULL;
}

static GtkWidget *focus(void)
{
    return gtk_root_get_focus(GTK_ROOT(win));
}

static gboolean app_test_search_cleared(gpointer entry)
{
    return g_str_equal(gtk_editable_get_text(GTK_EDITABLE(entry)), "");
}

static void test_keys(void)
{
    KilnProfilePage *page = open_simple();
    if (!page)
        return;
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    const KilnProfile *p = kiln_profile_page_get_profile(page);
    uint32_t c = app_test_node(p, "a;b;c");

    /* Focus on a toolbar button just clicked: Home and Esc still reset. */
    GtkWidget *flame = find_toggle(GTK_WIDGET(page), "Flame");
    g_assert_nonnull(flame);
    kiln_flame_view_zoom_to(view, c);
    gtk_widget_grab_focus(flame);
    g_assert_true(focus() == flame);
    g_assert_true(press(GDK_KEY_Home));
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, KILN_ROOT_NODE);
    kiln_flame_view_zoom_to(view, c);
    gtk_widget_grab_focus(flame);
    g_assert_true(press(GDK_KEY_Escape));
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, KILN_ROOT_NODE);
    /* Backspace goes back from there too. */
    g_assert_true(press(GDK_KEY_BackSpace));
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, c);

    /* Esc in the search entry: clears it, then closes it, the focus back
     * on the graph; the zoom stays. */
    kiln_profile_page_start_search(page);
    kiln_profile_page_set_search(page, "^d$");
    GtkWidget *entry = gtk_widget_get_ancestor(focus(), GTK_TYPE_SEARCH_ENTRY);
    g_assert_nonnull(entry);
    g_assert_cmpstr(kiln_flame_view_get_search_text(view), ==, "^d$");
    g_assert_true(press(GDK_KEY_Escape));
    g_assert_cmpstr(gtk_editable_get_text(GTK_EDITABLE(entry)), ==, "");
    g_assert_null(kiln_flame_view_get_search_text(view));
    g_assert_true(gtk_widget_get_ancestor(focus(), GTK_TYPE_SEARCH_ENTRY) == entry);
    g_assert_true(press(GDK_KEY_Escape));
    g_assert_false(gtk_widget_get_ancestor(focus(), GTK_TYPE_SEARCH_ENTRY));
    g_assert_true(focus() == GTK_WIDGET(view));
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, c);
    close_all_tabs();
}

/* The same through the X server, as a person presses them: xdotool types
 * into the window under the pointer (Xvfb has no window manager to give
 * it the focus). Skipped where xdotool is not installed. */
static void xdotool(const char *args)
{
    g_autofree char *cmd = g_strdup_printf("xdotool %s", args);
    g_autoptr(GError) error = NULL;
    int status = 0;
    g_assert_true(g_spawn_command_line_sync(cmd, NULL, NULL, &status, &error));
    g_assert_no_error(error);
    g_assert_cmpint(status, ==, 0);
}

static KilnFlameView *real_view;

static gboolean zoom_is(gpointer node)
{
    return kiln_flame_view_get_zoom(real_view) == GPOINTER_TO_UINT(node);
}

static gboolean search_closed(gpointer page)
{
    return gtk_widget_has_focus(GTK_WIDGET(real_view));
}

static void test_real_keys(void)
{
    g_autofree char *tool = g_find_program_in_path("xdotool");
    if (!tool || !GDK_IS_X11_DISPLAY(gdk_display_get_default())) {
        g_test_skip("needs xdotool and an X display");
        return;
    }
    KilnProfilePage *page = open_simple();
    if (!page)
        return;
    real_view = kiln_profile_page_get_flame_view(page);
    uint32_t c = app_test_node(kiln_profile_page_get_profile(page), "a;b;c");
    xdotool("mousemove --sync 400 300");
    GtkWidget *flame = find_toggle(GTK_WIDGET(page), "Flame");
    kiln_flame_view_zoom_to(real_view, c);
    gtk_widget_grab_focus(flame);
    xdotool("key Home");
    app_test_wait(zoom_is, GUINT_TO_POINTER(KILN_ROOT_NODE), 10);
    g_assert_true(focus() == flame);

    kiln_flame_view_zoom_to(real_view, c);
    gtk_widget_grab_focus(flame);
    xdotool("key Escape");
    app_test_wait(zoom_is, GUINT_TO_POINTER(KILN_ROOT_NODE), 10);

    /* Esc in the search entry: cleared, then closed. Home there moves the
     * cursor and leaves the zoom alone. */
    kiln_flame_view_zoom_to(real_view, c);
    kiln_profile_page_start_search(page);
    GtkWidget *entry = gtk_widget_get_ancestor(focus(), GTK_TYPE_SEARCH_ENTRY);
    g_assert_nonnull(entry);
    kiln_profile_page_set_search(page, "^d$");
    xdotool("key Home");
    xdotool("key Escape");
    app_test_wait(app_test_search_cleared, entry, 10);
    g_assert_cmpuint(kiln_flame_view_get_zoom(real_view), ==, c);
    xdotool("key Escape");
    app_test_wait(search_closed, page, 10);
    g_assert_cmpuint(kiln_flame_view_get_zoom(real_view), ==, c);
    close_all_tabs();
}

/* ---- export --------------------------------------------------------- */

static gboolean exports_done(gpointer data)
{
    return kiln_export_dialog_get_n_running(kiln_window_get_export_dialog(win)) == 0;
}

static void export_to(KilnProfilePage *page, const char *path, int format)
{
    g_autoptr(GFile) file = g_file_new_for_path(path);
    kiln_export_dialog_save(kiln_window_get_export_dialog(win), page, KILN_PALETTE_HOT, file,
                            format);
    g_assert_cmpuint(kiln_export_dialog_get_n_running(kiln_window_get_export_dialog(win)), ==, 1);
    app_test_wait(exports_done, NULL, 30);
}

static char *read_text(const char *path)
{
    char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

/* Files in `dir` but `except`: the temporary files an export left. */
static guint count_other_files(const char *dir, const char *except)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    guint n = 0;
    for (const char *name; (name = g_dir_read_name(d));)
        if (g_strcmp0(name, except) != 0)
            n++;
    return n;
}

static const KilnProfile *loaded_profile;

static gboolean view_changed(gpointer view)
{
    return kiln_flame_view_get_profile(view) != loaded_profile;
}

static void test_export(void)
{
    KilnProfilePage *page = open_simple();
    if (!page)
        return;
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    const KilnProfile *p = kiln_profile_page_get_profile(page);
    g_autofree char *dir = g_dir_make_tmp("kiln-export-XXXXXX", NULL);
    g_autofree char *folded = g_build_filename(dir, "graph.folded", NULL);
    loaded_profile = p;

    /* The whole graph, then zoomed: only the stacks through the zoom. */
    export_to(page, folded, -1);
    g_autofree char *all = read_text(folded);
    g_assert_cmpstr(all, ==, "a;b 5\na;b;c 5\na;b;d 4\n");
    g_assert_cmpstr(kiln_window_get_last_toast(win), ==, "Exported graph.folded");
    kiln_flame_view_zoom_to(view, app_test_node(p, "a;b;d"));
    export_to(page, folded, -1);
    g_autofree char *zoomed = read_text(folded);
    g_assert_cmpstr(zoomed, ==, "a;b;d 4\n");

    /* Filtered (pprof's -hide of c, so a;b;c's 5 become a;b's), zoomed out
     * again: the derived profile the graph shows is what is written. */
    kiln_flame_view_reset(view);
    push_hide(kiln_profile_page_get_document(page), "^c$");
    app_test_wait(view_changed, view, 30);
    export_to(page, folded, -1);
    g_autofree char *hidden = read_text(folded);
    g_assert_cmpstr(hidden, ==, "a;b 10\na;b;d 4\n");

    /* A name without an extension takes the format asked for. */
    g_autofree char *png = g_build_filename(dir, "graph.png", NULL);
    export_to(page, png, KILN_EXPORT_PNG);
    g_autoptr(GdkTexture) t = gdk_texture_new_from_filename(png, NULL);
    g_assert_nonnull(t);
    g_assert_cmpint(gdk_texture_get_width(t), ==,
                    MAX(gtk_widget_get_width(GTK_WIDGET(view)), 1200));

    /* SVG, with the search highlight in its header. */
    kiln_profile_page_set_search(page, "^d$");
    g_autofree char *svg = g_build_filename(dir, "graph.svg", NULL);
    export_to(page, svg, -1);
    g_autofree char *svg_text = read_text(svg);
    g_assert_true(g_str_has_prefix(svg_text, "<?xml"));
    g_assert_nonnull(strstr(svg_text, "<svg"));
    g_assert_nonnull(strstr(svg_text, "</svg>"));
    kiln_profile_page_set_search(page, "");

    /* Cancelled (here before the worker's first write, which a person's
     * click cannot be relied on to beat with a file this small): the file
     * that was there stays as it was, and nothing else is left. */
    g_assert_true(g_file_set_contents(svg, "old", -1, NULL));
    g_autoptr(GCancellable) cancel = g_cancellable_new();
    g_cancellable_cancel(cancel);
    KilnExportOptions o;
    kiln_export_dialog_options(page, KILN_PALETTE_HOT, &o);
    g_autoptr(GError) error = NULL;
    g_assert_false(
        kiln_export_to_path(kiln_profile_page_get_profile(page), &o, svg, cancel, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    kiln_export_options_clear(&o);
    g_autofree char *kept = read_text(svg);
    g_assert_cmpstr(kept, ==, "old");
    g_assert_cmpuint(count_other_files(dir, NULL), ==, 3); /* folded, png, svg */

    /* Failed: a folder where the file should go is kept, no temporary
     * file remains, and the toast says why. */
    g_autofree char *sub = g_build_filename(dir, "taken.svg", NULL);
    g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
    export_to(page, sub, -1);
    g_assert_true(g_file_test(sub, G_FILE_TEST_IS_DIR));
    g_assert_true(
        g_str_has_prefix(kiln_window_get_last_toast(win), "Could not export: Cannot write "));
    g_assert_cmpuint(count_other_files(dir, NULL), ==, 4); /* folded, png, svg, taken.svg */

    /* A folder that does not exist. */
    g_autofree char *nowhere = g_build_filename(dir, "no", "such", "x.svg", NULL);
    export_to(page, nowhere, -1);
    g_assert_true(
        g_str_has_prefix(kiln_window_get_last_toast(win), "Could not export: Cannot write "));
    g_assert_cmpuint(count_other_files(dir, NULL), ==, 4);

    g_unlink(folded);
    g_unlink(png);
    g_unlink(svg);
    g_rmdir(sub);
    g_rmdir(dir);
    close_all_tabs();
}

/* A cancel between two writes: the stream refuses the second, the export
 * aborts its KilnAtomicFile, and the old file stays with nothing left
 * beside it. */
static void test_cancel_mid_write(void)
{
    g_autofree char *dir = g_dir_make_tmp("kiln-atomic-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out.txt", NULL);
    g_assert_true(g_file_set_contents(path, "old", -1, NULL));
    g_autoptr(GCancellable) cancel = g_cancellable_new();
    KilnAtomicFile *f = kiln_atomic_file_open(path, NULL);
    g_assert_nonnull(f);
    FILE *out = kiln_cancellable_stream_new(kiln_atomic_file_stream(f), cancel);
    g_assert_cmpint(fputs("new, half", out), >=, 0);
    g_assert_cmpint(fflush(out), ==, 0);
    g_cancellable_cancel(cancel);
    fputs(" and the rest", out);
    g_assert_cmpint(fflush(out), !=, 0);
    g_assert_cmpint(errno, ==, ECANCELED);
    fclose(out);
    kiln_atomic_file_abort(f);
    g_autofree char *kept = read_text(path);
    g_assert_cmpstr(kept, ==, "old");
    g_assert_cmpuint(count_other_files(dir, "out.txt"), ==, 0);
    g_unlink(path);
    g_rmdir(dir);
}

static gboolean clipboard_has_texture(gpointer data)
{
    GdkContentFormats *f = gdk_clipboard_get_formats(gtk_widget_get_clipboard(GTK_WIDGET(win)));
    return gdk_content_formats_contain_gtype(f, GDK_TYPE_TEXTURE);
}

static void test_copy_image(void)
{
    KilnProfilePage *page = open_simple();
    if (!page)
        return;
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "copy-image"));
    g_action_group_activate_action(G_ACTION_GROUP(win), "copy-image", NULL);
    app_test_wait(exports_done, NULL, 30);
    g_assert_cmpstr(kiln_window_get_last_toast(win), ==, "Image copied");
    g_assert_true(clipboard_has_texture(NULL));
    /* A PNG of the graph as wide as on screen (at least 1200 pixels). */
    GValue v = G_VALUE_INIT;
    g_value_init(&v, GDK_TYPE_TEXTURE);
    g_assert_true(gdk_content_provider_get_value(
        gdk_clipboard_get_content(gtk_widget_get_clipboard(GTK_WIDGET(win))), &v, NULL));
    GdkTexture *t = g_value_get_object(&v);
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    g_assert_cmpint(gdk_texture_get_width(t), ==,
                    MAX(gtk_widget_get_width(GTK_WIDGET(view)), 1200));
    g_value_unset(&v);
    close_all_tabs();
    /* Without a loaded graph there is nothing to export or copy. */
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "export"));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "copy-image"));
}

/* ---- folders, pipes, stripped libraries, the legend ----------------- */

static void test_special_files(void)
{
    g_autofree char *dir = g_dir_make_tmp("kiln-special-XXXXXX", NULL);
    g_autofree char *folder = g_build_filename(dir, "Profiles", NULL);
    g_assert_cmpint(g_mkdir(folder, 0755), ==, 0);
    g_autoptr(GFile) f = g_file_new_for_path(folder);
    g_assert_null(kiln_window_open(win, f));
    g_assert_cmpuint(kiln_window_get_n_pages(win), ==, 0);
    g_assert_cmpstr(kiln_window_get_last_toast(win), ==,
                    "“Profiles” is a folder: open one of the profiles in it, or drop the file "
                    "itself here");

    g_autofree char *fifo = g_build_filename(dir, "perf.pipe", NULL);
    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    g_autoptr(GFile) ff = g_file_new_for_path(fifo);
    g_assert_null(kiln_window_open(win, ff));
    g_assert_cmpuint(kiln_window_get_n_pages(win), ==, 0);
    g_assert_cmpstr(kiln_window_get_last_toast(win), ==,
                    "“perf.pipe” is a pipe or a device, not a file: save its data to a file, then "
                    "open that");
    g_unlink(fifo);
    g_rmdir(folder);
    g_rmdir(dir);
}

static gboolean summary_has_symbols(gpointer sv)
{
    return kiln_summary_view_lookup(sv, "liblzma.so.5.4.1") != NULL;
}

static void test_no_symbols(void)
{
    /* perf script of xz with liblzma stripped: perf names its frames after
     * the library only. */
    static const char script[] =
        "xz 4242 100.000000: 250000 cpu-clock:pppH: \n"
        "\t    7f1a000012a4 [unknown] (/usr/lib/x86_64-linux-gnu/liblzma.so.5.4.1)\n"
        "\t    555500001000 main (/usr/bin/xz)\n"
        "\n"
        "xz 4242 100.001000: 250000 cpu-clock:pppH: \n"
        "\t    555500001100 parse_args (/usr/bin/xz)\n"
        "\t    555500001000 main (/usr/bin/xz)\n"
        "\n"
        "xz 4242 100.002000: 500000 cpu-clock:pppH: \n"
        "\t    7f2b00000100 [unknown] (/opt/acme/lib/libfilter.so)\n"
        "\t    555500001000 main (/usr/bin/xz)\n"
        "\n";
    g_autofree char *dir = g_dir_make_tmp("kiln-nosym-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "xz.perf", NULL);
    g_assert_true(g_file_set_contents(path, script, -1, NULL));
    KilnProfilePage *page = open_path(path);
    const KilnProfile *p = kiln_profile_page_get_profile(page);
    uint32_t lib = app_test_node(p, "xz;main;[liblzma.so.5.4.1]");
    g_assert_cmpuint(lib, !=, KILN_NO_NODE);
    g_autofree char *tip = kiln_flame_view_describe(kiln_profile_page_get_flame_view(page), lib);
    g_assert_true(
        g_str_has_suffix(tip, "\nNo symbols — install its debug symbols (the -dbgsym package)"));
    /* Named frames get no such line. */
    g_autofree char *named = kiln_flame_view_describe(kiln_profile_page_get_flame_view(page),
                                                      app_test_node(p, "xz;main;parse_args"));
    g_assert_null(strstr(named, "No symbols"));
    /* A library from elsewhere than the distribution: no package to name. */
    g_autofree char *own = kiln_flame_view_describe(kiln_profile_page_get_flame_view(page),
                                                    app_test_node(p, "xz;main;[libfilter.so]"));
    g_assert_true(g_str_has_suffix(own, "\nNo symbols — this binary is not on this computer or was "
                                        "stripped: open the profile where it was built, or build "
                                        "it with symbols"));

    /* The summary lists the library with its share. */
    KilnSummaryView *sv = kiln_profile_page_get_summary_view(page);
    app_test_wait(summary_has_symbols, sv, 10);
    /* The value is in the default type's unit; the share is exact. */
    g_assert_true(
        g_str_has_suffix(kiln_summary_view_lookup(sv, "liblzma.so.5.4.1"), " self (25.0 %)"));
    close_all_tabs();
    g_unlink(path);
    g_rmdir(dir);
}

static void test_legend(void)
{
    KilnLegend *legend = KILN_LEGEND(kiln_legend_new());
    g_object_ref_sink(legend);
    g_autofree char *text = kiln_legend_get_text(legend);
    g_assert_cmpstr(text, ==,
                    "Code: a colour per function name, the same in every profile\n"
                    "Kernel\n"
                    "JIT-compiled code (Java, JavaScript, perf-PID.map)\n"
                    "Inlined into its caller (cyan)\n"
                    "No symbols: install the library’s debug symbols\n"
                    "Matches the search\n");
    kiln_legend_set_palette(legend, KILN_PALETTE_MODULE);
    g_autofree char *module = kiln_legend_get_text(legend);
    g_assert_true(g_str_has_prefix(module, "Code: one colour per module or package\n"));
    g_object_unref(legend);
}

int main(int argc, char **argv)
{
    app_test_isolate();
    g_test_init(&argc, &argv, NULL);
    if (!gtk_init_check()) {
        g_printerr("no display: skipping\n");
        return 77;
    }
    adw_init();
    app = kiln_application_new(G_APPLICATION_NON_UNIQUE);
    g_application_register(G_APPLICATION(app), NULL, NULL);
    win = kiln_window_new(GTK_APPLICATION(app));
    gtk_window_present(GTK_WINDOW(win));

    g_test_add_func("/app/window/keys", test_keys);
    g_test_add_func("/app/window/real-keys", test_real_keys);
    g_test_add_func("/app/window/export", test_export);
    g_test_add_func("/app/window/cancel-mid-write", test_cancel_mid_write);
    g_test_add_func("/app/window/copy-image", test_copy_image);
    g_test_add_func("/app/window/special-files", test_special_files);
    g_test_add_func("/app/window/no-symbols", test_no_symbols);
    g_test_add_func("/app/window/legend", test_legend);
    int rc = g_test_run();
    gtk_window_destroy(GTK_WINDOW(win));
    g_object_unref(app);
    return rc;
}
