/* kiln-time-index.h — KilnTimeIndex, a profile's samples in time order.
 *
 * Built once from the per-sample table (KilnProfile.sample_*), read-only
 * after: the heat map, the timeline and "flame graph of this range" ask it
 * which samples fall in [t0, t1) and what they add up to. Lookups are binary
 * searches over the samples sorted by time (stable: equal times keep the
 * table's order), and value sums are differences of per-type prefix sums,
 * so any range costs O(log n), whatever its width. The same holds per
 * thread, over each thread's own time-ordered list.
 *
 * Sums are exact while they stay integers below 2^53 (counts, periods,
 * nanoseconds of real profiles); otherwise they carry the rounding of one
 * subtraction. Memory: 4 bytes per sample for each of the two orders and
 * 8 bytes per sample and type for each of the two prefix tables.
 *
 * A profile whose samples carry no times (pprof, folded) still gets an
 * index, with every time 0: has_times() says so, and views should not offer
 * time ranges then. Sample ids are the profile's row numbers (uint32_t: the
 * index refuses tables of 2^32 rows or more).
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "kiln-profile.h"

G_BEGIN_DECLS

typedef struct _KilnTimeIndex KilnTimeIndex;

typedef struct {
    uint32_t thread;     /* the profile's sample_thread value (a tid); 0 when none */
    uint32_t n_samples;  /* rows of this thread */
    uint64_t first_time; /* its earliest and latest sample times (ns) */
    uint64_t last_time;
    const double *values; /* per type: the sum over its samples (owned by the index) */
} KilnTimeThread;

/* Indexes `profile`'s sample table (holding a reference to the profile).
 * O(n) when the rows are already in time order (perf importers), O(n log n)
 * otherwise. NULL with KILN_CORE_ERROR_TOO_LARGE past 2^32 - 1 rows. */
KilnTimeIndex *kiln_time_index_new(KilnProfile *profile, GError **error);
void kiln_time_index_free(KilnTimeIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnTimeIndex, kiln_time_index_free)

KilnProfile *kiln_time_index_profile(const KilnTimeIndex *index);
/* False when no sample has a time (all are 0): time ranges mean nothing. */
bool kiln_time_index_has_times(const KilnTimeIndex *index);
uint32_t kiln_time_index_n_samples(const KilnTimeIndex *index);
/* Earliest and latest sample time (0 and 0 without samples). */
uint64_t kiln_time_index_first_time(const KilnTimeIndex *index);
uint64_t kiln_time_index_last_time(const KilnTimeIndex *index);

/* All sample ids sorted by time (n_samples of them). */
const uint32_t *kiln_time_index_samples(const KilnTimeIndex *index);
/* The time of the sample at `position` in that order. */
uint64_t kiln_time_index_time_at(const KilnTimeIndex *index, uint32_t position);

/* The samples with t0 <= time < t1: returns how many, stores in *first
 * (may be NULL) their first position in kiln_time_index_samples(), and in
 * values (may be NULL; n_types entries) their per-type sums. An empty range
 * (t1 <= t0) has no samples; its *first is where t0 would go. */
uint32_t kiln_time_index_range(const KilnTimeIndex *index, uint64_t t0, uint64_t t1,
                               uint32_t *first, double *values);

/* Threads, sorted by thread id, with their counts and value sums. */
uint32_t kiln_time_index_n_threads(const KilnTimeIndex *index);
const KilnTimeThread *kiln_time_index_thread(const KilnTimeIndex *index, uint32_t i);
/* The index i of thread id `thread`, or UINT32_MAX when it has no samples. */
uint32_t kiln_time_index_find_thread(const KilnTimeIndex *index, uint32_t thread);
/* Thread i's sample ids sorted by time (*n of them). */
const uint32_t *kiln_time_index_thread_samples(const KilnTimeIndex *index, uint32_t i, uint32_t *n);
/* As kiln_time_index_range(), within thread i; *first is a position in
 * kiln_time_index_thread_samples(index, i). */
uint32_t kiln_time_index_thread_range(const KilnTimeIndex *index, uint32_t i, uint64_t t0,
                                      uint64_t t1, uint32_t *first, double *values);

G_END_DECLS
