/* kiln-flame-layout.h — KilnFlameLayout: call-tree nodes → rectangles.
 *
 * Layout is separate from painting so that the widget's hit-testing, the
 * keyboard navigation and the painters share one geometry. Only nodes at
 * least `min_width` wide are laid out; a narrower node's whole subtree is
 * skipped with one jump (subtrees are contiguous in preorder), so the cost
 * follows what is visible, not the size of the tree.
 *
 * Row 0 is the root ("all"); a node's row is its depth. When zoomed into a
 * node, its ancestors span the full width below it.
 */
#pragma once

#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef struct {
    uint32_t node;
    uint32_t row;
    double x; /* in [0, width) */
    double w;
} KilnFlameRect;

typedef struct {
    const KilnProfile *profile; /* borrowed */
    uint32_t type;
    uint32_t zoom;   /* node spanning the full width */
    double width;
    double min_width;
    double zoom_total; /* value of `zoom` in `type` */
    GArray *rects;     /* KilnFlameRect in preorder */
    uint32_t n_rows;   /* 1 + deepest laid-out row */
    uint32_t culled;   /* subtrees skipped as too narrow */
} KilnFlameLayout;

KilnFlameLayout *kiln_flame_layout_new(const KilnProfile *profile, uint32_t type, uint32_t zoom,
                                       double width, double min_width);
void kiln_flame_layout_free(KilnFlameLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnFlameLayout, kiln_flame_layout_free)

/* The rectangle at (x, row), or NULL. */
const KilnFlameRect *kiln_flame_layout_hit(const KilnFlameLayout *layout, double x, uint32_t row);
/* The rectangle of a node, or NULL when it is not laid out. */
const KilnFlameRect *kiln_flame_layout_find(const KilnFlameLayout *layout, uint32_t node);

G_END_DECLS
