/* kiln-top-view.c — top functions with callers and callees. */
#include "kiln-top-view.h"

#include <glib/gi18n.h>
#include <string.h>

#include "analysis/kiln-peek.h"
#include "analysis/kiln-top.h"
#include "analysis/kiln-units.h"
#include "kiln-filter-bar.h"
#include "kiln-frame-path.h"
#include "kiln-function-item.h"

struct _KilnTopView {
    GtkWidget parent_instance;
    KilnDocument *document;
    gulong doc_handlers[3];
    KilnProfile *profile;
    uint32_t type;
    GListStore *store, *callers, *callees;
    GtkStringFilter *filter;
    GtkSortListModel *sorted;
    GtkSingleSelection *selection;
    GtkWidget *entry, *caller_label, *callee_label;
    GtkPopoverMenu *menu;
    char *menu_function;
    gboolean syncing;
    gboolean stale; /* the document changed while unmapped: refilled on map */
};

G_DEFINE_FINAL_TYPE(KilnTopView, kiln_top_view, GTK_TYPE_WIDGET)

enum { SIGNAL_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { COL_SELF, COL_TOTAL, COL_SELF_PCT, COL_TOTAL_PCT, COL_FUNCTION, COL_MODULE, COL_EDGE };

static double value_of(KilnFunctionItem *it, guint col)
{
    return col == COL_SELF || col == COL_SELF_PCT ? kiln_function_item_get_self(it)
                                                  : kiln_function_item_get_total(it);
}

static int compare(gconstpointer a, gconstpointer b, gpointer data)
{
    guint col = GPOINTER_TO_UINT(data);
    KilnFunctionItem *x = (gpointer)a, *y = (gpointer)b;
    if (col == COL_FUNCTION || col == COL_MODULE) {
        int c = g_utf8_collate(col == COL_FUNCTION ? kiln_function_item_get_name(x)
                                                   : kiln_function_item_get_module(x),
                               col == COL_FUNCTION ? kiln_function_item_get_name(y)
                                                   : kiln_function_item_get_module(y));
        return c < 0 ? GTK_ORDERING_SMALLER : c > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
    }
    double u = value_of(x, col), v = value_of(y, col);
    return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void popup_menu(KilnTopView *self, GtkWidget *cell, const char *function, double x, double y)
{
    g_free(self->menu_function);
    self->menu_function = g_strdup(function);
    graphene_point_t pt;
    if (!gtk_widget_compute_point(cell, GTK_WIDGET(self), &GRAPHENE_POINT_INIT((float)x, (float)y),
                                  &pt))
        pt = GRAPHENE_POINT_INIT(0, 0);
    gtk_popover_set_pointing_to(GTK_POPOVER(self->menu),
                                &(GdkRectangle){(int)pt.x, (int)pt.y, 1, 1});
    gtk_popover_popup(GTK_POPOVER(self->menu));
}

static void on_cell_pressed(GtkGestureClick *g, int n_press, double x, double y, KilnTopView *self)
{
    GtkWidget *cell = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(g));
    GtkListItem *item = g_object_get_data(G_OBJECT(cell), "list-item");
    KilnFunctionItem *it = gtk_list_item_get_item(item);
    if (it)
        popup_menu(self, cell, kiln_function_item_get_name(it), x, y);
}

static void setup_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
    KilnTopView *self = g_object_get_data(G_OBJECT(f), "view");
    guint col = GPOINTER_TO_UINT(data);
    GtkWidget *cell;
    if (col == COL_SELF_PCT || col == COL_TOTAL_PCT || col == COL_EDGE) {
        cell = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *label = gtk_label_new(NULL);
        gtk_label_set_xalign(GTK_LABEL(label), 1);
        gtk_label_set_width_chars(GTK_LABEL(label), 8);
        gtk_widget_add_css_class(label, "numeric");
        GtkWidget *bar = gtk_level_bar_new_for_interval(0, 1);
        gtk_widget_set_size_request(bar, 48, -1);
        gtk_widget_set_hexpand(bar, TRUE);
        gtk_widget_set_valign(bar, GTK_ALIGN_CENTER);
        gtk_level_bar_remove_offset_value(GTK_LEVEL_BAR(bar), GTK_LEVEL_BAR_OFFSET_LOW);
        gtk_level_bar_remove_offset_value(GTK_LEVEL_BAR(bar), GTK_LEVEL_BAR_OFFSET_HIGH);
        gtk_level_bar_remove_offset_value(GTK_LEVEL_BAR(bar), GTK_LEVEL_BAR_OFFSET_FULL);
        gtk_accessible_update_state(GTK_ACCESSIBLE(bar), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
        gtk_box_append(GTK_BOX(cell), label);
        gtk_box_append(GTK_BOX(cell), bar);
    } else {
        cell = gtk_label_new(NULL);
        gtk_label_set_xalign(GTK_LABEL(cell), col == COL_FUNCTION || col == COL_MODULE ? 0 : 1);
        gtk_label_set_ellipsize(GTK_LABEL(cell), PANGO_ELLIPSIZE_END);
        if (col != COL_FUNCTION && col != COL_MODULE)
            gtk_widget_add_css_class(cell, "numeric");
    }
    g_object_set_data(G_OBJECT(cell), "list-item", item);
    GtkGesture *click = gtk_gesture_click_new();
    gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), GDK_BUTTON_SECONDARY);
    g_signal_connect(click, "pressed", G_CALLBACK(on_cell_pressed), self);
    gtk_widget_add_controller(cell, GTK_EVENT_CONTROLLER(click));
    gtk_list_item_set_child(item, cell);
}

