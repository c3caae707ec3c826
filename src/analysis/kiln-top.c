/* kiln-top.c — per-function self and total in one preorder pass.
 *
 * Total must count a recursive function once per stack: a node adds its
 * subtree total only when no ancestor has the same name. An explicit
 * ancestor stack with per-name "on path" counters gives that without
 * recursion.
 */
#include "kiln-top.h"

#include <string.h>

typedef struct {
    const KilnProfile *p;
    KilnTopOrder order;
} SortCtx;

static int cmp_entries(gconstpointer a, gconstpointer b, gpointer data)
{
    const SortCtx *c = data;
    const KilnTopEntry *ea = a, *eb = b;
    double va = c->order == KILN_TOP_BY_SELF ? ea->self : ea->total;
    double vb = c->order == KILN_TOP_BY_SELF ? eb->self : eb->total;
    if (va != vb)
        return va > vb ? -1 : 1;
    double ta = c->order == KILN_TOP_BY_SELF ? ea->total : ea->self;
    double tb = c->order == KILN_TOP_BY_SELF ? eb->total : eb->self;
    if (ta != tb)
        return ta > tb ? -1 : 1;
    return strcmp(kiln_profile_string(c->p, ea->name), kiln_profile_string(c->p, eb->name));
}

KilnTopEntry *kiln_top_compute(const KilnProfile *p, uint32_t type, uint32_t root,
                               KilnTopOrder order, uint32_t *n_out)
{
    uint32_t n_strings = kiln_strings_count(p->strings);
    uint32_t *slot = g_new(uint32_t, n_strings);
    memset(slot, 0xff, sizeof(uint32_t) * n_strings);
    uint32_t *on_path = g_new0(uint32_t, n_strings);
    GArray *entries = g_array_new(FALSE, FALSE, sizeof(KilnTopEntry));
    if (type >= p->n_types)
        type = p->default_type;

    uint32_t *stack = g_new(uint32_t, p->n_nodes + 1); /* node ids on the path */
    uint32_t sp = 0;
    uint32_t end = root + p->nodes[root].size;
    for (uint32_t i = root == KILN_ROOT_NODE ? 1 : root; i < end; i++) {
        while (sp && i >= stack[sp - 1] + p->nodes[stack[sp - 1]].size) {
            uint32_t done = stack[--sp];
            on_path[p->frames[p->nodes[done].frame].name]--;
        }
        uint32_t name = p->frames[p->nodes[i].frame].name;
        if (slot[name] == UINT32_MAX) {
            KilnTopEntry e = {name, 0, 0};
            slot[name] = entries->len;
            g_array_append_val(entries, e);
        }
        KilnTopEntry *e = &g_array_index(entries, KilnTopEntry, slot[name]);
        e->self += kiln_profile_self(p, type, i);
        if (on_path[name] == 0)
            e->total += kiln_profile_total(p, type, i);
        on_path[name]++;
        stack[sp++] = i;
    }
    g_free(stack);
    g_free(on_path);
    g_free(slot);
    SortCtx ctx = {p, order};
    g_qsort_with_data(entries->data, entries->len, sizeof(KilnTopEntry), cmp_entries, &ctx);
    *n_out = entries->len;
    return (KilnTopEntry *)g_array_free(entries, FALSE);
}
