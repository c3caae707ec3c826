/* test-app-gui.c — the app driven as a user would, checked through the
 * widgets' APIs: opening files as tabs, zoom and back, search, keyboard
 * navigation (through the same actions the key bindings fire), the
 * sample-type selector, errors, warnings and cancelling a load.
 * Needs a display (xvfb-run in CI); exits 77 (skipped) without one. */
#include "app-test-util.h"

#include <glib/gstdio.h>


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

static void test_zoom_back(void)
{
    const KilnProfile *p;
    KilnFlameView *view = open_simple(&p);
    if (!view)
        return;
    KilnProfilePage *page = kiln_window_get_current_page(win);
    uint32_t b = app_test_node(p, "a;b"), c = app_test_node(p, "a;b;c");
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, KILN_ROOT_NODE);
    g_assert_false(kiln_flame_view_can_go_back(view));

    /* Click c: hit-test its rectangle, then zoom as the click handler does. */
    int h = gtk_widget_get_height(GTK_WIDGET(view));
    /* Flame graph: root in the bottom row, c three rows above it, at the
     * left (children are sorted by name, c before d). */
    uint32_t hit = kiln_flame_view_node_at(view, 5, h - 18 * 3 - 9);
    g_assert_cmpuint(hit, ==, c);
    kiln_flame_view_zoom_to(view, hit);
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, c);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, c);
    g_assert_true(kiln_flame_view_can_go_back(view));

    /* Breadcrumbs: All › a › b › c; clicking b zooms out to it. */
    KilnBreadcrumbs *crumbs = kiln_profile_page_get_breadcrumbs(page);
    g_assert_cmpuint(kiln_breadcrumbs_get_n_crumbs(crumbs), ==, 4);
    g_signal_emit_by_name(crumbs, "node-activated", (guint)b);
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, b);
    g_assert_cmpuint(kiln_breadcrumbs_get_n_crumbs(crumbs), ==, 3);
    g_assert_true(kiln_flame_view_go_back(view));
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, c);

    /* Backspace / Alt+Left. */
    gtk_widget_activate_action(GTK_WIDGET(view), "flame.back", NULL);
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, KILN_ROOT_NODE);

    kiln_flame_view_zoom_to(view, b);
    kiln_flame_view_zoom_to(view, c);
    g_assert_true(kiln_flame_view_go_back(view));
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, b);
    /* Home / Escape. */
    gtk_widget_activate_action(GTK_WIDGET(view), "flame.reset", NULL);
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, KILN_ROOT_NODE);
    /* Reset is undoable like any zoom. */
    g_assert_true(kiln_flame_view_go_back(view));
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, b);

    /* Ctrl+wheel: magnify around the pointer, pan, shrink back. */
    kiln_flame_view_zoom_to(view, KILN_ROOT_NODE);
    kiln_flame_view_zoom_by(view, 4, 0);
    g_assert_cmpfloat(kiln_flame_view_get_scale(view), ==, 4);
    g_assert_cmpfloat(kiln_flame_view_get_offset(view), ==, 0);
    kiln_flame_view_pan_by(view, 100);
    g_assert_cmpfloat(kiln_flame_view_get_offset(view), ==, 100);
    kiln_flame_view_zoom_by(view, 0.1, 0);
    g_assert_cmpfloat(kiln_flame_view_get_scale(view), ==, 1);
    g_assert_cmpfloat(kiln_flame_view_get_offset(view), ==, 0);
}

