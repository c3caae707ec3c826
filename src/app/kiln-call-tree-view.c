/* kiln-call-tree-view.c — call tree and bottom-up as a lazy tree table. */
#include "kiln-call-tree-view.h"

#include <glib/gi18n.h>
#include <string.h>

#include "analysis/kiln-derive-task.h"
#include "analysis/kiln-units.h"
#include "kiln-call-node.h"
#include "kiln-filter-bar.h"
#include "kiln-frame-path.h"

struct _KilnCallTreeView {
    GtkWidget parent_instance;
    gboolean inverted;
    KilnDocument *document;
    gulong doc_handlers[3];
    KilnProfile *profile; /* shown: the document's, or its inverse */
    uint32_t type;
    GCancellable *invert_cancel;
    GtkColumnView *columns;
    GtkTreeListModel *tree;
    GtkSorter *sorter; /* the column view's: each child store is made sorted by it */
    GtkSingleSelection *selection;
    GtkColumnViewColumn *total_column;
    GtkPopoverMenu *menu;
    char *menu_function;
    gboolean syncing; /* setting the document's selection from ours */
    gboolean stale;   /* a new profile came while unmapped: rows made on map */
};

G_DEFINE_FINAL_TYPE(KilnCallTreeView, kiln_call_tree_view, GTK_TYPE_WIDGET)

enum { SIGNAL_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { COL_SELF, COL_TOTAL, COL_SELF_PCT, COL_TOTAL_PCT, COL_FUNCTION, COL_MODULE };

static KilnCallNode *row_node(gpointer item)
{
    GtkTreeListRow *row = GTK_IS_TREE_LIST_ROW(item) ? item : NULL;
    return row ? KILN_CALL_NODE(gtk_tree_list_row_get_item(row)) : KILN_CALL_NODE(item);
}

static double value_of(KilnCallTreeView *self, KilnCallNode *n, guint col)
{
    KilnProfile *p = kiln_call_node_get_profile(n);
    uint32_t id = kiln_call_node_get_node(n);
    uint32_t t = self->type < p->n_types ? self->type : 0;
    /* Bottom-up, a root is a function where samples ended: all of its
     * total is its own. The inverted tree keeps that value on the
     * outermost caller instead, which is no one's self cost here. */
    if (self->inverted && (col == COL_SELF || col == COL_SELF_PCT))
        return p->nodes[id].depth == 1 ? kiln_profile_total(p, t, id) : 0;
    return col == COL_SELF || col == COL_SELF_PCT ? kiln_profile_self(p, t, id)
                                                  : kiln_profile_total(p, t, id);
}

static const char *module_of(KilnCallNode *n)
{
    KilnProfile *p = kiln_call_node_get_profile(n);
    const KilnFrame *f = kiln_profile_node_frame(p, kiln_call_node_get_node(n));
    return f->module ? kiln_profile_string(p, f->module) : "";
}

static int compare(gconstpointer a, gconstpointer b, gpointer data)
{
    KilnCallTreeView *self = g_object_get_data(G_OBJECT(data), "view");
    guint col = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(data), "col"));
    KilnCallNode *x = row_node((gpointer)a), *y = row_node((gpointer)b);
    if (col == COL_FUNCTION || col == COL_MODULE) {
        KilnProfile *p = kiln_call_node_get_profile(x);
        const char *s = col == COL_FUNCTION ? kiln_profile_node_name(p, kiln_call_node_get_node(x))
                                            : module_of(x);
        const char *t = col == COL_FUNCTION ? kiln_profile_node_name(kiln_call_node_get_profile(y),
                                                                     kiln_call_node_get_node(y))
                                            : module_of(y);
        int c = g_utf8_collate(s, t);
        return c < 0 ? GTK_ORDERING_SMALLER : c > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
    }
    double u = value_of(self, x, col), v = value_of(self, y, col);
    return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* ---- cells ---- */

