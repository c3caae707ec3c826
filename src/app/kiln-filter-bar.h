/* kiln-filter-bar.h — KilnFilterBar: the active filters of a document as
 * removable chips above the views, and the filter actions of the views'
 * context menus.
 *
 * Each chip is one KilnTransform of the document's stack, labelled with
 * kiln_transform_describe(); its close button removes that transform (the
 * ones after it are pushed again, so the derive runs once per change on
 * the document's worker).
 */
#pragma once

#include <gtk/gtk.h>

#include "kiln-document.h"

G_BEGIN_DECLS

#define KILN_TYPE_FILTER_BAR (kiln_filter_bar_get_type())
G_DECLARE_FINAL_TYPE(KilnFilterBar, kiln_filter_bar, KILN, FILTER_BAR, GtkWidget)

KilnFilterBar *kiln_filter_bar_new(void);
void kiln_filter_bar_set_document(KilnFilterBar *self, KilnDocument *document);
/* Removes the i-th transform of the document's stack. */
void kiln_filter_bar_remove(KilnFilterBar *self, guint i);
/* Number of chips shown (tests). */
guint kiln_filter_bar_get_n_chips(KilnFilterBar *self);

/* The context menu of a view: Focus on, Ignore, Hide, Show Only, Prune
 * Below, Collapse Recursion, acting on a function name through the
 * "filter." actions kiln_filter_actions_new() makes. */
GMenuModel *kiln_filter_menu_new(void);
/* The "filter" action group of a view: each action pushes a transform
 * matching exactly the function get_function(data) names onto the
 * document get_document(data) returns. */
GActionGroup *kiln_filter_actions_new(KilnDocument *(*get_document)(gpointer),
                                      const char *(*get_function)(gpointer), gpointer data);
/* The same push, for callers and tests: `action` is "focus", "ignore",
 * "hide", "show", "prune-from" or "collapse-recursion". */
gboolean kiln_filter_push(KilnDocument *document, const char *action, const char *function);

G_END_DECLS
