/* kiln-pprof-legacy-thread.c — KilnPprofLegacyThread, see the header.
 *
 * Each "--- Thread <id> (name: <name>/<tid>) stack: ---" block lists hex
 * addresses, leaf first, anywhere on its lines ("PC: 0x...: sym", plain
 * "0x...: sym", "creator: 0x... 0x..."); every address but the leaf is a
 * return address and moves back by one. A block saying "same as previous
 * thread" adds one to the previous sample. A caller that repeats the leaf
 * is dropped, as pprof drops it.
 */
#include "kiln-pprof-legacy-thread.h"
#include "kiln-pprof-legacy-maps.h"
#include "formats/kiln-text.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#define THREADZ_START "^--- threadz \\d+ ---"
#define THREAD_START "^--- Thread ([[:xdigit:]]+) \\(name: (.*)/(\\d+)\\) stack: ---"

static gboolean matches(const char *pattern, const char *s)
{
    GRegex *re = g_regex_new(pattern, G_REGEX_RAW, 0, NULL);
    gboolean m = re && g_regex_match(re, s, 0, NULL);
    if (re)
        g_regex_unref(re);
    return m;
}

static gboolean is_sentinel(const char *l)
{
    return !strcmp(l, "MAPPED_LIBRARIES:") || !strcmp(l, "--- Memory map: ---");
}

typedef struct {
    const guint8 *data;
    gsize len, pos;
} Lines;

/* Next line, trimmed; NULL at the end. */
static char *next(Lines *ls)
{
    const char *l;
    gsize n;
    if (!kiln_text_next_line(ls->data, ls->len, &ls->pos, &l, &n))
        return NULL;
    return g_strstrip(g_strndup(l, MIN(n, (gsize)1 << 20)));
}

gboolean kiln_pprof_legacy_thread_detect(const guint8 *data, gsize len)
{
    Lines ls = {data, MIN(len, (gsize)64 << 10), 0};
    char *l;
    while ((l = next(&ls))) {
        gboolean skip = !*l || l[0] == '#';
        gboolean ok = !skip && (matches(THREADZ_START, l) || matches(THREAD_START, l));
        g_free(l);
        if (!skip)
            return ok;
    }
    return FALSE;
}

typedef struct {
    GArray *addrs; /* uint64_t, leaf first */
    double count;
} Thread;

static void hex_addresses(const char *line, GArray *out)
{
    for (const char *p = strstr(line, "0x"); p; p = strstr(p, "0x")) {
        char *end;
        uint64_t a = g_ascii_strtoull(p + 2, &end, 16);
        if (end == p + 2) {
            p += 2;
            continue;
        }
        g_array_append_val(out, a);
        p = end;
    }
}

gboolean kiln_pprof_legacy_thread_import(KilnImportContext *ctx, GError **error)
{
    KilnBuilder *b = ctx->builder;
    Lines ls = {ctx->data, ctx->len, 0};
    GRegex *start = g_regex_new(THREAD_START, G_REGEX_RAW, 0, NULL);
    char *line = NULL;
    while ((line = next(&ls)) && (!*line || line[0] == '#'))
        g_free(line);
    if (line && matches(THREADZ_START, line)) {
        /* Skip to the first thread. */
        do {
            g_free(line);
            line = next(&ls);
        } while (line && !is_sentinel(line) && line[0] != '-');
    }
    GArray *threads = g_array_new(FALSE, FALSE, sizeof(Thread));
    gboolean ok = TRUE;
    while (line && !is_sentinel(line) && !g_str_has_prefix(line, "---- no stack trace for")) {
        if (!g_regex_match(start, line, 0, NULL)) {
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID,
                        /* Translators: %s is a file name or “The input”; keep the quoted
                         * line, which is the format's syntax */
                        _("%s: expected a “--- Thread … stack: ---” line at byte %" PRIu64
                          " of the thread profile"),
                        ctx->path ? ctx->path : _("The input"), (uint64_t)ls.pos);
            ok = FALSE;
            break;
        }
        Thread t = {g_array_new(FALSE, FALSE, sizeof(uint64_t)), 1};
        gboolean same = FALSE;
        g_free(line);
        while ((line = next(&ls))) {
            if (!*line) {
                g_free(line);
                continue;
            }
            if (g_str_has_prefix(line, "---"))
                break;
            if (strstr(line, "same as previous thread"))
                same = TRUE;
            else
                hex_addresses(line, t.addrs);
            g_free(line);
        }
        if (same || t.addrs->len == 0) {
            if (threads->len)
                g_array_index(threads, Thread, threads->len - 1).count++;
            g_array_unref(t.addrs);
        } else {
            g_array_append_val(threads, t);
        }
        if (!line)
            break;
    }
    g_free(line);
    g_regex_unref(start);
    if (!ok) {
        for (guint i = 0; i < threads->len; i++)
            g_array_unref(g_array_index(threads, Thread, i).addrs);
        g_array_unref(threads);
        return FALSE;
    }
    /* The maps text follows the sentinel line, if any. */
    gsize maps_at = ctx->len, pos = 0;
    const char *l;
    gsize n;
    while (kiln_text_next_line(ctx->data, ctx->len, &pos, &l, &n)) {
        g_autofree char *t = g_strstrip(g_strndup(l, MIN(n, (gsize)64)));
        if (is_sentinel(t)) {
            maps_at = pos;
            break;
        }
    }
    KilnPprofLegacyMaps *maps = kiln_pprof_legacy_maps_new(b, ctx->data + maps_at,
                                                           ctx->data + ctx->len);
    kiln_builder_add_sample_type(b, "thread", "count");
    kiln_builder_set_property(b, "Period type", "thread/count");
    kiln_builder_set_property(b, "Period", "1");
    kiln_builder_set_property(b, "Legacy format", "thread profile");
    if (kiln_pprof_legacy_maps_main(maps))
        kiln_builder_set_property(b, "Main binary", kiln_pprof_legacy_maps_main(maps));
    for (guint i = 0; i < threads->len; i++) {
        Thread *t = &g_array_index(threads, Thread, i);
        uint64_t *a = (uint64_t *)(void *)t->addrs->data;
        guint na = t->addrs->len;
        for (guint k = 1; k < na; k++)
            a[k]--;
        if (na > 1 && a[0] == a[1] + 1) {
            memmove(&a[1], &a[2], sizeof(uint64_t) * (na - 2));
            na--;
        }
        uint32_t node = KILN_ROOT_NODE;
        for (guint k = na; k-- > 0;)
            node = kiln_builder_child(b, node, kiln_pprof_legacy_maps_frame(maps, a[k]));
        kiln_builder_add_values(b, node, &t->count);
        g_array_unref(t->addrs);
    }
    g_array_unref(threads);
    kiln_pprof_legacy_maps_free(maps);
    return TRUE;
}
