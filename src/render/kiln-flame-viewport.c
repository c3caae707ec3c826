#include "kiln-flame-viewport.h"

typedef struct {
    uint32_t end; /* one past the subtree of the open node */
    double x;     /* where its next child starts, in content coordinates */
} Open;

double kiln_flame_viewport_max_offset(double width, double scale)
{
    double m = width * (scale - 1);
    return m > 0 ? m : 0;
}

double kiln_flame_viewport_zoom_offset(double width, double old_scale, double old_offset,
                                       double new_scale, double anchor)
{
    if (old_scale <= 0)
        old_scale = 1;
    double content_x = (old_offset + anchor) / old_scale; /* at scale 1 */
    double off = content_x * new_scale - anchor;
    return CLAMP(off, 0, kiln_flame_viewport_max_offset(width, new_scale));
}

/* Appends the part of [x, x + w) that lies in the window, shifted to view
 * coordinates. */
static void add_clipped(KilnFlameLayout *l, uint32_t node, uint32_t row, double x, double w,
                        double offset)
{
    double x0 = MAX(x - offset, 0);
    double x1 = MIN(x + w - offset, l->width);
    if (x1 <= x0)
        return;
    KilnFlameRect r = {node, row, x0, x1 - x0};
    g_array_append_val(l->rects, r);
    if (row + 1 > l->n_rows)
        l->n_rows = row + 1;
}

KilnFlameLayout *kiln_flame_layout_new_viewport(const KilnProfile *p, uint32_t type,
                                                uint32_t zoom, double width, double scale,
                                                double offset, double min_width)
{
    KilnFlameLayout *l = g_new0(KilnFlameLayout, 1);
    l->profile = p;
    l->type = type < p->n_types ? type : p->default_type;
    l->zoom = zoom < p->n_nodes ? zoom : KILN_ROOT_NODE;
    l->width = width > 0 ? width : 1;
    l->min_width = min_width;
    l->rects = g_array_sized_new(FALSE, FALSE, sizeof(KilnFlameRect), 1024);
    l->zoom_total = kiln_profile_total(p, l->type, l->zoom);
    if (!(scale >= 1))
        scale = 1;
    double content = l->width * scale;
    offset = CLAMP(offset, 0, kiln_flame_viewport_max_offset(l->width, scale));

    /* The zoomed node and its ancestors span the whole content, so they
     * fill the window whatever the offset. */
    uint32_t depth = p->nodes[l->zoom].depth;
    g_array_set_size(l->rects, depth + 1);
    for (uint32_t a = l->zoom, d = depth;; a = p->nodes[a].parent, d--) {
        g_array_index(l->rects, KilnFlameRect, d) = (KilnFlameRect){a, d, 0, l->width};
        if (a == KILN_ROOT_NODE)
            break;
    }
    l->n_rows = depth + 1;
    if (l->zoom_total <= 0)
        return l;

    double k = content / l->zoom_total;
    double view_end = offset + l->width;
    Open *stack = g_new(Open, 64);
    uint32_t cap = 64, sp = 0;
    stack[sp++] = (Open){l->zoom + p->nodes[l->zoom].size, 0};
    uint32_t end = stack[0].end;
    for (uint32_t i = l->zoom + 1; i < end;) {
        while (i >= stack[sp - 1].end)
            sp--;
        Open *top = &stack[sp - 1];
        double v = kiln_profile_total(p, l->type, i);
        double w = v * k;
        double x = top->x;
        top->x += w;
        if (w < min_width || v <= 0 || x >= view_end || x + w <= offset) {
            l->culled++;
            i += p->nodes[i].size;
            continue;
        }
        add_clipped(l, i, p->nodes[i].depth, x, w, offset);
        if (p->nodes[i].size > 1) {
            if (sp == cap) {
                cap *= 2;
                stack = g_renew(Open, stack, cap);
            }
            stack[sp++] = (Open){i + p->nodes[i].size, x};
        }
        i++;
    }
    g_free(stack);
    return l;
}

gboolean kiln_flame_viewport_node_extent(const KilnProfile *p, uint32_t type, uint32_t zoom,
                                         double content_width, uint32_t node, double *x,
                                         double *w)
{
    if (zoom >= p->n_nodes || node >= p->n_nodes || type >= p->n_types)
        return FALSE;
    /* Ancestors of the zoomed node (and the node itself) span everything. */
    if (node <= zoom && zoom < node + p->nodes[node].size) {
        *x = 0;
        *w = content_width;
        return TRUE;
    }
    if (!(zoom < node && node < zoom + p->nodes[zoom].size))
        return FALSE;
    double zt = kiln_profile_total(p, type, zoom);
    if (zt <= 0)
        return FALSE;
    double k = content_width / zt;
    /* Walk down from zoom to node: at each level, sum the totals of the
     * preceding siblings (a jump per sibling, no recursion). */
    double left = 0;
    uint32_t cur = zoom;
    while (cur != node) {
        uint32_t c = cur + 1;
        while (!(c <= node && node < c + p->nodes[c].size)) {
            left += kiln_profile_total(p, type, c);
            c += p->nodes[c].size;
        }
        cur = c;
    }
    *x = left * k;
    *w = kiln_profile_total(p, type, node) * k;
    return TRUE;
}
