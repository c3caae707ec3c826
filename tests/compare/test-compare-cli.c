/* test-compare-cli.c — `kiln-cli diff` against pprof's -diff_base.
 *
 * diffgen/ is a Go program built at test time; run as "before" and
 * "after" it writes two allocation profiles of two versions of itself (in
 * the second, main.halve allocates half, main.twice twice as much and
 * main.fresh is new). Kiln's per-stack deltas (--to folded) must equal the
 * stacks of `go tool pprof -raw -diff_base` summed, and its per-function
 * deltas (--tsv) pprof's cum of `-top -cum -diff_base`, value for value.
 * Skipped with a message without `go`.
 *
 * Then two perf recordings of one C program built as `prog` and `prog2`:
 * by default the diff drops the differing process roots, so the code lines
 * up; --root process keeps them apart. Skipped without cc or perf access.
 */
#include "kiln-test-util.h"
#include "pprof-text.h"

#include <glib/gstdio.h>
#include <string.h>

static char *work_dir;
static char *go_bin;
static char *go_error; /* set when go is there but the setup failed */

static gboolean run_in(const char *cwd, const char *const *argv, char **out, char **err_out)
{
    g_auto(GStrv) env = g_get_environ();
    g_autofree char *cache = g_build_filename(work_dir, "gocache", NULL);
    env = g_environ_setenv(env, "GOCACHE", cache, TRUE);
    env = g_environ_setenv(env, "HOME", work_dir, TRUE);
    env = g_environ_setenv(env, "PPROF_TMPDIR", work_dir, TRUE);
    env = g_environ_setenv(env, "GOFLAGS", "", TRUE);
    env = g_environ_setenv(env, "GOPROXY", "off", TRUE);
    env = g_environ_setenv(env, "GOTOOLCHAIN", "local", TRUE);
    int status = -1;
    GError *e = NULL;
    g_autofree char *o = NULL, *r = NULL;
    if (!g_spawn_sync(cwd, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, &o, &r, &status, &e)) {
        if (err_out)
            *err_out = g_strdup(e->message);
        g_error_free(e);
        return FALSE;
    }
    gboolean ok = g_spawn_check_wait_status(status, NULL);
    if (out)
        *out = g_steal_pointer(&o);
    if (err_out)
        *err_out = g_steal_pointer(&r);
    return ok;
}

static gboolean run(const char *const *argv, char **out, char **err_out)
{
    return run_in(work_dir, argv, out, err_out);
}

static char *path_in(const char *name)
{
    return g_build_filename(work_dir, name, NULL);
}

static void setup_go(void)
{
    go_bin = g_find_program_in_path("go");
    if (!go_bin)
        return;
    const char *src = g_getenv("KILN_SOURCE_ROOT");
    g_autofree char *pkg = g_build_filename(src ? src : ".", "tests", "compare", "diffgen", NULL);
    g_autofree char *exe = path_in("diffgen");
    const char *bargv[] = {go_bin, "build", "-o", exe, ".", NULL};
    g_autofree char *err = NULL;
    if (!run_in(pkg, bargv, NULL, &err)) {
        go_error = g_strdup_printf("go build of %s failed: %s", pkg, err);
        return;
    }
    const char *r1[] = {exe, work_dir, NULL};
    const char *r2[] = {exe, work_dir, "after", NULL};
    g_clear_pointer(&err, g_free);
    /* Each run hands back its stderr; the first one's is dropped before the
     * second run fills the same slot. */
    gboolean ok = run(r1, NULL, &err);
    if (ok) {
        g_clear_pointer(&err, g_free);
        ok = run(r2, NULL, &err);
    }
    if (!ok)
        go_error = g_strdup_printf("diffgen failed: %s", err);
}

static gboolean need_go(void)
{
    if (!go_bin) {
        g_test_skip("`go` is not installed (Debian: golang-go); pprof -diff_base checks skipped");
        return FALSE;
    }
    if (go_error)
        g_error("%s", go_error);
    return TRUE;
}

