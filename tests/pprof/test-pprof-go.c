/* test-pprof-go.c — Kiln against Go's own pprof.
 *
 * A small Go program (profgen/) is built once per run and writes real CPU,
 * heap, allocs, mutex, block and goroutine profiles with runtime/pprof.
 * For each one, Kiln's folded export of every sample type must equal the
 * folded stacks derived from `go tool pprof -raw` of the same file, value
 * for value. The same comparison runs on every pprof file of the corpus
 * that Go accepts (so drop_frames is checked against pprof's own pruning),
 * and on Kiln's pprof export read back by `go tool pprof -raw` (round
 * trip), including a profile that came from folded stacks.
 *
 * Skipped with a message when `go` is not installed.
 */
#include "kiln-test-util.h"
#include "pprof-text.h"

#include <glib/gstdio.h>

static char *go_bin;   /* NULL when go is missing */
static char *work_dir; /* under the build tree */
static char *out_dir;  /* the Go profiles */
static char *setup_error;

static gboolean run(const char *const *argv, const char *cwd, char **out, char **err_out)
{
    g_auto(GStrv) env = g_get_environ();
    g_autofree char *cache = g_build_filename(work_dir, "gocache", NULL);
    g_autofree char *gopath = g_build_filename(work_dir, "gopath", NULL);
    env = g_environ_setenv(env, "GOCACHE", cache, TRUE);
    env = g_environ_setenv(env, "GOPATH", gopath, TRUE);
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

/* Builds and runs profgen once for the whole run. */
static void setup(void)
{
    go_bin = g_find_program_in_path("go");
    if (!go_bin)
        return;
    const char *build = g_getenv("KILN_BUILD_ROOT");
    const char *src = g_getenv("KILN_SOURCE_ROOT");
    g_autofree char *rel = g_build_filename(build ? build : ".", "tests", "pprof", "go-work", NULL);
    /* Go wants absolute GOPATH/GOCACHE. */
    work_dir = g_canonicalize_filename(rel, NULL);
    out_dir = g_build_filename(work_dir, "profiles", NULL);
    g_mkdir_with_parents(out_dir, 0755);
    g_autofree char *pkg = g_build_filename(src ? src : ".", "tests", "pprof", "profgen", NULL);
    g_autofree char *exe = g_build_filename(work_dir, "profgen", NULL);
    const char *bargv[] = {go_bin, "build", "-o", exe, ".", NULL};
    g_autofree char *err = NULL;
    if (!run(bargv, pkg, NULL, &err)) {
        setup_error = g_strdup_printf("go build of %s failed: %s", pkg, err);
        return;
    }
    const char *rargv[] = {exe, out_dir, NULL};
    g_clear_pointer(&err, g_free);
    if (!run(rargv, NULL, NULL, &err))
        setup_error = g_strdup_printf("profgen failed: %s", err);
}

static gboolean need_go(void)
{
    if (!go_bin) {
        g_test_skip("`go` is not installed (Debian: golang-go); Go-based pprof tests skipped");
        return FALSE;
    }
    if (setup_error)
        g_error("%s", setup_error);
    return TRUE;
}

/* `go tool pprof -raw` of a file, parsed; NULL when Go refuses the file. */
static PprofText *go_raw(const char *path, char **why)
{
    const char *argv[] = {go_bin, "tool", "pprof", "-raw", "-symbolize=none", path, NULL};
    g_autofree char *out = NULL;
    if (!run(argv, work_dir, &out, why))
        return NULL;
    return pprof_text_parse(out);
}

/* Kiln's folded export equals Go's, for every sample type. */
static void assert_same(const KilnProfile *p, const PprofText *g, const char *what)
{
    g_assert_cmpuint(p->n_types, ==, g->type_names->len);
    for (uint32_t t = 0; t < p->n_types; t++) {
        g_autofree char *name = g_strdup_printf("%s/%s", kiln_profile_string(p, p->types[t].name),
                                                kiln_profile_string(p, p->types[t].unit));
        g_assert_cmpstr(name, ==, g->type_names->pdata[t]);
        g_autofree char *folded = kiln_test_folded(p, t);
        if (g_strcmp0(folded, g->folded->pdata[t]) != 0)
            g_test_message("%s: sample type %s differs", what, name);
        g_assert_cmpstr(folded, ==, g->folded->pdata[t]);
    }
}

static KilnProfile *load(const char *path)
{
    GError *err = NULL;
    KilnProfile *p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    return p;
}

/* Kiln's pprof export of p, as a file in the work dir. */
static char *export_pprof(const KilnProfile *p, const char *name)
{
    g_autofree char *base = g_strdup_printf("roundtrip-%s.pb.gz", name);
    char *path = g_build_filename(work_dir, base, NULL);
    FILE *f = fopen(path, "wb");
    g_assert_nonnull(f);
    GError *err = NULL;
    gboolean ok = kiln_exporter_find("pprof")->write(p, 0, f, &err);
    g_assert_no_error(err);
    g_assert_true(ok);
    g_assert_cmpint(fclose(f), ==, 0);
    return path;
}

static void check_roundtrip(const KilnProfile *p, const char *name)
{
    g_autofree char *rt = export_pprof(p, name);
    g_autofree char *why = NULL;
    g_autoptr(PprofText) g = go_raw(rt, &why);
    if (!g)
        g_error("go tool pprof refused Kiln's export of %s: %s", name, why);
    g_autofree char *what = g_strdup_printf("round trip of %s", name);
    assert_same(p, g, what);
    /* And Kiln reads its own export back the same. */
    g_autoptr(KilnProfile) back = load(rt);
    g_assert_cmpuint(back->n_types, ==, p->n_types);
    g_assert_cmpuint(back->default_type, ==, p->default_type);
    for (uint32_t t = 0; t < p->n_types; t++) {
        g_autofree char *a = kiln_test_folded(p, t);
        g_autofree char *b = kiln_test_folded(back, t);
        g_assert_cmpstr(a, ==, b);
    }
    g_assert_cmpuint(back->n_label_sets, ==, p->n_label_sets);
}

static void test_go_profile(gconstpointer data)
{
    if (!need_go())
        return;
    const char *kind = data;
    g_autofree char *base = g_strdup_printf("%s.pb.gz", kind);
    g_autofree char *path = g_build_filename(out_dir, base, NULL);
    g_autoptr(KilnProfile) p = load(path);
    g_autofree char *why = NULL;
    g_autoptr(PprofText) g = go_raw(path, &why);
    if (!g)
        g_error("go tool pprof -raw %s failed: %s", path, why);
    assert_same(p, g, path);
    g_autofree char *dflt = kiln_test_folded(p, p->default_type);
    g_assert_cmpuint(strlen(dflt), >, 0); /* the comparison is not vacuous */
    check_roundtrip(p, kind);
    /* Each kind has the sample types runtime/pprof documents. */
    const char *expect = strcmp(kind, "cpu") == 0                                ? "cpu"
                         : strcmp(kind, "heap") == 0 || !strcmp(kind, "allocs") ? "alloc_space"
                         : strcmp(kind, "goroutine") == 0                       ? "goroutine"
                                                                                 : "delay";
    g_assert_cmpint(kiln_profile_find_type(p, expect), >=, 0);
    if (strcmp(kind, "cpu") == 0) {
        /* pprof.Do labels survive, per sample. */
        g_assert_cmpuint(p->n_label_sets, >=, 3);
        g_autofree char *folded = kiln_test_folded(p, 1);
        g_assert_nonnull(strstr(folded, "main.spinInner_[i];main.mix_[i]"));
    }
}

/* Every protobuf pprof file of the corpus that Go accepts: Kiln and
 * `go tool pprof -raw` agree (drop_frames included), and the round trip
 * holds. */
static void test_corpus_vs_go(void)
{
    if (!need_go())
        return;
    g_autofree char *root = g_build_filename(kiln_test_corpus(), "pprof", NULL);
    const char *dirs[] = {"google-pprof/driver-synthetic", "google-pprof/legacy-as-proto",
                          "google-pprof/profile-testdata", "google-pprof/driver-testdata",
                          "google-pprof/report-testdata", "pyroscope", "speedscope", NULL};
    guint checked = 0;
    for (const char *const *d = dirs; *d; d++) {
        g_autofree char *dir = g_build_filename(root, *d, NULL);
        g_autoptr(GDir) gd = g_dir_open(dir, 0, NULL);
        if (!gd)
            continue;
        const char *name;
        while ((name = g_dir_read_name(gd))) {
            if (strstr(name, ".string") || strstr(name, ".txt") || strstr(name, ".generated") ||
                strstr(name, "invalid_utf8") || g_str_has_prefix(name, "pprof.") ||
                g_str_has_suffix(name, ".src"))
                continue;
            g_autofree char *path = g_build_filename(dir, name, NULL);
            if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
                continue;
            g_autofree char *why = NULL;
            g_autoptr(PprofText) g = go_raw(path, &why);
            if (!g) {
                g_test_message("Go refuses %s; not compared", name);
                continue;
            }
            g_autoptr(KilnProfile) p = load(path);
            assert_same(p, g, path);
            check_roundtrip(p, name);
            checked++;
        }
    }
    g_test_message("%u corpus files agree with go tool pprof", checked);
    g_assert_cmpuint(checked, >=, 40);
}

/* A profile that was never pprof (folded stacks, kernel and inline
 * markers) goes to pprof and back with the same stacks. */
static void test_folded_roundtrip(void)
{
    if (!need_go())
        return;
    static const char text[] = "main;work;memcpy_[k] 5\n"
                               "main;work;helper_[i] 7\n"
                               "main;idle 3\n"
                               "main 2\n";
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_test_load_bytes(text, sizeof text - 1, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(p->format, ==, "folded");
    check_roundtrip(p, "folded");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    static const char *const kinds[] = {"cpu", "heap", "allocs", "mutex", "block", "goroutine"};
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        g_autofree char *name = g_strdup_printf("/pprof/go/%s", kinds[i]);
        g_test_add_data_func(name, kinds[i], test_go_profile);
    }
    g_test_add_func("/pprof/go/corpus", test_corpus_vs_go);
    g_test_add_func("/pprof/go/folded-roundtrip", test_folded_roundtrip);
    int rc = g_test_run();
    g_free(go_bin);
    g_free(work_dir);
    g_free(out_dir);
    g_free(setup_error);
    return rc;
}
