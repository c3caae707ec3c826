/* kiln-legend.h — KilnLegend: what the flame graph's colours mean (by
 * function or module, kernel, JIT, inlined, no symbols, search matches),
 * with swatches painted from render/kiln-palette.c in the current palette
 * and light or dark variant. Shown in the header bar's Colours popover. */
#pragma once

#include <gtk/gtk.h>

#include "render/kiln-palette.h"

G_BEGIN_DECLS

#define KILN_TYPE_LEGEND (kiln_legend_get_type())
G_DECLARE_FINAL_TYPE(KilnLegend, kiln_legend, KILN, LEGEND, GtkBox)

GtkWidget *kiln_legend_new(void);
void kiln_legend_set_palette(KilnLegend *self, KilnPaletteKind palette);
void kiln_legend_set_dark(KilnLegend *self, gboolean dark);
/* The legend's lines as text, one per row (for tests). */
char *kiln_legend_get_text(KilnLegend *self);

G_END_DECLS