static char *cli(const char *const *args, int *exit_code)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer)kiln_test_cli());
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (gpointer)*a);
    g_ptr_array_add(argv, NULL);
    char *out = NULL;
    int status = -1;
    GError *e = NULL;
    g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                 NULL, &status, &e);
    g_assert_no_error(e);
    g_ptr_array_unref(argv);
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "stack BEFORE AFTER" lines -> sorted "stack AFTER-BEFORE" lines, zeros
 * left out: the same form as PprofText's folded. */
static char *folded_deltas(const char *diff)
{
    g_auto(GStrv) lines = g_strsplit(diff, "\n", -1);
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
    for (char **l = lines; *l; l++) {
        if (!**l)
            continue;
        char *sp2 = strrchr(*l, ' ');
        g_assert_nonnull(sp2);
        *sp2 = 0;
        char *sp1 = strrchr(*l, ' ');
        g_assert_nonnull(sp1);
        *sp1 = 0;
        gint64 delta = g_ascii_strtoll(sp2 + 1, NULL, 10) - g_ascii_strtoll(sp1 + 1, NULL, 10);
        if (delta)
            g_ptr_array_add(out, g_strdup_printf("%s %" G_GINT64_FORMAT "\n", *l, delta));
    }
    g_ptr_array_sort(out, cmp_str);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < out->len; i++)
        g_string_append(s, out->pdata[i]);
    return g_string_free(s, FALSE);
}

/* The sign of the delta of the stack that ends "...stack " in `folded`. */
static int delta_sign(const char *folded, const char *stack)
{
    const char *at = strstr(folded, stack);
    g_assert_nonnull(at);
    return at[strlen(stack)] == '-' ? -1 : 1;
}

static void test_stacks(gconstpointer data)
{
    const char *type = data;
    if (!need_go())
        return;
    g_autofree char *before = path_in("before.pb.gz"), *after = path_in("after.pb.gz");
    g_autofree char *base = g_strdup_printf("-diff_base=%s", before);
    const char *gargv[] = {go_bin, "tool", "pprof", "-raw", "-symbolize=none", base, after, NULL};
    g_autofree char *raw = NULL, *err = NULL;
    g_assert_true(run(gargv, &raw, &err));
    g_autoptr(PprofText) g = pprof_text_parse(raw);
    g_assert_nonnull(g);
    int t = pprof_text_find_type(g, type);
    g_assert_cmpint(t, >=, 0);

    int rc;
    const char *kargv[] = {"diff", "--sample-type", type, "--to", "folded", before, after, NULL};
    g_autofree char *diff = cli(kargv, &rc);
    g_assert_cmpint(rc, ==, 0);
    g_autofree char *mine = folded_deltas(diff);
    g_assert_cmpstr(mine, ==, g->folded->pdata[t]);
    /* The shapes the program was written to have: halve shrank, twice and
     * the new fresh grew. */
    g_assert_cmpint(delta_sign(mine, "main.run;main.halve;main.alloc "), <, 0);
    g_assert_cmpint(delta_sign(mine, "main.run;main.twice;main.alloc "), >, 0);
    g_assert_cmpint(delta_sign(mine, "main.run;main.fresh;main.alloc "), >, 0);
}

typedef struct {
    double before, after, delta;
} Row;

static GHashTable *tsv_rows(const char *tsv)
{
    GHashTable *rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) lines = g_strsplit(tsv, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (!**l)
            continue;
        g_auto(GStrv) f = g_strsplit(*l, "\t", -1);
        g_assert_cmpuint(g_strv_length(f), ==, 4);
        /* Plain digits: no grouping, no exponent, no unit. */
        for (int i = 1; i < 4; i++)
            g_assert_true(g_regex_match_simple("^-?[0-9]+$", f[i], 0, 0));
        g_assert_null(strstr(f[0], "_["));
        Row *r = g_new(Row, 1);
        r->before = g_ascii_strtod(f[1], NULL);
        r->after = g_ascii_strtod(f[2], NULL);
        r->delta = g_ascii_strtod(f[3], NULL);
        g_assert_cmpfloat(r->delta, ==, r->after - r->before);
        g_assert_false(g_hash_table_contains(rows, f[0]));
        g_hash_table_insert(rows, g_strdup(f[0]), r);
    }
    return rows;
}

