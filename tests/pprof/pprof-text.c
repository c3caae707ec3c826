/* pprof-text.c — PprofText: Profile.String() text to folded stacks. */
#include "pprof-text.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    GPtrArray *lines; /* char* function names, innermost first ("" = no name) */
    uint64_t address;
    uint64_t mapping;
    int prune; /* 1 = drop it and beneath, 2 = drop beneath */
} Loc;

typedef struct {
    uint64_t start, limit, offset;
    char *file;
} Map;

static void loc_free(gpointer p)
{
    Loc *l = p;
    g_ptr_array_unref(l->lines);
    g_free(l);
}

static void map_free(gpointer p)
{
    Map *m = p;
    g_free(m->file);
    g_free(m);
}

static gboolean all_ints(char **tok)
{
    if (!tok[0])
        return FALSE;
    for (char **t = tok; *t; t++) {
        if (!**t)
            continue;
        char *end;
        g_ascii_strtoll(*t, &end, 10);
        if (*end)
            return FALSE;
    }
    return TRUE;
}

static char **split_ws(const char *s)
{
    char **raw = g_strsplit_set(s, " \t", -1);
    GPtrArray *out = g_ptr_array_new();
    for (char **r = raw; *r; r++)
        if (**r)
            g_ptr_array_add(out, g_strdup(*r));
    g_ptr_array_add(out, NULL);
    g_strfreev(raw);
    return (char **)g_ptr_array_free(out, FALSE);
}

/* "<name> <file>:<line>[:<col>] s=N[(<system name>)]" → name (which may
 * hold spaces: "operator new"); "??" (no function) → "". */
static char *line_name(const char *s)
{
    while (*s == ' ')
        s++;
    const char *end = g_strrstr(s, " s=");
    if (!end)
        end = s + strlen(s);
    const char *sp = end;
    while (sp > s && sp[-1] != ' ')
        sp--;
    char *name = sp > s ? g_strndup(s, (gsize)(sp - 1 - s)) : g_strdup("");
    if (strcmp(name, "??") == 0 || strcmp(s, "??") == 0)
        name[0] = 0;
    return name;
}

static char *address_name(const Loc *l, GHashTable *maps)
{
    const Map *m = g_hash_table_lookup(maps, &l->mapping);
    if (m && *m->file && l->address >= m->start) {
        const char *base = strrchr(m->file, '/');
        base = base && base[1] ? base + 1 : m->file;
        return g_strdup_printf("%s+0x%" PRIx64, base, l->address - m->start + m->offset);
    }
    return g_strdup_printf("0x%" PRIx64, l->address);
}

typedef struct {
    GArray *values; /* int64_t per type */
    GArray *locs;   /* uint64_t leaf first */
} Sample;

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* pprof's Profile.Prune over the parsed locations, for goldens printed
 * before pruning: a location whose outermost matching line is its last is
 * dropped with everything beneath it, one matching inside keeps only the
 * lines above the match. Names are compared up to their first "(". */
static gboolean prune_match(GRegex *drop, GRegex *keep, const char *name)
{
    if (!*name)
        return FALSE;
    g_autofree char *simple = g_strdup(name[0] == '.' ? name + 1 : name);
    char *paren = strchr(simple, '(');
    if (paren && !g_str_has_prefix(paren, "(anonymous namespace)") &&
        !strstr(simple, "operator()"))
        *paren = 0;
    return g_regex_match(drop, simple, 0, NULL) && !(keep && g_regex_match(keep, simple, 0, NULL));
}

PprofText *pprof_text_parse(const char *text)
{
    return pprof_text_parse_pruned(text, NULL, NULL);
}

