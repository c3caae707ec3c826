#include "kiln-flame-nav.h"

gboolean kiln_flame_nav_visible(const KilnProfile *p, uint32_t type, uint32_t zoom, uint32_t node)
{
    if (node >= p->n_nodes || zoom >= p->n_nodes || type >= p->n_types)
        return FALSE;
    if (kiln_flame_nav_contains(p, node, zoom))
        return TRUE;
    return kiln_flame_nav_contains(p, zoom, node) && kiln_profile_total(p, type, node) > 0;
}

uint32_t kiln_flame_nav_parent(const KilnProfile *p, uint32_t node)
{
    if (node >= p->n_nodes)
        return KILN_NO_NODE;
    return p->nodes[node].parent;
}

uint32_t kiln_flame_nav_child(const KilnProfile *p, uint32_t type, uint32_t zoom, uint32_t node)
{
    if (node >= p->n_nodes || type >= p->n_types)
        return KILN_NO_NODE;
    uint32_t end = node + p->nodes[node].size;
    if (node != zoom && kiln_flame_nav_contains(p, node, zoom)) {
        /* The child of node on the path down to zoom. */
        for (uint32_t c = node + 1; c < end; c += p->nodes[c].size)
            if (kiln_flame_nav_contains(p, c, zoom))
                return c;
        return KILN_NO_NODE;
    }
    uint32_t best = KILN_NO_NODE;
    double best_v = 0;
    for (uint32_t c = node + 1; c < end; c += p->nodes[c].size) {
        double v = kiln_profile_total(p, type, c);
        if (v > best_v) {
            best_v = v;
            best = c;
        }
    }
    return best;
}

uint32_t kiln_flame_nav_sibling(const KilnProfile *p, uint32_t type, uint32_t zoom,
                                uint32_t node, int dir)
{
    if (node >= p->n_nodes || zoom >= p->n_nodes || type >= p->n_types ||
        node == KILN_ROOT_NODE || kiln_flame_nav_contains(p, node, zoom))
        return KILN_NO_NODE;
    uint32_t parent = p->nodes[node].parent;
    uint32_t end = parent + p->nodes[parent].size;
    if (dir > 0) {
        for (uint32_t s = node + p->nodes[node].size; s < end; s += p->nodes[s].size)
            if (kiln_profile_total(p, type, s) > 0)
                return s;
        return KILN_NO_NODE;
    }
    uint32_t prev = KILN_NO_NODE;
    for (uint32_t s = parent + 1; s < node; s += p->nodes[s].size)
        if (kiln_profile_total(p, type, s) > 0)
            prev = s;
    return prev;
}
