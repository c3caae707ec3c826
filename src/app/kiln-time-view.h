/* kiln-time-view.h — KilnTimeView, the profile page's "Time" view: the
 * heat map over the per-thread timeline, with the heat map's rows and
 * thread chosen above them; for a profile without sample times, a status
 * page saying so and why, in place of both.
 *
 * A range picked in either view is shown in both and forwarded as
 * "range-selected" (absolute ns) for the page to turn into a transform;
 * "range-cleared" likewise. set_selection() shows the range in force.
 * Choosing one thread for the heat map emits "thread-changed" (TRUE and
 * its tid, or FALSE for all threads), for the page to filter by it too.
 */
#pragma once

#include <gtk/gtk.h>

#include "core/kiln-profile.h"
#include "kiln-heat-map-view.h"
#include "kiln-timeline-view.h"

G_BEGIN_DECLS

#define KILN_TYPE_TIME_VIEW (kiln_time_view_get_type())
G_DECLARE_FINAL_TYPE(KilnTimeView, kiln_time_view, KILN, TIME_VIEW, GtkWidget)

GtkWidget *kiln_time_view_new(void);

/* The whole recording (the loaded profile, not a derived one). */
void kiln_time_view_set_profile(KilnTimeView *self, KilnProfile *profile);
gboolean kiln_time_view_has_times(KilnTimeView *self);
void kiln_time_view_set_selection(KilnTimeView *self, guint64 start, guint64 end);

/* Chooses the heat map's thread (emits "thread-changed" when it changes);
 * the label of the thread's lane, or NULL, in *label. */
void kiln_time_view_set_thread(KilnTimeView *self, gboolean one_thread, guint32 tid);
const char *kiln_time_view_get_thread_label(KilnTimeView *self, guint32 tid);

KilnHeatMapView *kiln_time_view_get_heat_map(KilnTimeView *self);
KilnTimelineView *kiln_time_view_get_timeline(KilnTimeView *self);

G_END_DECLS
