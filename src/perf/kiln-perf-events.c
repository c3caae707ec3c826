/* kiln-perf-events.c — KilnPerfEvents: attrs, ids and id positions. */
#include "kiln-perf-events.h"

#include "kiln-perf-format.h"

static void attr_free(gpointer p)
{
    KilnPerfAttr *a = p;
    g_free(a->name);
    g_free(a);
}

KilnPerfEvents *kiln_perf_events_new(void)
{
    KilnPerfEvents *e = g_new0(KilnPerfEvents, 1);
    e->attrs = g_ptr_array_new_with_free_func(attr_free);
    e->ids = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    e->id_pos = -1;
    e->is_pos = -1;
    return e;
}

void kiln_perf_events_free(KilnPerfEvents *e)
{
    if (!e)
        return;
    g_ptr_array_unref(e->attrs);
    g_hash_table_unref(e->ids);
    g_free(e);
}

void kiln_perf_events_add_id(KilnPerfEvents *e, uint64_t id, uint32_t attr_index)
{
    gint64 *key = g_new(gint64, 1);
    *key = (gint64)id;
    g_hash_table_insert(e->ids, key, GUINT_TO_POINTER(attr_index + 1));
}

uint32_t kiln_perf_events_add(KilnPerfEvents *e, KilnPerfAttr *a, const uint64_t *ids, gsize n_ids)
{
    uint32_t idx = e->attrs->len;
    g_ptr_array_add(e->attrs, a);
    for (gsize i = 0; i < n_ids; i++)
        kiln_perf_events_add_id(e, ids[i], idx);
    return idx;
}

static uint32_t trailer_size(uint64_t st)
{
    uint32_t n = 0;
    n += (st & PERF_SAMPLE_TID) ? 8 : 0;
    n += (st & PERF_SAMPLE_TIME) ? 8 : 0;
    n += (st & PERF_SAMPLE_ID) ? 8 : 0;
    n += (st & PERF_SAMPLE_STREAM_ID) ? 8 : 0;
    n += (st & PERF_SAMPLE_CPU) ? 8 : 0;
    n += (st & PERF_SAMPLE_IDENTIFIER) ? 8 : 0;
    return n;
}

void kiln_perf_events_finish(KilnPerfEvents *e)
{
    e->id_pos = e->is_pos = -1;
    if (e->attrs->len == 0)
        return;
    /* The first attr decides, as in perf's evlist id_pos. */
    const KilnPerfAttr *a0 = g_ptr_array_index(e->attrs, 0);
    uint64_t st = a0->sample_type;
    if (st & PERF_SAMPLE_IDENTIFIER) {
        e->id_pos = 0;
        e->is_pos = 1;
    } else if (st & PERF_SAMPLE_ID) {
        int i = 0;
        i += (st & PERF_SAMPLE_IP) != 0;
        i += (st & PERF_SAMPLE_TID) != 0;
        i += (st & PERF_SAMPLE_TIME) != 0;
        i += (st & PERF_SAMPLE_ADDR) != 0;
        e->id_pos = i;
        int j = 1;
        j += (st & PERF_SAMPLE_CPU) != 0;
        j += (st & PERF_SAMPLE_STREAM_ID) != 0;
        e->is_pos = j;
    }
    for (guint i = 0; i < e->attrs->len; i++) {
        KilnPerfAttr *a = g_ptr_array_index(e->attrs, i);
        a->trailer_size =
            (a->flags & PERF_ATTR_FLAG_SAMPLE_ID_ALL) ? trailer_size(a->sample_type) : 0;
    }
}

uint32_t kiln_perf_events_attr_of(const KilnPerfEvents *e, uint32_t type, const guint8 *rec,
                                  gsize size)
{
    if (e->attrs->len <= 1)
        return 0;
    gint64 id;
    if (type == PERF_RECORD_SAMPLE) {
        if (e->id_pos < 0 || size < 8 + 8 * (gsize)(e->id_pos + 1))
            return 0;
        id = (gint64)kiln_perf_u64(rec + 8 + 8 * e->id_pos, e->swap);
    } else {
        const KilnPerfAttr *a0 = g_ptr_array_index(e->attrs, 0);
        if (e->is_pos < 0 || !a0->trailer_size || size < 8 + 8 * (gsize)e->is_pos)
            return 0;
        id = (gint64)kiln_perf_u64(rec + size - 8 * e->is_pos, e->swap);
    }
    guint v = GPOINTER_TO_UINT(g_hash_table_lookup(e->ids, &id));
    return v ? v - 1 : 0;
}
