/* kiln-heat-map-view.h — KilnHeatMapView, FlameScope's heat map as a
 * widget: the whole recording's KilnHeatMap drawn by the render painter,
 * the hovered cell's time span and count in a tooltip, and a range chosen
 * by dragging from one cell to another (start cell to end cell, across
 * columns) or from the keyboard (arrows move, Shift+arrows extend, Enter
 * chooses, Escape clears).
 *
 * The view shows and picks ranges; what a range does (a transform on the
 * document) is the page's business: it listens to "range-selected" and
 * "range-cleared" and calls set_selection() to show the range in force.
 * Times in the API are absolute nanoseconds, as the profile stores them.
 */
#pragma once

#include <gtk/gtk.h>

#include "analysis/kiln-heat-map.h"

G_BEGIN_DECLS

#define KILN_TYPE_HEAT_MAP_VIEW (kiln_heat_map_view_get_type())
G_DECLARE_FINAL_TYPE(KilnHeatMapView, kiln_heat_map_view, KILN, HEAT_MAP_VIEW, GtkWidget)

GtkWidget *kiln_heat_map_view_new(void);

/* The profile whose samples to map (the loaded one, not a derived one:
 * the map keeps showing the whole recording while a range is chosen).
 * FALSE, and nothing drawn, when it has no sample times. */
gboolean kiln_heat_map_view_set_profile(KilnHeatMapView *self, KilnProfile *profile);
/* NULL until a profile with sample times is set. */
const KilnHeatMap *kiln_heat_map_view_get_map(KilnHeatMapView *self);

void kiln_heat_map_view_set_rows(KilnHeatMapView *self, guint rows);
/* Map only thread `tid`'s samples (one_thread FALSE: all threads). */
void kiln_heat_map_view_set_thread(KilnHeatMapView *self, gboolean one_thread, guint32 tid);

/* The range in force, [start, end) in absolute ns; end <= start: none. */
void kiln_heat_map_view_set_selection(KilnHeatMapView *self, guint64 start, guint64 end);

/* Where the centre of a cell is drawn, in widget coordinates (tests, and
 * the keyboard cursor's tooltip). FALSE without a map. */
gboolean kiln_heat_map_view_cell_center(KilnHeatMapView *self, guint column, guint row, double *x,
                                        double *y);
/* A drag from (x0, y0) to (x1, y1) through the same steps as the pointer's
 * (tests); FALSE when it does not start on a cell. */
gboolean kiln_heat_map_view_drag(KilnHeatMapView *self, double x0, double y0, double x1, double y1);
/* The tooltip text for a cell: its time span and count. */
char *kiln_heat_map_view_describe_cell(KilnHeatMapView *self, guint column, guint row);

G_END_DECLS
