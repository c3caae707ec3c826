/* test-app-views.c — the table views (issue 12) under Xvfb: the call tree,
 * bottom-up and top functions show the right rows and numbers for a known
 * input, their selection is the document's, and a filter chip applied and
 * removed changes every view's totals.
 *
 * Input: folded/speedscope/simple.txt (a;b;c 5, a;b;d 4, a;b 5: total 14).
 */
#include "app-test-util.h"

#include "kiln-call-node.h"
#include "kiln-call-tree-view.h"
#include "kiln-filter-bar.h"
#include "kiln-function-item.h"
#include "kiln-top-view.h"

static KilnApplication *app;
static KilnWindow *win;

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

static gpointer find(KilnProfilePage *page, GType type, guint nth)
{
    guint seen = 0;
    GtkWidget *w = find_widget(GTK_WIDGET(page), type, nth, &seen);
    g_assert_nonnull(w);
    return w;
}

static KilnProfilePage *open_simple(void)
{
    g_autofree char *path = kiln_test_corpus_path("folded/speedscope/simple.txt");
    if (!path)
        return NULL;
    g_autoptr(GFile) file = g_file_new_for_path(path);
    KilnProfilePage *page = kiln_window_open(win, file);
    app_test_wait_loaded(page);
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_LOADED);
    return page;
}

static void close_all_tabs(void)
{
    AdwTabView *tv = kiln_window_get_tab_view(win);
    while (adw_tab_view_get_n_pages(tv) > 0)
        adw_tab_view_close_page(tv, adw_tab_view_get_nth_page(tv, 0));
}

/* "name total self" of row i of a call tree view's model. */
static char *tree_row(KilnCallTreeView *v, guint i)
{
    g_autoptr(GtkTreeListRow) row = g_list_model_get_item(kiln_call_tree_view_get_model(v), i);
    g_assert_nonnull(row);
    KilnCallNode *n = gtk_tree_list_row_get_item(row);
    KilnProfile *p = kiln_call_node_get_profile(n);
    uint32_t id = kiln_call_node_get_node(n);
    char *s = g_strdup_printf("%*s%s %g %g", 2 * (int)gtk_tree_list_row_get_depth(row), "",
                              kiln_profile_node_name(p, id), kiln_profile_total(p, 0, id),
                              kiln_profile_self(p, 0, id));
    g_object_unref(n);
    return s;
}

static char *tree_rows(KilnCallTreeView *v)
{
    GString *s = g_string_new(NULL);
    guint n = g_list_model_get_n_items(kiln_call_tree_view_get_model(v));
    for (guint i = 0; i < n; i++) {
        g_autofree char *r = tree_row(v, i);
        g_string_append_printf(s, "%s\n", r);
    }
    return g_string_free(s, FALSE);
}

static char *item_rows(GListModel *m)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < g_list_model_get_n_items(m); i++) {
        g_autoptr(KilnFunctionItem) it = g_list_model_get_item(m, i);
        g_string_append_printf(s, "%s %g %g\n", kiln_function_item_get_name(it),
                               kiln_function_item_get_self(it), kiln_function_item_get_total(it));
    }
    return g_string_free(s, FALSE);
}

static gboolean inverted_ready(gpointer v)
{
    return kiln_call_tree_view_get_profile(v) != NULL;
}

static void test_call_tree(void)
{
    KilnProfilePage *page = open_simple();
    if (!page)
        return;
    KilnCallTreeView *tree = find(page, KILN_TYPE_CALL_TREE_VIEW, 0);
    g_assert_false(kiln_call_tree_view_get_inverted(tree));
    /* Views make their rows when shown (a hidden one waits). */
    g_assert_null(kiln_call_tree_view_get_model(tree));
    kiln_profile_page_show_view(page, "call-tree");
    /* Opens with the hottest path expanded (a, b, then c over d), by total. */
    g_autofree char *rows = tree_rows(tree);
    g_assert_cmpstr(rows, ==, "a 14 0\n  b 14 5\n    c 5 5\n    d 4 4\n");
    g_assert_cmpstr(kiln_profile_node_name(kiln_call_tree_view_get_profile(tree),
                                           kiln_call_tree_view_get_selected_node(tree)),
                    ==, "c");
    close_all_tabs();
}