static void test_keyboard(void)
{
    const KilnProfile *p;
    KilnFlameView *view = open_simple(&p);
    if (!view)
        return;
    GtkWidget *w = GTK_WIDGET(view);
    uint32_t a = app_test_node(p, "a"), b = app_test_node(p, "a;b");
    uint32_t c = app_test_node(p, "a;b;c"), d = app_test_node(p, "a;b;d");
    gtk_widget_grab_focus(w);
    g_assert_true(gtk_widget_has_focus(w));
    kiln_flame_view_select(view, KILN_ROOT_NODE);

    /* Flame graph: Up goes to the (largest) child, drawn above. */
    gtk_widget_activate_action(w, "flame.up", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, a);
    gtk_widget_activate_action(w, "flame.up", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, b);
    gtk_widget_activate_action(w, "flame.up", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, c); /* 5 > 4 */
    gtk_widget_activate_action(w, "flame.right", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, d);
    gtk_widget_activate_action(w, "flame.right", NULL); /* last sibling: stays */
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, d);
    gtk_widget_activate_action(w, "flame.left", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, c);

    /* The selection is what screen readers are told. */
    g_assert_cmpstr(kiln_flame_view_get_accessible_text(view), ==,
                    "c: total 5, 35.7 % of all; self 5, 35.7 %");

    gtk_widget_activate_action(w, "flame.down", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, b);
    /* Enter zooms into the selection. */
    gtk_widget_activate_action(w, "flame.activate", NULL);
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, b);
    /* Under zoom, siblings of the zoomed frame are not drawn. */
    g_assert_false(kiln_flame_view_move(view, KILN_FLAME_MOVE_NEXT));
    /* Its ancestors are, full width: Down reaches them, Up comes back. */
    gtk_widget_activate_action(w, "flame.down", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, a);
    gtk_widget_activate_action(w, "flame.up", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, b);

    /* Icicle: the picture flips, and so do Up and Down. */
    kiln_flame_view_set_icicle(view, TRUE);
    gtk_widget_activate_action(w, "flame.down", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, c);
    gtk_widget_activate_action(w, "flame.up", NULL);
    g_assert_cmpuint(kiln_flame_view_get_selected(view), ==, b);
    kiln_flame_view_set_icicle(view, FALSE);
}

/* The first widget under `root` (depth first) that `match` accepts. */
static GtkWidget *find_widget(GtkWidget *root, gboolean (*match)(GtkWidget *, gpointer),
                              gpointer data)
{
    if (match(root, data))
        return root;
    for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
        GtkWidget *found = find_widget(c, match, data);
        if (found)
            return found;
    }
    return NULL;
}

static gboolean is_search_entry(GtkWidget *w, gpointer data)
{
    return GTK_IS_SEARCH_ENTRY(w);
}

static gboolean is_label_with(GtkWidget *w, gpointer text)
{
    return GTK_IS_LABEL(w) && g_strcmp0(gtk_label_get_text(GTK_LABEL(w)), text) == 0;
}

static guint search_frames;

static gboolean count_search_frame(GtkWidget *w, GdkFrameClock *clock, gpointer data)
{
    search_frames++;
    return G_SOURCE_CONTINUE;
}

static gboolean search_frames_reached(gpointer target)
{
    return search_frames >= GPOINTER_TO_UINT(target);
}

/* Lays the window out twice, then says where `w` is in it. */
static double window_x(GtkWidget *w)
{
    for (int i = 0; i < 2; i++) {
        gtk_widget_queue_resize(GTK_WIDGET(win));
        app_test_wait(search_frames_reached, GUINT_TO_POINTER(search_frames + 1), 10);
    }
    graphene_point_t p;
    g_assert_true(gtk_widget_compute_point(w, GTK_WIDGET(win), &GRAPHENE_POINT_INIT(0, 0), &p));
    return p.x;
}

