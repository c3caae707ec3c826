/* test-function-index.c — KilnFunctionIndex: each function's nodes in
 * preorder, flat and cum (recursion counted once per stack), by frame and
 * by name, against hand-computed numbers and `go tool pprof -top -cum`. */
#include "kiln-test-util.h"
#include "core/kiln-builder.h"
#include "core/kiln-function-index.h"

#include <stdlib.h>
#include <string.h>

static KilnProfile *stacks_profile(const char *const *stacks, const double *values, gsize n)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "samples", "count");
    for (gsize s = 0; s < n; s++) {
        g_auto(GStrv) names = g_strsplit(stacks[s], ";", -1);
        uint32_t node = KILN_ROOT_NODE;
        for (char **nm = names; *nm; nm++) {
            /* "name:line" gives a located frame. */
            const char *colon = strchr(*nm, ':');
            size_t len = colon ? (size_t)(colon - *nm) : strlen(*nm);
            uint32_t name = kiln_builder_intern_name(b, *nm, len);
            uint32_t line = colon ? (uint32_t)atoi(colon + 1) : 0;
            node = kiln_builder_child(b, node,
                                      kiln_builder_frame(b, name, 0, 0, line, KILN_FRAME_NORMAL));
        }
        kiln_builder_add_value(b, node, 0, values[s]);
    }
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    return p;
}

static void test_recursion(void)
{
    const char *const stacks[] = {"main;a;b;a", "main;a", "main;b;a;a", "main"};
    const double values[] = {10, 5, 7, 2};
    g_autoptr(KilnProfile) p = stacks_profile(stacks, values, G_N_ELEMENTS(stacks));
    /* Preorder: 0 root, 1 main, 2 a, 3 a;b, 4 a;b;a, 5 b, 6 b;a, 7 b;a;a */
    g_assert_cmpuint(p->n_nodes, ==, 8);
    for (int key = 0; key < 2; key++) {
        g_autoptr(KilnFunctionIndex) idx = kiln_function_index_new(p, (KilnFunctionKey)key);
        g_assert_true(kiln_function_index_profile(idx) == p);
        g_assert_cmpint(kiln_function_index_key(idx), ==, key);
        uint32_t a = kiln_function_index_lookup(idx, "a");
        uint32_t b = kiln_function_index_lookup(idx, "b");
        uint32_t m = kiln_function_index_lookup(idx, "main");
        g_assert_cmpuint(a, !=, KILN_NO_FUNCTION);
        g_assert_cmpuint(kiln_function_index_lookup(idx, "nope"), ==, KILN_NO_FUNCTION);
        g_assert_cmpuint(kiln_function_index_lookup(idx, ""), ==, KILN_NO_FUNCTION);
        g_assert_cmpstr(kiln_function_index_name(idx, a), ==, "a");
        g_assert_cmpuint(kiln_function_index_of_node(idx, 4), ==, a);
        g_assert_cmpuint(kiln_function_index_of_node(idx, 0), ==, KILN_NO_FUNCTION);
        g_assert_cmpuint(kiln_function_index_of_node(idx, 99), ==, KILN_NO_FUNCTION);
        uint32_t n;
        const uint32_t *nodes = kiln_function_index_nodes(idx, a, &n);
        g_assert_cmpuint(n, ==, 4);
        const uint32_t want[] = {2, 4, 6, 7};
        for (uint32_t i = 0; i < 4; i++)
            g_assert_cmpuint(nodes[i], ==, want[i]);
        nodes = kiln_function_index_nodes(idx, b, &n);
        g_assert_cmpuint(n, ==, 2);
        g_assert_cmpuint(nodes[0], ==, 3);
        g_assert_cmpuint(nodes[1], ==, 5);
        kiln_function_index_nodes(idx, KILN_NO_FUNCTION, &n);
        g_assert_cmpuint(n, ==, 0);
        /* flat / cum: a is 10 + 5 + 7 either way; b is under 10 and 7. */
        g_assert_cmpfloat(kiln_function_index_self(idx, a, 0), ==, 22);
        g_assert_cmpfloat(kiln_function_index_total(idx, a, 0), ==, 22);
        g_assert_cmpfloat(kiln_function_index_self(idx, b, 0), ==, 0);
        g_assert_cmpfloat(kiln_function_index_total(idx, b, 0), ==, 17);
        g_assert_cmpfloat(kiln_function_index_self(idx, m, 0), ==, 2);
        g_assert_cmpfloat(kiln_function_index_total(idx, m, 0), ==, 24);
        g_assert_cmpfloat(kiln_function_index_total(idx, m, 1), ==, 0); /* no type 1 */
    }
}