static void test_bottom_up(void)
{
    KilnProfilePage *page = open_simple();
    if (!page)
        return;
    KilnCallTreeView *bottom = find(page, KILN_TYPE_CALL_TREE_VIEW, 1);
    g_assert_true(kiln_call_tree_view_get_inverted(bottom));
    kiln_profile_page_show_view(page, "call-tree"); /* it selects c on opening */
    kiln_profile_page_show_view(page, "bottom-up");
    app_test_wait(inverted_ready, bottom, 10);
    /* Leaves as roots (b, c 5 each, d 4); the call tree selected c on
     * opening, so its root row is the one selected here. */
    g_autofree char *rows = tree_rows(bottom);
    g_assert_cmpstr(rows, ==, "b 5 0\nc 5 0\nd 4 0\n");
    KilnProfile *inv = kiln_call_tree_view_get_profile(bottom);
    g_assert_cmpstr(kiln_profile_node_name(inv, kiln_call_tree_view_get_selected_node(bottom)), ==,
                    "c");
    /* Expand Hottest Path: b (first of the largest), then its caller a. */
    kiln_call_tree_view_expand_hottest(bottom);
    g_autofree char *expanded = tree_rows(bottom);
    g_assert_cmpstr(expanded, ==, "b 5 0\n  a 5 5\nc 5 0\nd 4 0\n");
    close_all_tabs();
}

static void test_top_and_callers(void)
{
    KilnProfilePage *page = open_simple();
    if (!page)
        return;
    KilnTopView *top = find(page, KILN_TYPE_TOP_VIEW, 0);
    kiln_profile_page_show_view(page, "call-tree");
    kiln_profile_page_show_view(page, "top");
    g_autofree char *rows = item_rows(kiln_top_view_get_model(top));
    g_assert_cmpstr(rows, ==, "b 5 14\nc 5 5\nd 4 4\na 0 14\n");
    /* The call tree selected c on opening: the top table follows. */
    g_assert_cmpstr(kiln_top_view_get_selected_function(top), ==, "c");
    kiln_top_view_select(top, 0); /* b */
    g_autofree char *callers = item_rows(kiln_top_view_get_callers(top));
    g_autofree char *callees = item_rows(kiln_top_view_get_callees(top));
    g_assert_cmpstr(callers, ==, "a 14 14\n");
    g_assert_cmpstr(callees, ==, "c 5 5\nd 4 4\n");
    /* Linked: the call tree now selects b. */
    KilnCallTreeView *tree = find(page, KILN_TYPE_CALL_TREE_VIEW, 0);
    kiln_profile_page_show_view(page, "call-tree");
    g_assert_cmpstr(kiln_profile_node_name(kiln_call_tree_view_get_profile(tree),
                                           kiln_call_tree_view_get_selected_node(tree)),
                    ==, "b");
    /* The filter entry narrows the table. */
    gtk_editable_set_text(kiln_top_view_get_filter_entry(top), "D");
    g_autofree char *filtered = item_rows(kiln_top_view_get_model(top));
    g_assert_cmpstr(filtered, ==, "d 4 4\n");
    gtk_editable_set_text(kiln_top_view_get_filter_entry(top), "");
    g_assert_cmpuint(g_list_model_get_n_items(kiln_top_view_get_model(top)), ==, 4);
    close_all_tabs();
}

static guint wait_generation;

static gboolean derived(gpointer doc)
{
    return kiln_document_get_generation(doc) > wait_generation &&
           !kiln_document_get_rebuilding(doc);
}

static void test_filter_chip(void)
{
    KilnProfilePage *page = open_simple();
    if (!page)
        return;
    KilnDocument *doc = kiln_profile_page_get_document(page);
    KilnFilterBar *bar = find(page, KILN_TYPE_FILTER_BAR, 0);
    KilnTopView *top = find(page, KILN_TYPE_TOP_VIEW, 0);
    KilnCallTreeView *tree = find(page, KILN_TYPE_CALL_TREE_VIEW, 0);
    kiln_profile_page_show_view(page, "call-tree");
    g_assert_cmpuint(kiln_filter_bar_get_n_chips(bar), ==, 0);
    g_assert_false(gtk_widget_get_visible(GTK_WIDGET(bar)));

    wait_generation = kiln_document_get_generation(doc);
    g_assert_true(kiln_filter_push(doc, "focus", "d"));
    app_test_wait(derived, doc, 10);
    g_assert_cmpuint(kiln_filter_bar_get_n_chips(bar), ==, 1);
    g_assert_true(gtk_widget_get_visible(GTK_WIDGET(bar)));
    g_autofree char *rows = tree_rows(tree);
    g_assert_cmpstr(rows, ==, "a 4 0\n  b 4 0\n    d 4 4\n");
    kiln_profile_page_show_view(page, "top");
    g_autofree char *toprows = item_rows(kiln_top_view_get_model(top));
    g_assert_cmpstr(toprows, ==, "d 4 4\na 0 4\nb 0 4\n");

    wait_generation = kiln_document_get_generation(doc);
    kiln_filter_bar_remove(bar, 0);
    app_test_wait(derived, doc, 10);
    g_assert_cmpuint(kiln_filter_bar_get_n_chips(bar), ==, 0);
    kiln_profile_page_show_view(page, "call-tree");
    g_autofree char *back = tree_rows(tree);
    g_assert_cmpstr(back, ==, "a 14 0\n  b 14 5\n    c 5 5\n    d 4 4\n");
    close_all_tabs();
}