static void test_search(void)
{
    const KilnProfile *p;
    KilnFlameView *view = open_simple(&p);
    if (!view)
        return;
    KilnProfilePage *page = kiln_window_get_current_page(win);
    kiln_profile_page_set_search(page, "^c$");
    g_assert_cmpstr(kiln_flame_view_get_search_text(view), ==, "^c$");
    g_assert_cmpfloat_with_epsilon(kiln_flame_view_get_matched_fraction(view), 5.0 / 14, 1e-12);
    g_assert_cmpstr(kiln_profile_page_get_match_text(page), ==, "Matched 35.71 % of total (5)");

    /* b and d under it: d is nested in b, so it is counted once. */
    kiln_profile_page_set_search(page, "^(b|d)$");
    g_assert_cmpfloat(kiln_flame_view_get_matched_fraction(view), ==, 1.0);
    kiln_profile_page_set_search(page, "^d");
    g_assert_cmpfloat_with_epsilon(kiln_flame_view_get_matched_fraction(view), 4.0 / 14, 1e-12);

    guint tick = gtk_widget_add_tick_callback(GTK_WIDGET(win), count_search_frame, NULL, NULL);
    GtkWidget *entry = find_widget(GTK_WIDGET(page), is_search_entry, NULL);
    g_assert_nonnull(entry);
    double x_short = window_x(entry);

    /* A bad pattern says why and keeps the last good search. */
    kiln_profile_page_set_search(page, "(unclosed");
    const char *why = kiln_profile_page_get_match_text(page);
    /* GLib's own words say it is the regular expression, and where. */
    g_assert_true(g_str_has_prefix(why, "Error while compiling regular expression"));
    g_assert_cmpstr(kiln_flame_view_get_search_text(view), ==, "^d");
    /* The entry stays where it was, and the whole message shows. */
    g_assert_cmpfloat(window_x(entry), ==, x_short);
    GtkWidget *label = find_widget(GTK_WIDGET(page), is_label_with, (gpointer)why);
    g_assert_nonnull(label);
    g_assert_false(pango_layout_is_ellipsized(gtk_label_get_layout(GTK_LABEL(label))));
    g_assert_cmpint(pango_layout_get_line_count(gtk_label_get_layout(GTK_LABEL(label))), <=, 2);
    gtk_widget_remove_tick_callback(GTK_WIDGET(win), tick);

    kiln_profile_page_set_search(page, "");
    g_assert_null(kiln_flame_view_get_search_text(view));
    g_assert_cmpfloat(kiln_flame_view_get_matched_fraction(view), ==, 0);

    /* Ctrl+F is the window's find action. */
    gtk_widget_activate_action(GTK_WIDGET(win), "win.find", NULL);
}

static void clipboard_done(GObject *source, GAsyncResult *res, gpointer data)
{
    char **out = data;
    *out = gdk_clipboard_read_text_finish(GDK_CLIPBOARD(source), res, NULL);
    if (!*out)
        *out = g_strdup("");
}

static gboolean is_set(gpointer data)
{
    return *(char **)data != NULL;
}

static char *read_clipboard(GtkWidget *w)
{
    char *text = NULL;
    gdk_clipboard_read_text_async(gtk_widget_get_clipboard(w), NULL, clipboard_done, &text);
    app_test_wait(is_set, &text, 10);
    return text;
}

static void test_copy(void)
{
    const KilnProfile *p;
    KilnFlameView *view = open_simple(&p);
    if (!view)
        return;
    kiln_flame_view_select(view, app_test_node(p, "a;b;d"));
    gtk_widget_activate_action(GTK_WIDGET(view), "flame.copy-name", NULL);
    g_autofree char *name = read_clipboard(GTK_WIDGET(view));
    g_assert_cmpstr(name, ==, "d");
    gtk_widget_activate_action(GTK_WIDGET(view), "flame.copy-stack", NULL);
    g_autofree char *stack = read_clipboard(GTK_WIDGET(view));
    g_assert_cmpstr(stack, ==, "a\nb\nd\n");
}

