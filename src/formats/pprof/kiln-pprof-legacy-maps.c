/* kiln-pprof-legacy-maps.c — KilnPprofLegacyMaps, see the header. */
#include "kiln-pprof-legacy-maps.h"

#include <inttypes.h>
#include <string.h>

typedef struct {
    uint64_t start, limit, offset;
    char *file; /* basename */
} Map;

struct _KilnPprofLegacyMaps {
    KilnBuilder *b;
    GArray *maps;      /* Map */
    GHashTable *cache; /* address -> frame */
};

/* Executable entries of /proc/self/maps text, "start-limit perms offset
 * dev inode [path]", and of the brief "start-limit: path" form. */
static GArray *parse_maps(const guint8 *p, const guint8 *end)
{
    GArray *maps = g_array_new(FALSE, FALSE, sizeof(Map));
    GRegex *brief = g_regex_new("^\\s*([[:xdigit:]]+)-([[:xdigit:]]+):\\s*(\\S+)(\\s.*@)?([[:xdigit:]]+)?",
                                G_REGEX_RAW, 0, NULL);
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
        /* The brief form "start-limit: path [... @ offset]" lists only
         * code mappings. */
        GMatchInfo *mi = NULL;
        if (g_regex_match(brief, line, 0, &mi)) {
            g_autofree char *s0 = g_match_info_fetch(mi, 1), *s1 = g_match_info_fetch(mi, 2);
            g_autofree char *file = g_match_info_fetch(mi, 3), *off = g_match_info_fetch(mi, 5);
            Map m = {g_ascii_strtoull(s0, NULL, 16), g_ascii_strtoull(s1, NULL, 16),
                     off && *off ? g_ascii_strtoull(off, NULL, 16) : 0, NULL};
            const char *slash = strrchr(file, '/');
            m.file = g_strdup(slash && slash[1] ? slash + 1 : file);
            if (m.start < m.limit)
                g_array_append_val(maps, m);
            else
                g_free(m.file);
        } else if (f->len >= 5 && strchr(f->pdata[0], '-') && strchr(f->pdata[1], 'x')) {
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
        g_match_info_free(mi);
        g_ptr_array_unref(f);
    }
    g_regex_unref(brief);
    return maps;
}

uint32_t kiln_pprof_legacy_maps_frame(KilnPprofLegacyMaps *lm, uint64_t addr)
{
    KilnBuilder *b = lm->b;
    GArray *maps = lm->maps;
    GHashTable *cache = lm->cache;
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

KilnPprofLegacyMaps *kiln_pprof_legacy_maps_new(KilnBuilder *b, const guint8 *p,
                                                const guint8 *end)
{
    KilnPprofLegacyMaps *m = g_new0(KilnPprofLegacyMaps, 1);
    m->b = b;
    m->maps = parse_maps(p, end);
    m->cache = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    return m;
}

void kiln_pprof_legacy_maps_free(KilnPprofLegacyMaps *m)
{
    for (guint i = 0; i < m->maps->len; i++)
        g_free(g_array_index(m->maps, Map, i).file);
    g_array_unref(m->maps);
    g_hash_table_unref(m->cache);
    g_free(m);
}

const char *kiln_pprof_legacy_maps_main(const KilnPprofLegacyMaps *m)
{
    return m->maps->len ? g_array_index(m->maps, Map, 0).file : NULL;
}
