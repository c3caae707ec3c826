/* kiln-perf-events.h — KilnPerfEvents: the events of one recording and how
 * to tell which one a record belongs to.
 *
 * Each event is a KilnPerfAttr with the sample ids the kernel gave its
 * file descriptors. perf requires every event to put the id at the same
 * place, so the first attr decides where it sits: a word index from the
 * start of a sample, and one from the end of other records (their
 * sample_id trailer). Filled by the perf.data reader from the file header
 * (or pipe-mode HEADER_ATTR records) and by live capture from the
 * perf_event_attr it opened.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "kiln-perf-attr.h"

G_BEGIN_DECLS

typedef struct {
    gboolean swap;    /* the records' byte order differs from ours */
    GPtrArray *attrs; /* KilnPerfAttr*, owned */
    GHashTable *ids;  /* sample id (uint64 key) -> attr index + 1 */
    int id_pos;       /* word index of the id in a sample, -1 = none */
    int is_pos;       /* word index from the end of other records, -1 = none */
} KilnPerfEvents;

KilnPerfEvents *kiln_perf_events_new(void);
void kiln_perf_events_free(KilnPerfEvents *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnPerfEvents, kiln_perf_events_free)

/* Adds an attr (taking it) and its sample ids; returns its index. */
uint32_t kiln_perf_events_add(KilnPerfEvents *e, KilnPerfAttr *a, const uint64_t *ids, gsize n_ids);
void kiln_perf_events_add_id(KilnPerfEvents *e, uint64_t id, uint32_t attr_index);

/* Call once the attrs are known (again after more arrive): finds the id
 * positions and each attr's trailer size. Names are the caller's. */
void kiln_perf_events_finish(KilnPerfEvents *e);

/* The attr a record of `type` belongs to (0 when it does not say). */
uint32_t kiln_perf_events_attr_of(const KilnPerfEvents *e, uint32_t type, const guint8 *rec,
                                  gsize size);

static inline guint kiln_perf_events_count(const KilnPerfEvents *e)
{
    return e->attrs->len;
}

static inline const KilnPerfAttr *kiln_perf_events_attr(const KilnPerfEvents *e, uint32_t i)
{
    return g_ptr_array_index(e->attrs, i);
}

G_END_DECLS