static void setup_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data);

static void on_cell_pressed(GtkGestureClick *g, int n_press, double x, double y,
                            KilnCallTreeView *self)
{
    GtkWidget *cell = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(g));
    GtkListItem *item = g_object_get_data(G_OBJECT(cell), "list-item");
    guint pos = gtk_list_item_get_position(item);
    if (pos == GTK_INVALID_LIST_POSITION)
        return;
    kiln_call_tree_view_select(self, pos);
    KilnCallNode *n = row_node(gtk_list_item_get_item(item));
    g_free(self->menu_function);
    self->menu_function =
        g_strdup(kiln_profile_node_name(kiln_call_node_get_profile(n), kiln_call_node_get_node(n)));
    graphene_point_t pt;
    if (!gtk_widget_compute_point(cell, GTK_WIDGET(self), &GRAPHENE_POINT_INIT((float)x, (float)y),
                                  &pt))
        pt = GRAPHENE_POINT_INIT(0, 0);
    gtk_popover_set_pointing_to(GTK_POPOVER(self->menu),
                                &(GdkRectangle){(int)pt.x, (int)pt.y, 1, 1});
    gtk_popover_popup(GTK_POPOVER(self->menu));
}

static void bind_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
    KilnCallTreeView *self = g_object_get_data(G_OBJECT(f), "view");
    guint col = GPOINTER_TO_UINT(data);
    GtkTreeListRow *row = gtk_list_item_get_item(item);
    KilnCallNode *n = row_node(row);
    KilnProfile *p = kiln_call_node_get_profile(n);
    uint32_t id = kiln_call_node_get_node(n);
    GtkWidget *child = gtk_list_item_get_child(item);
    GtkLabel *label;
    if (col == COL_FUNCTION) {
        gtk_tree_expander_set_list_row(GTK_TREE_EXPANDER(child), row);
        label = GTK_LABEL(gtk_tree_expander_get_child(GTK_TREE_EXPANDER(child)));
        gtk_label_set_text(label, kiln_profile_node_name(p, id));
        return;
    }
    if (col == COL_MODULE) {
        gtk_label_set_text(GTK_LABEL(child), module_of(n));
        return;
    }
    uint32_t t = self->type < p->n_types ? self->type : 0;
    double v = value_of(self, n, col);
    char buf[64];
    if (col == COL_SELF || col == COL_TOTAL) {
        kiln_format_quantity(v, kiln_profile_string(p, p->types[t].unit), buf, sizeof buf);
        gtk_label_set_text(GTK_LABEL(child), buf);
        return;
    }
    double all = kiln_profile_total(p, t, KILN_ROOT_NODE);
    double share = all > 0 ? v / all : 0;
    g_snprintf(buf, sizeof buf, "%.2f %%", 100.0 * share);
    GtkWidget *lab = gtk_widget_get_first_child(child);
    gtk_label_set_text(GTK_LABEL(lab), buf);
    gtk_level_bar_set_value(GTK_LEVEL_BAR(gtk_widget_get_next_sibling(lab)), share);
}

static void unbind_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
    if (GPOINTER_TO_UINT(data) == COL_FUNCTION)
        gtk_tree_expander_set_list_row(GTK_TREE_EXPANDER(gtk_list_item_get_child(item)), NULL);
}

