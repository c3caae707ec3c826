/* kiln-top-view.h — KilnTopView: the top functions of a KilnDocument's
 * profile as a flat sortable GtkColumnView (self, total, both as shares,
 * function, module) with a filter entry, and under it the callers and
 * callees of the selected function, merged over every place it occurs
 * (analysis/kiln-peek.h: pprof -peek's numbers), each with its share.
 *
 * Selecting a function selects its hottest node in the document (so the
 * graph and the trees follow); a selection made elsewhere selects its
 * function here. Activating a row zooms the document to that node and
 * emits "activated". Its context menu pushes filters onto the document.
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-document.h"

G_BEGIN_DECLS

#define KILN_TYPE_TOP_VIEW (kiln_top_view_get_type())
G_DECLARE_FINAL_TYPE(KilnTopView, kiln_top_view, KILN, TOP_VIEW, GtkWidget)

KilnTopView *kiln_top_view_new(void);
void kiln_top_view_set_document(KilnTopView *self, KilnDocument *document);

/* For tests: the rows shown (KilnFunctionItems, filtered and sorted), the
 * callers and callees of the selected function (KilnFunctionItems whose
 * total is the edge's value), the filter entry, and selecting a row. */
GListModel *kiln_top_view_get_model(KilnTopView *self);
GListModel *kiln_top_view_get_callers(KilnTopView *self);
GListModel *kiln_top_view_get_callees(KilnTopView *self);
GtkEditable *kiln_top_view_get_filter_entry(KilnTopView *self);
void kiln_top_view_select(KilnTopView *self, guint position);
/* The selected function's name, NULL for none. */
const char *kiln_top_view_get_selected_function(KilnTopView *self);

G_END_DECLS
