/* kiln-pprof-legacy-java.c — KilnPprofLegacyJava, see the header.
 *
 * As pprof reads them: Java rows are "<second value> <first value> @
 * addresses" (inverted); heap rows are unsampled at the agent's fixed
 * 512 KiB rate and carry a "bytes" label (bytes per object), contention
 * rows are multiplied by the sampling period; the units come from the
 * "resolution" attribute. Addresses are not adjusted (they are ids, not
 * return addresses). One deliberate difference: pprof zeroes the address
 * of locations the symbol section does not name, so they all print as
 * 0x0; Kiln keeps the address, so distinct unknown frames stay distinct.
 */
#include "kiln-pprof-legacy-java.h"
#include "kiln-pprof-legacy-heap.h"
#include "formats/kiln-text.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#define JAVA_SAMPLE "^\\s*(\\d+)\\s+(\\d+)\\s+@\\s+([x0-9a-f\\s]+)$"
#define JAVA_LOCATION "^\\s*0x([[:xdigit:]]+)\\s+(.*)\\s*$"
#define JAVA_FILE_LINE "^(.*)\\s+\\((.+):(-?[[:digit:]]+)\\)$"
#define JAVA_PATH "^(.*)\\s+\\((.*)\\)$"
#define ATTRIBUTE "([\\w ]+)=([\\w ]+)"

typedef struct {
    char *name, *file;
    uint32_t line;
    uint32_t frame; /* UINT32_MAX until used */
} Sym;

struct _KilnPprofLegacyJava {
    KilnBuilder *b;
    GHashTable *syms; /* address -> Sym */
    GHashTable *unknown; /* address -> frame */
};

static void sym_free(gpointer p)
{
    Sym *s = p;
    g_free(s->name);
    g_free(s->file);
    g_free(s);
}

static char *fetch(GMatchInfo *mi, int i)
{
    return g_match_info_fetch(mi, i);
}

KilnPprofLegacyJava *kiln_pprof_legacy_java_symbols(KilnBuilder *b, const guint8 *p,
                                                    const guint8 *end)
{
    KilnPprofLegacyJava *j = g_new0(KilnPprofLegacyJava, 1);
    j->b = b;
    j->syms = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, sym_free);
    j->unknown = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    GRegex *loc = g_regex_new(JAVA_LOCATION, G_REGEX_RAW, 0, NULL);
    GRegex *fl = g_regex_new(JAVA_FILE_LINE, G_REGEX_RAW, 0, NULL);
    GRegex *path = g_regex_new(JAVA_PATH, G_REGEX_RAW, 0, NULL);
    gsize pos = 0, len = (gsize)(end - p);
    const char *l;
    gsize n;
    while (kiln_text_next_line(p, len, &pos, &l, &n)) {
        g_autofree char *line = g_strstrip(g_strndup(l, MIN(n, (gsize)1 << 16)));
        GMatchInfo *mi = NULL;
        if (!*line || !g_regex_match(loc, line, 0, &mi)) {
            g_match_info_free(mi);
            continue;
        }
        g_autofree char *hex = fetch(mi, 1);
        g_autofree char *rest = fetch(mi, 2);
        g_match_info_free(mi);
        Sym *s = g_new0(Sym, 1);
        s->frame = UINT32_MAX;
        if (g_regex_match(fl, rest, 0, &mi)) {
            /* "function (file:line)" */
            s->name = fetch(mi, 1);
            s->file = fetch(mi, 2);
            g_autofree char *ln = fetch(mi, 3);
            int64_t v = g_ascii_strtoll(ln, NULL, 10);
            s->line = v > 0 && v <= G_MAXUINT32 ? (uint32_t)v : 0;
        } else {
            g_match_info_free(mi);
            mi = NULL;
            if (g_regex_match(path, rest, 0, &mi)) {
                /* "function (/path/lib.so)": keep the library's name. */
                s->name = fetch(mi, 1);
                g_autofree char *f = fetch(mi, 2);
                s->file = g_path_get_basename(f);
            } else if (strstr(rest, "generated stub/JIT")) {
                s->name = g_strdup("STUB");
            } else {
                s->name = g_strdup(rest); /* agent states: "GC", "VM" */
            }
        }
        g_match_info_free(mi);
        uint64_t *key = g_new(uint64_t, 1);
        *key = g_ascii_strtoull(hex, NULL, 16);
        g_hash_table_replace(j->syms, key, s);
    }
    g_regex_unref(loc);
    g_regex_unref(fl);
    g_regex_unref(path);
    return j;
}

void kiln_pprof_legacy_java_free(KilnPprofLegacyJava *j)
{
    g_hash_table_unref(j->syms);
    g_hash_table_unref(j->unknown);
    g_free(j);
}

