/* kiln-pprof-tables.c — KilnPprofTables: id maps, drop_frames, and the
 * frames each pprof Location turns into. */
#include "kiln-pprof-tables.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

void kiln_pprof_tables_init(KilnPprofTables *t, KilnBuilder *b)
{
    memset(t, 0, sizeof *t);
    t->b = b;
    t->str_data = g_array_new(FALSE, FALSE, sizeof(const guint8 *));
    t->str_len = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    t->mappings = g_ptr_array_new();
    t->functions = g_ptr_array_new();
    t->locations = g_ptr_array_new();
    t->frame_pool = g_array_new(FALSE, FALSE, sizeof(uint32_t));
}

static void id_map_clear(KilnPprofIdMap *m)
{
    g_free(m->dense);
    g_free(m->sorted_ids);
    g_free(m->sorted_idx);
    memset(m, 0, sizeof *m);
}

void kiln_pprof_tables_clear(KilnPprofTables *t)
{
    for (guint i = 0; i < t->mappings->len; i++)
        perftools__profiles__mapping__free_unpacked(t->mappings->pdata[i], NULL);
    for (guint i = 0; i < t->functions->len; i++)
        perftools__profiles__function__free_unpacked(t->functions->pdata[i], NULL);
    for (guint i = 0; i < t->locations->len; i++)
        perftools__profiles__location__free_unpacked(t->locations->pdata[i], NULL);
    g_ptr_array_unref(t->mappings);
    g_ptr_array_unref(t->functions);
    g_ptr_array_unref(t->locations);
    g_array_unref(t->str_data);
    g_array_unref(t->str_len);
    g_array_unref(t->frame_pool);
    id_map_clear(&t->mapping_ids);
    id_map_clear(&t->function_ids);
    id_map_clear(&t->location_ids);
    g_free(t->mapping_module);
    g_free(t->loc_start);
    g_free(t->loc_count);
    g_free(t->loc_first_line);
    g_free(t->loc_prune);
    memset(t, 0, sizeof *t);
}

const char *kiln_pprof_tables_string(KilnPprofTables *t, int64_t idx, gsize *len)
{
    if (idx <= 0 || (uint64_t)idx >= t->str_data->len) {
        if (idx != 0)
            t->bad_strings++;
        *len = 0;
        return "";
    }
    *len = g_array_index(t->str_len, uint32_t, idx);
    return (const char *)g_array_index(t->str_data, const guint8 *, idx);
}

gboolean kiln_pprof_tables_string_ok(KilnPprofTables *t, int64_t idx)
{
    return idx == 0 || (idx > 0 && (uint64_t)idx < t->str_data->len);
}

char *kiln_pprof_tables_dup_string(KilnPprofTables *t, int64_t idx)
{
    gsize len;
    const char *s = kiln_pprof_tables_string(t, idx, &len);
    if (g_utf8_validate_len(s, len, NULL))
        return g_strndup(s, len);
    return g_utf8_make_valid(s, (gssize)len);
}

typedef struct {
    uint64_t id;
    uint32_t idx;
} IdIdx;

static int cmp_id_idx(const void *a, const void *b)
{
    const IdIdx *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* ids[i] is the id of entry i. Returns how many duplicates were dropped. */
static uint32_t id_map_build(KilnPprofIdMap *m, const uint64_t *ids, uint32_t n)
{
    uint64_t max = 0;
    uint32_t dups = 0;
    for (uint32_t i = 0; i < n; i++)
        max = MAX(max, ids[i]);
    m->n = n;
    if (max < (uint64_t)n * 4 + 1024) {
        m->n_dense = max + 1;
        m->dense = g_new0(uint32_t, m->n_dense);
        for (uint32_t i = 0; i < n; i++) {
            if (m->dense[ids[i]])
                dups++;
            else
                m->dense[ids[i]] = i + 1;
        }
        return dups;
    }
    IdIdx *pairs = g_new(IdIdx, n);
    for (uint32_t i = 0; i < n; i++)
        pairs[i] = (IdIdx){ids[i], i};
    qsort(pairs, n, sizeof *pairs, cmp_id_idx);
    m->sorted_ids = g_new(uint64_t, n);
    m->sorted_idx = g_new(uint32_t, n);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (k > 0 && m->sorted_ids[k - 1] == pairs[i].id) {
            dups++;
            continue;
        }
        m->sorted_ids[k] = pairs[i].id;
        m->sorted_idx[k] = pairs[i].idx;
        k++;
    }
    m->n = k;
    g_free(pairs);
    return dups;
}