static void test_lines(void)
{
    /* f at two lines: two frames, one name. */
    const char *const stacks[] = {"main;f:10", "main;f:12;f:10", "main;g;f:12"};
    const double values[] = {1, 2, 4};
    g_autoptr(KilnProfile) p = stacks_profile(stacks, values, G_N_ELEMENTS(stacks));
    g_autoptr(KilnFunctionIndex) frames = kiln_function_index_new(p, KILN_FUNCTION_BY_FRAME);
    g_autoptr(KilnFunctionIndex) names = kiln_function_index_new(p, KILN_FUNCTION_BY_NAME);
    uint32_t f = kiln_function_index_lookup(names, "f");
    g_assert_cmpfloat(kiln_function_index_self(names, f, 0), ==, 7);
    /* main;f:12;f:10 is one stack: f counts once. */
    g_assert_cmpfloat(kiln_function_index_total(names, f, 0), ==, 7);
    uint32_t n;
    kiln_function_index_nodes(names, f, &n);
    g_assert_cmpuint(n, ==, 4);
    /* By frame, f:12 (6 in total) beats f:10 (3) for the name. */
    uint32_t f12 = kiln_function_index_lookup(frames, "f");
    g_assert_cmpuint(p->frames[f12].line, ==, 12);
    g_assert_cmpfloat(kiln_function_index_total(frames, f12, 0), ==, 6);
    g_assert_cmpfloat(kiln_function_index_self(frames, f12, 0), ==, 4);
    kiln_function_index_nodes(frames, f12, &n);
    g_assert_cmpuint(n, ==, 2);
}

static void test_deep_recursion(void)
{
    /* A million-deep self-recursion: iterative, and counted once. */
    KilnLimits limits;
    kiln_limits_init_default(&limits);
    limits.max_depth = 2000000;
    KilnBuilder *b = kiln_builder_new(&limits);
    uint32_t r = kiln_builder_frame_named(b, "r", 1, KILN_FRAME_NORMAL);
    uint32_t node = KILN_ROOT_NODE;
    for (int d = 0; d < 1000000; d++) {
        node = kiln_builder_child(b, node, r);
        if (d % 1000 == 999)
            kiln_builder_add_value(b, node, 0, 1);
    }
    g_autoptr(KilnProfile) p = kiln_builder_finish(b);
    kiln_builder_free(b);
    g_autoptr(KilnFunctionIndex) idx = kiln_function_index_new(p, KILN_FUNCTION_BY_FRAME);
    uint32_t f = kiln_function_index_lookup(idx, "r");
    uint32_t n;
    kiln_function_index_nodes(idx, f, &n);
    g_assert_cmpuint(n, ==, 1000000);
    g_assert_cmpfloat(kiln_function_index_self(idx, f, 0), ==, 1000);
    g_assert_cmpfloat(kiln_function_index_total(idx, f, 0), ==, 1000);
}

/* `go tool pprof -top -cum` of a file in exact nanoseconds: name -> flat,
 * cum. NULL (test skipped) without go. */