static void test_functions(gconstpointer data)
{
    const char *type = data;
    if (!need_go())
        return;
    g_autofree char *before = path_in("before.pb.gz"), *after = path_in("after.pb.gz");
    g_autofree char *base = g_strdup_printf("-diff_base=%s", before);
    g_autofree char *index = g_strdup_printf("-sample_index=%s", type);
    const char *gargv[] = {go_bin,
                           "tool",
                           "pprof",
                           "-top",
                           "-cum",
                           "-nodecount=0",
                           "-nodefraction=0",
                           "-edgefraction=0",
                           "-unit=byte",
                           "-symbolize=none",
                           index,
                           base,
                           after,
                           NULL};
    g_autofree char *top = NULL, *err = NULL;
    g_assert_true(run(gargv, &top, &err));

    int rc;
    const char *kargv[] = {"diff", "--sample-type", type, "--tsv", before, after, NULL};
    g_autofree char *tsv = cli(kargv, &rc);
    g_assert_cmpint(rc, ==, 0);
    g_autoptr(GHashTable) rows = tsv_rows(tsv);

    /* pprof: "flat flat% sum% cum cum% name", after the header line. */
    g_auto(GStrv) lines = g_strsplit(top, "\n", -1);
    gboolean body = FALSE;
    guint seen = 0;
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) f = g_regex_split_simple("\\s+", g_strstrip(*l), 0, 0);
        if (!body) {
            body = g_strv_length(f) >= 5 && strcmp(f[0], "flat") == 0;
            continue;
        }
        if (g_strv_length(f) < 6)
            continue;
        double cum = g_ascii_strtod(f[3], NULL); /* "-83456B": the unit suffix stops it */
        Row *r = g_hash_table_lookup(rows, f[5]);
        if (!r)
            g_test_message("pprof has %s (cum %s), kiln does not", f[5], f[3]);
        g_assert_nonnull(r);
        if (r->delta != cum)
            g_test_message("%s: kiln %.0f, pprof %s", f[5], r->delta, f[3]);
        g_assert_cmpfloat(r->delta, ==, cum);
        seen++;
    }
    /* Every function whose total changed is one pprof lists. */
    guint changed = 0;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, rows);
    while (g_hash_table_iter_next(&it, &k, &v))
        changed += ((Row *)v)->delta != 0;
    g_assert_cmpuint(changed, <=, seen);
    g_assert_cmpuint(seen, >=, 8);

    Row *fresh = g_hash_table_lookup(rows, "main.fresh");
    g_assert_nonnull(fresh);
    g_assert_cmpfloat(fresh->before, ==, 0);
    g_assert_cmpfloat(fresh->after, >, 0);
    Row *halve = g_hash_table_lookup(rows, "main.halve");
    g_assert_nonnull(halve);
    g_assert_cmpfloat(halve->after, <, halve->before);
    Row *twice = g_hash_table_lookup(rows, "main.twice");
    g_assert_nonnull(twice);
    g_assert_cmpfloat(twice->after, >=, 2 * twice->before);
}

/* ---- perf: two builds named differently -------------------------------- */

static const char prog_c[] =
    "#include <stdio.h>\n"
    "static volatile unsigned long sink;\n"
    "__attribute__((noinline)) void work(unsigned long n)\n"
    "{ for (unsigned long i = 0; i < n; i++) sink += i * i; }\n"
    "__attribute__((noinline)) void hot(unsigned long s) { work(s * 6000000UL); }\n"
    "int main(int argc, char **argv)\n"
    "{ (void)argv; hot(argc > 1 ? 2 : 1); printf(\"%lu\\n\", sink); return 0; }\n";

static char *perf_skip; /* why the perf part cannot run */

