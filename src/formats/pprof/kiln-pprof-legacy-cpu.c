/* kiln-pprof-legacy-cpu.c — KilnPprofLegacyCpu, see the header.
 *
 * pprof's parser adjusts the profile in three ways that change stacks, and
 * they are mirrored here: caller addresses are decremented by one (return
 * address → call instruction); a second frame shared by nearly every
 * sample (pushed by the signal handler) is removed, twice at most; a
 * caller that duplicates the leaf is removed. Locations have no symbols,
 * so frames are named "<mapping file>+0x<file offset>" from the maps text,
 * or by bare address, as the protobuf importer names line-less locations.
 */
#include "kiln-pprof-legacy-cpu.h"

#include <inttypes.h>
#include <string.h>

typedef struct {
    const guint8 *p, *end;
    guint width; /* 4 or 8 */
    gboolean big;
} Words;

static gboolean word(Words *w, uint64_t *out)
{
    if ((gsize)(w->end - w->p) < w->width)
        return FALSE;
    uint64_t v = 0;
    for (guint i = 0; i < w->width; i++) {
        guint b = w->big ? i : w->width - 1 - i;
        v = (v << 8) | w->p[b];
    }
    w->p += w->width;
    *out = v;
    return TRUE;
}

/* pprof tries 32-bit little, 32-bit big, 64-bit little, 64-bit big. */
static gboolean find_layout(const guint8 *data, gsize len, Words *out, uint64_t *period,
                            gboolean *java)
{
    static const struct {
        guint width;
        gboolean big;
    } layouts[] = {{4, FALSE}, {4, TRUE}, {8, FALSE}, {8, TRUE}};
    for (guint i = 0; i < G_N_ELEMENTS(layouts); i++) {
        Words w = {data, data + len, layouts[i].width, layouts[i].big};
        uint64_t h[5];
        gboolean ok = TRUE;
        for (guint k = 0; k < 5 && ok; k++)
            ok = word(&w, &h[k]);
        if (ok && h[0] == 0 && h[1] == 3 && (h[2] == 0 || h[2] == 1) && h[3] > 0 && h[4] == 0) {
            *out = w;
            *period = h[3];
            *java = h[2] == 1;
            return TRUE;
        }
    }
    return FALSE;
}

gboolean kiln_pprof_legacy_cpu_detect(const guint8 *data, gsize len)
{
    Words w;
    uint64_t period;
    gboolean java;
    return find_layout(data, len, &w, &period, &java) && !java;
}

typedef struct {
    uint64_t start, limit, offset;
    char *file; /* basename */
} Map;

/* Executable entries of /proc/self/maps text:
 * "start-limit perms offset dev inode [path]". */
static GArray *parse_maps(const guint8 *p, const guint8 *end)
{
    GArray *maps = g_array_new(FALSE, FALSE, sizeof(Map));
    while (p < end) {
        const guint8 *nl = memchr(p, '\n', (gsize)(end - p));
        const guint8 *le = nl ? nl : end;
        g_autofree char *line = g_strndup((const char *)p, (gsize)(le - p));
        p = nl ? nl + 1 : end;
        g_auto(GStrv) tok = g_strsplit_set(g_strstrip(line), " \t", -1);
        GPtrArray *f = g_ptr_array_new();
        for (char **t = tok; *t; t++)
            if (**t)
                g_ptr_array_add(f, *t);
        if (f->len >= 5 && strchr(f->pdata[0], '-') && strchr(f->pdata[1], 'x')) {
            char *dash = strchr(f->pdata[0], '-'), *e1, *e2, *e3;
            Map m = {0};
            m.start = g_ascii_strtoull(f->pdata[0], &e1, 16);
            m.limit = g_ascii_strtoull(dash + 1, &e2, 16);
            m.offset = g_ascii_strtoull(f->pdata[2], &e3, 16);
            if (e1 == dash && !*e2 && !*e3 && m.start < m.limit) {
                const char *file = f->len >= 6 ? f->pdata[5] : "";
                const char *slash = strrchr(file, '/');
                m.file = g_strdup(slash && slash[1] ? slash + 1 : file);
                g_array_append_val(maps, m);
            }
        }
        g_ptr_array_unref(f);
    }
    return maps;
}

static uint32_t frame_for(KilnBuilder *b, GArray *maps, GHashTable *cache, uint64_t addr)
{
    gpointer hit;
    if (g_hash_table_lookup_extended(cache, &addr, NULL, &hit))
        return GPOINTER_TO_UINT(hit);
    const Map *found = NULL;
    for (guint i = 0; i < maps->len && !found; i++) {
        const Map *m = &g_array_index(maps, Map, i);
        if (m->start <= addr && addr < m->limit)
            found = m;
    }
    /* pprof's workaround for mappings whose first part was not written. */
    for (guint i = 0; i < maps->len && !found; i++) {
        const Map *m = &g_array_index(maps, Map, i);
        if (m->offset && m->start - m->offset <= addr && addr < m->start)
            found = m;
    }
    char buf[300];
    if (found && *found->file)
        g_snprintf(buf, sizeof buf, "%s+0x%" PRIx64, found->file,
                   addr - found->start + found->offset);
    else
        g_snprintf(buf, sizeof buf, "0x%" PRIx64, addr);
    uint32_t module = found && *found->file ? kiln_builder_intern(b, found->file,
                                                                  strlen(found->file))
                                            : 0;
    uint32_t name = kiln_builder_intern_name(b, buf, strlen(buf));
    uint32_t f = kiln_builder_frame(b, name, module, 0, 0, KILN_FRAME_UNKNOWN);
    uint64_t *key = g_new(uint64_t, 1);
    *key = addr;
    g_hash_table_insert(cache, key, GUINT_TO_POINTER(f));
    return f;
}

