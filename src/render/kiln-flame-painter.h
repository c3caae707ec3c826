/* kiln-flame-painter.h — KilnFlameStyle and painting a laid-out flame
 * graph (root at the bottom) or icicle (root at the top) into any cairo_t:
 * the widget, a PNG, an SVG or a PDF surface. */
#pragma once

#include <cairo.h>
#include <stdbool.h>

#include "render/kiln-flame-layout.h"
#include "render/kiln-palette.h"

G_BEGIN_DECLS

typedef struct {
    KilnPaletteKind palette;
    bool dark;
    bool icicle;
    double row_height;
    double font_size;
    const char *font_family;
    const guint8 *highlight; /* per node: search matches, or NULL */
    uint32_t selected;       /* outlined node, or KILN_NO_NODE */
    uint32_t hovered;        /* lightened node, or KILN_NO_NODE */
    int diff_base_type;      /* >= 0: colour by change from this type */
    double y_offset;         /* vertical scroll, in pixels */
} KilnFlameStyle;

void kiln_flame_style_init(KilnFlameStyle *style);

/* Height of all laid-out rows. */
double kiln_flame_content_height(const KilnFlameLayout *layout, const KilnFlameStyle *style);
/* Top edge of `row` in a view `height` pixels tall. */
double kiln_flame_row_y(const KilnFlameLayout *layout, const KilnFlameStyle *style, double height,
                        uint32_t row);
/* Row under y, or -1. */
int kiln_flame_row_at(const KilnFlameLayout *layout, const KilnFlameStyle *style, double height,
                      double y);

/* Paints the frames (not the background) into [0, layout->width) ×
 * [0, height). Rows outside the view are skipped. */
void kiln_flame_paint(cairo_t *cr, const KilnFlameLayout *layout, const KilnFlameStyle *style,
                      double height);

/* A frame's fill as the painter draws it (before hover lightening): the
 * root's grey, the search highlight, red/blue change for a diff style, or
 * the palette colour. `diff_scale` comes from kiln_flame_diff_scale(). */
KilnRgb kiln_flame_frame_color(const KilnFlameLayout *layout, const KilnFlameStyle *style,
                               uint32_t node, double diff_scale);
/* The largest change over the laid-out frames, which maps to full red or
 * blue; 0 when the style does not colour by change. */
double kiln_flame_diff_scale(const KilnFlameLayout *layout, const KilnFlameStyle *style);
/* The fill of search matches. */
KilnRgb kiln_flame_highlight_color(bool dark);

/* Elides `text` to fit `max_width` pixels with the current font, writing
 * the result into `out`; FALSE when not even three characters fit. */
gboolean kiln_flame_elide(cairo_t *cr, const char *text, double max_width, GString *out);

G_END_DECLS