static void setup_cell(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
    KilnCallTreeView *self = g_object_get_data(G_OBJECT(f), "view");
    guint col = GPOINTER_TO_UINT(data);
    GtkWidget *cell;
    if (col == COL_FUNCTION) {
        GtkWidget *label = gtk_label_new(NULL);
        gtk_label_set_xalign(GTK_LABEL(label), 0);
        gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
        cell = gtk_tree_expander_new();
        gtk_tree_expander_set_child(GTK_TREE_EXPANDER(cell), label);
    } else if (col == COL_SELF_PCT || col == COL_TOTAL_PCT) {
        /* The share as text and as a bar, so hot rows stand out at a glance. */
        cell = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *label = gtk_label_new(NULL);
        gtk_label_set_xalign(GTK_LABEL(label), 1);
        gtk_label_set_width_chars(GTK_LABEL(label), 8);
        gtk_widget_add_css_class(label, "numeric");
        GtkWidget *bar = gtk_level_bar_new_for_interval(0, 1);
        gtk_widget_set_size_request(bar, 48, -1);
        gtk_widget_set_valign(bar, GTK_ALIGN_CENTER);
        gtk_widget_set_hexpand(bar, TRUE);
        gtk_level_bar_remove_offset_value(GTK_LEVEL_BAR(bar), GTK_LEVEL_BAR_OFFSET_LOW);
        gtk_level_bar_remove_offset_value(GTK_LEVEL_BAR(bar), GTK_LEVEL_BAR_OFFSET_HIGH);
        gtk_level_bar_remove_offset_value(GTK_LEVEL_BAR(bar), GTK_LEVEL_BAR_OFFSET_FULL);
        gtk_accessible_update_state(GTK_ACCESSIBLE(bar), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
        gtk_box_append(GTK_BOX(cell), label);
        gtk_box_append(GTK_BOX(cell), bar);
    } else {
        cell = gtk_label_new(NULL);
        gtk_label_set_xalign(GTK_LABEL(cell), col == COL_MODULE ? 0 : 1);
        gtk_label_set_ellipsize(GTK_LABEL(cell), PANGO_ELLIPSIZE_END);
        if (col != COL_MODULE)
            gtk_widget_add_css_class(cell, "numeric");
    }
    g_object_set_data(G_OBJECT(cell), "list-item", item);
    GtkGesture *click = gtk_gesture_click_new();
    gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), GDK_BUTTON_SECONDARY);
    g_signal_connect(click, "pressed", G_CALLBACK(on_cell_pressed), self);
    gtk_widget_add_controller(cell, GTK_EVENT_CONTROLLER(click));
    gtk_list_item_set_child(item, cell);
}

static int sorter_compare(gconstpointer a, gconstpointer b, gpointer sorter)
{
    return gtk_sorter_compare(sorter, (gpointer)a, (gpointer)b);
}

static GListModel *sorted_children(KilnCallTreeView *self, KilnProfile *p, uint32_t node)
{
    GListModel *kids = kiln_call_node_children(p, node);
    if (kids && self->sorter)
        g_list_store_sort(G_LIST_STORE(kids), sorter_compare, self->sorter);
    return kids;
}

static GListModel *create_children(gpointer item, gpointer data)
{
    KilnCallNode *n = item;
    return sorted_children(data, kiln_call_node_get_profile(n), kiln_call_node_get_node(n));
}

/* ---- selection, linked with the document ---- */

/* The document-profile node a row stands for: itself top-down; bottom-up,
 * the hottest node of the row's function in the document's profile. */
static uint32_t document_node(KilnCallTreeView *self, KilnCallNode *n)
{
    KilnProfile *p = kiln_call_node_get_profile(n);
    uint32_t id = kiln_call_node_get_node(n);
    if (!self->inverted)
        return id;
    KilnProfile *dp = kiln_document_get_profile(self->document);
    if (!dp)
        return KILN_NO_NODE;
    const char *name = kiln_profile_node_name(p, id);
    uint32_t best = KILN_NO_NODE;
    double best_total = -1;
    for (uint32_t i = 1; i < dp->n_nodes; i++) {
        if (strcmp(kiln_profile_node_name(dp, i), name) == 0 &&
            kiln_profile_total(dp, self->type, i) > best_total) {
            best = i;
            best_total = kiln_profile_total(dp, self->type, i);
        }
    }
    return best;
}

