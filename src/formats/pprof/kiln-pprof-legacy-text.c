/* kiln-pprof-legacy-text.c — KilnPprofLegacyText, see the header.
 *
 * Heap rows are "inuse_count: inuse_bytes [alloc_count: alloc_bytes] @
 * addresses". A profile whose header shows allocations different from the
 * in-use figures has four sample types (alloc_* first, so in-use space is
 * the default, as in pprof), else objects/space. Sampled profiles (heap_v2,
 * and Go's "heap/<2*rate>") are unsampled with pprof's formula
 * count / (1 - exp(-avg/rate)), truncated to integers as pprof does. Each
 * row's block size (bytes / count) becomes a numeric "bytes" label.
 *
 * Contention profiles ("--- contentionz", "key = value" lines, then
 * "delay_cycles count @ addresses") give contentions/count and
 * delay/nanoseconds, scaled by the sampling period and the cycle rate.
 */
#include "kiln-pprof-legacy-text.h"
#include "kiln-pprof-legacy-maps.h"
#include "kiln-pprof-legacy-heap.h"
#include "formats/kiln-text.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#define HEAP_HEADER "heap profile: *(\\d+): *(\\d+) *\\[ *(\\d+): *(\\d+) *\\] *@ *([a-z_0-9]*)/?(\\d*)"
#define HEAP_SAMPLE "(-?\\d+): *(-?\\d+) *\\[ *(\\d+): *(\\d+) *] @([ x0-9a-f]*)"
#define COUNT_HEADER "^(\\S+) profile: total \\d+\\s*$"
#define COUNT_SAMPLE "^(\\d+) @(( 0x[0-9a-f]+)+)\\s*$"
#define CONTENTION_SAMPLE "(\\d+) *(\\d+) @([ x0-9a-f]*)"

static gboolean is_contention(const char *line)
{
    return g_str_has_prefix(line, "--- contentionz ") || g_str_has_prefix(line, "--- mutex:") ||
           g_str_has_prefix(line, "--- contention:");
}

static gboolean first_line(const guint8 *data, gsize len, char **line)
{
    gsize pos = 0;
    const char *l;
    gsize n;
    /* pprof skips leading blank and comment lines. */
    while (kiln_text_next_line(data, len, &pos, &l, &n)) {
        gsize i = 0;
        while (i < n && (l[i] == ' ' || l[i] == '\t'))
            i++;
        if (i == n || l[i] == '#')
            continue;
        *line = g_strndup(l, MIN(n, (gsize)4096));
        return TRUE;
    }
    return FALSE;
}

static GMatchInfo *match(const char *pattern, const char *s)
{
    GRegex *re = g_regex_new(pattern, G_REGEX_RAW, 0, NULL);
    g_assert(re);
    GMatchInfo *mi = NULL;
    if (!g_regex_match(re, s, 0, &mi)) {
        g_match_info_free(mi);
        mi = NULL;
    }
    g_regex_unref(re);
    return mi;
}

static int64_t group_int(GMatchInfo *mi, int i)
{
    g_autofree char *s = g_match_info_fetch(mi, i);
    return s ? g_ascii_strtoll(s, NULL, 10) : 0;
}

gboolean kiln_pprof_legacy_text_detect(const guint8 *data, gsize len)
{
    g_autofree char *line = NULL;
    if (!first_line(data, MIN(len, (gsize)(64 << 10)), &line))
        return FALSE;
    if (is_contention(line))
        return TRUE;
    GMatchInfo *mi = match(HEAP_HEADER, line);
    if (!mi)
        mi = match(COUNT_HEADER, line);
    gboolean ok = mi != NULL;
    g_match_info_free(mi);
    return ok;
}

typedef struct {
    gboolean v2;      /* values are sampled and must be scaled */
    int64_t period;   /* sampling rate, bytes */
    gboolean alloc;   /* four sample types */
    gboolean count;   /* a Go count profile, not a heap */
    gboolean contention;
    int64_t cpu_hz;   /* contention: cycles per second */
    int64_t duration_ms;
    gsize samples_at; /* contention: where the samples start */
} Header;

