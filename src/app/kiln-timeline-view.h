/* kiln-timeline-view.h — KilnTimelineView, Hotspot-style per-thread
 * timelines: one lane per thread (its name and id), each pixel column
 * shaded by how many of the thread's samples fall in its time slice, a
 * time axis, zoom (Ctrl+scroll or +/−, 0 resets) and scrolling along
 * time, and a range chosen by dragging across the lanes.
 *
 * Built on the profile's KilnTimeIndex: every slice of every lane is one
 * O(log n) range count, so a redraw costs lanes × width lookups whatever
 * the recording's length. Like KilnHeatMapView it only shows and picks
 * ranges ("range-selected", "range-cleared"; absolute ns).
 */
#pragma once

#include <gtk/gtk.h>

#include "core/kiln-profile.h"

G_BEGIN_DECLS

#define KILN_TYPE_TIMELINE_VIEW (kiln_timeline_view_get_type())
G_DECLARE_FINAL_TYPE(KilnTimelineView, kiln_timeline_view, KILN, TIMELINE_VIEW, GtkWidget)

GtkWidget *kiln_timeline_view_new(void);

/* FALSE, and nothing drawn, when the profile has no sample times. */
gboolean kiln_timeline_view_set_profile(KilnTimelineView *self, KilnProfile *profile);
guint kiln_timeline_view_get_n_lanes(KilnTimelineView *self);
/* Lane i's thread id and label ("burst250 (8543)"); NULL past the end. */
const char *kiln_timeline_view_get_lane_label(KilnTimelineView *self, guint lane, guint32 *tid);

/* The visible window [start, end), absolute ns; zoom 1 shows everything. */
void kiln_timeline_view_set_zoom(KilnTimelineView *self, double zoom, guint64 centre);
double kiln_timeline_view_get_zoom(KilnTimelineView *self);

void kiln_timeline_view_set_selection(KilnTimelineView *self, guint64 start, guint64 end);
/* A drag from x0 to x1 through the pointer's steps (tests). */
gboolean kiln_timeline_view_drag(KilnTimelineView *self, double x0, double x1);
/* The x of absolute time t in widget coordinates (tests). */
double kiln_timeline_view_time_to_x(KilnTimelineView *self, guint64 t);

G_END_DECLS