/* The right-click menu (also Menu and Shift+F10) pops up over the graph. */
static void test_context_menu(void)
{
    const KilnProfile *p;
    KilnFlameView *view = open_simple(&p);
    if (!view)
        return;
    GtkWidget *menu = NULL;
    for (GtkWidget *c = gtk_widget_get_first_child(GTK_WIDGET(view)); c;
         c = gtk_widget_get_next_sibling(c))
        if (GTK_IS_POPOVER_MENU(c))
            menu = c;
    g_assert_nonnull(menu);
    g_assert_false(gtk_widget_get_visible(menu));
    kiln_flame_view_select(view, app_test_node(p, "a;b;c"));
    /* A tooltip for the bottom row (the root) until the menu opens; none
     * while it is open, so none covers its items. */
    GtkTooltip *tooltip = g_object_new(GTK_TYPE_TOOLTIP, NULL);
    int h = gtk_widget_get_height(GTK_WIDGET(view));
    gboolean shown = FALSE;
    g_signal_emit_by_name(view, "query-tooltip", 20, h - 9, FALSE, tooltip, &shown);
    g_assert_true(shown);
    gtk_widget_activate_action(GTK_WIDGET(view), "flame.menu", NULL);
    g_assert_true(gtk_widget_get_visible(menu));
    g_signal_emit_by_name(view, "query-tooltip", 20, h - 9, FALSE, tooltip, &shown);
    g_assert_false(shown);
    gtk_popover_popdown(GTK_POPOVER(menu));
    g_signal_emit_by_name(view, "query-tooltip", 20, h - 9, FALSE, tooltip, &shown);
    g_assert_true(shown);
    g_object_unref(tooltip);
    /* Its items are the view's actions. */
    gtk_widget_activate_action(GTK_WIDGET(view), "flame.zoom-selected", NULL);
    g_assert_cmpuint(kiln_flame_view_get_zoom(view), ==, app_test_node(p, "a;b;c"));
}

/* Tooltips name the source file (and line, in a profile keyed by line)
 * when the profile knows it. */
static void test_tooltip_source(void)
{
    KilnProfilePage *page = open_corpus("pprof/google-pprof/driver-synthetic/cpu.pb.gz");
    if (!page)
        return;
    KilnProfile *p = kiln_profile_page_get_profile(page);
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    uint32_t node = KILN_NO_NODE;
    for (uint32_t i = 1; i < p->n_nodes && node == KILN_NO_NODE; i++)
        if (kiln_profile_node_frame(p, i)->file)
            node = i;
    g_assert_cmpuint(node, !=, KILN_NO_NODE);
    const KilnFrame *f = kiln_profile_node_frame(p, node);
    g_autofree char *tip = kiln_flame_view_describe(view, node);
    /* Keyed by function (the default), frames carry no line. */
    g_assert_cmpint(p->granularity, ==, KILN_GRANULARITY_FUNCTIONS);
    g_assert_cmpuint(f->line, ==, 0);
    g_autofree char *source = g_strdup_printf("Source: %s\n", kiln_profile_string(p, f->file));
    g_assert_true(g_str_has_prefix(tip, kiln_profile_node_name(p, node)));
    g_assert_nonnull(strstr(tip, source));
    g_assert_nonnull(strstr(tip, "Total: "));
    g_assert_nonnull(strstr(tip, "Self: "));
}

static void test_tabs(void)
{
    close_all_tabs();
    KilnProfilePage *first = open_corpus("folded/speedscope/simple.txt");
    if (!first)
        return;
    KilnProfilePage *second = open_corpus("folded/speedscope/alternating.txt");
    g_assert_cmpuint(kiln_window_get_n_pages(win), ==, 2);
    g_assert_true(kiln_window_get_current_page(win) == second);
    g_assert_cmpfloat(kiln_profile_total(kiln_profile_page_get_profile(second), 0, 0), ==, 182);

    /* The same file again selects its tab instead of opening another. */
    adw_tab_view_set_selected_page(kiln_window_get_tab_view(win),
                                   adw_tab_view_get_nth_page(kiln_window_get_tab_view(win), 0));
    g_autofree char *alt = kiln_test_corpus_path("folded/speedscope/alternating.txt");
    g_autoptr(GFile) alt_file = g_file_new_for_path(alt);
    g_assert_true(kiln_window_open(win, alt_file) == second);
    g_assert_cmpuint(kiln_window_get_n_pages(win), ==, 2);
    g_assert_true(kiln_window_get_current_page(win) == second);

    /* `kiln FILE` reaching the running instance: GApplication::open. */
    g_autofree char *tall = kiln_test_corpus_path("folded/speedscope/tall.txt");
    g_autoptr(GFile) tall_file = g_file_new_for_path(tall);
    g_application_open(G_APPLICATION(app), &tall_file, 1, "");
    g_assert_cmpuint(kiln_window_get_n_pages(win), ==, 3);
    KilnProfilePage *third = kiln_window_get_current_page(win);
    app_test_wait_loaded(third);
    g_assert_cmpstr(kiln_profile_page_get_title(third), ==, "tall.txt");
    g_assert_cmpuint(kiln_profile_page_get_profile(third)->n_nodes, ==, 27);
    close_all_tabs();
}

