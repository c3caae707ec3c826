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

/* Delivers the entries with time <= limit (at most max_count of them) and
 * keeps the others, packed into a fresh arena so memory stays bounded by
 * about one round. */
static gboolean flush(KilnPerfQueue *q, uint64_t limit, guint max_count, KilnPerfQueueFunc fn,
                      gpointer user, GError **error)
{
    GArray *e = q->entries;
    if (e->len == 0)
        return TRUE;
    g_array_sort(e, cmp_entry);
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
