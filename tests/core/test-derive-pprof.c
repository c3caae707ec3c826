/* test-derive-pprof.c — granularity and filters against `go tool pprof`.
 *
 * The expected numbers are computed at test time: `go tool pprof -raw`
 * (with -focus, -ignore, -hide, -show, -prune_from or -show_from when a filter is
 * tested) prints the profile after pprof's own filtering, sample by sample
 * with its locations and their lines. From that we count the call-tree
 * nodes pprof's -functions, -lines and -addresses would key (distinct
 * paths of frames) and sum each stack of function names, and compare with
 * Kiln's derived profile exactly. Skipped when `go` is not installed.
 */
#include "kiln-test-util.h"
#include "analysis/kiln-transform.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *name, *file;
    int64_t line;
} Line;

typedef struct {
    uint64_t address;
    GArray *lines; /* Line, innermost first, as pprof lists them */
} Location;

typedef struct {
    guint n_types;
    GArray *values;        /* int64_t, n_types per sample */
    GPtrArray *ids;        /* GArray of uint64_t location ids per sample, leaf first */
    GHashTable *locations; /* id -> Location */
} Raw;

static void location_free(gpointer data)
{
    Location *l = data;
    for (guint i = 0; i < l->lines->len; i++) {
        g_free(g_array_index(l->lines, Line, i).name);
        g_free(g_array_index(l->lines, Line, i).file);
    }
    g_array_unref(l->lines);
    g_free(l);
}

static void raw_free(Raw *r)
{
    g_array_unref(r->values);
    g_ptr_array_unref(r->ids);
    g_hash_table_unref(r->locations);
    g_free(r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Raw, raw_free)

static gboolean have_go(void)
{
    g_autofree char *go = g_find_program_in_path("go");
    if (!go)
        g_test_skip("go is not installed: no go tool pprof to compare with");
    return go != NULL;
}

/* Parses "   1: 0x40c2b0 M=1 name file:line s=0" and its continuation lines. */
static void parse_line(const char *text, Location *loc)
{
    g_autofree char *s = g_strstrip(g_strdup(text));
    char *sp = strstr(s, " s=");
    if (sp && strspn(sp + 3, "0123456789") == strlen(sp + 3))
        *sp = 0;
    char *last = strrchr(s, ' ');
    if (!*s || !last)
        return;
    char *colon = strrchr(last, ':');
    g_assert_nonnull(colon);
    Line l = {g_strndup(s, (gsize)(last - s)), g_strndup(last + 1, (gsize)(colon - last - 1)),
              g_ascii_strtoll(colon + 1, NULL, 10)};
    g_array_append_val(loc->lines, l);
}

static Raw *run_raw(const char *path, const char *option, const char *value)
{
    g_autofree char *opt = option ? g_strdup_printf("-%s=%s", option, value) : NULL;
    const char *argv[] = {"go",   "tool",           "pprof",           "-symbolize=none",
                          "-raw", opt ? opt : path, opt ? path : NULL, NULL};
    g_autofree char *out = NULL;
    int status = -1;
    GError *err = NULL;
    g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                 NULL, &out, NULL, &status, &err);
    g_assert_no_error(err);
    g_assert_true(g_spawn_check_wait_status(status, NULL));

    Raw *r = g_new0(Raw, 1);
    r->values = g_array_new(FALSE, FALSE, sizeof(int64_t));
    r->ids = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    r->locations = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, location_free);
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    enum { HEAD, TYPES, SAMPLES, LOCATIONS, DONE } state = HEAD;
    Location *cur = NULL;
    for (char **l = lines; *l && state != DONE; l++) {
        const char *s = *l;
        if (state == HEAD) {
            if (strcmp(s, "Samples:") == 0)
                state = TYPES;
        } else if (state == TYPES) {
            g_autofree char *head = g_strstrip(g_strdup(s));
            g_auto(GStrv) cols = g_strsplit_set(head, " ", -1);
            r->n_types = 0;
            for (char **c = cols; *c; c++)
                r->n_types += **c != 0;
            state = SAMPLES;
        } else if (state == SAMPLES) {
            if (g_str_has_prefix(s, "Locations")) {
                state = LOCATIONS;
                continue;
            }
            const char *colon = strchr(s, ':');
            if (!colon || strstr(s, "labels") || strchr(s, '['))
                continue;
            g_autofree char *vals = g_strndup(s, (gsize)(colon - s));
            g_auto(GStrv) v = g_strsplit_set(g_strstrip(vals), " ", -1);
            guint nv = 0;
            for (char **c = v; *c; c++) {
                if (!**c)
                    continue;
                int64_t x = g_ascii_strtoll(*c, NULL, 10);
                g_array_append_val(r->values, x);
                nv++;
            }
            g_assert_cmpuint(nv, ==, r->n_types);
            GArray *ids = g_array_new(FALSE, FALSE, sizeof(uint64_t));
            g_auto(GStrv) idv = g_strsplit(colon + 1, " ", -1);
            for (char **c = idv; *c; c++) {
                if (!**c)
                    continue;
                uint64_t id = g_ascii_strtoull(*c, NULL, 10);
                g_array_append_val(ids, id);
            }
            g_ptr_array_add(r->ids, ids);
        } else if (state == LOCATIONS) {
            if (g_str_has_prefix(s, "Mappings")) {
                state = DONE;
                continue;
            }
            const char *p = s + strspn(s, " ");
            char *end = NULL;
            uint64_t id = g_ascii_strtoull(p, &end, 10);
            if (end != p && *end == ':' && g_str_has_prefix(end, ": 0x")) {
                cur = g_new0(Location, 1);
                cur->lines = g_array_new(FALSE, FALSE, sizeof(Line));
                cur->address = g_ascii_strtoull(end + 4, &end, 16);
                if (g_str_has_prefix(end, " M="))
                    end = strchr(end + 1, ' ') ? strchr(end + 1, ' ') : end + strlen(end);
                gint64 *key = g_new(gint64, 1);
                *key = (gint64)id;
                g_hash_table_insert(r->locations, key, cur);
                parse_line(end, cur);
            } else if (cur) {
                parse_line(s, cur);
            }
        }
    }
    return r;
}