static void on_selected(KilnCallTreeView *self)
{
    gpointer item = gtk_single_selection_get_selected_item(self->selection);
    if (!item || !self->document || self->syncing)
        return;
    uint32_t node = document_node(self, row_node(item));
    KilnProfile *dp = kiln_document_get_profile(self->document);
    if (!dp || node == KILN_NO_NODE)
        return;
    g_autoptr(KilnFramePath) path = kiln_frame_path_new(dp, node);
    self->syncing = TRUE;
    kiln_document_set_selection_path(self->document, path);
    self->syncing = FALSE;
}

/* The position of `node` in `children` (KilnCallNodes), or 0. */
static guint index_in(GListModel *children, uint32_t node)
{
    guint n = children ? g_list_model_get_n_items(children) : 0;
    for (guint i = 0; i < n; i++) {
        g_autoptr(KilnCallNode) c = g_list_model_get_item(children, i);
        if (kiln_call_node_get_node(c) == node)
            return i;
    }
    return 0;
}

/* Expands the rows down to `node` of the shown profile and selects it. */
/* Shows self->tree in the column view. A new tree is expanded before it
 * is shown: expanding a shown row makes the list view bind and measure
 * rows for each level, seconds for a deep hot path in a wide tree. */
static void attach_tree(KilnCallTreeView *self)
{
    if (gtk_single_selection_get_model(self->selection) != G_LIST_MODEL(self->tree))
        gtk_single_selection_set_model(self->selection, G_LIST_MODEL(self->tree));
}

static void reveal(KilnCallTreeView *self, uint32_t node, gboolean propagate)
{
    KilnProfile *p = self->profile;
    if (!p || node == KILN_ROOT_NODE || node >= p->n_nodes)
        return;
    uint32_t depth = p->nodes[node].depth;
    g_autofree uint32_t *chain = g_new(uint32_t, depth);
    for (uint32_t n = node, d = depth; d > 0; n = p->nodes[n].parent)
        chain[--d] = n;
    g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row(
        self->tree, index_in(gtk_tree_list_model_get_model(self->tree), chain[0]));
    for (uint32_t d = 1; row && d < depth; d++) {
        gtk_tree_list_row_set_expanded(row, TRUE);
        GtkTreeListRow *next = gtk_tree_list_row_get_child_row(
            row, index_in(gtk_tree_list_row_get_children(row), chain[d]));
        g_object_unref(row);
        row = next;
    }
    if (!row)
        return;
    guint pos = gtk_tree_list_row_get_position(row);
    if (pos == GTK_INVALID_LIST_POSITION)
        return;
    attach_tree(self);
    self->syncing = !propagate;
    gtk_single_selection_set_selected(self->selection, pos);
    self->syncing = FALSE;
    gtk_widget_activate_action(GTK_WIDGET(self->columns), "list.scroll-to-item", "u", pos);
}

static void follow_document_selection(KilnCallTreeView *self)
{
    if (self->syncing || !self->profile || self->stale)
        return;
    KilnFramePath *path = kiln_document_get_selection_path(self->document);
    KilnProfile *dp = kiln_document_get_profile(self->document);
    if (!path || !dp)
        return;
    guint matched = 0;
    uint32_t node = kiln_frame_path_resolve(path, dp, &matched);
    if (node == KILN_NO_NODE || node == KILN_ROOT_NODE)
        return;
    if (!self->inverted) {
        reveal(self, node, FALSE);
        return;
    }
    /* Bottom-up: the root row of the selected function. */
    const char *name = kiln_profile_node_name(dp, node);
    KilnProfile *p = self->profile;
    for (uint32_t c = 1; c < p->n_nodes; c += p->nodes[c].size)
        if (strcmp(kiln_profile_node_name(p, c), name) == 0) {
            reveal(self, c, FALSE);
            return;
        }
}

