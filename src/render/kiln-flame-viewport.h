/* kiln-flame-viewport.h — a flame layout seen through a horizontal
 * viewport: the zoomed node spans `width * scale` pixels and only the
 * window [offset, offset + width) of it is laid out.
 *
 * The app's continuous zoom (Ctrl+wheel) and horizontal pan use this, so
 * the cost of a frame follows what is on screen, not the magnification:
 * subtrees entirely left or right of the window are skipped with one jump,
 * exactly like subtrees narrower than min_width. Rectangles come back in
 * view coordinates, clipped to [0, width), in the same KilnFlameLayout
 * the painter and the hit-testing already take.
 */
#pragma once

#include "render/kiln-flame-layout.h"

G_BEGIN_DECLS

/* scale >= 1; offset is clamped to [0, width * (scale - 1)]. Free the
 * result with kiln_flame_layout_free(). */
KilnFlameLayout *kiln_flame_layout_new_viewport(const KilnProfile *profile, uint32_t type,
                                                uint32_t zoom, double width, double scale,
                                                double offset, double min_width);

/* The largest valid offset for a viewport of this width and scale. */
double kiln_flame_viewport_max_offset(double width, double scale);

/* The offset that keeps the content point under view x `anchor` in place
 * when the scale changes from `old_scale` to `new_scale`. */
double kiln_flame_viewport_zoom_offset(double width, double old_scale, double old_offset,
                                       double new_scale, double anchor);

/* Horizontal extent [*x, *x + *w) of `node` in content coordinates
 * (0 … width * scale) of a viewport on `zoom`; FALSE when the node is not
 * drawn under zoom (outside its subtree and not one of its ancestors). */
gboolean kiln_flame_viewport_node_extent(const KilnProfile *profile, uint32_t type, uint32_t zoom,
                                         double content_width, uint32_t node, double *x,
                                         double *w);

G_END_DECLS