static void bind_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
    KilnTopView *self = g_object_get_data(G_OBJECT(f), "view");
    guint col = GPOINTER_TO_UINT(data);
    KilnFunctionItem *it = gtk_list_item_get_item(item);
    GtkWidget *cell = gtk_list_item_get_child(item);
    if (col == COL_FUNCTION || col == COL_MODULE) {
        gtk_label_set_text(GTK_LABEL(cell), col == COL_FUNCTION
                                                ? kiln_function_item_get_name(it)
                                                : kiln_function_item_get_module(it));
        return;
    }
    KilnProfile *p = self->profile;
    if (!p)
        return;
    uint32_t t = self->type < p->n_types ? self->type : 0;
    double v = value_of(it, col);
    char buf[64];
    if (col == COL_SELF || col == COL_TOTAL) {
        kiln_format_quantity(v, kiln_profile_string(p, p->types[t].unit), buf, sizeof buf);
        gtk_label_set_text(GTK_LABEL(cell), buf);
        return;
    }
    double all = kiln_profile_total(p, t, KILN_ROOT_NODE);
    double share = all > 0 ? v / all : 0;
    GtkWidget *label = gtk_widget_get_first_child(cell);
    if (col == COL_EDGE) {
        char q[64];
        kiln_format_quantity(v, kiln_profile_string(p, p->types[t].unit), q, sizeof q);
        g_snprintf(buf, sizeof buf, "%s (%.2f %%)", q, 100.0 * share);
        gtk_label_set_width_chars(GTK_LABEL(label), 20);
    } else {
        g_snprintf(buf, sizeof buf, "%.2f %%", 100.0 * share);
    }
    gtk_label_set_text(GTK_LABEL(label), buf);
    gtk_level_bar_set_value(GTK_LEVEL_BAR(gtk_widget_get_next_sibling(label)), share);
}