/* The summary is filled in an idle callback after the graph is shown. */
static gboolean summary_filled(gpointer sv)
{
    return kiln_summary_view_lookup(sv, "Format") != NULL;
}

static gboolean stats_updated(gpointer page)
{
    return kiln_profile_page_get_stats_updates(page) > 0;
}

static void test_sample_types(void)
{
    KilnProfilePage *page = open_corpus("pprof/google-pprof/driver-synthetic/heap.pb.gz");
    if (!page)
        return;
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_LOADED);
    KilnProfile *p = kiln_profile_page_get_profile(page);
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    g_assert_cmpuint(p->n_types, ==, 2);
    g_assert_cmpuint(kiln_flame_view_get_sample_type(view), ==, p->default_type);
    /* The selector lists "name (unit)" for every type. */
    GtkDropDown *dd = NULL;
    for (GtkWidget *w = GTK_WIDGET(page); w;) {
        if (GTK_IS_DROP_DOWN(w) && g_strcmp0(gtk_widget_get_tooltip_text(w), "Sample Type") == 0) {
            dd = GTK_DROP_DOWN(w);
            break;
        }
        /* Depth-first walk of the page's widgets, without recursion. */
        GtkWidget *next = gtk_widget_get_first_child(w);
        while (!next && w && w != GTK_WIDGET(page)) {
            next = gtk_widget_get_next_sibling(w);
            if (!next)
                w = gtk_widget_get_parent(w);
        }
        if (!next)
            break;
        w = next;
    }
    g_assert_nonnull(dd);
    g_assert_true(gtk_widget_get_visible(GTK_WIDGET(dd)));
    GListModel *m = gtk_drop_down_get_model(dd);
    g_assert_cmpuint(g_list_model_get_n_items(m), ==, 2);
    g_assert_cmpstr(gtk_string_list_get_string(GTK_STRING_LIST(m), 0), ==, "inuse_objects (count)");
    g_assert_cmpstr(gtk_string_list_get_string(GTK_STRING_LIST(m), 1), ==, "inuse_space (bytes)");
    gtk_drop_down_set_selected(dd, 0);
    g_assert_cmpuint(kiln_flame_view_get_sample_type(view), ==, 0);
    g_autofree char *tip = kiln_flame_view_describe(view, KILN_ROOT_NODE);
    g_assert_cmpstr(tip, ==, "all\nTotal: 150 (100.00 %)\nSelf: 0 (0.00 %)");
    /* The summary's top list is recomputed on a worker for the new type. */
    app_test_wait(stats_updated, page, 10);
    kiln_profile_page_show_view(page, "summary");
    /* The graph's controls rest on the Summary; the sample type stays (it
     * chooses the summary's top functions). */
    GtkWidget *crumbs = GTK_WIDGET(kiln_profile_page_get_breadcrumbs(page));
    g_assert_false(gtk_widget_get_sensitive(crumbs));
    g_assert_true(gtk_widget_get_sensitive(GTK_WIDGET(dd)));
    KilnSummaryView *sv = kiln_profile_page_get_summary_view(page);
    app_test_wait(summary_filled, sv, 10);
    g_assert_cmpstr(kiln_summary_view_lookup(sv, "inuse_space"), ==, "98.63 MiB");
    g_assert_cmpstr(kiln_summary_view_lookup(sv, "Sample records"), ==, "4");
    g_assert_cmpstr(kiln_summary_view_lookup(sv, "Functions"), ==, "9");
    g_assert_cmpstr(kiln_summary_view_lookup(sv, "Format"), ==, "pprof");
    kiln_profile_page_show_view(page, "graph");
    g_assert_true(gtk_widget_get_sensitive(crumbs));
    close_all_tabs();
}

