/* kiln-perf-session.h — KilnPerfSession: what happens to each record.
 *
 * Header records of pipe mode (HEADER_ATTR, HEADER_FEATURE) update the
 * KilnPerfHeader; FINISHED_ROUND releases the time-ordered queue; COMM,
 * FORK, MMAP and MMAP2 update the KilnPerfMachine; samples go to the
 * KilnPerfStacks; LOST, LOST_SAMPLES and THROTTLE are counted. As in perf,
 * records are time-ordered only when the events carry sample_id_all and a
 * timestamp; otherwise file order is all there is.
 */
#pragma once

#include "formats/kiln-importer.h"
#include "kiln-perf-header.h"
#include "kiln-perf-machine.h"
#include "kiln-perf-queue.h"
#include "kiln-perf-resolver.h"
#include "kiln-perf-stacks.h"

G_BEGIN_DECLS

typedef struct {
    KilnImportContext *ctx;
    KilnPerfHeader *h;
    KilnPerfMachine *m;
    KilnPerfResolver *resolver;
    KilnPerfStacks *stacks;
    KilnPerfQueue queue;
    GHashTable *build_ids; /* filename -> KilnPerfBuildId* (borrowed from h) */
    gboolean attrs_final;
    gboolean ordered;
    uint64_t n_samples, n_bad_samples, n_lost_events, n_lost, n_lost_samples, n_throttle;
    uint64_t n_mmaps, n_comms;
    const char *first_bad;
} KilnPerfSession;

void kiln_perf_session_init(KilnPerfSession *s, KilnImportContext *ctx, KilnPerfHeader *h);
void kiln_perf_session_clear(KilnPerfSession *s);

/* A KilnPerfRecordFunc: takes every record from the reader. */
gboolean kiln_perf_session_record(gpointer session, const guint8 *rec, gsize size,
                                  GError **error);
/* End of input: delivers what is still queued. */
gboolean kiln_perf_session_finish(KilnPerfSession *s, GError **error);

G_END_DECLS
