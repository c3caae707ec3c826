/* kiln-time-index.c — samples sorted by time, prefix sums, per-thread lists.
 *
 * Everything is a flat array: the time order (sample ids), one prefix-sum
 * column per type over it, and the same per thread, where the threads'
 * lists are concatenated (each a counting-sort bucket of the time order, so
 * already time-sorted) and each thread's prefix column has one extra
 * leading zero.
 */
#include "kiln-time-index.h"
#include "kiln-core-error.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

struct _KilnTimeIndex {
    KilnProfile *profile;
    uint32_t n, nt;
    bool has_times;
    uint32_t *order; /* n sample ids, by time */
    double *prefix;  /* [t * (n + 1) + i]: sum of values of order[0 .. i) */

    uint32_t n_threads;
    KilnTimeThread *threads;
    double *thread_values;  /* [k * nt + t] */
    uint32_t *thread_start; /* n_threads + 1 offsets into by_thread */
    uint32_t *by_thread;    /* n sample ids, grouped by thread, by time in each */
    double *thread_prefix;  /* [t * (n + n_threads) + thread_start[k] + k + i] */
};

static inline uint64_t sample_time(const KilnProfile *p, uint32_t id)
{
    return p->sample_time ? p->sample_time[id] : 0;
}

/* A natural merge sort of ids (initially 0 .. n - 1) by time: the rows of a
 * perf recording are in time order or a few interleaved runs of it (one per
 * CPU buffer), which this sorts in O(n log runs). Merges take the left run
 * on equal times, and runs cover ascending id ranges, so equal times keep
 * the table's order. */
static void sort_by_time(const KilnProfile *p, uint32_t *ids, uint32_t n)
{
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    uint32_t zero = 0;
    g_array_append_val(runs, zero);
    for (uint32_t i = 1; i < n; i++)
        if (sample_time(p, ids[i]) < sample_time(p, ids[i - 1]))
            g_array_append_val(runs, i);
    if (runs->len > 1) {
        g_array_append_val(runs, n);
        uint32_t *src = ids, *dst = g_new(uint32_t, n), *spare = dst;
        uint32_t *starts = (uint32_t *)runs->data;
        uint32_t nr = runs->len - 1; /* starts[0 .. nr] */
        while (nr > 1) {
            uint32_t out = 0;
            for (uint32_t r = 0; r < nr; r += 2) {
                uint32_t lo = starts[r], mid = starts[MIN(r + 1, nr)], hi = starts[MIN(r + 2, nr)];
                uint32_t i = lo, j = mid, k = lo;
                while (i < mid && j < hi)
                    dst[k++] =
                        sample_time(p, src[j]) < sample_time(p, src[i]) ? src[j++] : src[i++];
                while (i < mid)
                    dst[k++] = src[i++];
                while (j < hi)
                    dst[k++] = src[j++];
                starts[out++] = lo;
            }
            starts[out] = n;
            nr = out;
            uint32_t *t = src;
            src = dst;
            dst = t;
        }
        if (src != ids)
            memcpy(ids, src, sizeof(uint32_t) * n);
        g_free(spare);
    }
    g_array_unref(runs);
}

/* Orders first-appearance numbers by the thread ids they stand for. */
static int cmp_tid(gconstpointer a, gconstpointer b, gpointer data)
{
    const uint32_t *tid = data;
    uint32_t x = tid[*(const uint32_t *)a], y = tid[*(const uint32_t *)b];
    return x < y ? -1 : x > y;
}