/* Weak pointers to pages: a slot goes NULL when its page is finalized. */
typedef struct {
    gpointer page[3];
} Watched;

static gboolean all_finalized(gpointer data)
{
    Watched *w = data;
    for (gsize i = 0; i < G_N_ELEMENTS(w->page); i++)
        if (w->page[i])
            return FALSE;
    return TRUE;
}

static void test_errors_and_warnings(void)
{
    /* A loaded, a failed and a cancelled page: once their tabs close, each
     * must be finalized (and with it its profile, load task and widgets),
     * not kept alive by a worker or a signal. */
    Watched gone = {{NULL}};
    KilnProfilePage *page = open_corpus("folded/speedscope/simple-with-invalids.txt");
    if (!page)
        return;
    g_set_weak_pointer(&gone.page[0], page);
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_LOADED);
    KilnSummaryView *sv = kiln_profile_page_get_summary_view(page);
    app_test_wait(summary_filled, sv, 10);
    g_assert_cmpuint(kiln_summary_view_get_n_warnings(sv), ==, 1);
    /* The banner says it, in words for a person; no toast repeats it. */
    g_assert_cmpstr(kiln_profile_page_get_warning_text(page), ==,
                    "Kiln found 1 problem in this file; the graph may be incomplete.");
    const char *toast = kiln_window_get_last_toast(win);
    g_assert_true(!toast || !strstr(toast, "warning"));

    g_autofree char *dir = g_dir_make_tmp("kiln-app-test-XXXXXX", NULL);
    /* '&' and '<' in a name: toasts are markup in libadwaita 1.2. */
    g_autofree char *bad = g_build_filename(dir, "R&D <garbage>.bin", NULL);
    const guint8 junk[] = {0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x13, 0x37};
    g_assert_true(g_file_set_contents(bad, (const char *)junk, sizeof junk, NULL));
    g_autoptr(GFile) bad_file = g_file_new_for_path(bad);
    page = kiln_window_open(win, bad_file);
    app_test_wait_loaded(page);
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_FAILED);
    g_set_weak_pointer(&gone.page[1], page);
    const char *msg = kiln_profile_page_get_error_message(page);
    g_assert_nonnull(msg);
    g_assert_true(strstr(msg, "is not a profile Kiln can read") != NULL);
    g_assert_cmpstr(kiln_window_get_last_toast(win), ==, "Could not open R&D <garbage>.bin");
    g_assert_cmpstr(kiln_window_get_toast_title(win), ==,
                    "Could not open R&amp;D &lt;garbage&gt;.bin");
    g_unlink(bad);
    g_rmdir(dir);

    /* Cancel before the worker's result is delivered. */
    g_autofree char *path = kiln_test_corpus_path("folded/inferno/flamegraph/base/flames.txt");
    g_autoptr(GFile) file = g_file_new_for_path(path);
    page = kiln_window_open(win, file);
    g_set_weak_pointer(&gone.page[2], page);
    kiln_profile_page_cancel(page);
    app_test_wait_loaded(page);
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_CANCELLED);
    g_assert_null(kiln_profile_page_get_profile(page));
    g_assert_nonnull(gone.page[0]);
    close_all_tabs();
    app_test_wait(all_finalized, &gone, 10);
}

static gboolean painted(gpointer view)
{
    return kiln_flame_view_get_last_paint_usec(view) > 0;
}