static void on_activate(GtkColumnView *cv, guint position, KilnCallTreeView *self)
{
    g_autoptr(GObject) item = g_list_model_get_item(G_LIST_MODEL(self->tree), position);
    if (!item || !self->document)
        return;
    uint32_t node = document_node(self, row_node(item));
    KilnProfile *dp = kiln_document_get_profile(self->document);
    if (!dp || node == KILN_NO_NODE)
        return;
    g_autoptr(KilnFramePath) path = kiln_frame_path_new(dp, node);
    kiln_document_zoom_to(self->document, path);
    g_signal_emit(self, signals[SIGNAL_ACTIVATED], 0);
}

/* ---- the shown profile ---- */

static void show_profile(KilnCallTreeView *self, KilnProfile *p)
{
    if (self->profile != p) {
        g_clear_pointer(&self->profile, kiln_profile_unref);
        self->profile = p ? kiln_profile_ref(p) : NULL;
    }
    /* A hidden view makes no rows: GTK would build row widgets for a view
     * without a size, and three views rebuilt at once stall a filter. */
    self->stale = !gtk_widget_get_mapped(GTK_WIDGET(self));
    if (self->stale)
        return;
    GListStore *roots = NULL;
    GListModel *kids = p ? sorted_children(self, p, KILN_ROOT_NODE) : NULL;
    if (!kids) {
        roots = g_list_store_new(KILN_TYPE_CALL_NODE);
        kids = G_LIST_MODEL(roots);
    }
    GtkTreeListModel *tree =
        gtk_tree_list_model_new(kids, FALSE, FALSE, create_children, self, NULL);
    g_clear_object(&self->tree);
    self->tree = tree;
    /* A selection made before (in any view) is kept; else, as Hotspot
     * does, the hottest path is opened and its end selected everywhere. */
    KilnFramePath *sel = self->document ? kiln_document_get_selection_path(self->document) : NULL;
    KilnProfile *dp = self->document ? kiln_document_get_profile(self->document) : NULL;
    guint matched = 0;
    if (sel && dp && p && kiln_frame_path_resolve(sel, dp, &matched) != KILN_NO_NODE &&
        matched == kiln_frame_path_get_length(sel))
        follow_document_selection(self);
    else
        kiln_call_tree_view_expand_hottest(self);
    attach_tree(self);
}

static void on_sort_changed(KilnCallTreeView *self)
{
    if (self->profile)
        show_profile(self, self->profile);
}

static void on_inverted(GObject *source, GAsyncResult *res, gpointer data)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(KilnProfile) p = kiln_derive_finish(res, NULL, &err);
    if (p) /* else cancelled: a newer profile is on its way */
        show_profile(KILN_CALL_TREE_VIEW(data), p);
    g_object_unref(data);
}

static void on_profile(KilnCallTreeView *self)
{
    KilnProfile *p = kiln_document_get_profile(self->document);
    self->type = kiln_document_get_sample_type(self->document);
    if (!p) {
        show_profile(self, NULL);
        return;
    }
    if (!self->inverted) {
        show_profile(self, p);
        return;
    }
    g_cancellable_cancel(self->invert_cancel);
    g_clear_object(&self->invert_cancel);
    self->invert_cancel = g_cancellable_new();
    g_autoptr(KilnTransform) inv = kiln_transform_new(KILN_TRANSFORM_INVERT);
    kiln_derive_async(p, &inv, 1, self->invert_cancel, on_inverted, g_object_ref(self));
}

static void on_sample_type(KilnCallTreeView *self)
{
    self->type = kiln_document_get_sample_type(self->document);
    if (self->profile)
        show_profile(self, self->profile);
}

/* ---- public ---- */

void kiln_call_tree_view_expand_hottest(KilnCallTreeView *self)
{
    KilnProfile *p = self->profile;
    if (!p || p->n_nodes < 2)
        return;
    uint32_t n = KILN_ROOT_NODE, hottest = KILN_NO_NODE;
    for (;;) {
        double best = 0;
        hottest = KILN_NO_NODE;
        for (uint32_t c = n + 1; c < n + p->nodes[n].size; c += p->nodes[c].size)
            if (kiln_profile_total(p, self->type, c) > best) {
                best = kiln_profile_total(p, self->type, c);
                hottest = c;
            }
        if (hottest == KILN_NO_NODE)
            break;
        n = hottest;
    }
    reveal(self, n, TRUE);
}