uint32_t kiln_pprof_id_map_get_sorted(const KilnPprofIdMap *m, uint64_t id)
{
    uint32_t lo = 0, hi = m->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->sorted_ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->n && m->sorted_ids[lo] == id ? m->sorted_idx[lo] : UINT32_MAX;
}

static uint32_t id_map_get(const KilnPprofIdMap *m, uint64_t id)
{
    if (m->dense)
        return id < m->n_dense && m->dense[id] ? m->dense[id] - 1 : UINT32_MAX;
    return kiln_pprof_id_map_get_sorted(m, id);
}

void kiln_pprof_tables_index(KilnPprofTables *t)
{
    struct {
        GPtrArray *arr;
        KilnPprofIdMap *map;
        const char *what;
    } kinds[] = {
        {t->mappings, &t->mapping_ids, "mapping"},
        {t->functions, &t->function_ids, "function"},
        {t->locations, &t->location_ids, "location"},
    };
    for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
        GPtrArray *arr = kinds[k].arr;
        uint64_t *ids = g_new(uint64_t, arr->len + 1);
        for (guint i = 0; i < arr->len; i++) {
            /* id is the first field of all three messages. */
            if (k == 0)
                ids[i] = ((Perftools__Profiles__Mapping *)arr->pdata[i])->id;
            else if (k == 1)
                ids[i] = ((Perftools__Profiles__Function *)arr->pdata[i])->id;
            else
                ids[i] = ((Perftools__Profiles__Location *)arr->pdata[i])->id;
        }
        /* Some writers (a .NET one in the corpus) leave every id 0 and refer
         * to entries by their 1-based position: number them so. */
        gboolean all_zero = arr->len > 1;
        for (guint i = 0; i < arr->len && all_zero; i++)
            all_zero = ids[i] == 0;
        if (all_zero) {
            for (guint i = 0; i < arr->len; i++)
                ids[i] = i + 1;
            /* Translators: %s is the name of a pprof table: “mapping”,
             * “function” or “location”; keep it as it is */
            kiln_builder_warn(t->b, _("No %s entry has an id; they were numbered in file order"),
                              kinds[k].what);
        }
        uint32_t dups = id_map_build(kinds[k].map, ids, arr->len);
        if (dups)
            kiln_builder_warn(t->b,
                              g_dngettext(GETTEXT_PACKAGE,
                                          /* Translators: %s is the name of a pprof table:
                                           * “mapping”, “function” or “location”; keep it as it is.
                                           * The English is plural for any count */
                                          "%u %s entries reuse an id already taken; the first of "
                                          "each was kept",
                                          "%u %s entries reuse an id already taken; the first of "
                                          "each was kept",
                                          dups),
                              dups, kinds[k].what);
        g_free(ids);
    }
    guint nl = t->locations->len;
    t->mapping_module = g_new(uint32_t, t->mappings->len + 1);
    memset(t->mapping_module, 0xff, sizeof(uint32_t) * (t->mappings->len + 1));
    t->loc_start = g_new(uint32_t, nl + 1);
    memset(t->loc_start, 0xff, sizeof(uint32_t) * (nl + 1));
    t->loc_count = g_new0(uint32_t, nl + 1);
    t->loc_first_line = g_new0(uint32_t, nl + 1);
    t->loc_prune = g_new0(guint8, nl + 1);
}

static const Perftools__Profiles__Function *function_for(KilnPprofTables *t, uint64_t id)
{
    uint32_t i = id_map_get(&t->function_ids, id);
    return i == UINT32_MAX ? NULL : t->functions->pdata[i];
}

/* pprof's simplifyFunc: drop a leading '.' (PPC ELF v1) and cut the name at
 * the first '(' that does not start "(anonymous namespace)" or belong to
 * "operator()". */
