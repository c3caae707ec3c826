/* kiln-time-chip.h — KilnTimeChip, the transform chip of a time range:
 * "Time 1.250 s – 2.500 s" with a button that clears it ("clear"). Shown
 * above the views while a range from the heat map or the timeline is in
 * force, so every view says it is showing part of the recording.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KILN_TYPE_TIME_CHIP (kiln_time_chip_get_type())
G_DECLARE_FINAL_TYPE(KilnTimeChip, kiln_time_chip, KILN, TIME_CHIP, GtkWidget)

GtkWidget *kiln_time_chip_new(void);
/* The range as offsets from the recording's first sample (ns). */
void kiln_time_chip_set_range(KilnTimeChip *self, guint64 start, guint64 end);
/* Any other text: the thread chip ("Thread burst50 (12)"). */
void kiln_time_chip_set_text(KilnTimeChip *self, const char *text);
const char *kiln_time_chip_get_text(KilnTimeChip *self);
/* What the close button does (tests). */
void kiln_time_chip_clear(KilnTimeChip *self);

G_END_DECLS
