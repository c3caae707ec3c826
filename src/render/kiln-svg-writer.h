/* kiln-svg-writer.h — KilnSvgWriter: a laid-out flame graph as an SVG
 * document with real text, written from the layout rather than through
 * cairo.
 *
 * Every laid-out box becomes a <g> holding a <title> ("main (1,234 samples,
 * 45.67%)"), a <rect> in the palette colour and, when a label fits, a
 * <text> elided the way the bitmap painter elides. A small embedded script
 * (no external resources) adds click-to-zoom, Ctrl+F / Search with the
 * matched share, and hover details in a status line; without it (image
 * viewers, converters) the file still shows the whole graph.
 *
 * Culled boxes (narrower than the layout's min_width) are not written, so
 * the file's size follows what can be seen, not the size of the tree.
 */
#pragma once

#include <stdio.h>

#include "render/kiln-flame-layout.h"
#include "render/kiln-flame-painter.h"

G_BEGIN_DECLS

typedef struct {
    /* Palette, dark, icicle, row height, font size, diff base type and the
     * per-node search matches (style.highlight) as the painter takes them;
     * selected, hovered and y_offset are ignored. */
    KilnFlameStyle style;
    int width;          /* of the document; the graph is width - 2 * margin */
    int height;         /* 0: as tall as the graph needs; else rows that do not fit are left out */
    double margin;      /* left and right of the graph */
    const char *title;  /* NULL: "Flame Graph" / "Icicle Graph" */
    const char *search; /* the pattern behind style.highlight, for the "Matched:" line */
} KilnSvgWriter;

void kiln_svg_writer_init(KilnSvgWriter *writer);

/* The document for `layout`, a whole-width layout (kiln_flame_layout_new(),
 * `width - 2 * margin` wide, zoomed or not). Fails only when `out` does. */
gboolean kiln_svg_writer_write(const KilnSvgWriter *writer, const KilnFlameLayout *layout,
                               FILE *out, GError **error);

/* Height of the document for `layout` when writer->height is 0. */
int kiln_svg_writer_natural_height(const KilnSvgWriter *writer, const KilnFlameLayout *layout);

/* Appends `text` to `out` escaped for XML character data and attribute
 * values: & < > " ' as entities, control characters as their visible
 * stand-ins (U+2400…), invalid UTF-8 and characters XML forbids as U+FFFD. */
void kiln_svg_append_escaped(GString *out, const char *text, gssize len);

/* The label that fits a box `box_width` pixels wide at `font_size`, elided
 * with "…" (as the painter does: at least three characters, else none);
 * FALSE when none fits. Widths are estimated for a monospace font, wide
 * (East Asian) characters counting double; the embedded script uses the
 * same estimate when it relabels zoomed boxes. */
gboolean kiln_svg_fit_label(const char *name, double box_width, double font_size, GString *out);

G_END_DECLS