static void setup_perf(void)
{
    g_autofree char *cc = g_find_program_in_path("cc");
    g_autofree char *perf = g_find_program_in_path("perf");
    if (!cc || !perf) {
        perf_skip = g_strdup("cc or perf is not installed; the perf alignment check is skipped");
        return;
    }
    g_autofree char *src = path_in("prog.c");
    g_assert_true(g_file_set_contents(src, prog_c, -1, NULL));
    const char *names[] = {"prog", "prog2"};
    for (int i = 0; i < 2; i++) {
        g_autofree char *exe = path_in(names[i]);
        g_autofree char *data = g_strdup_printf("%s.data", exe);
        const char *cargv[] = {cc, "-O0", "-g", "-fno-omit-frame-pointer", "-o", exe, src, NULL};
        const char *pargv[] = {perf, "record", "-q", "-F",           "999", "-g",
                               "-o", data,     exe,  i ? "x" : NULL, NULL};
        g_autofree char *err = NULL;
        if (!run(cargv, NULL, &err)) {
            perf_skip = g_strdup_printf("cc failed: %s", err);
            return;
        }
        g_clear_pointer(&err, g_free);
        if (!run(pargv, NULL, &err)) {
            perf_skip = g_strdup_printf("perf record is not allowed here: %s", err);
            return;
        }
    }
}

static void test_perf_roots(void)
{
    if (perf_skip) {
        g_test_skip(perf_skip);
        return;
    }
    g_autofree char *a = path_in("prog.data"), *b = path_in("prog2.data");
    int rc;
    const char *dargv[] = {"diff", "--tsv", a, b, NULL};
    g_autofree char *out = cli(dargv, &rc);
    g_assert_cmpint(rc, ==, 0);
    g_autoptr(GHashTable) rows = tsv_rows(out);
    g_assert_false(g_hash_table_contains(rows, "prog"));
    g_assert_false(g_hash_table_contains(rows, "prog2"));
    Row *work = g_hash_table_lookup(rows, "work");
    g_assert_nonnull(work);
    /* Lined up: the same function on both sides, about twice the work. */
    g_assert_cmpfloat(work->before, >, 0);
    g_assert_cmpfloat(work->after, >, 1.3 * work->before);

    const char *pargv[] = {"diff", "--tsv", "--root", "process", a, b, NULL};
    g_autofree char *apart = cli(pargv, &rc);
    g_assert_cmpint(rc, ==, 0);
    g_autoptr(GHashTable) kept = tsv_rows(apart);
    Row *p1 = g_hash_table_lookup(kept, "prog"), *p2 = g_hash_table_lookup(kept, "prog2");
    g_assert_nonnull(p1);
    g_assert_nonnull(p2);
    g_assert_cmpfloat(p1->after, ==, 0);
    g_assert_cmpfloat(p2->before, ==, 0);

    const char *iargv[] = {"diff", "--tsv", "--root", "pid", a, b, NULL};
    g_autofree char *bad = cli(iargv, &rc);
    g_assert_cmpint(rc, ==, 2);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    const char *build = g_getenv("KILN_BUILD_ROOT");
    g_autofree char *rel = g_build_filename(build ? build : ".", "tests", "compare", "work", NULL);
    work_dir = g_canonicalize_filename(rel, NULL);
    g_mkdir_with_parents(work_dir, 0755);
    setup_go();
    setup_perf();
    g_test_add_data_func("/compare/go/stacks/alloc_space", "alloc_space", test_stacks);
    g_test_add_data_func("/compare/go/stacks/alloc_objects", "alloc_objects", test_stacks);
    g_test_add_data_func("/compare/go/functions/alloc_space", "alloc_space", test_functions);
    g_test_add_data_func("/compare/go/functions/alloc_objects", "alloc_objects", test_functions);
    g_test_add_func("/compare/perf/roots", test_perf_roots);
    int rc = g_test_run();
    g_free(work_dir);
    g_free(go_bin);
    g_free(go_error);
    g_free(perf_skip);
    return rc;
}