static GtkColumnViewColumn *add_column(KilnTopView *self, GtkColumnView *cv, const char *title,
                                       guint col, gboolean sortable)
{
    GtkListItemFactory *f = gtk_signal_list_item_factory_new();
    g_object_set_data(G_OBJECT(f), "view", self);
    g_signal_connect(f, "setup", G_CALLBACK(setup_cell), GUINT_TO_POINTER(col));
    g_signal_connect(f, "bind", G_CALLBACK(bind_cell), GUINT_TO_POINTER(col));
    GtkColumnViewColumn *c = gtk_column_view_column_new(title, f);
    if (sortable) {
        GtkCustomSorter *s = gtk_custom_sorter_new(compare, GUINT_TO_POINTER(col), NULL);
        gtk_column_view_column_set_sorter(c, GTK_SORTER(s));
        g_object_unref(s);
    }
    gtk_column_view_column_set_resizable(c, TRUE);
    if (col == COL_FUNCTION)
        gtk_column_view_column_set_expand(c, TRUE);
    gtk_column_view_append_column(cv, c);
    g_object_unref(c);
    return c;
}

/* ---- linking ---- */

/* The node of `name` with the largest total: where selecting it points. */
static uint32_t hottest_node(KilnProfile *p, uint32_t type, const char *name)
{
    uint32_t best = KILN_NO_NODE;
    double best_total = -1;
    for (uint32_t i = 1; i < p->n_nodes; i++)
        if (kiln_profile_total(p, type, i) > best_total &&
            strcmp(kiln_profile_node_name(p, i), name) == 0) {
            best = i;
            best_total = kiln_profile_total(p, type, i);
        }
    return best;
}

static void fill_edges(KilnTopView *self, const char *name)
{
    g_list_store_remove_all(self->callers);
    g_list_store_remove_all(self->callees);
    g_autofree char *callers = name ? g_strdup_printf(_("Callers of %s"), name) : NULL;
    g_autofree char *callees = name ? g_strdup_printf(_("Callees of %s"), name) : NULL;
    gtk_label_set_text(GTK_LABEL(self->caller_label), name ? callers : _("Callers"));
    gtk_label_set_text(GTK_LABEL(self->callee_label), name ? callees : _("Callees"));
    KilnProfile *p = self->profile;
    if (!p || !name)
        return;
    uint32_t id = kiln_strings_lookup(p->strings, name, strlen(name));
    if (id == UINT32_MAX)
        return;
    g_autoptr(KilnPeek) peek = kiln_peek_compute_name(p, self->type, id);
    if (!peek->n_entries)
        return;
    const KilnPeekEntry *e = &peek->entries[0];
    for (int side = 0; side < 2; side++) {
        const KilnPeekEdge *edges = side ? e->callees : e->callers;
        uint32_t n = side ? e->n_callees : e->n_callers;
        GPtrArray *items = g_ptr_array_new_with_free_func(g_object_unref);
        for (uint32_t k = 0; k < n; k++)
            g_ptr_array_add(items, kiln_function_item_new(kiln_profile_string(p, edges[k].name),
                                                          NULL, edges[k].value, edges[k].value));
        g_list_store_splice(side ? self->callees : self->callers, 0, 0, items->pdata, items->len);
        g_ptr_array_unref(items);
    }
}

static void on_selected(KilnTopView *self)
{
    KilnFunctionItem *it = gtk_single_selection_get_selected_item(self->selection);
    const char *name = it ? kiln_function_item_get_name(it) : NULL;
    fill_edges(self, name);
    if (!name || self->syncing || !self->document || !self->profile)
        return;
    uint32_t node = hottest_node(self->profile, self->type, name);
    if (node == KILN_NO_NODE)
        return;
    g_autoptr(KilnFramePath) path = kiln_frame_path_new(self->profile, node);
    self->syncing = TRUE;
    kiln_document_set_selection_path(self->document, path);
    self->syncing = FALSE;
}