/* ---- screenshots (KILN_VIEWS_SHOTS=DIR): each view, light and dark ---- */

static guint frames;

static void after_paint(GdkFrameClock *clock, gpointer data)
{
    frames++;
}

static gboolean enough_frames(gpointer target)
{
    return frames >= GPOINTER_TO_UINT(target);
}

static void shoot(const char *dir, const char *name, gboolean dark)
{
    for (int i = 0; i < 3; i++) {
        gtk_widget_queue_draw(GTK_WIDGET(win));
        app_test_wait(enough_frames, GUINT_TO_POINTER(frames + 1), 10);
    }
    int w = gtk_widget_get_width(GTK_WIDGET(win)), h = gtk_widget_get_height(GTK_WIDGET(win));
    GdkPaintable *paintable = gtk_widget_paintable_new(GTK_WIDGET(win));
    GtkSnapshot *snapshot = gtk_snapshot_new();
    GdkRGBA bg;
    gdk_rgba_parse(&bg, dark ? "#242424" : "#fafafa");
    gtk_snapshot_append_color(snapshot, &bg, &GRAPHENE_RECT_INIT(0, 0, w, h));
    gdk_paintable_snapshot(paintable, snapshot, w, h);
    GskRenderNode *node = gtk_snapshot_free_to_node(snapshot);
    GdkTexture *texture = gsk_renderer_render_texture(gtk_native_get_renderer(GTK_NATIVE(win)),
                                                      node, &GRAPHENE_RECT_INIT(0, 0, w, h));
    g_autofree char *file = g_strdup_printf("views-%s-%s.png", name, dark ? "dark" : "light");
    g_autofree char *path = g_build_filename(dir, file, NULL);
    g_assert_true(gdk_texture_save_to_png(texture, path));
    g_object_unref(texture);
    gsk_render_node_unref(node);
    g_object_unref(paintable);
}

static void test_screenshots(void)
{
    const char *dir = g_getenv("KILN_VIEWS_SHOTS");
    if (!dir) {
        g_test_skip("set KILN_VIEWS_SHOTS=DIR to write screenshots");
        return;
    }
    g_signal_connect(gtk_widget_get_frame_clock(GTK_WIDGET(win)), "after-paint",
                     G_CALLBACK(after_paint), NULL);
    for (int dark = 0; dark < 2; dark++) {
        adw_style_manager_set_color_scheme(adw_style_manager_get_default(),
                                           dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                : ADW_COLOR_SCHEME_FORCE_LIGHT);
        g_autofree char *path =
            kiln_test_corpus_path("perf-script/flamegraph/perf-vertx-stacks-01.txt");
        if (!path)
            return;
        g_autoptr(GFile) file = g_file_new_for_path(path);
        KilnProfilePage *page = kiln_window_open(win, file);
        app_test_wait_loaded(page);
        KilnDocument *doc = kiln_profile_page_get_document(page);
        wait_generation = kiln_document_get_generation(doc);
        kiln_filter_push(doc, "ignore", "[unknown]");
        app_test_wait(derived, doc, 10);
        KilnCallTreeView *bottom = find(page, KILN_TYPE_CALL_TREE_VIEW, 1);
        app_test_wait(inverted_ready, bottom, 10);
        const char *views[] = {"call-tree", "bottom-up", "top"};
        for (gsize i = 0; i < G_N_ELEMENTS(views); i++) {
            kiln_profile_page_show_view(page, views[i]);
            if (i == 1)
                kiln_call_tree_view_expand_hottest(bottom);
            shoot(dir, views[i], dark);
        }
        close_all_tabs();
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
    g_object_set(gtk_settings_get_default(), "gtk-enable-animations", FALSE, NULL);
    app = kiln_application_new(G_APPLICATION_NON_UNIQUE);
    GError *error = NULL;
    g_application_register(G_APPLICATION(app), NULL, &error);
    g_assert_no_error(error);
    win = kiln_application_get_window(app);
    gtk_window_set_default_size(GTK_WINDOW(win), 1280, 800);
    gtk_window_present(GTK_WINDOW(win));

    g_test_add_func("/views/call-tree", test_call_tree);
    g_test_add_func("/views/bottom-up", test_bottom_up);
    g_test_add_func("/views/top-and-callers", test_top_and_callers);
    g_test_add_func("/views/filter-chip", test_filter_chip);
    g_test_add_func("/views/screenshots", test_screenshots);
    int rc = g_test_run();
    gtk_window_destroy(GTK_WINDOW(win));
    g_object_unref(app);
    return rc;
}
