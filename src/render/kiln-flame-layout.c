#include "kiln-flame-layout.h"

typedef struct {
    uint32_t end; /* one past the subtree of the open node */
    double x;     /* where its next child starts */
} Open;

KilnFlameLayout *kiln_flame_layout_new(const KilnProfile *p, uint32_t type, uint32_t zoom,
                                       double width, double min_width)
{
    KilnFlameLayout *l = g_new0(KilnFlameLayout, 1);
    l->profile = p;
    l->type = type < p->n_types ? type : p->default_type;
    l->zoom = zoom < p->n_nodes ? zoom : KILN_ROOT_NODE;
    l->width = width > 0 ? width : 1;
    l->min_width = min_width;
    l->rects = g_array_sized_new(FALSE, FALSE, sizeof(KilnFlameRect), 1024);
    l->zoom_total = kiln_profile_total(p, l->type, l->zoom);

    /* The zoomed node and its ancestors: full width. */
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

    double scale = l->width / l->zoom_total;
    Open *stack = g_new(Open, 64);
    uint32_t cap = 64, sp = 0;
    stack[sp++] = (Open){l->zoom + p->nodes[l->zoom].size, 0};
    uint32_t end = stack[0].end;
    for (uint32_t i = l->zoom + 1; i < end;) {
        while (i >= stack[sp - 1].end)
            sp--;
        Open *top = &stack[sp - 1];
        double v = kiln_profile_total(p, l->type, i);
        double w = v * scale;
        double x = top->x;
        top->x += w;
        if (w < min_width || v <= 0) {
            l->culled++;
            i += p->nodes[i].size;
            continue;
        }
        KilnFlameRect r = {i, p->nodes[i].depth, x, w};
        g_array_append_val(l->rects, r);
        if (r.row + 1 > l->n_rows)
            l->n_rows = r.row + 1;
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

void kiln_flame_layout_free(KilnFlameLayout *l)
{
    if (!l)
        return;
    g_array_unref(l->rects);
    g_free(l);
}

const KilnFlameRect *kiln_flame_layout_hit(const KilnFlameLayout *l, double x, uint32_t row)
{
    for (guint i = 0; i < l->rects->len; i++) {
        const KilnFlameRect *r = &g_array_index(l->rects, KilnFlameRect, i);
        if (r->row == row && x >= r->x && x < r->x + r->w)
            return r;
    }
    return NULL;
}

const KilnFlameRect *kiln_flame_layout_find(const KilnFlameLayout *l, uint32_t node)
{
    for (guint i = 0; i < l->rects->len; i++) {
        const KilnFlameRect *r = &g_array_index(l->rects, KilnFlameRect, i);
        if (r->node == node)
            return r;
    }
    return NULL;
}