static int cmp_u32(gconstpointer a, gconstpointer b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Prefix sums of `ids`' values, one column of n + 1 per type, `stride`
 * apart. One pass over the rows, all types at once: a row's values are
 * adjacent, so each is read once. */
static void prefix_sums(const KilnProfile *p, uint32_t nt, const uint32_t *ids, uint32_t n,
                        double *out, size_t stride)
{
    double local[8];
    double *sum = nt <= G_N_ELEMENTS(local) ? local : g_new(double, nt);
    for (uint32_t t = 0; t < nt; t++) {
        sum[t] = 0;
        out[(size_t)t * stride] = 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        const double *row = p->sample_values + (size_t)ids[i] * nt;
        for (uint32_t t = 0; t < nt; t++) {
            sum[t] += row[t];
            out[(size_t)t * stride + i + 1] = sum[t];
        }
    }
    if (sum != local)
        g_free(sum);
}

static void index_threads(KilnTimeIndex *idx)
{
    const KilnProfile *p = idx->profile;
    uint32_t n = idx->n, nt = idx->nt;

    /* Each sample's thread, numbered by first appearance through a small
     * open-addressing table (samples of many threads interleave, so this
     * runs once per sample), then renumbered in thread id order. */
    uint32_t mask = 63, nth = 0;
    uint32_t *slot_tid = g_new(uint32_t, mask + 1);
    uint32_t *slot_k = g_new0(uint32_t, mask + 1); /* index + 1; 0 = empty */
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    uint32_t *of = g_new(uint32_t, n ? n : 1);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t th = p->sample_thread ? p->sample_thread[i] : 0;
        uint32_t j = (th * 0x9e3779b1u) & mask;
        while (slot_k[j] && slot_tid[j] != th)
            j = (j + 1) & mask;
        if (!slot_k[j]) {
            slot_tid[j] = th;
            slot_k[j] = ++nth;
            g_array_append_val(ids, th);
            if (nth * 2 > mask) {
                uint32_t m2 = mask * 2 + 1;
                uint32_t *t2 = g_new(uint32_t, m2 + 1), *k2 = g_new0(uint32_t, m2 + 1);
                for (uint32_t q = 0; q <= mask; q++) {
                    if (!slot_k[q])
                        continue;
                    uint32_t r = (slot_tid[q] * 0x9e3779b1u) & m2;
                    while (k2[r])
                        r = (r + 1) & m2;
                    t2[r] = slot_tid[q];
                    k2[r] = slot_k[q];
                }
                g_free(slot_tid);
                g_free(slot_k);
                slot_tid = t2;
                slot_k = k2;
                mask = m2;
            }
            of[i] = nth - 1;
        } else {
            of[i] = slot_k[j] - 1;
        }
    }
    g_free(slot_tid);
    g_free(slot_k);
    /* by_id[rank] = first-appearance number; renumber to the rank. */
    uint32_t *by_id = g_new(uint32_t, nth ? nth : 1);
    for (uint32_t k = 0; k < nth; k++)
        by_id[k] = k;
    g_qsort_with_data(by_id, (gint)nth, sizeof(uint32_t), cmp_tid, ids->data);
    uint32_t *rank_of = g_new(uint32_t, nth ? nth : 1);
    for (uint32_t k = 0; k < nth; k++)
        rank_of[by_id[k]] = k;
    for (uint32_t i = 0; i < n; i++)
        of[i] = rank_of[of[i]];
    g_array_sort(ids, cmp_u32);
    g_free(by_id);
    g_free(rank_of);

    /* Counting sort of the time order by thread: stable, so each thread's
     * list is in time order. */
    idx->n_threads = nth;
    idx->thread_start = g_new0(uint32_t, (size_t)nth + 1);
    for (uint32_t i = 0; i < n; i++)
        idx->thread_start[of[i] + 1]++;
    for (uint32_t k = 0; k < nth; k++)
        idx->thread_start[k + 1] += idx->thread_start[k];
    uint32_t *fill = g_memdup2(idx->thread_start, sizeof(uint32_t) * (nth ? nth : 1));
    idx->by_thread = g_new(uint32_t, n ? n : 1);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t id = idx->order[i];
        idx->by_thread[fill[of[id]]++] = id;
    }
    g_free(fill);
    g_free(of);

    size_t stride = (size_t)n + nth;
    idx->thread_prefix = g_new(double, MAX(stride * nt, (size_t)1));
    idx->threads = g_new0(KilnTimeThread, nth ? nth : 1);
    idx->thread_values = g_new0(double, MAX((size_t)nth * nt, (size_t)1));
    for (uint32_t k = 0; k < nth; k++) {
        uint32_t s = idx->thread_start[k], e = idx->thread_start[k + 1];
        const uint32_t *list = idx->by_thread + s;
        double *col = idx->thread_prefix + s + k;
        prefix_sums(p, nt, list, e - s, col, stride);
        KilnTimeThread *th = &idx->threads[k];
        th->thread = g_array_index(ids, uint32_t, k);
        th->n_samples = e - s;
        th->first_time = sample_time(p, list[0]);
        th->last_time = sample_time(p, list[e - s - 1]);
        th->values = idx->thread_values + (size_t)k * nt;
        for (uint32_t t = 0; t < nt; t++)
            idx->thread_values[(size_t)k * nt + t] = col[(size_t)t * stride + (e - s)];
    }
    g_array_unref(ids);
}

KilnTimeIndex *kiln_time_index_new(KilnProfile *profile, GError **error)
{
    if (profile->n_samples > UINT32_MAX - 1) {
        g_set_error(error, KILN_CORE_ERROR, KILN_CORE_ERROR_TOO_LARGE,
                    _("This profile has %" PRIu64 " samples, more than its time views can "
                      "index; its flame graph and tables are still complete"),
                    profile->n_samples);
        return NULL;
    }
    KilnTimeIndex *idx = g_new0(KilnTimeIndex, 1);
    idx->profile = kiln_profile_ref(profile);
    uint32_t n = (uint32_t)profile->n_samples;
    uint32_t nt = profile->n_types;
    idx->n = n;
    idx->nt = nt;

    idx->order = g_new(uint32_t, n ? n : 1);
    bool sorted = true;
    for (uint32_t i = 0; i < n; i++) {
        idx->order[i] = i;
        uint64_t t = sample_time(profile, i);
        idx->has_times |= t != 0;
        sorted &= !i || t >= sample_time(profile, i - 1);
    }
    if (!sorted)
        sort_by_time(profile, idx->order, n);

    size_t stride = (size_t)n + 1;
    idx->prefix = g_new(double, MAX(stride * nt, (size_t)1));
    prefix_sums(profile, nt, idx->order, n, idx->prefix, stride);
    index_threads(idx);
    return idx;
}