/* `kiln FILE` shows a flame graph for every format the core reads. */
static void test_formats(void)
{
    static const struct {
        const char *path, *format;
        uint32_t n_nodes; /* as `kiln-cli info` counts them */
    } files[] = {
        {"folded/inferno/flamegraph/base/flames.txt", "folded", 208},
        {"perf-script/flamegraph/perf-numa-stacks-01.txt", "perf-script", 112},
        {"pprof/google-pprof/driver-synthetic/cpu.pb.gz", "pprof", 11}, /* by function; 13 by line */
        {"perf-data/perf-data-converter/single-event-multi-process.perf.data", "perf-data", 13},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        close_all_tabs();
        KilnProfilePage *page = open_corpus(files[i].path);
        if (!page)
            continue;
        g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_LOADED);
        KilnProfile *p = kiln_profile_page_get_profile(page);
        g_assert_cmpstr(p->format, ==, files[i].format);
        g_assert_cmpuint(p->n_nodes, ==, files[i].n_nodes);
        KilnFlameView *view = kiln_profile_page_get_flame_view(page);
        app_test_wait(painted, view, 10);
        /* The graph is drawn and hit-testable: the bottom row is the root. */
        int h = gtk_widget_get_height(GTK_WIDGET(view));
        g_assert_cmpuint(kiln_flame_view_node_at(view, 20, h - 9), ==, KILN_ROOT_NODE);
        g_assert_cmpuint(kiln_flame_view_node_at(view, 20, h - 18 - 9), !=, KILN_NO_NODE);
        /* The graph has the keyboard focus, ready for the arrows. */
        g_assert_true(gtk_widget_has_focus(GTK_WIDGET(view)));
    }
    close_all_tabs();
}

static gboolean is_recent(gpointer uri)
{
    return gtk_recent_manager_has_item(gtk_recent_manager_get_default(), uri);
}

/* Files dropped on the window open as tabs: the drop target's handler,
 * fed the value GTK builds for a file drag. */