/* pprof's heap header rules: "heapz_v2"/"heap_v2" sample at the rate
 * given, Go's "heap" writes twice the rate, "heapprofile" is unsampled,
 * growthz and fragmentationz are not sampled either. */
/* "key = value" lines after a contention header, as pprof reads them; a
 * Java profile ("format = java") is another format. */
static gboolean parse_contention_attrs(const guint8 *data, gsize len, Header *h)
{
    gsize pos = 0, at = 0;
    const char *l;
    gsize n;
    gboolean first = TRUE;
    while (kiln_text_next_line(data, len, &pos, &l, &n)) {
        g_autofree char *line = g_strstrip(g_strndup(l, n));
        if (first || !*line || line[0] == '#') {
            first = FALSE;
            at = pos;
            continue;
        }
        char *eq = strchr(line, '=');
        if (g_str_has_prefix(line, "---") || !eq)
            break;
        *eq = 0;
        const char *key = g_strstrip(line), *val = g_strstrip(eq + 1);
        int64_t v = g_ascii_strtoll(val, NULL, 0);
        if (!strcmp(key, "cycles/second"))
            h->cpu_hz = v;
        else if (!strcmp(key, "sampling period"))
            h->period = v;
        else if (!strcmp(key, "ms since reset"))
            h->duration_ms = v;
        else if (strcmp(key, "discarded samples") != 0)
            return FALSE;
        at = pos;
    }
    h->samples_at = at;
    return TRUE;
}

static gboolean parse_header(const char *line, Header *h, char **count_type)
{
    memset(h, 0, sizeof *h);
    if (is_contention(line)) {
        h->contention = TRUE;
        h->period = 1;
        return TRUE;
    }
    GMatchInfo *mi = match(HEAP_HEADER, line);
    if (mi) {
        g_autofree char *kind = g_match_info_fetch(mi, 5);
        int64_t rate = group_int(mi, 6);
        h->alloc = (group_int(mi, 3) != group_int(mi, 1) && group_int(mi, 3) != 0) ||
                   (group_int(mi, 4) != group_int(mi, 2) && group_int(mi, 4) != 0);
        g_match_info_free(mi);
        if (!strcmp(kind, "heapz_v2") || !strcmp(kind, "heap_v2")) {
            h->v2 = TRUE;
            h->period = rate;
        } else if (!strcmp(kind, "heap")) {
            h->v2 = TRUE;
            h->period = rate / 2;
        } else if (!strcmp(kind, "heapprofile")) {
            h->period = 1;
        } else if (g_str_has_prefix(kind, "growth") || g_str_has_prefix(kind, "fragmentation")) {
            h->period = 1;
            h->alloc = FALSE;
        } else {
            return FALSE;
        }
        return TRUE;
    }
    mi = match(COUNT_HEADER, line);
    if (!mi)
        return FALSE;
    *count_type = g_match_info_fetch(mi, 1);
    g_match_info_free(mi);
    h->count = TRUE;
    h->period = 1;
    return TRUE;
}

/* A double as int64_t, saturating (and NaN as the maximum): converting an
 * out-of-range double is undefined behaviour in C. */
static int64_t to_i64(double v, gboolean *capped)
{
    if (!(v < 9223372036854775807.0)) {
        *capped = TRUE;
        return INT64_MAX;
    }
    if (v < -9223372036854775807.0) {
        *capped = TRUE;
        return INT64_MIN;
    }
    return (int64_t)v;
}

/* Un-samples a heap_v2 count and size, as pprof does. A huge count next to
 * a small size makes the factor infinite: such values saturate and set
 * *capped, for one warning. */
static void scale(int64_t *count, int64_t *size, int64_t rate, gboolean *capped)
{
    if (*count == 0 || *size == 0) {
        *count = *size = 0;
        return;
    }
    if (rate <= 1)
        return;
    double s = kiln_pprof_heap_unsample_factor((double)*count, (double)*size, (double)rate);
    *count = to_i64((double)*count * s, capped);
    *size = to_i64((double)*size * s, capped);
}

