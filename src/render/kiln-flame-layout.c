#include "kiln-flame-layout.h"
#include "kiln-flame-viewport.h"

/* The whole graph is the viewport at magnification 1: one walk serves the
 * exports, the widget and continuous zoom (kiln-flame-viewport.c). */
KilnFlameLayout *kiln_flame_layout_new(const KilnProfile *p, uint32_t type, uint32_t zoom,
                                       double width, double min_width)
{
    return kiln_flame_layout_new_viewport(p, type, zoom, width, 1.0, 0.0, min_width);
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