/* The frames of sample i, root first, as keys at granularity g. */
static GPtrArray *raw_frames(const Raw *r, guint i, KilnGranularity g, gboolean names_only)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GArray *ids = r->ids->pdata[i];
    for (guint k = ids->len; k-- > 0;) {
        gint64 id = (gint64)g_array_index(ids, uint64_t, k);
        const Location *loc = g_hash_table_lookup(r->locations, &id);
        g_assert_nonnull(loc);
        if (loc->lines->len == 0) {
            g_ptr_array_add(out, g_strdup_printf("0x%" G_GINT64_MODIFIER "x", loc->address));
            continue;
        }
        for (guint j = loc->lines->len; j-- > 0;) {
            const Line *l = &g_array_index(loc->lines, Line, j);
            guint depth = loc->lines->len - 1 - j;
            if (names_only)
                g_ptr_array_add(out, g_strdup(l->name));
            else
                g_ptr_array_add(
                    out, g_strdup_printf(
                             "%s\x1f%s\x1f%d\x1f%" G_GINT64_FORMAT "\x1f%u\x1f%" G_GUINT64_FORMAT,
                             l->name, l->file, depth > 0, g >= KILN_GRANULARITY_LINES ? l->line : 0,
                             g >= KILN_GRANULARITY_LINES ? depth : 0,
                             g >= KILN_GRANULARITY_ADDRESSES ? loc->address : 0));
        }
    }
    return out;
}

/* Call-tree nodes pprof would key at granularity g: distinct frame paths. */
static guint raw_tree_nodes(const Raw *r, KilnGranularity g)
{
    GHashTable *paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < r->ids->len; i++) {
        g_autoptr(GPtrArray) fr = raw_frames(r, i, g, FALSE);
        GString *path = g_string_new(NULL);
        for (guint k = 0; k < fr->len; k++) {
            g_string_append(path, fr->pdata[k]);
            g_string_append_c(path, '\x1e');
            g_hash_table_add(paths, g_strdup(path->str));
        }
        g_string_free(path, TRUE);
    }
    guint n = g_hash_table_size(paths) + 1; /* and the root */
    g_hash_table_unref(paths);
    return n;
}