static void test_drop_and_recent(void)
{
    close_all_tabs();
    g_autofree char *a = kiln_test_corpus_path("folded/speedscope/simple.txt");
    g_autofree char *b = kiln_test_corpus_path("folded/speedscope/recursion.txt");
    if (!a || !b)
        return;
    GtkDropTarget *drop = NULL;
    GListModel *controllers = gtk_widget_observe_controllers(GTK_WIDGET(win));
    for (guint i = 0; i < g_list_model_get_n_items(controllers); i++) {
        GObject *c = g_list_model_get_item(controllers, i);
        if (GTK_IS_DROP_TARGET(c))
            drop = GTK_DROP_TARGET(c);
        g_object_unref(c);
    }
    g_object_unref(controllers);
    g_assert_nonnull(drop);
    GSList *files = g_slist_append(NULL, g_file_new_for_path(a));
    files = g_slist_append(files, g_file_new_for_path(b));
    GValue value = G_VALUE_INIT;
    g_value_init(&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed(&value, files);
    gboolean accepted = FALSE;
    g_signal_emit_by_name(drop, "drop", &value, 10.0, 10.0, &accepted);
    g_value_unset(&value);
    g_assert_true(accepted);
    g_assert_cmpuint(kiln_window_get_n_pages(win), ==, 2);
    KilnProfilePage *second = kiln_window_get_page(win, 1);
    g_assert_cmpstr(kiln_profile_page_get_title(second), ==, "recursion.txt");
    app_test_wait_loaded(second);
    app_test_wait_loaded(kiln_window_get_page(win, 0));

    /* Both are now recent files of Kiln's. */
    /* The manager saves and re-reads its file in idle callbacks: wait for
     * the item to settle rather than racing the reload. */
    g_autoptr(GFile) bf = g_file_new_for_path(b); /* canonical: no ".." */
    g_autofree char *uri = g_file_get_uri(bf);
    app_test_wait(is_recent, uri, 10);
    GtkRecentInfo *info =
        gtk_recent_manager_lookup_item(gtk_recent_manager_get_default(), uri, NULL);
    g_assert_nonnull(info);
    g_assert_true(gtk_recent_info_has_application(info, "kiln"));
    gtk_recent_info_unref(info);
    close_all_tabs();
}

static gboolean has_window_of_type(gpointer type)
{
    GListModel *tops = gtk_window_get_toplevels();
    gboolean found = FALSE;
    for (guint i = 0; i < g_list_model_get_n_items(tops); i++) {
        GObject *w = g_list_model_get_item(tops, i);
        if (G_TYPE_CHECK_INSTANCE_TYPE(w, GPOINTER_TO_SIZE(type)) &&
            gtk_widget_get_visible(GTK_WIDGET(w)))
            found = TRUE;
        g_object_unref(w);
    }
    return found;
}

static void close_windows_of_type(GType type)
{
    GListModel *tops = gtk_window_get_toplevels();
    for (guint i = g_list_model_get_n_items(tops); i > 0; i--) {
        GObject *w = g_list_model_get_item(tops, i - 1);
        if (G_TYPE_CHECK_INSTANCE_TYPE(w, type))
            gtk_window_destroy(GTK_WINDOW(w));
        g_object_unref(w);
    }
}

/* The primary menu's windows: About (AdwAboutWindow) and the keyboard
 * shortcuts (Ctrl+?, loaded by GtkApplication from gtk/help-overlay.ui). */
static void test_about_and_shortcuts(void)
{
    g_action_group_activate_action(G_ACTION_GROUP(app), "about", NULL);
    app_test_wait(has_window_of_type, GSIZE_TO_POINTER(ADW_TYPE_ABOUT_WINDOW), 10);
    close_windows_of_type(ADW_TYPE_ABOUT_WINDOW);

    g_assert_true(g_action_group_has_action(G_ACTION_GROUP(win), "show-help-overlay"));
    g_action_group_activate_action(G_ACTION_GROUP(win), "show-help-overlay", NULL);
    app_test_wait(has_window_of_type, GSIZE_TO_POINTER(GTK_TYPE_SHORTCUTS_WINDOW), 10);
    gtk_widget_set_visible(GTK_WIDGET(gtk_application_window_get_help_overlay(
                               GTK_APPLICATION_WINDOW(win))),
                           FALSE);

    /* The accelerators the issue asks for. */
    static const struct {
        const char *action, *accel;
    } expected[] = {
        {"win.find", "<Control>f"},
        {"win.open", "<Control>o"},
        {"app.help", "F1"},
        {"win.show-help-overlay", "<Control>question"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(expected); i++) {
        g_auto(GStrv) accels =
            gtk_application_get_accels_for_action(GTK_APPLICATION(app), expected[i].action);
        g_assert_nonnull(accels[0]);
        g_assert_cmpstr(accels[0], ==, expected[i].accel);
    }
}

int main(int argc, char **argv)
{
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

    g_test_add_func("/app/zoom-back", test_zoom_back);
    g_test_add_func("/app/keyboard", test_keyboard);
    g_test_add_func("/app/search", test_search);
    g_test_add_func("/app/copy", test_copy);
    g_test_add_func("/app/context-menu", test_context_menu);
    g_test_add_func("/app/tooltip-source", test_tooltip_source);
    g_test_add_func("/app/tabs", test_tabs);
    g_test_add_func("/app/sample-types", test_sample_types);
    g_test_add_func("/app/errors-warnings", test_errors_and_warnings);
    g_test_add_func("/app/drop-and-recent", test_drop_and_recent);
    g_test_add_func("/app/formats", test_formats);
    g_test_add_func("/app/about-and-shortcuts", test_about_and_shortcuts);
    int rc = g_test_run();
    gtk_window_destroy(GTK_WINDOW(win));
    g_object_unref(app);
    return rc;
}