static char *simplify_func(const char *s, gsize len)
{
    if (len && s[0] == '.') {
        s++;
        len--;
    }
    static const char anon[] = "(anonymous namespace)", op[] = "operator()";
    gsize i = 0;
    while (i < len) {
        if (len - i >= sizeof anon - 1 && memcmp(s + i, anon, sizeof anon - 1) == 0) {
            i += sizeof anon - 1;
        } else if (len - i >= sizeof op - 1 && memcmp(s + i, op, sizeof op - 1) == 0) {
            i += sizeof op - 1;
        } else if (s[i] == '(') {
            break;
        } else {
            i++;
        }
    }
    return g_strndup(s, i);
}

static GRegex *compile_anchored(KilnPprofTables *t, int64_t idx, const char *what)
{
    gsize len;
    const char *s = kiln_pprof_tables_string(t, idx, &len);
    if (!len)
        return NULL;
    g_autofree char *src = g_strndup(s, len);
    g_autofree char *pat = g_strdup_printf("^(%s)$", src);
    GError *err = NULL;
    GRegex *re = g_regex_new(pat, G_REGEX_OPTIMIZE, 0, &err);
    if (!re) {
        kiln_builder_warn(t->b,
                          /* Translators: the first %s is “drop_frames” or “keep_frames”,
                           * the second the pattern, the third why it is not valid */
                          _("The profile's %s pattern “%s” is not a valid regular expression "
                            "(%s); it was ignored"),
                          what, src, err->message);
        g_error_free(err);
    }
    return re;
}

void kiln_pprof_tables_prune(KilnPprofTables *t, int64_t drop, int64_t keep)
{
    GRegex *drop_re = compile_anchored(t, drop, "drop_frames");
    if (!drop_re)
        return;
    GRegex *keep_re = compile_anchored(t, keep, "keep_frames");
    /* Per function: 0 = unknown, 1 = prune from here, 2 = keep. */
    guint8 *verdict = g_new0(guint8, t->functions->len + 1);
    for (guint l = 0; l < t->locations->len; l++) {
        const Perftools__Profiles__Location *loc = t->locations->pdata[l];
        gssize i;
        for (i = (gssize)loc->n_line - 1; i >= 0; i--) {
            uint32_t fi = id_map_get(&t->function_ids, loc->line[i]->function_id);
            if (fi == UINT32_MAX)
                continue;
            const Perftools__Profiles__Function *fn = t->functions->pdata[fi];
            gsize len;
            const char *name = kiln_pprof_tables_string(t, fn->name, &len);
            if (!len)
                continue;
            if (!verdict[fi]) {
                g_autofree char *simple = simplify_func(name, len);
                gboolean p = g_regex_match(drop_re, simple, 0, NULL) &&
                             !(keep_re && g_regex_match(keep_re, simple, 0, NULL));
                verdict[fi] = p ? 1 : 2;
            }
            if (verdict[fi] == 1)
                break;
        }
        if (i < 0)
            continue;
        t->loc_prune[l] = KILN_PPROF_PRUNE_BENEATH;
        if (i == (gssize)loc->n_line - 1)
            t->loc_prune[l] |= KILN_PPROF_PRUNE;
        else
            t->loc_first_line[l] = (uint32_t)i + 1;
    }
    g_free(verdict);
    g_regex_unref(drop_re);
    if (keep_re)
        g_regex_unref(keep_re);
}

static uint32_t module_of(KilnPprofTables *t, uint64_t mapping_id, uint32_t *mi_out)
{
    *mi_out = UINT32_MAX;
    if (mapping_id == 0)
        return 0;
    uint32_t mi = id_map_get(&t->mapping_ids, mapping_id);
    if (mi == UINT32_MAX) {
        t->missing_mappings++;
        return 0;
    }
    *mi_out = mi;
    if (t->mapping_module[mi] == UINT32_MAX) {
        const Perftools__Profiles__Mapping *m = t->mappings->pdata[mi];
        gsize len;
        const char *file = kiln_pprof_tables_string(t, m->filename, &len);
        const char *slash = len && file ? memrchr(file, '/', len) : NULL;
        if (slash && slash + 1 < file + len) {
            len -= (gsize)(slash + 1 - file);
            file = slash + 1;
        }
        t->mapping_module[mi] = len ? kiln_builder_intern(t->b, file, len) : 0;
    }
    return t->mapping_module[mi];
}