static gboolean is_map_sentinel(const char *l, gsize n)
{
    return (n == 17 && memcmp(l, "MAPPED_LIBRARIES:", 17) == 0) ||
           (n == 20 && memcmp(l, "--- Memory map: ---", 19) == 0) ||
           (n == 19 && memcmp(l, "--- Memory map: ---", 19) == 0);
}

/* Walks the stack "0x.. 0x.." leaf first, each address minus one. */
static uint32_t walk(KilnBuilder *b, KilnPprofLegacyMaps *maps, const char *addrs, GArray *tmp)
{
    g_array_set_size(tmp, 0);
    g_auto(GStrv) tok = g_strsplit_set(addrs, " \t", -1);
    for (char **t = tok; *t; t++) {
        if (!**t)
            continue;
        uint64_t a = g_ascii_strtoull(*t, NULL, 16);
        a--;
        g_array_append_val(tmp, a);
    }
    uint32_t node = KILN_ROOT_NODE;
    for (guint i = tmp->len; i-- > 0;)
        node = kiln_builder_child(b, node,
                                  kiln_pprof_legacy_maps_frame(maps, g_array_index(tmp, uint64_t, i)));
    return node;
}

gboolean kiln_pprof_legacy_text_import(KilnImportContext *ctx, GError **error)
{
    KilnBuilder *b = ctx->builder;
    g_autofree char *header_line = NULL, *count_type = NULL;
    Header h;
    if (!first_line(ctx->data, ctx->len, &header_line) ||
        !parse_header(header_line, &h, &count_type) ||
        (h.contention && !parse_contention_attrs(ctx->data, ctx->len, &h))) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNSUPPORTED,
                    /* Translators: %s is a file name or “The input”; keep the command */
                    _("%s is a legacy pprof profile variant Kiln does not read (Java, or an "
                      "unknown header); convert it with “go tool pprof -proto FILE > "
                      "FILE.pb.gz”"),
                    ctx->path ? ctx->path : _("The input"));
        return FALSE;
    }
    /* The maps text follows the sentinel line, if any. */
    gsize pos = 0, maps_at = ctx->len;
    const char *l;
    gsize n;
    while (kiln_text_next_line(ctx->data, ctx->len, &pos, &l, &n))
        if (is_map_sentinel(l, n)) {
            maps_at = pos;
            break;
        }
    KilnPprofLegacyMaps *maps = kiln_pprof_legacy_maps_new(b, ctx->data + maps_at,
                                                           ctx->data + ctx->len);
    if (h.contention) {
        kiln_builder_add_sample_type(b, "contentions", "count");
        kiln_builder_add_sample_type(b, "delay", "nanoseconds");
        kiln_builder_set_property(b, "Period type", "contentions/count");
        if (h.duration_ms > 0) {
            uint64_t ns = (uint64_t)h.duration_ms * 1000000u;
            kiln_builder_set_time_range(b, 0, ns);
            kiln_builder_set_property_quantity(b, "Duration", (double)ns, "nanoseconds");
        }
    } else if (h.count) {
        kiln_builder_add_sample_type(b, count_type, "count");
        g_autofree char *pt = g_strdup_printf("%s/count", count_type);
        kiln_builder_set_property(b, "Period type", pt);
    } else {
        if (h.alloc) {
            kiln_builder_add_sample_type(b, "alloc_objects", "count");
            kiln_builder_add_sample_type(b, "alloc_space", "bytes");
            kiln_builder_add_sample_type(b, "inuse_objects", "count");
            kiln_builder_add_sample_type(b, "inuse_space", "bytes");
        } else {
            kiln_builder_add_sample_type(b, "objects", "count");
            kiln_builder_add_sample_type(b, "space", "bytes");
        }
        kiln_builder_set_property(b, "Period type", "space/bytes");
    }
    kiln_builder_set_default_sample_type(b, kiln_builder_n_sample_types(b) - 1);
    g_autofree char *pv = g_strdup_printf("%" G_GINT64_FORMAT, h.period);
    kiln_builder_set_property(b, "Period", pv);
    kiln_builder_set_property(b, "Legacy format", h.contention ? "contention profile"
                                                  : h.count        ? "count profile"
                                                                   : "heap profile");
    if (kiln_pprof_legacy_maps_main(maps))
        kiln_builder_set_property(b, "Main binary", kiln_pprof_legacy_maps_main(maps));

    GRegex *row = g_regex_new(h.contention ? CONTENTION_SAMPLE
                              : h.count    ? COUNT_SAMPLE
                                           : HEAP_SAMPLE,
                              G_REGEX_RAW, 0, NULL);
    uint32_t bytes_key = kiln_builder_intern(b, "bytes", 5);
    GArray *tmp = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    uint64_t bad = 0;
    gboolean header_seen = h.contention, ok = TRUE, capped = FALSE;
    pos = h.contention ? h.samples_at : 0;
    while (kiln_text_next_line(ctx->data, maps_at, &pos, &l, &n)) {
        g_autofree char *line = g_strstrip(g_strndup(l, n));
        if (!*line || line[0] == '#' || is_map_sentinel(line, strlen(line)))
            continue;
        if (!header_seen) {
            header_seen = TRUE; /* the header line itself */
            continue;
        }
        if ((h.count || h.contention) && g_str_has_prefix(line, "---"))
            break;
        GMatchInfo *mi = NULL;
        if (!g_regex_match(row, line, 0, &mi)) {
            g_match_info_free(mi);
            bad++;
            continue;
        }
        double v[4];
        uint32_t nv = 0;
        int64_t blocksize = 0;
        if (h.contention) {
            /* Delays are cycles: to nanoseconds, then both unsampled. In
             * doubles: a crafted period times a huge count overflows
             * int64_t, and converting an out-of-range double back to it is
             * undefined behaviour (a fuzzing finding). */
            double delay = (double)group_int(mi, 1), count = (double)group_int(mi, 2);
            if (h.period > 0) {
                if (h.cpu_hz > 0)
                    delay = trunc(delay * (double)h.period / ((double)h.cpu_hz / 1e9));
                count *= (double)h.period;
            }
            v[nv++] = count;
            v[nv++] = delay;
        } else if (h.count) {
            v[nv++] = (double)group_int(mi, 1);
        } else {
            /* alloc (groups 3, 4) before in-use (1, 2), as the types. */
            int order[2][2] = {{3, 4}, {1, 2}};
            for (int k = h.alloc ? 0 : 1; k < 2; k++) {
                int64_t c = group_int(mi, order[k][0]), s = group_int(mi, order[k][1]);
                if (c != 0) {
                    blocksize = kiln_pprof_heap_object_size(s, c);
                    if (h.v2)
                        scale(&c, &s, h.period, &capped);
                }
                v[nv++] = (double)c;
                v[nv++] = (double)s;
            }
        }
        g_autofree char *addrs = g_match_info_fetch(mi, h.contention ? 3 : h.count ? 2 : 5);
        g_match_info_free(mi);
        uint32_t node = walk(b, maps, addrs, tmp);
        uint32_t set = 0;
        if (!h.count && !h.contention) {
            KilnLabel lab = {bytes_key, 0, blocksize, 0};
            set = kiln_builder_label_set(b, &lab, 1);
        }
        kiln_builder_record_sample(b, node, v, 0, 0, set);
        if (!(ok = kiln_import_progress(ctx, pos, error)))
            break;
    }
    if (bad)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "%" PRIu64 " lines of the legacy profile are not samples and "
                                      "were skipped",
                                      "%" PRIu64 " lines of the legacy profile are not samples and "
                                      "were skipped",
                                      bad),
                          bad);
    if (capped)
        kiln_builder_warn(b, _("Some sampled heap values could not be scaled up within 64 bits "
                               "and were capped"));
    g_array_unref(tmp);
    g_regex_unref(row);
    kiln_pprof_legacy_maps_free(maps);
    return ok;
}