/* stack of names ("a;b;c") -> values, n_types each. */
static GHashTable *raw_stacks(const Raw *r)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; i < r->ids->len; i++) {
        g_autoptr(GPtrArray) fr = raw_frames(r, i, KILN_GRANULARITY_FUNCTIONS, TRUE);
        g_ptr_array_add(fr, NULL);
        char *key = g_strjoinv(";", (char **)fr->pdata);
        double *v = g_hash_table_lookup(h, key);
        if (!v) {
            v = g_new0(double, r->n_types);
            g_hash_table_insert(h, g_strdup(key), v);
        }
        for (guint t = 0; t < r->n_types; t++)
            v[t] += (double)g_array_index(r->values, int64_t, (gsize)i * r->n_types + t);
        g_free(key);
    }
    return h;
}

static GHashTable *kiln_stacks(const KilnProfile *p)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        gboolean any = FALSE;
        for (uint32_t t = 0; t < p->n_types; t++)
            any |= kiln_profile_self(p, t, n) != 0;
        if (!any)
            continue;
        GPtrArray *names = g_ptr_array_new();
        for (uint32_t x = n; x != KILN_ROOT_NODE; x = p->nodes[x].parent)
            g_ptr_array_insert(names, 0, (gpointer)kiln_profile_node_name(p, x));
        g_ptr_array_add(names, NULL);
        char *key = g_strjoinv(";", (char **)names->pdata);
        g_ptr_array_unref(names);
        double *v = g_hash_table_lookup(h, key);
        if (!v) {
            v = g_new0(double, p->n_types);
            g_hash_table_insert(h, g_strdup(key), v);
        }
        for (uint32_t t = 0; t < p->n_types; t++)
            v[t] += kiln_profile_self(p, t, n);
        g_free(key);
    }
    return h;
}

/* Nodes that carry a value in some type: pprof drops samples whose values
 * are all zero as it reads a profile (profile.Merge), Kiln's importer keeps
 * their nodes (the derive engine does not). */
static uint32_t valued_nodes(const KilnProfile *p)
{
    uint32_t n_valued = 1;
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        gboolean any = FALSE;
        for (uint32_t t = 0; t < p->n_types && !any; t++)
            any = kiln_profile_total(p, t, n) != 0;
        n_valued += any;
    }
    return n_valued;
}

static KilnProfile *load(const char *path, KilnGranularity g)
{
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.granularity = g;
    GError *err = NULL;
    KilnProfile *p = kiln_load_file(path, &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    return p;
}

static const char *const files[] = {
    "pprof/google-pprof/report-testdata/sample.cpu",  /* Go 1.9 CPU */
    "pprof/google-pprof/proftest-testdata/large.cpu", /* Go CPU, 425k nodes */
    "pprof/pyroscope/og_convert_pprof_heap.pb",       /* Go heap, 4 types */
};

static void test_granularity(void)
{
    if (!have_go())
        return;
    for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
        g_autofree char *path = kiln_test_corpus_path(files[f]);
        if (!path)
            return;
        g_autoptr(Raw) raw = run_raw(path, NULL, NULL);
        for (int g = 0; g < KILN_GRANULARITY_N; g++) {
            g_autoptr(KilnProfile) p = load(path, (KilnGranularity)g);
            g_test_message("%s at %s: %u nodes", files[f], kiln_granularity_name(g), p->n_nodes);
            g_assert_cmpuint(valued_nodes(p), ==, raw_tree_nodes(raw, (KilnGranularity)g));
            g_assert_cmpuint(p->granularity, ==, (guint)g);
        }
        /* Function granularity: each function once per call path (the
         * siblings' names differ, unless one is an inlined copy). */
        g_autoptr(KilnProfile) p = load(path, KILN_GRANULARITY_FUNCTIONS);
        for (uint32_t n = 1; n < p->n_nodes; n++) {
            uint32_t next = n + p->nodes[n].size;
            if (next < p->n_nodes && p->nodes[next].parent == p->nodes[n].parent) {
                const KilnFrame *a = kiln_profile_node_frame(p, n),
                                *b = kiln_profile_node_frame(p, next);
                g_assert_true(a->name != b->name || a->kind != b->kind);
            }
        }
        /* Properties come along, quantities as quantities. */
        g_autoptr(KilnTransform) inv = kiln_transform_new(KILN_TRANSFORM_INVERT);
        g_autoptr(KilnProfile) ip = kiln_transform_apply(inv, p, NULL, NULL, NULL);
        g_assert_cmpuint(ip->properties->len, ==, p->properties->len);
        for (guint i = 0; i < p->properties->len; i++) {
            const KilnProperty *a = &g_array_index(p->properties, KilnProperty, i);
            const KilnProperty *b = &g_array_index(ip->properties, KilnProperty, i);
            g_assert_cmpstr(a->key, ==, b->key);
            g_assert_cmpstr(a->value, ==, b->value);
            g_assert_cmpstr(a->unit, ==, b->unit);
            g_assert_cmpfloat(a->quantity, ==, b->quantity);
        }
        /* Projecting a finer profile gives the coarser load exactly. */
        g_autoptr(KilnProfile) fine = load(path, KILN_GRANULARITY_ADDRESSES);
        g_autoptr(KilnTransform) t = kiln_transform_new_granularity(KILN_GRANULARITY_FUNCTIONS);
        g_autoptr(KilnProfile) projected = kiln_transform_apply(t, fine, NULL, NULL, NULL);
        g_assert_cmpuint(projected->n_nodes, ==, valued_nodes(p));
        g_autofree char *f1 = kiln_test_folded(projected, 0), *f2 = kiln_test_folded(p, 0);
        g_assert_cmpstr(f1, ==, f2);
    }
}

