/* kiln-call-tree-view.h — KilnCallTreeView: the call tree (top-down) or,
 * inverted, the bottom-up tree of a KilnDocument's profile, as a
 * GtkColumnView over a lazy GtkTreeListModel (children are made when a row
 * is expanded, so a tree of a million nodes opens at once).
 *
 * Columns self, total, self %, total % (with a share bar), function and
 * module, each sortable. It opens with the hottest path expanded. Its
 * selection is the document's: selecting a row sets the document's
 * selection path, and a selection made elsewhere is expanded to and
 * selected here. Activating a row (double-click, Enter) zooms the
 * document there and emits "activated". Its context menu pushes filters
 * (kiln-filter-bar.h) onto the document.
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-document.h"

G_BEGIN_DECLS

#define KILN_TYPE_CALL_TREE_VIEW (kiln_call_tree_view_get_type())
G_DECLARE_FINAL_TYPE(KilnCallTreeView, kiln_call_tree_view, KILN, CALL_TREE_VIEW, GtkWidget)

/* `inverted`: the bottom-up tree (leaves as roots, expanding to callers). */
KilnCallTreeView *kiln_call_tree_view_new(gboolean inverted);
void kiln_call_tree_view_set_document(KilnCallTreeView *self, KilnDocument *document);
gboolean kiln_call_tree_view_get_inverted(KilnCallTreeView *self);

/* Expands the path of the largest child from the root down and selects
 * its end. */
void kiln_call_tree_view_expand_hottest(KilnCallTreeView *self);

/* The model the column view shows (GtkTreeListRows over KilnCallNodes,
 * sorted as the columns say): for tests. */
GListModel *kiln_call_tree_view_get_model(KilnCallTreeView *self);
/* The profile shown (the document's, or its inverse), for tests. */
KilnProfile *kiln_call_tree_view_get_profile(KilnCallTreeView *self);
/* The node of the selected row, KILN_NO_NODE for none. */
uint32_t kiln_call_tree_view_get_selected_node(KilnCallTreeView *self);
/* Selects the row at `position` of the model, as a click would. */
void kiln_call_tree_view_select(KilnCallTreeView *self, guint position);

G_END_DECLS