void kiln_time_index_free(KilnTimeIndex *idx)
{
    if (!idx)
        return;
    kiln_profile_unref(idx->profile);
    g_free(idx->order);
    g_free(idx->prefix);
    g_free(idx->threads);
    g_free(idx->thread_values);
    g_free(idx->thread_start);
    g_free(idx->by_thread);
    g_free(idx->thread_prefix);
    g_free(idx);
}

KilnProfile *kiln_time_index_profile(const KilnTimeIndex *idx)
{
    return idx->profile;
}

bool kiln_time_index_has_times(const KilnTimeIndex *idx)
{
    return idx->has_times;
}

uint32_t kiln_time_index_n_samples(const KilnTimeIndex *idx)
{
    return idx->n;
}

uint64_t kiln_time_index_first_time(const KilnTimeIndex *idx)
{
    return idx->n ? sample_time(idx->profile, idx->order[0]) : 0;
}

uint64_t kiln_time_index_last_time(const KilnTimeIndex *idx)
{
    return idx->n ? sample_time(idx->profile, idx->order[idx->n - 1]) : 0;
}

const uint32_t *kiln_time_index_samples(const KilnTimeIndex *idx)
{
    return idx->order;
}

uint64_t kiln_time_index_time_at(const KilnTimeIndex *idx, uint32_t position)
{
    return position < idx->n ? sample_time(idx->profile, idx->order[position]) : 0;
}

/* The first position in ids[0 .. n) whose time is >= t. */
static uint32_t lower_bound(const KilnProfile *p, const uint32_t *ids, uint32_t n, uint64_t t)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (sample_time(p, ids[mid]) < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static uint32_t range_in(const KilnTimeIndex *idx, const uint32_t *ids, uint32_t n,
                         const double *prefix, size_t stride, uint64_t t0, uint64_t t1,
                         uint32_t *first, double *values)
{
    uint32_t a = lower_bound(idx->profile, ids, n, t0);
    uint32_t b = t1 > t0 ? a + lower_bound(idx->profile, ids + a, n - a, t1) : a;
    if (first)
        *first = a;
    for (uint32_t t = 0; values && t < idx->nt; t++)
        values[t] = b > a ? prefix[(size_t)t * stride + b] - prefix[(size_t)t * stride + a] : 0;
    return b - a;
}

uint32_t kiln_time_index_range(const KilnTimeIndex *idx, uint64_t t0, uint64_t t1, uint32_t *first,
                               double *values)
{
    return range_in(idx, idx->order, idx->n, idx->prefix, (size_t)idx->n + 1, t0, t1, first,
                    values);
}

uint32_t kiln_time_index_n_threads(const KilnTimeIndex *idx)
{
    return idx->n_threads;
}

const KilnTimeThread *kiln_time_index_thread(const KilnTimeIndex *idx, uint32_t i)
{
    g_return_val_if_fail(i < idx->n_threads, NULL);
    return &idx->threads[i];
}

uint32_t kiln_time_index_find_thread(const KilnTimeIndex *idx, uint32_t thread)
{
    uint32_t lo = 0, hi = idx->n_threads;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (idx->threads[mid].thread < thread)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < idx->n_threads && idx->threads[lo].thread == thread ? lo : UINT32_MAX;
}

const uint32_t *kiln_time_index_thread_samples(const KilnTimeIndex *idx, uint32_t i, uint32_t *n)
{
    g_return_val_if_fail(i < idx->n_threads, (*n = 0, NULL));
    *n = idx->thread_start[i + 1] - idx->thread_start[i];
    return idx->by_thread + idx->thread_start[i];
}

uint32_t kiln_time_index_thread_range(const KilnTimeIndex *idx, uint32_t i, uint64_t t0,
                                      uint64_t t1, uint32_t *first, double *values)
{
    g_return_val_if_fail(i < idx->n_threads, 0);
    uint32_t s = idx->thread_start[i];
    return range_in(idx, idx->by_thread + s, idx->thread_start[i + 1] - s,
                    idx->thread_prefix + s + i, (size_t)idx->n + idx->n_threads, t0, t1, first,
                    values);
}