uint32_t kiln_pprof_legacy_java_frame(KilnPprofLegacyJava *j, uint64_t addr)
{
    Sym *s = g_hash_table_lookup(j->syms, &addr);
    if (s) {
        if (s->frame == UINT32_MAX) {
            uint32_t name = kiln_builder_intern_name(j->b, s->name, strlen(s->name));
            uint32_t file = s->file ? kiln_builder_intern(j->b, s->file, strlen(s->file)) : 0;
            s->frame = kiln_builder_frame(j->b, name, 0, file, s->line, KILN_FRAME_NORMAL);
        }
        return s->frame;
    }
    gpointer hit;
    if (g_hash_table_lookup_extended(j->unknown, &addr, NULL, &hit))
        return GPOINTER_TO_UINT(hit);
    char buf[32];
    g_snprintf(buf, sizeof buf, "0x%" PRIx64, addr);
    uint32_t f = kiln_builder_frame(j->b, kiln_builder_intern_name(j->b, buf, strlen(buf)), 0, 0,
                                    0, KILN_FRAME_UNKNOWN);
    uint64_t *key = g_new(uint64_t, 1);
    *key = addr;
    g_hash_table_insert(j->unknown, key, GUINT_TO_POINTER(f));
    return f;
}

typedef struct {
    gboolean heap; /* else contention */
    char *unit;
    int64_t period, duration_ms;
    gsize samples_at;
} Header;

/* The header line, then "key = value" attributes; FALSE unless it is a
 * Java profile pprof reads. */
static gboolean parse_header(const guint8 *data, gsize len, Header *h)
{
    memset(h, 0, sizeof *h);
    gsize pos = 0;
    const char *l;
    gsize n;
    if (!kiln_text_next_line(data, len, &pos, &l, &n))
        return FALSE;
    g_autofree char *first = g_strstrip(g_strndup(l, MIN(n, (gsize)64)));
    if (!strcmp(first, "--- heapz 1 ---"))
        h->heap = TRUE;
    else if (strcmp(first, "--- contentionz 1 ---") != 0)
        return FALSE;
    /* pprof tries its C++ contention reader first, which refuses "format"
     * and "resolution"; so a contentionz profile is Java's only with one
     * of them, while any heapz profile is. */
    GRegex *attr = g_regex_new(ATTRIBUTE, G_REGEX_RAW, 0, NULL);
    gboolean java = h->heap, ok = TRUE;
    gsize at = pos;
    while (ok && kiln_text_next_line(data, len, &pos, &l, &n)) {
        g_autofree char *line = g_strstrip(g_strndup(l, MIN(n, (gsize)4096)));
        GMatchInfo *mi = NULL;
        if (*line && !g_regex_match(attr, line, 0, &mi)) {
            g_match_info_free(mi);
            break;
        }
        if (*line) {
            g_autofree char *k = g_strstrip(fetch(mi, 1));
            g_autofree char *v = g_strstrip(fetch(mi, 2));
            if (!strcmp(k, "format"))
                ok = java = !strcmp(v, "java");
            else if (!strcmp(k, "resolution")) {
                java = TRUE;
                g_free(h->unit);
                h->unit = g_strdup(v);
            } else if (!h->heap && !strcmp(k, "sampling period"))
                h->period = g_ascii_strtoll(v, NULL, 0);
            else if (!h->heap && !strcmp(k, "ms since reset"))
                h->duration_ms = g_ascii_strtoll(v, NULL, 0);
            else
                ok = FALSE;
        }
        g_match_info_free(mi);
        at = pos;
    }
    g_regex_unref(attr);
    h->samples_at = at;
    if (!ok || !java)
        g_clear_pointer(&h->unit, g_free);
    return ok && java;
}

gboolean kiln_pprof_legacy_java_detect(const guint8 *data, gsize len)
{
    Header h;
    gboolean ok = parse_header(data, MIN(len, (gsize)64 << 10), &h);
    g_free(h.unit);
    return ok;
}

/* In doubles, as the builder keeps them: the scaled values of a crafted
 * row do not fit int64_t, and converting them back would be undefined. */
static void scale_heap(double *count, double *size)
{
    const double rate = 524288; /* the Java agent's fixed sampling rate */
    if (*count == 0 || *size == 0) {
        *count = *size = 0;
        return;
    }
    double s = kiln_pprof_heap_unsample_factor(*count, *size, rate);
    *count = trunc(*count * s);
    *size = trunc(*size * s);
}