static void compare_filter(const char *path, const char *option, const char *value)
{
    g_autofree char *pprof_option = g_strdelimit(g_strdup(option), "-", '_');
    g_autoptr(Raw) raw = run_raw(path, pprof_option, value);
    g_autoptr(KilnProfile) p = load(path, KILN_GRANULARITY_ADDRESSES);
    GError *err = NULL;
    g_autoptr(KilnTransform) t = kiln_transform_parse(option, value, &err);
    g_assert_no_error(err);
    g_autoptr(KilnProfile) d = kiln_transform_apply(t, p, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(d->n_types, ==, raw->n_types);
    GHashTable *want = raw_stacks(raw), *got = kiln_stacks(d);
    g_test_message("-%s=%s: %u stacks", option, value, g_hash_table_size(want));
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, want);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const double *g = g_hash_table_lookup(got, k);
        if (!g)
            g_error("-%s=%s: pprof has the stack %s, Kiln has not", option, value, (char *)k);
        for (guint ty = 0; ty < raw->n_types; ty++)
            g_assert_cmpfloat(g[ty], ==, ((double *)v)[ty]);
    }
    g_assert_cmpuint(g_hash_table_size(got), ==, g_hash_table_size(want));
    /* The tree itself, at the granularity pprof printed it. */
    g_assert_cmpuint(valued_nodes(d), ==, raw_tree_nodes(raw, KILN_GRANULARITY_ADDRESSES));
    g_hash_table_unref(want);
    g_hash_table_unref(got);
}