static void follow_document_selection(KilnTopView *self)
{
    if (self->syncing || !self->profile || self->stale)
        return;
    KilnFramePath *path = kiln_document_get_selection_path(self->document);
    if (!path)
        return;
    guint matched;
    uint32_t node = kiln_frame_path_resolve(path, self->profile, &matched);
    if (node == KILN_NO_NODE || node == KILN_ROOT_NODE)
        return;
    const char *name = kiln_profile_node_name(self->profile, node);
    guint n = g_list_model_get_n_items(G_LIST_MODEL(self->sorted));
    for (guint i = 0; i < n; i++) {
        g_autoptr(KilnFunctionItem) it = g_list_model_get_item(G_LIST_MODEL(self->sorted), i);
        if (strcmp(kiln_function_item_get_name(it), name) == 0) {
            self->syncing = TRUE;
            gtk_single_selection_set_selected(self->selection, i);
            self->syncing = FALSE;
            return;
        }
    }
}

static void on_activate(GtkColumnView *cv, guint position, KilnTopView *self)
{
    g_autoptr(KilnFunctionItem) it = g_list_model_get_item(G_LIST_MODEL(self->sorted), position);
    if (!it || !self->document || !self->profile)
        return;
    uint32_t node = hottest_node(self->profile, self->type, kiln_function_item_get_name(it));
    if (node == KILN_NO_NODE)
        return;
    g_autoptr(KilnFramePath) path = kiln_frame_path_new(self->profile, node);
    kiln_document_zoom_to(self->document, path);
    g_signal_emit(self, signals[SIGNAL_ACTIVATED], 0);
}

static void on_profile(KilnTopView *self)
{
    /* Hidden, fill nothing: GTK builds row widgets for a list without a
     * size, and that would stall every filter applied meanwhile. */
    self->stale = !gtk_widget_get_mapped(GTK_WIDGET(self));
    if (self->stale)
        return;
    KilnProfile *p = kiln_document_get_profile(self->document);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    self->profile = p ? kiln_profile_ref(p) : NULL;
    self->type = kiln_document_get_sample_type(self->document);
    g_list_store_remove_all(self->store);
    fill_edges(self, NULL);
    if (!p)
        return;
    if (self->type >= p->n_types)
        self->type = p->default_type;
    uint32_t n;
    g_autofree KilnTopEntry *e =
        kiln_top_compute(p, self->type, KILN_ROOT_NODE, KILN_TOP_BY_SELF, &n);
    /* A function's module: that of the first frame with its name. */
    uint32_t n_strings = kiln_strings_count(p->strings);
    g_autofree uint32_t *module = g_new0(uint32_t, n_strings ? n_strings : 1);
    for (uint32_t f = 0; f < p->n_frames; f++)
        if (p->frames[f].name < n_strings && !module[p->frames[f].name])
            module[p->frames[f].name] = p->frames[f].module;
    GPtrArray *items = g_ptr_array_new_with_free_func(g_object_unref);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t m = e[i].name < n_strings ? module[e[i].name] : 0;
        g_ptr_array_add(items, kiln_function_item_new(kiln_profile_string(p, e[i].name),
                                                      m ? kiln_profile_string(p, m) : NULL,
                                                      e[i].self, e[i].total));
    }
    g_list_store_splice(self->store, 0, 0, items->pdata, items->len);
    g_ptr_array_unref(items);
    follow_document_selection(self);
}

static KilnDocument *get_document(gpointer data)
{
    return KILN_TOP_VIEW(data)->document;
}

static const char *get_function(gpointer data)
{
    return KILN_TOP_VIEW(data)->menu_function;
}

static void kiln_top_view_map(GtkWidget *widget)
{
    KilnTopView *self = KILN_TOP_VIEW(widget);
    GTK_WIDGET_CLASS(kiln_top_view_parent_class)->map(widget);
    if (self->stale && self->document)
        on_profile(self);
}

static void kiln_top_view_dispose(GObject *object)
{
    KilnTopView *self = KILN_TOP_VIEW(object);
    kiln_top_view_set_document(self, NULL);
    if (self->menu) {
        gtk_widget_unparent(GTK_WIDGET(self->menu));
        self->menu = NULL;
    }
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(GTK_WIDGET(self))))
        gtk_widget_unparent(child);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    g_clear_object(&self->store);
    g_clear_object(&self->callers);
    g_clear_object(&self->callees);
    g_clear_pointer(&self->menu_function, g_free);
    G_OBJECT_CLASS(kiln_top_view_parent_class)->dispose(object);
}

