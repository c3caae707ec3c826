/* kiln-perf-session.h — KilnPerfSession: the perf event model's front door.
 *
 * Kernel records go in (a byte buffer and the event it belongs to), in
 * the order a perf.data file or the ring buffers hold them; samples come
 * out in time order with resolved stacks, into a KilnBuilder. COMM, FORK,
 * MMAP and MMAP2 update the KilnPerfMachine; samples go to the
 * KilnPerfStacks; LOST, LOST_SAMPLES and THROTTLE are counted. As in perf,
 * records are time-ordered only when the events carry sample_id_all and a
 * timestamp; otherwise arrival order is all there is. What a record is
 * depends only on the KilnPerfOptions, never on where it came from.
 */
#pragma once

#include "core/kiln-builder.h"
#include "kiln-perf-machine.h"
#include "kiln-perf-options.h"
#include "kiln-perf-queue.h"
#include "kiln-perf-resolver.h"
#include "kiln-perf-stacks.h"

G_BEGIN_DECLS

/* For kiln_perf_session_record: find the event from the record's id. */
#define KILN_PERF_ATTR_FROM_ID UINT32_MAX

typedef struct {
    KilnBuilder *builder;
    const KilnPerfOptions *o;
    KilnPerfMachine *m;
    KilnPerfResolver *resolver; /* NULL with no_symbols */
    KilnPerfStacks *stacks;
    KilnPerfQueue queue;
    gboolean started; /* a kernel record arrived: the events are final */
    gboolean ordered;
    /* What happened, for the reader's report. */
    uint64_t n_samples, n_bad_samples, n_lost_events, n_lost, n_lost_samples, n_throttle;
    uint64_t n_mmaps, n_comms;
    const char *first_bad; /* N_() text: the part of the first bad record cut off */
} KilnPerfSession;

void kiln_perf_session_init(KilnPerfSession *s, KilnBuilder *b, const KilnPerfOptions *o);
void kiln_perf_session_clear(KilnPerfSession *s);

/* One kernel record (type < PERF_RECORD_USER_TYPE_START) of event `attr`
 * (an index into o->events, or KILN_PERF_ATTR_FROM_ID). Queued when the
 * recording is time-ordered; FALSE only when delivery fails (*error). */
gboolean kiln_perf_session_record(KilnPerfSession *s, const guint8 *rec, gsize size, uint32_t attr,
                                  GError **error);
/* The end of a round of buffers (perf's FINISHED_ROUND): records older
 * than the previous round's newest are delivered. */
gboolean kiln_perf_session_round(KilnPerfSession *s, GError **error);
/* End of input: delivers what is still queued, settles the sample types. */
gboolean kiln_perf_session_finish(KilnPerfSession *s, GError **error);

G_END_DECLS
