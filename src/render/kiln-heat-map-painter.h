/* kiln-heat-map-painter.h — draws a KilnHeatMap with Cairo: the cells, the
 * axes (seconds along x, the offset within the second down y), a legend,
 * and optionally a hovered cell and a selected range. The app's heat map
 * widget and `kiln-cli heatmap --to png|svg` both paint through here.
 *
 * Colours come from one perceptually ordered ramp (dark violet through
 * red and orange to pale yellow, lightness rising evenly). More samples
 * always means more contrast against the background: on a light
 * background the ramp runs pale to dark, on a dark one dark to pale.
 * Empty cells are the plot's background, so "no samples" is never
 * confused with "few".
 */
#pragma once

#include <cairo.h>
#include <stdio.h>

#include "analysis/kiln-heat-map.h"
#include "render/kiln-palette.h"
#include "render/kiln-render-error.h"

G_BEGIN_DECLS

typedef struct {
    bool dark;
    bool by_value;     /* colour by the sum of `type`, not by sample count */
    uint32_t type;     /* with by_value */
    const char *unit;  /* with by_value: the type's unit, for the legend */
    const char *title; /* NULL: no title line */
    /* Hovered cell (outlined), or has_hover false. */
    bool has_hover;
    uint32_t hover_column, hover_row;
    /* Selected range [sel_start, sel_end) in ns since t0: the cells it
     * covers are outlined as one band; sel_end <= sel_start: none. */
    uint64_t sel_start, sel_end;
} KilnHeatMapStyle;

void kiln_heat_map_style_init(KilnHeatMapStyle *style);

/* Where the cells go in a width x height drawing. */
typedef struct {
    double plot_x, plot_y, plot_w, plot_h; /* the cell area */
    double cell_w, cell_h;
    uint32_t columns, rows;
} KilnHeatMapGeometry;

void kiln_heat_map_geometry(const KilnHeatMap *map, const KilnHeatMapStyle *style, double width,
                            double height, KilnHeatMapGeometry *geometry);
/* The cell under (x, y); false outside the cells. With clamp, a point
 * outside maps to the nearest cell (dragging past the edge). */
bool kiln_heat_map_hit(const KilnHeatMapGeometry *geometry, double x, double y, bool clamp,
                       uint32_t *column, uint32_t *row);

/* fraction in [0, 1] of the largest cell; 0 is the ramp's first step, not
 * the background (callers paint empty cells themselves). */
KilnRgb kiln_heat_map_color(double fraction, bool dark);

/* Paints everything, background included, at (0, 0). */
void kiln_heat_map_paint(cairo_t *cr, const KilnHeatMap *map, const KilnHeatMapStyle *style,
                         double width, double height);

typedef enum {
    KILN_HEAT_MAP_IMAGE_PNG,
    KILN_HEAT_MAP_IMAGE_SVG,
} KilnHeatMapImageFormat;

/* The map as a PNG or SVG of width x height pixels (0: a size fitting the
 * columns and rows). */
gboolean kiln_heat_map_export(const KilnHeatMap *map, const KilnHeatMapStyle *style,
                              KilnHeatMapImageFormat format, int width, int height, FILE *out,
                              GError **error);

G_END_DECLS
