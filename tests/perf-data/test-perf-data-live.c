/* test-perf-data-live.c — real `perf record` captures of a program built
 * here with frame pointers (perf-data-workload.c).
 *
 * For `perf record -g` and `perf record -g -z` (zstd COMPRESSED records):
 * Kiln's folded stacks of the perf.data, with symbols from the binary and
 * /proc/kallsyms, equal Kiln's folded stacks of `perf script` of the same
 * file (read by the perf-script importer), and the program's functions
 * carry plausible weights (spin_beta does three times spin_alpha's work).
 * Then the binary is replaced by another one: its recorded build-id no
 * longer matches, so Kiln must not name frames from it.
 *
 * Skips with a message when perf is missing or perf_event_open is denied.
 */
#include "kiln-test-util.h"

#include <glib/gstdio.h>

typedef struct {
    char *dir;
    char *prog;
} Fixture;

/* Runs argv with HOME set to the fixture directory (perf writes its
 * build-id cache there, not in the user's home). */
static gboolean run(Fixture *fx, const char *const *argv, char **out, char **err_text)
{
    g_auto(GStrv) env = g_get_environ();
    env = g_environ_setenv(env, "HOME", fx->dir, TRUE);
    int status = -1;
    GError *err = NULL;
    gboolean ok = g_spawn_sync(fx->dir, (char **)argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
                               err_text, &status, &err);
    if (!ok) {
        g_test_message("cannot run %s: %s", argv[0], err->message);
        g_error_free(err);
        return FALSE;
    }
    return g_spawn_check_wait_status(status, NULL);
}

static gboolean setup(Fixture *fx)
{
    const char *workload = g_getenv("KILN_PERF_WORKLOAD");
    g_assert_nonnull(workload);
    g_autofree char *perf = g_find_program_in_path("perf");
    if (!perf) {
        g_test_skip("perf is not installed (Debian: linux-perf)");
        return FALSE;
    }
    fx->dir = g_dir_make_tmp("kiln-perf-live-XXXXXX", NULL);
    g_assert_nonnull(fx->dir);
    fx->prog = g_build_filename(fx->dir, "workload", NULL);
    gsize len = 0;
    g_autofree char *bin = kiln_test_read(workload, &len);
    g_assert_true(g_file_set_contents(fx->prog, bin, (gssize)len, NULL));
    g_chmod(fx->prog, 0755);
    return TRUE;
}

static void teardown(Fixture *fx)
{
    if (!fx->dir)
        return;
    const char *const rm[] = {"rm", "-rf", fx->dir, NULL};
    g_spawn_sync(NULL, (char **)rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_free(fx->dir);
    g_free(fx->prog);
}

/* perf record; FALSE (test skipped) when the kernel refuses. */
static gboolean record(Fixture *fx, const char *data, gboolean compress)
{
    const char *const plain[] = {"perf", "record", "-q", "-g", "-F", "2000", "-o", data,
                                 "--", fx->prog, "400", NULL};
    const char *const zstd[] = {"perf", "record", "-q", "-g", "-z", "-F", "2000", "-o", data,
                                "--", fx->prog, "400", NULL};
    g_autofree char *err = NULL;
    if (!run(fx, compress ? zstd : plain, NULL, &err)) {
        g_test_skip_printf("perf record failed, perf_event_open is probably not allowed here "
                           "(kernel.perf_event_paranoid, containers): %s",
                           err ? err : "");
        return FALSE;
    }
    return TRUE;
}

static char *perf_script(Fixture *fx, const char *data)
{
    const char *const argv[] = {"perf", "script", "-i", data, NULL};
    char *out = NULL;
    g_autofree char *err = NULL;
    if (!run(fx, argv, &out, &err))
        g_error("perf script failed: %s", err);
    return out;
}

/* Sum of the counts of folded lines containing `needle`. */
static double weight_of(const char *folded, const char *needle)
{
    double sum = 0;
    g_auto(GStrv) lines = g_strsplit(folded, "\n", -1);
    for (char **l = lines; *l; l++) {
        const char *sp = strrchr(*l, ' ');
        if (sp && strstr(*l, needle))
            sum += g_ascii_strtod(sp + 1, NULL);
    }
    return sum;
}

static void check_capture(gboolean compress)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    g_autofree char *data = g_build_filename(fx.dir, "rec.data", NULL);
    if (!record(&fx, data, compress)) {
        teardown(&fx);
        return;
    }
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(data, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    if (compress)
        g_assert_nonnull(kiln_profile_get_property(p, "Compressed"));
    g_autofree char *text = perf_script(&fx, data);
    g_autoptr(KilnProfile) tp = kiln_load_bytes_as(kiln_importer_find("perf-script"),
                                                   (const guint8 *)text, strlen(text),
                                                   "perf script", NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *a = kiln_test_folded(p, p->default_type);
    g_autofree char *b = kiln_test_folded(tp, tp->default_type);
    g_assert_cmpstr(a, ==, b);

    /* The program's own functions, with frame-pointer call chains. */
    double total = kiln_profile_total(p, p->default_type, KILN_ROOT_NODE);
    double alpha = weight_of(a, "main;run_phase;spin_alpha;leaf_work");
    double beta = weight_of(a, "main;run_phase;spin_beta;leaf_work");
    g_test_message("total %.0f, alpha %.0f, beta %.0f", total, alpha, beta);
    g_assert_cmpfloat(alpha + beta, >, 0.5 * total);
    g_assert_cmpfloat(beta, >, 2.0 * alpha);
    g_assert_cmpfloat(beta, <, 4.5 * alpha);
    const char *resolved = kiln_profile_get_property(p, "Frames resolved");
    g_assert_nonnull(resolved);
    g_assert_false(g_str_has_prefix(resolved, "0 of"));
    teardown(&fx);
}

static void test_record(void)
{
    check_capture(FALSE);
}

static void test_record_compressed(void)
{
    check_capture(TRUE);
}

/* A binary rebuilt since the recording must not name its frames. */
static void test_build_id_mismatch(void)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    g_autofree char *data = g_build_filename(fx.dir, "rec.data", NULL);
    if (!record(&fx, data, FALSE)) {
        teardown(&fx);
        return;
    }
    /* Any other ELF file has another build-id: this test itself. */
    gsize len = 0;
    g_autofree char *self = kiln_test_read("/proc/self/exe", &len);
    g_assert_true(g_file_set_contents(fx.prog, self, (gssize)len, NULL));
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(data, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *a = kiln_test_folded(p, p->default_type);
    g_assert_null(strstr(a, "spin_beta"));
    g_assert_nonnull(strstr(a, "[workload]"));
    gboolean warned = FALSE;
    for (guint i = 0; i < p->warnings->len; i++)
        warned |= strstr(g_ptr_array_index(p->warnings, i), "build-id differs") != NULL;
    g_assert_true(warned);
    teardown(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/perf-data/live/record", test_record);
    g_test_add_func("/perf-data/live/record-compressed", test_record_compressed);
    g_test_add_func("/perf-data/live/build-id-mismatch", test_build_id_mismatch);
    return g_test_run();
}