typedef struct {
    uint64_t count;
    guint start, n; /* addresses in the pool, leaf first */
} Rec;

/* Removes entry 1 of every stack that has `addr` there. */
static void drop_second(GArray *recs, uint64_t *pool, uint64_t addr)
{
    for (guint i = 0; i < recs->len; i++) {
        Rec *r = &g_array_index(recs, Rec, i);
        if (r->n > 1 && pool[r->start + 1] == addr) {
            memmove(&pool[r->start + 1], &pool[r->start + 2], sizeof(uint64_t) * (r->n - 2));
            r->n--;
        }
    }
}

/* A second frame shared by all but 1/32 of the samples is the signal
 * handler's; pprof strips up to two such frames. */
static void strip_handler_frames(GArray *recs, uint64_t *pool)
{
    guint margin = recs->len / 32;
    for (int iter = 0; iter < 2; iter++) {
        GHashTable *counts = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, NULL);
        uint64_t found = 0;
        gboolean any = FALSE;
        for (guint i = 0; i < recs->len && !any; i++) {
            Rec *r = &g_array_index(recs, Rec, i);
            if (r->n < 2)
                continue;
            uint64_t *a = &pool[r->start + 1];
            guint c = GPOINTER_TO_UINT(g_hash_table_lookup(counts, a)) + 1;
            g_hash_table_insert(counts, a, GUINT_TO_POINTER(c));
            if (c >= recs->len - margin) {
                found = *a;
                any = TRUE;
            }
        }
        g_hash_table_unref(counts);
        if (!any)
            break;
        drop_second(recs, pool, found);
    }
}

gboolean kiln_pprof_legacy_cpu_import(KilnImportContext *ctx, GError **error)
{
    KilnBuilder *b = ctx->builder;
    Words w;
    uint64_t period_us;
    gboolean java;
    if (!find_layout(ctx->data, ctx->len, &w, &period_us, &java) || java) {
        g_set_error(error, KILN_ERROR, KILN_ERROR_UNSUPPORTED,
                    "%s is not a binary CPU profile Kiln reads", ctx->path ? ctx->path : "The input");
        return FALSE;
    }
    uint64_t period = period_us > G_MAXUINT64 / 1000 ? G_MAXUINT64 : period_us * 1000;
    GArray *recs = g_array_new(FALSE, FALSE, sizeof(Rec));
    GArray *pool = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    gboolean ended = FALSE;
    uint64_t count, n;
    while (word(&w, &count) && word(&w, &n)) {
        if (n > (uint64_t)(w.end - w.p) / w.width)
            break; /* runs past the data */
        Rec r = {count, pool->len, (guint)n};
        for (uint64_t i = 0; i < n; i++) {
            uint64_t a;
            word(&w, &a);
            if (i > 0)
                a--; /* a return address: point at the call */
            g_array_append_val(pool, a);
        }
        if (count == 0 && n == 1 && g_array_index(pool, uint64_t, r.start) == 0) {
            g_array_set_size(pool, r.start);
            ended = TRUE;
            break;
        }
        g_array_append_val(recs, r);
        if (!kiln_import_progress(ctx, (gsize)(w.p - ctx->data), error)) {
            g_array_unref(recs);
            g_array_unref(pool);
            return FALSE;
        }
    }
    if (!ended)
        kiln_builder_warn(b, "The CPU profile ends before its end-of-samples marker: showing the "
                          "%u samples before the cut", recs->len);
    uint64_t *addrs = (uint64_t *)(void *)pool->data;
    strip_handler_frames(recs, addrs);
    GArray *maps = parse_maps(w.p, w.end);

    kiln_builder_add_sample_type(b, "samples", "count");
    kiln_builder_add_sample_type(b, "cpu", "nanoseconds");
    kiln_builder_set_default_sample_type(b, 1);
    kiln_builder_set_property(b, "Period type", "cpu/nanoseconds");
    g_autofree char *pv = g_strdup_printf("%" G_GUINT64_FORMAT, period);
    kiln_builder_set_property(b, "Period", pv);
    kiln_builder_set_property(b, "Legacy format", "binary CPU profile");
    if (maps->len)
        kiln_builder_set_property(b, "Main binary", g_array_index(maps, Map, 0).file);

    GHashTable *cache = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    for (guint i = 0; i < recs->len; i++) {
        Rec *r = &g_array_index(recs, Rec, i);
        uint64_t *a = &addrs[r->start];
        /* The unwinder may repeat the leaf as its caller (adjusted by one). */
        if (r->n > 1 && a[0] == a[1] + 1) {
            memmove(&a[1], &a[2], sizeof(uint64_t) * (r->n - 2));
            r->n--;
        }
        uint32_t node = KILN_ROOT_NODE;
        for (guint k = r->n; k-- > 0;)
            node = kiln_builder_child(b, node, frame_for(b, maps, cache, a[k]));
        double v[2] = {(double)r->count, (double)r->count * (double)period};
        kiln_builder_add_values(b, node, v);
    }
    g_hash_table_unref(cache);
    for (guint i = 0; i < maps->len; i++)
        g_free(g_array_index(maps, Map, i).file);
    g_array_unref(maps);
    g_array_unref(recs);
    g_array_unref(pool);
    return TRUE;
}
