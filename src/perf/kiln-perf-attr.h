/* kiln-perf-attr.h — KilnPerfAttr: what the perf event model needs of one
 * perf_event_attr, and the names and units of its samples.
 *
 * The perf.data reader fills it from the file's attr section (or pipe-mode
 * HEADER_ATTR records); live capture fills it from the perf_event_attr it
 * opened. Only the layout-relevant fields and the event's name are kept.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct {
    uint32_t type;
    uint32_t size; /* attr.size as recorded (64 when the file says 0) */
    uint64_t config;
    uint64_t sample_period; /* or sample_freq, when the freq flag is set */
    uint64_t sample_type;
    uint64_t read_format;
    uint64_t flags;
    uint64_t branch_sample_type;
    uint64_t sample_regs_user;
    uint64_t sample_regs_intr;
    char *name; /* event name as perf prints it: "cpu-clock:pppH", "sched:sched_switch" */
    /* Bytes of the sample_id trailer that non-sample records carry when
     * sample_id_all is set; 0 otherwise. */
    uint32_t trailer_size;
} KilnPerfAttr;

/* The name perf gives an event that no EVENT_DESC names: "cycles",
 * "cpu-clock", "tracepoint-317", "raw-0x8-0x1a". Newly allocated. */
char *kiln_perf_attr_default_name(const KilnPerfAttr *a);

/* The event's name without perf's modifiers ("cpu-clock:pppH" ->
 * "cpu-clock", "cycles:u" -> "cycles", "sched:sched_switch" stays,
 * "cpu/cycles/u" -> "cpu/cycles/"). Newly allocated. */
char *kiln_perf_attr_base_name(const KilnPerfAttr *a);

/* TRUE for cpu-clock and task-clock, whose periods are nanoseconds. */
gboolean kiln_perf_attr_is_clock(const KilnPerfAttr *a);

/* The unit of the event's periods: "nanoseconds" for the clocks (when
 * the samples carry periods), else "count". */
const char *kiln_perf_attr_unit(const KilnPerfAttr *a);

G_END_DECLS