static KilnDocument *get_document(gpointer data)
{
    return KILN_CALL_TREE_VIEW(data)->document;
}

static const char *get_function(gpointer data)
{
    return KILN_CALL_TREE_VIEW(data)->menu_function;
}

static void action_expand(GtkWidget *w, const char *name, GVariant *param)
{
    kiln_call_tree_view_expand_hottest(KILN_CALL_TREE_VIEW(w));
}

static void kiln_call_tree_view_map(GtkWidget *widget)
{
    KilnCallTreeView *self = KILN_CALL_TREE_VIEW(widget);
    GTK_WIDGET_CLASS(kiln_call_tree_view_parent_class)->map(widget);
    if (self->stale)
        show_profile(self, self->profile);
}

static void kiln_call_tree_view_dispose(GObject *object)
{
    KilnCallTreeView *self = KILN_CALL_TREE_VIEW(object);
    g_cancellable_cancel(self->invert_cancel);
    g_clear_object(&self->invert_cancel);
    kiln_call_tree_view_set_document(self, NULL);
    if (self->sorter) {
        g_signal_handlers_disconnect_by_data(self->sorter, self);
        self->sorter = NULL;
    }
    if (self->menu) {
        gtk_widget_unparent(GTK_WIDGET(self->menu));
        self->menu = NULL;
    }
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(GTK_WIDGET(self))))
        gtk_widget_unparent(child);
    g_clear_object(&self->tree);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    g_clear_pointer(&self->menu_function, g_free);
    G_OBJECT_CLASS(kiln_call_tree_view_parent_class)->dispose(object);
}

