/* kiln-palette.h — KilnPalette: frame colours.
 *
 * Colours come from a stable hash of the function name (or of its module /
 * package), so the same function has the same colour in every file and
 * every session. Dark variants keep the hue and lower the lightness; text
 * colour is chosen from the background's luminance so labels stay legible.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/kiln-profile.h"

typedef enum {
    KILN_PALETTE_HOT,    /* flamegraph.pl's warm reds/oranges, by name */
    KILN_PALETTE_MODULE, /* a hue per module or package */
    KILN_PALETTE_BLUE,   /* cool blues, by name (good for icicles/memory) */
} KilnPaletteKind;

typedef struct {
    double r, g, b;
} KilnRgb;

KilnRgb kiln_palette_frame_color(const KilnProfile *profile, uint32_t frame, KilnPaletteKind kind,
                                 bool dark);
/* Red for growth, blue for shrinkage, white-ish for unchanged; `delta` is
 * (after - before) relative to the largest change, in [-1, 1]. */
KilnRgb kiln_palette_diff_color(double delta, bool dark);
KilnRgb kiln_palette_text_color(KilnRgb background);
double kiln_palette_luminance(KilnRgb c);

/* The "package" a name belongs to, for KILN_PALETTE_MODULE when the frame
 * has no module: "net/http.(*Server).Serve" → "net/http", "std::vec::Vec"
 * → "std::vec", "java/lang/Thread::run" → "java/lang". Returns a length. */
size_t kiln_palette_package_len(const char *name);

KilnPaletteKind kiln_palette_from_string(const char *s, bool *ok);