PprofText *pprof_text_parse_pruned(const char *text, const char *drop_rx, const char *keep_rx)
{
    PprofText *t = g_new0(PprofText, 1);
    t->type_names = g_ptr_array_new_with_free_func(g_free);
    t->folded = g_ptr_array_new_with_free_func(g_free);
    t->default_type = -1;
    GHashTable *locs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, loc_free);
    GHashTable *maps = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, map_free);
    GArray *samples = g_array_new(FALSE, FALSE, sizeof(Sample));
    char **lines = g_strsplit(text, "\n", -1);
    enum { HEAD, TYPES, SAMPLES, LOCATIONS, MAPPINGS } section = HEAD;
    Loc *cur = NULL;
    for (char **lp = lines; *lp; lp++) {
        const char *line = *lp;
        if (strcmp(line, "Samples:") == 0) {
            section = TYPES;
            continue;
        }
        if (strcmp(line, "Locations") == 0) {
            section = LOCATIONS;
            continue;
        }
        if (strcmp(line, "Mappings") == 0) {
            section = MAPPINGS;
            continue;
        }
        if (section == TYPES) {
            g_auto(GStrv) tok = split_ws(line);
            for (char **tp = tok; *tp; tp++) {
                char *name = g_strdup(*tp);
                char *d = strstr(name, "[dflt]");
                if (d) {
                    *d = 0;
                    t->default_type = (int)t->type_names->len;
                }
                g_ptr_array_add(t->type_names, name);
            }
            section = SAMPLES;
        } else if (section == SAMPLES) {
            const char *colon = strchr(line, ':');
            if (!colon)
                continue;
            g_autofree char *left = g_strndup(line, (gsize)(colon - line));
            g_auto(GStrv) vt = split_ws(left);
            if (!all_ints(vt))
                continue; /* a label line */
            Sample s = {g_array_new(FALSE, FALSE, sizeof(int64_t)),
                        g_array_new(FALSE, FALSE, sizeof(uint64_t))};
            for (char **v = vt; *v; v++) {
                int64_t x = g_ascii_strtoll(*v, NULL, 10);
                g_array_append_val(s.values, x);
            }
            g_auto(GStrv) ids = split_ws(colon + 1);
            for (char **v = ids; *v; v++) {
                uint64_t x = g_ascii_strtoull(*v, NULL, 10);
                g_array_append_val(s.locs, x);
            }
            g_array_append_val(samples, s);
        } else if (section == LOCATIONS) {
            const char *p = line;
            while (*p == ' ')
                p++;
            char *end;
            uint64_t id = g_ascii_strtoull(p, &end, 10);
            if (end != p && end[0] == ':' && end[1] == ' ' && end[2] == '0' && end[3] == 'x') {
                cur = g_new0(Loc, 1);
                cur->lines = g_ptr_array_new_with_free_func(g_free);
                p = end + 2;
                cur->address = g_ascii_strtoull(p + 2, &end, 16);
                p = end;
                while (*p == ' ')
                    p++;
                if (g_str_has_prefix(p, "M=")) {
                    cur->mapping = g_ascii_strtoull(p + 2, &end, 10);
                    p = end;
                    while (*p == ' ')
                        p++;
                }
                if (g_str_has_prefix(p, "[F]"))
                    p += 3;
                while (*p == ' ')
                    p++;
                if (*p)
                    g_ptr_array_add(cur->lines, line_name(p));
                uint64_t *key = g_new(uint64_t, 1);
                *key = id;
                g_hash_table_replace(locs, key, cur);
            } else if (cur && *p) {
                g_ptr_array_add(cur->lines, line_name(p));
            }
        } else if (section == MAPPINGS) {
            char *end;
            uint64_t id = g_ascii_strtoull(line, &end, 10);
            if (end == line || strncmp(end, ": 0x", 4) != 0)
                continue;
            Map *m = g_new0(Map, 1);
            m->start = g_ascii_strtoull(end + 4, &end, 16);
            m->limit = g_ascii_strtoull(end + 3, &end, 16);
            m->offset = g_ascii_strtoull(end + 3, &end, 16);
            const char *f = *end == ' ' ? end + 1 : end;
            const char *sp = strchr(f, ' ');
            m->file = sp ? g_strndup(f, (gsize)(sp - f)) : g_strdup(f);
            uint64_t *key = g_new(uint64_t, 1);
            *key = id;
            g_hash_table_replace(maps, key, m);
        }
    }
    g_strfreev(lines);

    GRegex *drop = NULL, *keep = NULL;
    if (drop_rx) {
        g_autofree char *d = g_strdup_printf("^(%s)$", drop_rx);
        drop = g_regex_new(d, 0, 0, NULL);
        g_assert_nonnull(drop);
        if (keep_rx) {
            g_autofree char *k = g_strdup_printf("^(%s)$", keep_rx);
            keep = g_regex_new(k, 0, 0, NULL);
        }
    }
    GHashTableIter lit;
    gpointer lk, lv;
    g_hash_table_iter_init(&lit, locs);
    while (drop && g_hash_table_iter_next(&lit, &lk, &lv)) {
        Loc *l = lv;
        gint i;
        for (i = (gint)l->lines->len - 1; i >= 0; i--)
            if (prune_match(drop, keep, l->lines->pdata[i]))
                break;
        if (i < 0)
            continue;
        l->prune = i == (gint)l->lines->len - 1 ? 1 : 2;
        if (l->prune == 2)
            g_ptr_array_remove_range(l->lines, 0, (guint)i + 1);
    }
    if (drop) {
        for (guint s = 0; s < samples->len; s++) {
            GArray *ids = g_array_index(samples, Sample, s).locs;
            gboolean user = FALSE;
            for (guint i = ids->len; i-- > 0;) {
                Loc *l = g_hash_table_lookup(locs, &g_array_index(ids, uint64_t, i));
                if (!l->prune) {
                    user = TRUE;
                    continue;
                }
                if (!user)
                    continue;
                g_array_remove_range(ids, 0, l->prune == 1 ? i + 1 : i);
                break;
            }
        }
        g_regex_unref(drop);
        if (keep)
            g_regex_unref(keep);
    }

    /* Aggregate per type: stack → value. */
    guint nt = t->type_names->len;
    GHashTable **agg = g_new0(GHashTable *, nt + 1);
    for (guint i = 0; i < nt; i++)
        agg[i] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GString *stack = g_string_new(NULL);
    for (guint s = 0; s < samples->len; s++) {
        Sample *sm = &g_array_index(samples, Sample, s);
        g_string_truncate(stack, 0);
        for (guint i = sm->locs->len; i-- > 0;) {
            uint64_t id = g_array_index(sm->locs, uint64_t, i);
            Loc *l = g_hash_table_lookup(locs, &id);
            g_assert_nonnull(l);
            if (l->lines->len == 0) {
                g_autofree char *n = address_name(l, maps);
                if (stack->len)
                    g_string_append_c(stack, ';');
                g_string_append(stack, n);
                continue;
            }
            for (guint j = l->lines->len; j-- > 0;) {
                const char *n = l->lines->pdata[j];
                g_autofree char *owned = *n ? NULL : address_name(l, maps);
                if (stack->len)
                    g_string_append_c(stack, ';');
                g_string_append(stack, owned ? owned : n);
                if (j + 1 < l->lines->len)
                    g_string_append(stack, "_[i]");
            }
        }
        t->n_samples++;
        if (!stack->len)
            continue;
        for (guint ty = 0; ty < nt && ty < sm->values->len; ty++) {
            int64_t *v = g_hash_table_lookup(agg[ty], stack->str);
            if (!v) {
                v = g_new0(int64_t, 1);
                g_hash_table_insert(agg[ty], g_strdup(stack->str), v);
            }
            *v += g_array_index(sm->values, int64_t, ty);
        }
    }
    for (guint ty = 0; ty < nt; ty++) {
        GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, agg[ty]);
        while (g_hash_table_iter_next(&it, &k, &v))
            if (*(int64_t *)v != 0)
                g_ptr_array_add(out, g_strdup_printf("%s %" PRId64 "\n", (char *)k,
                                                     *(int64_t *)v));
        g_ptr_array_sort(out, cmp_str);
        GString *f = g_string_new(NULL);
        for (guint i = 0; i < out->len; i++)
            g_string_append(f, out->pdata[i]);
        g_ptr_array_add(t->folded, g_string_free(f, FALSE));
        g_ptr_array_unref(out);
        g_hash_table_unref(agg[ty]);
    }
    g_free(agg);
    g_string_free(stack, TRUE);
    for (guint s = 0; s < samples->len; s++) {
        g_array_unref(g_array_index(samples, Sample, s).values);
        g_array_unref(g_array_index(samples, Sample, s).locs);
    }
    g_array_unref(samples);
    g_hash_table_unref(locs);
    g_hash_table_unref(maps);
    return t;
}

void pprof_text_free(PprofText *t)
{
    if (!t)
        return;
    g_ptr_array_unref(t->type_names);
    g_ptr_array_unref(t->folded);
    g_free(t);
}

int pprof_text_find_type(const PprofText *t, const char *name)
{
    gsize n = strlen(name);
    for (guint i = 0; i < t->type_names->len; i++) {
        const char *s = t->type_names->pdata[i];
        if (strncmp(s, name, n) == 0 && s[n] == '/')
            return (int)i;
    }
    return -1;
}