/* A name for code nothing names: "libfoo.so+0x1234" (file offset) when the
 * mapping has a file, else the bare address. */
static uint32_t address_frame(KilnPprofTables *t, const Perftools__Profiles__Location *loc,
                              uint32_t module, uint32_t mi)
{
    const Perftools__Profiles__Mapping *m = mi == UINT32_MAX ? NULL : t->mappings->pdata[mi];
    GString *s = g_string_new(NULL);
    if (module && m && loc->address >= m->memory_start) {
        gsize len;
        const char *file = kiln_pprof_tables_string(t, m->filename, &len);
        const char *slash = len && file ? memrchr(file, '/', len) : NULL;
        if (slash && slash + 1 < file + len) {
            len -= (gsize)(slash + 1 - file);
            file = slash + 1;
        }
        g_string_append_len(s, file, (gssize)len);
        g_string_append_printf(s, "+0x%" PRIx64, loc->address - m->memory_start + m->file_offset);
    } else {
        g_string_printf(s, "0x%" PRIx64, loc->address);
    }
    uint32_t name = kiln_builder_intern_name(t->b, s->str, s->len);
    g_string_free(s, TRUE);
    return kiln_builder_location(t->b, name, module, 0, 0, loc->address, 0, KILN_FRAME_UNKNOWN);
}

/* `depth` is the line's inline depth: pprof lists a location's lines
 * innermost first, so the last one (the function the code is really in)
 * is depth 0 and each line before it one call deeper. */
static uint32_t line_frame(KilnPprofTables *t, const Perftools__Profiles__Location *loc,
                           const Perftools__Profiles__Line *line, uint32_t depth,
                           uint32_t module, uint32_t mi)
{
    const Perftools__Profiles__Function *fn = function_for(t, line->function_id);
    gsize len = 0;
    const char *name = NULL;
    if (fn) {
        name = kiln_pprof_tables_string(t, fn->name, &len);
        if (!len)
            name = kiln_pprof_tables_string(t, fn->system_name, &len);
    } else if (line->function_id) {
        t->missing_functions++;
    }
    if (!len)
        return address_frame(t, loc, module, mi);
    uint32_t name_id = kiln_builder_intern_name(t->b, name, len);
    gsize flen = 0;
    const char *file = kiln_pprof_tables_string(t, fn->filename, &flen);
    uint32_t file_id = flen ? kiln_builder_intern(t->b, file, flen) : 0;
    uint32_t lineno = line->line > 0 && line->line <= G_MAXUINT32 ? (uint32_t)line->line : 0;
    return kiln_builder_location(t->b, name_id, module, file_id, lineno, loc->address, depth,
                                 depth ? KILN_FRAME_INLINED : KILN_FRAME_NORMAL);
}

const uint32_t *kiln_pprof_tables_build_frames(KilnPprofTables *t, uint32_t l, uint32_t *n)
{
    {
        const Perftools__Profiles__Location *loc = t->locations->pdata[l];
        uint32_t mi;
        uint32_t module = module_of(t, loc->mapping_id, &mi);
        t->loc_start[l] = t->frame_pool->len;
        uint32_t first = t->loc_first_line[l];
        if (loc->n_line == 0 || first >= loc->n_line) {
            uint32_t f = address_frame(t, loc, module, mi);
            g_array_append_val(t->frame_pool, f);
        } else {
            for (size_t i = first; i < loc->n_line; i++) {
                uint32_t f =
                    line_frame(t, loc, loc->line[i], (uint32_t)(loc->n_line - 1 - i), module, mi);
                g_array_append_val(t->frame_pool, f);
            }
        }
        t->loc_count[l] = t->frame_pool->len - t->loc_start[l];
    }
    *n = t->loc_count[l];
    return &g_array_index(t->frame_pool, uint32_t, t->loc_start[l]);
}
