/* kiln-perf-script-types.h — KilnPerfScriptTypes: one sample type per
 * event of a `perf script` text, as for a perf.data.
 *
 * The builder needs its sample types before the first sample, and an
 * event may first appear anywhere, so the text is scanned once for the
 * names on its event lines first (a line-by-line memchr pass that parses
 * only lines that can be event lines). Each event gets a type named
 * without perf's modifiers ("cpu-clock:pppH" -> "cpu-clock"), in the
 * order the events first appear, after "samples" (every event line, whatever
 * its event); cpu-clock and task-clock periods are nanoseconds, other
 * events' count. Event lines without a name share one type, "period". At
 * most KILN_PERF_SCRIPT_MAX_TYPES events get a type; samples of the others
 * count in "samples" only.
 */
#pragma once

#include "core/kiln-builder.h"

G_BEGIN_DECLS

#define KILN_PERF_SCRIPT_MAX_TYPES 64

typedef struct {
    GHashTable *columns; /* event name as written -> sample type + 1 */
    uint32_t n_types;
    uint32_t first;    /* the first event's type: the default */
    guint64 n_untyped; /* distinct events past the limit */
    GString *names;    /* "cycles:u, instructions" for the Events property */
} KilnPerfScriptTypes;

/* Scans data for its events and declares their types in b. */
void kiln_perf_script_types_init(KilnPerfScriptTypes *t, KilnBuilder *b, const guint8 *data,
                                 gsize len);
void kiln_perf_script_types_clear(KilnPerfScriptTypes *t);

/* The sample type of event `event` (len bytes, NULL for none); 0 =
 * "samples" only. */
uint32_t kiln_perf_script_types_of(const KilnPerfScriptTypes *t, const char *event, gsize len);

/* "cpu-clock:pppH" -> "cpu-clock", "cycles:u" -> "cycles";
 * "sched:sched_switch" stays (what follows its ':' is no modifier list).
 * Returns the length of the kept prefix. */
gsize kiln_perf_script_types_base_len(const char *event, gsize len);

G_END_DECLS
