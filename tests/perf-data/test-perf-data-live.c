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
 * `perf record -e cpu-clock,task-clock`: each event is its own sample type
 * (in nanoseconds), whose per-function shares are `perf report`'s and
 * whose sample counts and period sums are `perf script`'s; `kiln-cli top
 * -t task-clock` and `-t samples` work; the pprof export reads in `go tool
 * pprof` as a CPU profile of the program (File, Type, Time, totals).
 *
 * Skips with a message when perf is missing or perf_event_open is denied.
 */
#include "kiln-test-util.h"

#include <glib/gstdio.h>
#include <math.h>

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
    const char *const plain[] = {"perf", "record", "-q", "-g",     "-F",  "2000",
                                 "-o",   data,     "--", fx->prog, "400", NULL};
    const char *const zstd[] = {"perf", "record", "-q", "-g",     "-z",  "-F", "2000",
                                "-o",   data,     "--", fx->prog, "400", NULL};
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
    g_autoptr(KilnProfile) tp =
        kiln_load_bytes_as(kiln_importer_find("perf-script"), (const guint8 *)text, strlen(text),
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

/* perf record -e cpu-clock,task-clock; FALSE (skipped) when refused. */
static gboolean record_two_events(Fixture *fx, const char *data)
{
    const char *const argv[] = {"perf", "record", "-q", "-g", "-e", "cpu-clock,task-clock",
                                "-F",   "2000",   "-o", data, "--", fx->prog,
                                "400",  NULL};
    g_autofree char *err = NULL;
    if (!run(fx, argv, NULL, &err)) {
        g_test_skip_printf("perf record failed: %s", err ? err : "");
        return FALSE;
    }
    return TRUE;
}

/* Self share (percent) of function `name` in type t. */
static double self_share(const KilnProfile *p, uint32_t t, const char *name)
{
    double self = 0;
    for (uint32_t n = 1; n < p->n_nodes; n++)
        if (strcmp(kiln_profile_string(p, kiln_profile_node_frame(p, n)->name), name) == 0)
            self += kiln_profile_self(p, t, n);
    return 100.0 * self / kiln_profile_total(p, t, KILN_ROOT_NODE);
}

/* `perf report --stdio -F overhead,sym -s sym`, one section per event:
 * checks every line of event `event` against Kiln's self shares. Returns
 * the number of symbols checked. */
static guint check_report(const KilnProfile *p, uint32_t t, const char *report, const char *event)
{
    g_autofree char *head = g_strdup_printf("of event '%s'", event);
    const char *sec = strstr(report, head);
    g_assert_nonnull(sec);
    const char *end = strstr(sec + 1, "# Samples:");
    g_autofree char *body = g_strndup(sec, end ? (gsize)(end - sec) : strlen(sec));
    g_auto(GStrv) lines = g_strsplit(body, "\n", -1);
    guint checked = 0;
    for (char **l = lines; *l; l++) {
        char *pct = strchr(*l, '%');
        char *sym = pct ? strstr(pct, "] ") : NULL;
        if (!sym || (*l)[0] == '#')
            continue;
        const char *name = g_strstrip(sym + 2);
        /* perf prints an address it cannot name (an instrumented build's
         * sanitizer stubs) as bare hex; Kiln names those by their binary. */
        if (g_str_has_prefix(name, "0x"))
            continue;
        double want = g_ascii_strtod(*l, NULL);
        double got = self_share(p, t, name);
        /* perf prints two decimals. */
        if (fabs(want - got) > 0.0051)
            g_error("%s: %s is %.2f%% in perf report, %.4f%% in Kiln", event, name, want, got);
        checked++;
    }
    return checked;
}

/* Bug: only the first event of a multi-event recording was shown. */
static void test_two_events(void)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    g_autofree char *data = g_build_filename(fx.dir, "ev.data", NULL);
    if (!record_two_events(&fx, data)) {
        teardown(&fx);
        return;
    }
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(data, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    int samples = kiln_profile_find_type(p, "samples");
    int cpu = kiln_profile_find_type(p, "cpu-clock");
    int task = kiln_profile_find_type(p, "task-clock");
    g_assert_cmpint(samples, ==, 0);
    g_assert_cmpint(cpu, >, 0);
    g_assert_cmpint(task, >, 0);
    g_assert_cmpuint(p->default_type, ==, (uint32_t)cpu);
    g_assert_cmpstr(kiln_profile_string(p, p->types[cpu].unit), ==, "nanoseconds");
    g_assert_cmpstr(kiln_profile_string(p, p->types[task].unit), ==, "nanoseconds");
    for (guint i = 0; i < p->warnings->len; i++)
        g_assert_null(strstr(g_ptr_array_index(p->warnings, i), "--event"));

    /* perf script: records and period sums per event. */
    const char *const script[] = {"perf", "script", "-i", data, "-F", "event,period", NULL};
    g_autofree char *text = NULL, *serr = NULL;
    g_assert_true(run(&fx, script, &text, &serr));
    double n_cpu = 0, n_task = 0, sum_cpu = 0, sum_task = 0;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        double period = g_ascii_strtod(*l, NULL);
        if (strstr(*l, "cpu-clock")) {
            n_cpu++;
            sum_cpu += period;
        } else if (strstr(*l, "task-clock")) {
            n_task++;
            sum_task += period;
        }
    }
    g_test_message("cpu-clock %.0f samples, task-clock %.0f", n_cpu, n_task);
    g_assert_cmpfloat(n_cpu, >, 100);
    g_assert_cmpfloat(n_task, >, 100);
    g_assert_cmpfloat(kiln_profile_total(p, (uint32_t)samples, KILN_ROOT_NODE), ==, n_cpu + n_task);
    g_assert_cmpfloat(kiln_profile_total(p, (uint32_t)cpu, KILN_ROOT_NODE), ==, sum_cpu);
    g_assert_cmpfloat(kiln_profile_total(p, (uint32_t)task, KILN_ROOT_NODE), ==, sum_task);

    /* perf report: each function's share of each event. */
    const char *const report[] = {
        "perf", "report",       "-i", data,  "--stdio", "--no-children", "-g", "none",
        "-F",   "overhead,sym", "-s", "sym", NULL};
    g_autofree char *rep = NULL, *rerr = NULL;
    g_assert_true(run(&fx, report, &rep, &rerr));
    g_assert_cmpuint(check_report(p, (uint32_t)cpu, rep, "cpu-clock"), >, 0);
    g_assert_cmpuint(check_report(p, (uint32_t)task, rep, "task-clock"), >, 0);
    g_assert_cmpfloat(self_share(p, (uint32_t)task, "leaf_work"), >, 50);

    /* kiln-cli: -t EVENT and -t samples. */
    const char *top[] = {"top", "-t", "task-clock", "-n", "3", data, NULL};
    g_autofree char *top_out = NULL;
    g_assert_cmpint(kiln_test_run_cli(top, &top_out, NULL), ==, 0);
    g_assert_nonnull(strstr(top_out, "leaf_work"));
    const char *top_s[] = {"info", "-t", "samples", data, NULL};
    g_autofree char *info = NULL;
    g_assert_cmpint(kiln_test_run_cli(top_s, &info, NULL), ==, 0);
    g_assert_nonnull(strstr(info, "cpu-clock/nanoseconds [default]"));
    teardown(&fx);
}

/* Bug: a perf recording's pprof said File: libc.so.6, Type: period, Time:
 * 1970. It reads as a CPU profile of the program now. */
static void test_pprof_export(void)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    g_autofree char *go = g_find_program_in_path("go");
    if (!go) {
        g_test_skip("go is not installed (Debian: golang-go)");
        teardown(&fx);
        return;
    }
    g_autofree char *data = g_build_filename(fx.dir, "ev.data", NULL);
    if (!record_two_events(&fx, data)) {
        teardown(&fx);
        return;
    }
    g_autofree char *out = g_build_filename(fx.dir, "ev.pb.gz", NULL);
    const char *exp[] = {"export", "--to", "pprof", "-o", out, data, NULL};
    g_assert_cmpint(kiln_test_run_cli(exp, NULL, NULL), ==, 0);
    const char *const top[] = {"go", "tool", "pprof", "-top", out, NULL};
    g_autofree char *text = NULL, *err = NULL;
    g_assert_true(run(&fx, top, &text, &err));
    g_test_message("%s", text);
    g_assert_nonnull(strstr(text, "File: workload\n"));
    g_assert_nonnull(strstr(text, "Type: cpu\n"));
    g_assert_null(strstr(text, "1970"));
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *this_year = g_date_time_format(now, ", %Y at ");
    g_assert_nonnull(strstr(text, this_year));
    /* The cpu-clock total, in pprof's words. */
    GError *lerr = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(data, NULL, NULL, NULL, NULL, &lerr);
    g_assert_no_error(lerr);
    double total_ms = kiln_profile_total(p, p->default_type, KILN_ROOT_NODE) / 1e6;
    const char *ts = strstr(text, "Total samples = ");
    g_assert_nonnull(ts);
    char *unit = NULL;
    double shown = g_ascii_strtod(ts + 16, &unit);
    if (g_str_has_prefix(unit, "s"))
        shown *= 1000;
    else
        g_assert_true(g_str_has_prefix(unit, "ms"));
    g_assert_cmpfloat(fabs(shown - total_ms), <, 0.01);
    g_assert_nonnull(strstr(text, "leaf_work"));
    teardown(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/perf-data/live/record", test_record);
    g_test_add_func("/perf-data/live/record-compressed", test_record_compressed);
    g_test_add_func("/perf-data/live/build-id-mismatch", test_build_id_mismatch);
    g_test_add_func("/perf-data/live/two-events", test_two_events);
    g_test_add_func("/perf-data/live/pprof-export", test_pprof_export);
    return g_test_run();
}
