/* kiln-perf-queue.c — KilnPerfQueue: ordered delivery per round. */
#include "kiln-perf-queue.h"

#include <string.h>

typedef struct {
    uint64_t time;
    uint64_t seq;
    gsize offset; /* in arena */
    uint32_t size;
    uint32_t tag;
} Entry;

void kiln_perf_queue_init(KilnPerfQueue *q)
{
    memset(q, 0, sizeof *q);
    q->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
    q->arena = g_byte_array_new();
}

void kiln_perf_queue_clear(KilnPerfQueue *q)
{
    g_array_unref(q->entries);
    g_byte_array_unref(q->arena);
    q->entries = NULL;
    q->arena = NULL;
}

void kiln_perf_queue_push(KilnPerfQueue *q, uint64_t time, const guint8 *rec, gsize size,
                          uint32_t tag)
{
    /* Records are at most 64 KiB (a u16 size). */
    Entry e = {time, q->seq++, q->arena->len, (uint32_t)size, tag};
    g_byte_array_append(q->arena, rec, (guint)size);
    g_array_append_val(q->entries, e);
    if (time > q->max_time)
        q->max_time = time;
}

static int cmp_entry(gconstpointer a, gconstpointer b)
{
    const Entry *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts by (time, seq). A round holds one time-ordered run per CPU
 * buffer (and the sorted leftovers of the last round), so a merge of the
 * natural runs costs O(n log runs), and an already ordered round nothing;
 * qsort cost a tenth of a whole perf.data import. */
static void sort_entries(GArray *e)
{
    guint n = e->len;
    Entry *a = (Entry *)e->data;
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(guint));
    guint zero = 0;
    g_array_append_val(runs, zero);
    for (guint i = 1; i < n; i++)
        if (cmp_entry(&a[i - 1], &a[i]) > 0)
            g_array_append_val(runs, i);
    if (runs->len > 1) {
        Entry *tmp = g_new(Entry, n), *from = a, *to = tmp;
        g_array_append_val(runs, n); /* the end of the last run */
        while (runs->len > 2) {
            guint *r = (guint *)runs->data, out = 0;
            for (guint k = 0; k + 1 < runs->len; k += 2) {
                guint lo = r[k], mid = r[k + 1], hi = k + 2 < runs->len ? r[k + 2] : mid;
                guint i = lo, j = mid, o = lo;
                while (i < mid && j < hi)
                    to[o++] = cmp_entry(&from[j], &from[i]) < 0 ? from[j++] : from[i++];
                memcpy(to + o, from + i, (mid - i) * sizeof *to);
                o += mid - i;
                memcpy(to + o, from + j, (hi - j) * sizeof *to);
                r[out++] = lo;
                if (k + 2 >= runs->len)
                    break;
            }
            r[out++] = n;
            g_array_set_size(runs, out);
            Entry *t = from;
            from = to;
            to = t;
        }
        if (from != a)
            memcpy(a, from, n * sizeof *a);
        g_free(tmp);
    }
    g_array_unref(runs);
}

/* Delivers the entries with time <= limit (at most max_count of them) and
 * keeps the others, packed into a fresh arena so memory stays bounded by
 * about one round. */
static gboolean flush(KilnPerfQueue *q, uint64_t limit, guint max_count, KilnPerfQueueFunc fn,
                      gpointer user, GError **error)
{
    GArray *e = q->entries;
    if (e->len == 0)
        return TRUE;
    sort_entries(e);
    guint i = 0;
    for (; i < e->len && i < max_count; i++) {
        const Entry *x = &g_array_index(e, Entry, i);
        if (x->time > limit)
            break;
        if (!fn(user, q->arena->data + x->offset, x->size, x->tag, error))
            return FALSE;
    }
    if (i == e->len) {
        g_array_set_size(e, 0);
        g_byte_array_set_size(q->arena, 0);
        return TRUE;
    }
    GByteArray *keep = g_byte_array_new();
    guint out = 0;
    for (guint k = i; k < e->len; k++) {
        Entry x = g_array_index(e, Entry, k);
        g_byte_array_append(keep, q->arena->data + x.offset, (guint)x.size);
        x.offset = keep->len - x.size;
        g_array_index(e, Entry, out++) = x;
    }
    g_array_set_size(e, out);
    g_byte_array_unref(q->arena);
    q->arena = keep;
    return TRUE;
}

gboolean kiln_perf_queue_round(KilnPerfQueue *q, KilnPerfQueueFunc fn, gpointer user,
                               GError **error)
{
    if (!flush(q, q->next_flush, G_MAXUINT, fn, user, error))
        return FALSE;
    q->next_flush = q->max_time;
    return TRUE;
}

gboolean kiln_perf_queue_bound(KilnPerfQueue *q, gsize limit, KilnPerfQueueFunc fn, gpointer user,
                               GError **error)
{
    if (q->arena->len <= limit)
        return TRUE;
    return flush(q, UINT64_MAX, q->entries->len / 2, fn, user, error);
}

gboolean kiln_perf_queue_flush_all(KilnPerfQueue *q, KilnPerfQueueFunc fn, gpointer user,
                                   GError **error)
{
    return flush(q, UINT64_MAX, G_MAXUINT, fn, user, error);
}