static void kiln_top_view_class_init(KilnTopViewClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = kiln_top_view_dispose;
    GTK_WIDGET_CLASS(klass)->map = kiln_top_view_map;
    gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
    signals[SIGNAL_ACTIVATED] =
        g_signal_new("activated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                     G_TYPE_NONE, 0);
}

static GtkWidget *edge_table(KilnTopView *self, GListStore *store, const char *title,
                             GtkWidget **label)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    *label = gtk_label_new(title);
    gtk_label_set_xalign(GTK_LABEL(*label), 0);
    gtk_widget_add_css_class(*label, "heading");
    gtk_widget_set_margin_start(*label, 6);
    gtk_widget_set_margin_top(*label, 4);
    gtk_box_append(GTK_BOX(box), *label);
    GtkNoSelection *sel = gtk_no_selection_new(G_LIST_MODEL(g_object_ref(store)));
    GtkColumnView *cv = GTK_COLUMN_VIEW(gtk_column_view_new(GTK_SELECTION_MODEL(sel)));
    gtk_accessible_update_property(GTK_ACCESSIBLE(cv), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    add_column(self, cv, _("Function"), COL_FUNCTION, FALSE);
    add_column(self, cv, _("Value (share of all)"), COL_EDGE, FALSE);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), GTK_WIDGET(cv));
    gtk_widget_set_vexpand(scroll, TRUE);
    gtk_box_append(GTK_BOX(box), scroll);
    return box;
}

static void kiln_top_view_init(KilnTopView *self)
{
    self->store = g_list_store_new(KILN_TYPE_FUNCTION_ITEM);
    self->callers = g_list_store_new(KILN_TYPE_FUNCTION_ITEM);
    self->callees = g_list_store_new(KILN_TYPE_FUNCTION_ITEM);
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_set_parent(box, GTK_WIDGET(self));

    self->entry = gtk_search_entry_new();
    g_object_set(self->entry, "placeholder-text", _("Filter functions"), NULL);
    gtk_widget_set_margin_start(self->entry, 6);
    gtk_widget_set_margin_end(self->entry, 6);
    gtk_widget_set_margin_top(self->entry, 6);
    gtk_widget_set_margin_bottom(self->entry, 6);
    gtk_box_append(GTK_BOX(box), self->entry);

    self->filter =
        gtk_string_filter_new(gtk_property_expression_new(KILN_TYPE_FUNCTION_ITEM, NULL, "name"));
    gtk_string_filter_set_match_mode(self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
    gtk_string_filter_set_ignore_case(self->filter, TRUE);
    g_object_bind_property(self->entry, "text", self->filter, "search", G_BINDING_SYNC_CREATE);
    GtkFilterListModel *filtered = gtk_filter_list_model_new(
        G_LIST_MODEL(g_object_ref(self->store)), GTK_FILTER(self->filter));
    self->sorted = gtk_sort_list_model_new(G_LIST_MODEL(filtered), NULL);
    self->selection = gtk_single_selection_new(G_LIST_MODEL(self->sorted));
    gtk_single_selection_set_autoselect(self->selection, FALSE);
    gtk_single_selection_set_can_unselect(self->selection, TRUE);
    g_signal_connect_swapped(self->selection, "notify::selected", G_CALLBACK(on_selected), self);
    GtkColumnView *cv = GTK_COLUMN_VIEW(gtk_column_view_new(GTK_SELECTION_MODEL(self->selection)));
    gtk_column_view_set_show_column_separators(cv, TRUE);
    gtk_accessible_update_property(GTK_ACCESSIBLE(cv), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   _("Top functions"), -1);
    g_signal_connect(cv, "activate", G_CALLBACK(on_activate), self);
    GtkColumnViewColumn *self_col = add_column(self, cv, _("Self"), COL_SELF, TRUE);
    add_column(self, cv, _("Total"), COL_TOTAL, TRUE);
    add_column(self, cv, _("Self %"), COL_SELF_PCT, TRUE);
    add_column(self, cv, _("Total %"), COL_TOTAL_PCT, TRUE);
    add_column(self, cv, _("Function"), COL_FUNCTION, TRUE);
    add_column(self, cv, _("Module"), COL_MODULE, TRUE);
    gtk_sort_list_model_set_sorter(self->sorted, gtk_column_view_get_sorter(cv));
    gtk_column_view_sort_by_column(cv, self_col, GTK_SORT_DESCENDING);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), GTK_WIDGET(cv));
    gtk_widget_set_vexpand(scroll, TRUE);

    GtkWidget *edges = gtk_paned_new(GTK_ORIENTATION_VERTICAL);
    gtk_paned_set_start_child(GTK_PANED(edges),
                              edge_table(self, self->callers, _("Callers"), &self->caller_label));
    gtk_paned_set_end_child(GTK_PANED(edges),
                            edge_table(self, self->callees, _("Callees"), &self->callee_label));
    GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_VERTICAL);
    gtk_paned_set_start_child(GTK_PANED(paned), scroll);
    gtk_paned_set_end_child(GTK_PANED(paned), edges);
    gtk_paned_set_position(GTK_PANED(paned), 320);
    gtk_widget_set_vexpand(paned, TRUE);
    gtk_box_append(GTK_BOX(box), paned);

    self->menu = GTK_POPOVER_MENU(gtk_popover_menu_new_from_model(kiln_filter_menu_new()));
    gtk_popover_set_has_arrow(GTK_POPOVER(self->menu), FALSE);
    gtk_widget_set_parent(GTK_WIDGET(self->menu), GTK_WIDGET(self));
    gtk_widget_insert_action_group(GTK_WIDGET(self), "filter",
                                   kiln_filter_actions_new(get_document, get_function, self));
}

