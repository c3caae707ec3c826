/* kiln-image-export.h — a whole flame graph as a PNG, SVG or PDF file:
 * PNG and PDF painted by the same cairo code as the app's widget, SVG
 * written as text with a <title> per box (kiln-svg-writer.h). */
#pragma once

#include <stdio.h>

#include "render/kiln-flame-painter.h"
#include "render/kiln-render-error.h"

G_BEGIN_DECLS

typedef enum {
    KILN_IMAGE_PNG,
    KILN_IMAGE_SVG,
    KILN_IMAGE_PDF,
} KilnImageFormat;

typedef struct {
    KilnImageFormat format;
    uint32_t type;
    int width;  /* pixels (points for PDF) */
    int height; /* 0: as tall as the graph needs */
    bool icicle;
    bool dark;
    KilnPaletteKind palette;
    /* Highlighted stacks, found by the caller (render draws, it does not
     * search): per node 1 when it matches, as KilnSearch.node_match. */
    const guint8 *highlight; /* NULL: nothing highlighted */
    double highlight_value;  /* value of the matching stacks under the root */
    const char *search;      /* the pattern, named in the header with highlight */
    const char *title;       /* NULL: "Flame Graph" / "Icicle Graph" */
    int diff_base_type;      /* >= 0: differential colouring against it */
} KilnImageOptions;

void kiln_image_options_init(KilnImageOptions *options);

gboolean kiln_image_export(const KilnProfile *profile, const KilnImageOptions *options, FILE *out,
                           GError **error);

G_END_DECLS