gboolean kiln_pprof_legacy_java_import(KilnImportContext *ctx, GError **error)
{
    KilnBuilder *b = ctx->builder;
    Header h;
    if (!parse_header(ctx->data, ctx->len, &h)) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNSUPPORTED,
                    /* Translators: %s is a file name or “The input” */
                    _("%s is not a Java heapz or contentionz profile"),
                    ctx->path ? ctx->path : _("The input"));
        return FALSE;
    }
    GRegex *row = g_regex_new(JAVA_SAMPLE, G_REGEX_RAW, 0, NULL);
    /* Samples run until the first line that is not one; symbols follow. */
    gsize pos = h.samples_at, syms_at = ctx->len;
    const char *l = NULL;
    gsize n = 0;
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(gsize));
    while (kiln_text_next_line(ctx->data, ctx->len, &pos, &l, &n)) {
        g_autofree char *line = g_strstrip(g_strndup(l, MIN(n, (gsize)1 << 20)));
        if (!*line)
            continue;
        if (!g_regex_match(row, line, 0, NULL)) {
            syms_at = (gsize)(l - (const char *)ctx->data);
            break;
        }
        gsize start = (gsize)(l - (const char *)ctx->data);
        g_array_append_val(rows, start);
    }
    KilnPprofLegacyJava *j = kiln_pprof_legacy_java_symbols(b, ctx->data + syms_at,
                                                           ctx->data + ctx->len);
    const char *unit = h.unit ? h.unit : "";
    if (h.heap) {
        kiln_builder_add_sample_type(b, "inuse_objects", "count");
        kiln_builder_add_sample_type(b, "inuse_space", unit);
    } else {
        kiln_builder_add_sample_type(b, "contentions", "count");
        kiln_builder_add_sample_type(b, "delay", unit);
        kiln_builder_set_property(b, "Period type", "contentions/count");
        g_autofree char *pv = g_strdup_printf("%" G_GINT64_FORMAT, h.period);
        kiln_builder_set_property(b, "Period", pv);
        if (h.duration_ms > 0) {
            uint64_t ns = (uint64_t)h.duration_ms * 1000000u;
            kiln_builder_set_time_range(b, 0, ns);
            kiln_builder_set_property_quantity(b, "Duration", (double)ns, "nanoseconds");
        }
    }
    kiln_builder_set_default_sample_type(b, 1);
    kiln_builder_set_property(b, "Legacy format", h.heap ? "Java heap profile"
                                                         : "Java contention profile");
    uint32_t bytes_key = kiln_builder_intern(b, "bytes", 5);
    GArray *addrs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    uint64_t bad = 0;
    for (guint r = 0; r < rows->len; r++) {
        gsize at = g_array_index(rows, gsize, r);
        if (!kiln_text_next_line(ctx->data, ctx->len, &at, &l, &n))
            break;
        g_autofree char *line = g_strstrip(g_strndup(l, MIN(n, (gsize)1 << 20)));
        GMatchInfo *mi = NULL;
        g_regex_match(row, line, 0, &mi);
        g_autofree char *s1 = fetch(mi, 1), *s2 = fetch(mi, 2), *s3 = fetch(mi, 3);
        g_match_info_free(mi);
        int64_t i0 = g_ascii_strtoll(s2, NULL, 0), i1 = g_ascii_strtoll(s1, NULL, 0);
        double v0 = (double)i0, v1 = (double)i1;
        uint32_t set = 0;
        if (h.heap) {
            if (i0 == 0) {
                bad++; /* pprof refuses the file: "second value must be non-zero" */
                continue;
            }
            KilnLabel lab = {bytes_key, 0, kiln_pprof_heap_object_size(i1, i0), 0};
            set = kiln_builder_label_set(b, &lab, 1);
            scale_heap(&v0, &v1);
        } else if (h.period) {
            v0 *= (double)h.period;
            v1 *= (double)h.period;
        }
        g_array_set_size(addrs, 0);
        g_auto(GStrv) tok = g_strsplit_set(s3, " \t", -1);
        for (char **t = tok; *t; t++)
            if (**t) {
                uint64_t a = g_ascii_strtoull(*t, NULL, 16);
                g_array_append_val(addrs, a);
            }
        uint32_t node = KILN_ROOT_NODE;
        for (guint k = addrs->len; k-- > 0;)
            node = kiln_builder_child(b, node,
                                      kiln_pprof_legacy_java_frame(j, g_array_index(addrs, uint64_t,
                                                                                    k)));
        double v[2] = {v0, v1};
        kiln_builder_record_sample(b, node, v, 0, 0, set);
    }
    if (bad)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "%" PRIu64 " heap samples with no objects were skipped",
                                      "%" PRIu64 " heap samples with no objects were skipped", bad),
                          bad);
    g_array_unref(addrs);
    g_array_unref(rows);
    g_regex_unref(row);
    kiln_pprof_legacy_java_free(j);
    g_free(h.unit);
    return TRUE;
}
