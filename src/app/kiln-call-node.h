/* kiln-call-node.h — KilnCallNode: one node of a profile's call tree as a
 * list item, for the call tree and bottom-up views' GtkTreeListModel. It
 * holds a reference to its profile, so rows outlive a rebuild safely. */
#pragma once

#include <gio/gio.h>

#include "core/kiln-profile.h"

G_BEGIN_DECLS

#define KILN_TYPE_CALL_NODE (kiln_call_node_get_type())
G_DECLARE_FINAL_TYPE(KilnCallNode, kiln_call_node, KILN, CALL_NODE, GObject)

KilnCallNode *kiln_call_node_new(KilnProfile *profile, uint32_t node);
KilnProfile *kiln_call_node_get_profile(KilnCallNode *self);
uint32_t kiln_call_node_get_node(KilnCallNode *self);
/* The children of `node` of `profile`, as KilnCallNodes in a new store
 * (NULL when it has none): what the tree model creates on expand. */
GListModel *kiln_call_node_children(KilnProfile *profile, uint32_t node);

G_END_DECLS