static GHashTable *pprof_top(const char *path, double *total)
{
    g_autofree char *go = g_find_program_in_path("go");
    if (!go) {
        g_test_skip("`go` is not installed (Debian: golang-go)");
        return NULL;
    }
    g_autofree char *home = g_dir_make_tmp("kiln-fi-XXXXXX", NULL);
    g_assert_nonnull(home);
    g_auto(GStrv) env = g_get_environ();
    env = g_environ_setenv(env, "HOME", home, TRUE);
    env = g_environ_setenv(env, "PPROF_TMPDIR", home, TRUE);
    env = g_environ_setenv(env, "GOTOOLCHAIN", "local", TRUE);
    g_autofree char *cache = g_build_filename(home, "gocache", NULL);
    env = g_environ_setenv(env, "GOCACHE", cache, TRUE);
    const char *argv[] = {go,
                          "tool",
                          "pprof",
                          "-symbolize=none",
                          "-top",
                          "-cum",
                          "-nodecount=10000000",
                          "-nodefraction=0",
                          "-edgefraction=0",
                          "-unit=ns",
                          path,
                          NULL};
    g_autofree char *out = NULL, *err = NULL;
    int status = 0;
    g_autoptr(GError) e = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &e));
    g_assert_no_error(e);
    if (!g_spawn_check_wait_status(status, NULL))
        g_error("go tool pprof -top failed on %s: %s", path, err);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", home);
    g_assert_cmpint(system(rm), ==, 0);

    GHashTable *rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    gboolean body = FALSE;
    for (char **l = lines; *l; l++) {
        const char *tot = strstr(*l, "Total samples = ");
        if (tot)
            *total = g_ascii_strtod(tot + 16, NULL);
        if (g_str_has_prefix(g_strstrip(*l), "flat ")) {
            body = TRUE;
            continue;
        }
        if (!body || !**l)
            continue;
        /* flat flat% sum% cum cum% name…, the name possibly with spaces. */
        char *p = *l, *end;
        double v[2];
        for (int c = 0; c < 5; c++) {
            while (*p == ' ')
                p++;
            if (c == 0 || c == 3) {
                v[c ? 1 : 0] = g_ascii_strtod(p, &end);
                p = end;
            }
            while (*p && *p != ' ')
                p++;
        }
        while (*p == ' ')
            p++;
        char *name = g_strdup(p);
        /* pprof's notes on how a function was inlined, not part of its name. */
        static const char *const notes[] = {" (inline)", " (partial-inline)"};
        for (gsize i = 0; i < G_N_ELEMENTS(notes); i++)
            if (g_str_has_suffix(name, notes[i]))
                name[strlen(name) - strlen(notes[i])] = '\0';
        g_assert_false(g_hash_table_contains(rows, name));
        g_hash_table_insert(rows, name, g_memdup2(v, sizeof v));
    }
    return rows;
}

static void test_vs_pprof(gconstpointer data)
{
    g_autofree char *path = kiln_test_corpus_path(data);
    if (!path)
        return;
    double total = -1;
    GHashTable *rows = pprof_top(path, &total);
    if (!rows)
        return;
    g_autoptr(GError) err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    int type = kiln_profile_find_type(p, "cpu");
    g_assert_cmpint(type, >=, 0);
    g_assert_cmpfloat(kiln_profile_total(p, (uint32_t)type, 0), ==, total);
    g_autoptr(KilnFunctionIndex) idx = kiln_function_index_new(p, KILN_FUNCTION_BY_NAME);

    /* Every row pprof prints, with its flat and cum; and nothing else. */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, rows);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const double *fc = v;
        uint32_t f = kiln_function_index_lookup(idx, k);
        if (f == KILN_NO_FUNCTION)
            g_error("pprof's function %s is not in Kiln's index", (const char *)k);
        if (kiln_function_index_self(idx, f, (uint32_t)type) != fc[0] ||
            kiln_function_index_total(idx, f, (uint32_t)type) != fc[1])
            g_error("%s: Kiln flat %.0f cum %.0f, pprof flat %.0f cum %.0f", (const char *)k,
                    kiln_function_index_self(idx, f, (uint32_t)type),
                    kiln_function_index_total(idx, f, (uint32_t)type), fc[0], fc[1]);
    }
    uint32_t nonzero = 0;
    for (uint32_t f = 0; f < kiln_function_index_n_functions(idx); f++)
        nonzero += kiln_function_index_total(idx, f, (uint32_t)type) != 0;
    g_assert_cmpuint(nonzero, ==, g_hash_table_size(rows));
    g_test_message("%s: %u functions agree with go tool pprof -top -cum", (const char *)data,
                   nonzero);
    g_hash_table_unref(rows);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/function-index/recursion", test_recursion);
    g_test_add_func("/function-index/lines", test_lines);
    g_test_add_func("/function-index/deep-recursion", test_deep_recursion);
    g_test_add_data_func("/function-index/pprof/large-cpu",
                         "pprof/google-pprof/proftest-testdata/large.cpu", test_vs_pprof);
    g_test_add_data_func("/function-index/pprof/cpu-exemplars",
                         "pprof/pyroscope/og_convert_pprof_cpu-exemplars.pb.gz", test_vs_pprof);
    return g_test_run();
}
