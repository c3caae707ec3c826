/* kiln-perf-queue.h — KilnPerfQueue: perf's time ordering of records.
 *
 * perf record writes each CPU's buffer in turn, so a COMM or MMAP can sit
 * in the file after samples that happened later on another CPU. Like
 * perf's ordered_events, records are queued with their timestamp and, at
 * each FINISHED_ROUND, those up to the newest time seen before the
 * previous round are handed on in time order (equal times in file order);
 * the rest wait for the next round. Records are copied in, so the source
 * (a mapped file page, a decompression buffer) may go away.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* `tag` is what was pushed with the record (the session's attr index). */
typedef gboolean (*KilnPerfQueueFunc)(gpointer user, const guint8 *rec, gsize size, uint32_t tag,
                                      GError **error);

typedef struct {
    GArray *entries; /* Entry, see the .c */
    GByteArray *arena;
    uint64_t next_flush;
    uint64_t max_time;
    uint64_t seq;
} KilnPerfQueue;

void kiln_perf_queue_init(KilnPerfQueue *q);
void kiln_perf_queue_clear(KilnPerfQueue *q);
void kiln_perf_queue_push(KilnPerfQueue *q, uint64_t time, const guint8 *rec, gsize size,
                          uint32_t tag);
/* FINISHED_ROUND. */
gboolean kiln_perf_queue_round(KilnPerfQueue *q, KilnPerfQueueFunc fn, gpointer user,
                               GError **error);
/* Memory bound: when the queued records pass `limit` bytes (a recording
 * without FINISHED_ROUND, or a huge round), the older half is handed on,
 * as perf does when its queue is full. */
gboolean kiln_perf_queue_bound(KilnPerfQueue *q, gsize limit, KilnPerfQueueFunc fn, gpointer user,
                               GError **error);
/* End of input: everything left, in order. */
gboolean kiln_perf_queue_flush_all(KilnPerfQueue *q, KilnPerfQueueFunc fn, gpointer user,
                                   GError **error);

G_END_DECLS