KilnTopView *kiln_top_view_new(void)
{
    return g_object_new(KILN_TYPE_TOP_VIEW, NULL);
}

void kiln_top_view_set_document(KilnTopView *self, KilnDocument *document)
{
    if (self->document == document)
        return;
    if (self->document) {
        for (guint i = 0; i < G_N_ELEMENTS(self->doc_handlers); i++)
            g_clear_signal_handler(&self->doc_handlers[i], self->document);
        g_clear_object(&self->document);
    }
    if (!document)
        return;
    self->document = g_object_ref(document);
    self->doc_handlers[0] =
        g_signal_connect_swapped(document, "notify::profile", G_CALLBACK(on_profile), self);
    self->doc_handlers[1] = g_signal_connect_swapped(document, "notify::selection-path",
                                                     G_CALLBACK(follow_document_selection), self);
    self->doc_handlers[2] =
        g_signal_connect_swapped(document, "notify::sample-type", G_CALLBACK(on_profile), self);
    on_profile(self);
}

GListModel *kiln_top_view_get_model(KilnTopView *self)
{
    return G_LIST_MODEL(self->sorted);
}

GListModel *kiln_top_view_get_callers(KilnTopView *self)
{
    return G_LIST_MODEL(self->callers);
}

GListModel *kiln_top_view_get_callees(KilnTopView *self)
{
    return G_LIST_MODEL(self->callees);
}

GtkEditable *kiln_top_view_get_filter_entry(KilnTopView *self)
{
    return GTK_EDITABLE(self->entry);
}

void kiln_top_view_select(KilnTopView *self, guint position)
{
    gtk_single_selection_set_selected(self->selection, position);
}

const char *kiln_top_view_get_selected_function(KilnTopView *self)
{
    KilnFunctionItem *it = gtk_single_selection_get_selected_item(self->selection);
    return it ? kiln_function_item_get_name(it) : NULL;
}