static void test_filters(void)
{
    if (!have_go())
        return;
    static const struct {
        guint file;
        const char *option, *value;
    } cases[] = {
        {0, "focus", "mapassign"},
        {0, "ignore", "evacuate|memmove"},
        {0, "hide", "^runtime\\.main$"},
        {0, "hide", "runtime"},
        {0, "show", "^main\\."},
        {0, "prune-from", "mapassign"},
        {0, "prune-from", "^main\\.main$"},
        {0, "show-from", "^main\\.busyLoop$"},
        {0, "show-from", "mapassign"},
        {1, "show-from", "^main\\.next$"},
        {2, "show-from", "Unmarshal"},
        {1, "focus", "rand\\."},
        {1, "ignore", "setFunctions\\.func1[0-9]{3}$"},
        {1, "ignore", "^runtime\\."},
        {1, "hide", "^runtime\\."},
        {1, "show", "^(main|sort)\\."},
        {1, "prune-from", "^runtime\\.(mallocgc|gcBgMarkWorker)$"},
        {2, "focus", "Unmarshal"},
        {2, "hide", "^runtime\\."},
        {2, "prune-from", "^runtime\\.mallocgc$"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = kiln_test_corpus_path(files[cases[i].file]);
        if (!path)
            return;
        compare_filter(path, cases[i].option, cases[i].value);
    }
}

/* Bottom-up: pprof's stacks, each read leaf first. */
static void test_invert(void)
{
    if (!have_go())
        return;
    for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
        g_autofree char *path = kiln_test_corpus_path(files[f]);
        if (!path)
            return;
        g_autoptr(Raw) raw = run_raw(path, NULL, NULL);
        g_autoptr(KilnProfile) p = load(path, KILN_GRANULARITY_FUNCTIONS);
        g_autoptr(KilnTransform) t = kiln_transform_new(KILN_TRANSFORM_INVERT);
        g_autoptr(KilnProfile) d = kiln_transform_apply(t, p, NULL, NULL, NULL);
        GHashTable *want = raw_stacks(raw), *got = kiln_stacks(d);
        guint n = 0;
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, want);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            g_auto(GStrv) parts = g_strsplit(k, ";", -1);
            guint len = g_strv_length(parts);
            for (guint i = 0; i < len / 2; i++) {
                char *x = parts[i];
                parts[i] = parts[len - 1 - i];
                parts[len - 1 - i] = x;
            }
            g_autofree char *rev = g_strjoinv(";", parts);
            const double *g = g_hash_table_lookup(got, rev);
            g_assert_nonnull(g);
            for (guint ty = 0; ty < raw->n_types; ty++)
                g_assert_cmpfloat(g[ty], ==, ((double *)v)[ty]);
            n++;
        }
        g_assert_cmpuint(g_hash_table_size(got), ==, n);
        g_hash_table_unref(want);
        g_hash_table_unref(got);
    }
}

/* kiln-cli --granularity on every verb that loads; pprof export keeps
 * lines unless told otherwise. */
static void test_cli(void)
{
    g_autofree char *path = kiln_test_corpus_path(files[0]);
    if (!path)
        return;
    const struct {
        const char *g, *nodes;
    } cases[] = {{NULL, "18"}, {"functions", "18"}, {"lines", "58"}, {"addresses", "98"}};
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *args[] = {"info", path, cases[i].g ? "--granularity" : NULL, cases[i].g, NULL};
        g_autofree char *out = NULL;
        g_assert_cmpint(kiln_test_run_cli(args, &out, NULL), ==, 0);
        g_autofree char *want = g_strdup_printf("Tree nodes:     %s\n", cases[i].nodes);
        g_assert_nonnull(strstr(out, want));
    }
    const char *const verbs[][8] = {
        {"top", path, "--granularity", "lines", "-n", "3", NULL},
        {"export", path, "--granularity", "addresses", "--to", "folded", NULL},
        {"diff", path, path, "--granularity", "lines", NULL},
    };
    for (guint i = 0; i < G_N_ELEMENTS(verbs); i++)
        g_assert_cmpint(kiln_test_run_cli(verbs[i], NULL, NULL), ==, 0);
    const char *bad[] = {"info", path, "--granularity", "bytes", NULL};
    g_autofree char *err = NULL;
    g_assert_cmpint(kiln_test_run_cli(bad, NULL, &err), ==, 2);
    g_assert_nonnull(strstr(err, "unknown granularity “bytes”"));

    /* pprof out keeps the lines: re-reading it at lines gives the same tree. */
    g_autofree char *pb = g_build_filename(g_get_tmp_dir(), "kiln-derive-cli.pb.gz", NULL);
    const char *exp[] = {"export", path, "--to", "pprof", "-o", pb, NULL};
    g_assert_cmpint(kiln_test_run_cli(exp, NULL, NULL), ==, 0);
    g_autoptr(KilnProfile) back = load(pb, KILN_GRANULARITY_LINES);
    g_autoptr(KilnProfile) lines = load(path, KILN_GRANULARITY_LINES);
    g_assert_cmpuint(back->n_nodes, ==, lines->n_nodes);
    g_remove(pb);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/derive-pprof/granularity", test_granularity);
    g_test_add_func("/derive-pprof/filters", test_filters);
    g_test_add_func("/derive-pprof/invert", test_invert);
    g_test_add_func("/derive-pprof/cli", test_cli);
    return g_test_run();
}
