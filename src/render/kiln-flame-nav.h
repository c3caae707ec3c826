/* kiln-flame-nav.h — keyboard navigation over a flame graph zoomed into a
 * node: which frame the arrow keys move the selection to.
 *
 * What is on screen under zoom Z is Z's ancestors (full width) and Z's
 * subtree. Moves stay inside that set and skip frames with no value in the
 * shown sample type (they are not drawn), so the selection is always a
 * frame the user can see.
 */
#pragma once

#include "core/kiln-profile.h"

G_BEGIN_DECLS

/* TRUE when `a` is `node` or one of its ancestors (preorder ranges). */
static inline gboolean kiln_flame_nav_contains(const KilnProfile *p, uint32_t a, uint32_t node)
{
    return a <= node && node < a + p->nodes[a].size;
}

/* TRUE when `node` is drawn under zoom: an ancestor of zoom, zoom, or in
 * its subtree with a positive value. */
gboolean kiln_flame_nav_visible(const KilnProfile *p, uint32_t type, uint32_t zoom,
                                uint32_t node);

/* Towards the root; KILN_NO_NODE at the root. */
uint32_t kiln_flame_nav_parent(const KilnProfile *p, uint32_t node);

/* Towards the leaves: for an ancestor of zoom, the next node on the path
 * to zoom; otherwise the child with the largest value (first on ties).
 * KILN_NO_NODE for a leaf. */
uint32_t kiln_flame_nav_child(const KilnProfile *p, uint32_t type, uint32_t zoom, uint32_t node);

/* The next (dir > 0) or previous (dir < 0) sibling with a value, in drawing
 * order (left to right). KILN_NO_NODE at either end, and for zoom and its
 * ancestors, whose siblings are not drawn. */
uint32_t kiln_flame_nav_sibling(const KilnProfile *p, uint32_t type, uint32_t zoom,
                                uint32_t node, int dir);

G_END_DECLS
