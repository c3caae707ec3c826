/* kiln-pprof-legacy-cpu.c — KilnPprofLegacyCpu, see the header.
 *
 * pprof's parser adjusts the profile in three ways that change stacks, and
 * they are mirrored here: caller addresses are decremented by one (return
 * address → call instruction); a second frame shared by nearly every
 * sample (pushed by the signal handler) is removed, twice at most; a
 * caller that duplicates the leaf is removed. Locations have no symbols:
 * frames are named from the maps text by KilnPprofLegacyMaps.
 */
#include "kiln-pprof-legacy-cpu.h"
#include "kiln-pprof-legacy-java.h"
#include "kiln-pprof-legacy-maps.h"

#include <glib/gi18n-lib.h>
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
    return find_layout(data, len, &w, &period, &java);
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
    if (!find_layout(ctx->data, ctx->len, &w, &period_us, &java)) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNSUPPORTED,
                    /* Translators: %s is a file name or “The input” */
                    _("%s is not a binary CPU profile Kiln reads"),
                    ctx->path ? ctx->path : _("The input"));
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
            if (i > 0 && !java)
                a--; /* a return address: point at the call (Java's are ids) */
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
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "The CPU profile ends before its end-of-samples marker: "
                                      "showing the %u samples before the cut",
                                      "The CPU profile ends before its end-of-samples marker: "
                                      "showing the %u samples before the cut",
                                      recs->len),
                          recs->len);
    uint64_t *addrs = (uint64_t *)(void *)pool->data;
    /* What follows the samples: Java's symbols, or the C++ memory map. */
    KilnPprofLegacyJava *jsyms = java ? kiln_pprof_legacy_java_symbols(b, w.p, w.end) : NULL;
    KilnPprofLegacyMaps *maps = kiln_pprof_legacy_maps_new(b, w.p, java ? w.p : w.end);
    if (!java)
        strip_handler_frames(recs, addrs);

    kiln_builder_add_sample_type(b, "samples", "count");
    kiln_builder_add_sample_type(b, "cpu", "nanoseconds");
    kiln_builder_set_default_sample_type(b, 1);
    kiln_builder_set_property(b, "Period type", "cpu/nanoseconds");
    g_autofree char *pv = g_strdup_printf("%" G_GUINT64_FORMAT, period);
    kiln_builder_set_property(b, "Period", pv);
    kiln_builder_set_property(b, "Legacy format", java ? "Java binary CPU profile"
                                                       : "binary CPU profile");
    if (kiln_pprof_legacy_maps_main(maps))
        kiln_builder_set_property(b, "Main binary", kiln_pprof_legacy_maps_main(maps));
    for (guint i = 0; i < recs->len; i++) {
        Rec *r = &g_array_index(recs, Rec, i);
        /* A record without addresses has nothing to index (and the pool may
         * be empty, its data NULL): it counts at the root. */
        uint64_t *a = r->n ? &addrs[r->start] : NULL;
        /* The unwinder may repeat the leaf as its caller (adjusted by one). */
        if (!java && r->n > 1 && a[0] == a[1] + 1) {
            memmove(&a[1], &a[2], sizeof(uint64_t) * (r->n - 2));
            r->n--;
        }
        uint32_t node = KILN_ROOT_NODE;
        for (guint k = r->n; k-- > 0;)
            node = kiln_builder_child(b, node, java ? kiln_pprof_legacy_java_frame(jsyms, a[k])
                                                    : kiln_pprof_legacy_maps_frame(maps, a[k]));
        double v[2] = {(double)r->count, (double)r->count * (double)period};
        kiln_builder_add_values(b, node, v);
    }
    kiln_pprof_legacy_maps_free(maps);
    if (jsyms)
        kiln_pprof_legacy_java_free(jsyms);
    g_array_unref(recs);
    g_array_unref(pool);
    return TRUE;
}
