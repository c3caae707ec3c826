/* kiln-call-node.c — a call-tree node as a GObject list item. */
#include "kiln-call-node.h"

#include <gio/gio.h>

struct _KilnCallNode {
    GObject parent_instance;
    KilnProfile *profile;
    uint32_t node;
};

G_DEFINE_FINAL_TYPE(KilnCallNode, kiln_call_node, G_TYPE_OBJECT)

static void kiln_call_node_finalize(GObject *object)
{
    KilnCallNode *self = KILN_CALL_NODE(object);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    G_OBJECT_CLASS(kiln_call_node_parent_class)->finalize(object);
}

static void kiln_call_node_class_init(KilnCallNodeClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = kiln_call_node_finalize;
}

static void kiln_call_node_init(KilnCallNode *self)
{
    (void)self;
}

KilnCallNode *kiln_call_node_new(KilnProfile *profile, uint32_t node)
{
    KilnCallNode *self = g_object_new(KILN_TYPE_CALL_NODE, NULL);
    self->profile = kiln_profile_ref(profile);
    self->node = node;
    return self;
}

KilnProfile *kiln_call_node_get_profile(KilnCallNode *self)
{
    return self->profile;
}

uint32_t kiln_call_node_get_node(KilnCallNode *self)
{
    return self->node;
}

GListModel *kiln_call_node_children(KilnProfile *p, uint32_t node)
{
    if (node >= p->n_nodes || p->nodes[node].size <= 1)
        return NULL;
    GListStore *store = g_list_store_new(KILN_TYPE_CALL_NODE);
    /* Splice in one go: one items-changed signal for all the children. */
    GPtrArray *items = g_ptr_array_new_with_free_func(g_object_unref);
    for (uint32_t c = node + 1; c < node + p->nodes[node].size; c += p->nodes[c].size)
        g_ptr_array_add(items, kiln_call_node_new(p, c));
    g_list_store_splice(store, 0, 0, items->pdata, items->len);
    g_ptr_array_unref(items);
    return G_LIST_MODEL(store);
}