static void kiln_call_tree_view_class_init(KilnCallTreeViewClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = kiln_call_tree_view_dispose;
    GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
    wc->map = kiln_call_tree_view_map;
    gtk_widget_class_set_layout_manager_type(wc, GTK_TYPE_BIN_LAYOUT);
    gtk_widget_class_install_action(wc, "tree.expand-hottest", NULL, action_expand);
    gtk_widget_class_add_binding_action(wc, GDK_KEY_asterisk, GDK_CONTROL_MASK,
                                        "tree.expand-hottest", NULL);
    signals[SIGNAL_ACTIVATED] =
        g_signal_new("activated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                     G_TYPE_NONE, 0);
}

static void kiln_call_tree_view_init(KilnCallTreeView *self)
{
    (void)self;
}

static GtkColumnViewColumn *add_column(KilnCallTreeView *self, const char *title, guint col)
{
    GtkListItemFactory *f = gtk_signal_list_item_factory_new();
    g_object_set_data(G_OBJECT(f), "view", self);
    g_signal_connect(f, "setup", G_CALLBACK(setup_cell), GUINT_TO_POINTER(col));
    g_signal_connect(f, "bind", G_CALLBACK(bind_cell), GUINT_TO_POINTER(col));
    g_signal_connect(f, "unbind", G_CALLBACK(unbind_cell), GUINT_TO_POINTER(col));
    GtkColumnViewColumn *c = gtk_column_view_column_new(title, f);
    GtkCustomSorter *s = gtk_custom_sorter_new(compare, NULL, NULL);
    g_object_set_data(G_OBJECT(s), "view", self);
    g_object_set_data(G_OBJECT(s), "col", GUINT_TO_POINTER(col));
    /* compare() finds the view and column on the sorter itself. */
    gtk_custom_sorter_set_sort_func(s, compare, s, NULL);
    gtk_column_view_column_set_sorter(c, GTK_SORTER(s));
    g_object_unref(s);
    gtk_column_view_column_set_resizable(c, TRUE);
    if (col == COL_FUNCTION)
        gtk_column_view_column_set_expand(c, TRUE);
    gtk_column_view_append_column(self->columns, c);
    g_object_unref(c);
    return c;
}

KilnCallTreeView *kiln_call_tree_view_new(gboolean inverted)
{
    KilnCallTreeView *self = g_object_new(KILN_TYPE_CALL_TREE_VIEW, NULL);
    self->inverted = inverted;
    self->selection = gtk_single_selection_new(NULL);
    gtk_single_selection_set_autoselect(self->selection, FALSE);
    gtk_single_selection_set_can_unselect(self->selection, TRUE);
    g_signal_connect_swapped(self->selection, "notify::selected", G_CALLBACK(on_selected), self);
    self->columns = GTK_COLUMN_VIEW(gtk_column_view_new(GTK_SELECTION_MODEL(self->selection)));
    gtk_column_view_set_show_column_separators(self->columns, TRUE);
    gtk_column_view_set_reorderable(self->columns, FALSE);
    g_signal_connect(self->columns, "activate", G_CALLBACK(on_activate), self);
    gtk_accessible_update_property(GTK_ACCESSIBLE(self->columns), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   inverted ? _("Bottom-up tree") : _("Call tree"), -1);
    add_column(self, _("Self"), COL_SELF);
    self->total_column = add_column(self, _("Total"), COL_TOTAL);
    add_column(self, _("Self %"), COL_SELF_PCT);
    add_column(self, _("Total %"), COL_TOTAL_PCT);
    add_column(self, inverted ? _("Function (callers below)") : _("Function"), COL_FUNCTION);
    add_column(self, _("Module"), COL_MODULE);
    /* No GtkSortListModel: it re-sorts every visible row whenever a row
     * expands (seconds at a few thousand rows); each child store is sorted
     * once when it is made, and a new sort order rebuilds the tree. */
    self->sorter = gtk_column_view_get_sorter(self->columns);
    g_signal_connect_swapped(self->sorter, "changed", G_CALLBACK(on_sort_changed), self);
    gtk_column_view_sort_by_column(self->columns, self->total_column, GTK_SORT_DESCENDING);

    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), GTK_WIDGET(self->columns));
    gtk_widget_set_vexpand(scroll, TRUE);
    gtk_widget_set_parent(scroll, GTK_WIDGET(self));

    self->menu = GTK_POPOVER_MENU(gtk_popover_menu_new_from_model(kiln_filter_menu_new()));
    gtk_popover_set_has_arrow(GTK_POPOVER(self->menu), FALSE);
    gtk_widget_set_parent(GTK_WIDGET(self->menu), GTK_WIDGET(self));
    gtk_widget_insert_action_group(GTK_WIDGET(self), "filter",
                                   kiln_filter_actions_new(get_document, get_function, self));
    return self;
}

void kiln_call_tree_view_set_document(KilnCallTreeView *self, KilnDocument *document)
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
        g_signal_connect_swapped(document, "notify::sample-type", G_CALLBACK(on_sample_type), self);
    on_profile(self);
}

gboolean kiln_call_tree_view_get_inverted(KilnCallTreeView *self)
{
    return self->inverted;
}

GListModel *kiln_call_tree_view_get_model(KilnCallTreeView *self)
{
    return G_LIST_MODEL(self->tree);
}

KilnProfile *kiln_call_tree_view_get_profile(KilnCallTreeView *self)
{
    return self->profile;
}

uint32_t kiln_call_tree_view_get_selected_node(KilnCallTreeView *self)
{
    gpointer item = gtk_single_selection_get_selected_item(self->selection);
    return item ? kiln_call_node_get_node(row_node(item)) : KILN_NO_NODE;
}

void kiln_call_tree_view_select(KilnCallTreeView *self, guint position)
{
    gtk_single_selection_set_selected(self->selection, position);
}
