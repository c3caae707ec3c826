/* test-capture-record.c — `kiln-cli record` (perf_event_open in Kiln) of
 * a program built here, read back by perf script and by Kiln's own reader.
 *
 * - a command with frame pointers: perf script reads the file, its sample
 *   count is the one kiln-cli printed and Kiln's reader counts, and Kiln's
 *   folded stacks of the file equal its folded stacks of perf script's text
 *   (same stacks at function level), with main;run_phase;spin_beta;leaf_work
 *   about three times spin_alpha's;
 * - -p: a running process with three threads, every thread sampled;
 * - as `nobody` (runuser) when perf_event_paranoid allows it: user space
 *   only, said in one line;
 * - --call-graph dwarf of a -fomit-frame-pointer build: saved with user
 *   registers and stacks, which perf script unwinds to main;
 * - -o x.pb.gz writes pprof; -a records the system when allowed;
 * - SIGINT (Ctrl+C) ends the recording and saves what was recorded;
 * - refusals and usage errors: one line, exit 1 or 2.
 *
 * Skips with a message when perf is missing or perf_event_open is denied.
 */
#include "kiln-test-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

typedef struct {
    char *dir;
    char *prog;
    char *prog_nofp;
} Fixture;

static int run(const char *dir, const char *const *argv, char **out, char **err)
{
    int status = -1;
    GError *e = NULL;
    if (!g_spawn_sync(dir, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err, &status,
                      &e))
        g_error("cannot run %s: %s", argv[0], e->message);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static char *copy_prog(const char *dir, const char *env, const char *name)
{
    const char *src = g_getenv(env);
    g_assert_nonnull(src);
    char *dst = g_build_filename(dir, name, NULL);
    gsize len = 0;
    g_autofree char *bin = kiln_test_read(src, &len);
    g_assert_true(g_file_set_contents(dst, bin, (gssize)len, NULL));
    g_chmod(dst, 0755);
    return dst;
}

static gboolean setup(Fixture *fx)
{
    g_autofree char *perf = g_find_program_in_path("perf");
    if (!perf) {
        g_test_skip("perf is not installed (Debian: linux-perf)");
        return FALSE;
    }
    fx->dir = g_dir_make_tmp("kiln-capture-XXXXXX", NULL);
    g_chmod(fx->dir, 0777); /* nobody records into it too */
    fx->prog = copy_prog(fx->dir, "KILN_CAPTURE_FP", "workload");
    fx->prog_nofp = copy_prog(fx->dir, "KILN_CAPTURE_NOFP", "workload-nofp");
    return TRUE;
}

static void teardown(Fixture *fx)
{
    if (!fx->dir)
        return;
    const char *const rm[] = {"rm", "-rf", fx->dir, NULL};
    run(NULL, rm, NULL, NULL);
    g_free(fx->dir);
    g_free(fx->prog);
    g_free(fx->prog_nofp);
}

/* kiln-cli record ARGS…; returns the exit status, stdout in *out. */
static int record(Fixture *fx, const char *const *args, char **out, char **err)
{
    GPtrArray *a = g_ptr_array_new();
    g_ptr_array_add(a, (gpointer)kiln_test_cli());
    g_ptr_array_add(a, (gpointer) "record");
    for (const char *const *p = args; *p; p++)
        g_ptr_array_add(a, (gpointer)*p);
    g_ptr_array_add(a, NULL);
    int rc = run(fx->dir, (const char *const *)a->pdata, out, err);
    g_ptr_array_free(a, TRUE);
    return rc;
}

/* The sample count kiln-cli printed: "Wrote F: N samples of …". */
static guint64 printed_samples(const char *out)
{
    /* The recorded program's own output comes first. */
    const char *w = strstr(out, "Wrote ");
    g_assert_nonnull(w);
    const char *c = strstr(w, ": ");
    g_assert_nonnull(c);
    return g_ascii_strtoull(c + 2, NULL, 10);
}

static char *perf_script(Fixture *fx, const char *data, const char *fields)
{
    const char *const plain[] = {"perf", "script", "-f", "-i", data, NULL};
    const char *const with[] = {"perf", "script", "-f", "-i", data, "-F", fields, NULL};
    char *out = NULL;
    g_autofree char *err = NULL;
    int rc = run(fx->dir, fields ? with : plain, &out, &err);
    if (rc != 0)
        g_error("perf script failed on Kiln's file: %s", err);
    return out;
}

static guint count_samples(const char *script)
{
    /* perf script puts a blank line after every sample with a stack. */
    guint n = 0;
    for (const char *c = script; (c = strstr(c, "\n\n")); c += 2)
        n++;
    return n;
}

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

static gboolean refused(int rc, const char *err)
{
    if (rc == 1 && err && strstr(err, "perf_event_paranoid")) {
        g_test_skip_printf("perf_event_open is not allowed here: %s", err);
        return TRUE;
    }
    return FALSE;
}

static void test_command(void)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    g_autofree char *data = g_build_filename(fx.dir, "rec.data", NULL);
    g_autofree char *out = NULL, *err = NULL;
    const char *const args[] = {"-o", data, "--", fx.prog, "600", NULL};
    int rc = record(&fx, args, &out, &err);
    if (refused(rc, err)) {
        teardown(&fx);
        return;
    }
    g_assert_cmpint(rc, ==, 0);
    g_test_message("%s", out);
    guint64 n = printed_samples(out);
    g_assert_nonnull(strstr(out, ", 0 lost"));
    /* 600 ms of CPU at 999 Hz: about 600 samples. */
    g_assert_cmpuint(n, >, 400);
    g_assert_cmpuint(n, <, 800);

    GError *e = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(data, NULL, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(p->samples_seen, ==, n);
    g_assert_cmpstr(kiln_profile_get_property(p, "Command line"), !=, NULL);
    g_autofree char *text = perf_script(&fx, data, NULL);
    g_assert_cmpuint(count_samples(text), ==, n);
    g_autoptr(KilnProfile) tp =
        kiln_load_bytes_as(kiln_importer_find("perf-script"), (const guint8 *)text, strlen(text),
                           "perf script", NULL, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(tp->samples_seen, ==, n);
    g_autofree char *a = kiln_test_folded(p, p->default_type);
    g_autofree char *b = kiln_test_folded(tp, tp->default_type);
    g_assert_cmpstr(a, ==, b);
    double total = kiln_profile_total(p, p->default_type, KILN_ROOT_NODE);
    double alpha = weight_of(a, "main;worker;run_phase;spin_alpha;leaf_work");
    double beta = weight_of(a, "main;worker;run_phase;spin_beta;leaf_work");
    g_test_message("total %.0f alpha %.0f beta %.0f", total, alpha, beta);
    g_assert_cmpfloat(alpha + beta, >, 0.8 * total);
    g_assert_cmpfloat(beta, >, 2.0 * alpha);
    g_assert_cmpfloat(beta, <, 4.5 * alpha);
    /* perf report reads it too. */
    const char *const rep[] = {"perf", "report", "-i", data, "--stdio", NULL};
    g_autofree char *rout = NULL, *rerr = NULL;
    g_assert_cmpint(run(fx.dir, rep, &rout, &rerr), ==, 0);
    g_assert_nonnull(strstr(rout, "leaf_work"));
    teardown(&fx);
}

static void test_pid(void)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    const char *const argv[] = {fx.prog, "2500", "3", NULL};
    GPid pid;
    GError *e = NULL;
    g_assert_true(g_spawn_async(fx.dir, (char **)argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                &pid, &e));
    g_usleep(300000); /* let it start its threads */
    g_autofree char *data = g_build_filename(fx.dir, "pid.data", NULL);
    g_autofree char *spid = g_strdup_printf("%d", (int)pid);
    g_autofree char *out = NULL, *err = NULL;
    const char *const args[] = {"-p", spid, "--duration", "0.8", "-o", data, NULL};
    int rc = record(&fx, args, &out, &err);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    if (refused(rc, err)) {
        teardown(&fx);
        return;
    }
    g_assert_cmpint(rc, ==, 0);
    g_test_message("%s", out);
    g_autofree char *tids = perf_script(&fx, data, "tid,ip,sym");
    /* Every thread of the process, named from the synthesized records. */
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_auto(GStrv) lines = g_strsplit(tids, "\n", -1);
    for (char **l = lines; *l; l++) {
        g_strstrip(*l);
        if (**l >= '0' && **l <= '9' && !strchr(*l, ' '))
            g_hash_table_add(seen, g_strdup(*l));
    }
    g_test_message("%u threads sampled", g_hash_table_size(seen));
    g_assert_cmpuint(g_hash_table_size(seen), ==, 3);
    g_assert_nonnull(strstr(tids, "leaf_work"));
    g_autoptr(KilnProfile) p = kiln_load_file(data, NULL, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(p->samples_seen, ==, printed_samples(out));
    g_autofree char *folded = kiln_test_folded(p, p->default_type);
    g_assert_cmpfloat(weight_of(folded, "run_phase;spin_beta;leaf_work"), >, 0);
    teardown(&fx);
}

static void test_nobody(void)
{
    Fixture fx = {0};
    g_autofree char *runuser = g_find_program_in_path("runuser");
    if (!runuser || getuid() != 0) {
        g_test_skip("needs root and runuser to record as nobody");
        return;
    }
    if (!setup(&fx))
        return;
    g_autofree char *para = NULL;
    g_file_get_contents("/proc/sys/kernel/perf_event_paranoid", &para, NULL, NULL);
    int paranoid = para ? atoi(para) : 3;
    g_autofree char *data = g_build_filename(fx.dir, "nobody.data", NULL);
    const char *const argv[] = {"runuser", "-u", "nobody", "--",    kiln_test_cli(), "record",
                                "-o",      data, "--",     fx.prog, "300",           NULL};
    g_autofree char *out = NULL, *err = NULL;
    int rc = run(fx.dir, argv, &out, &err);
    g_test_message("paranoid %d: %s%s", paranoid, out, err);
    if (paranoid >= 3) {
        g_assert_cmpint(rc, ==, 1);
        g_assert_nonnull(strstr(err, "sysctl kernel.perf_event_paranoid=2"));
        {
            teardown(&fx);
            return;
        }
    }
    g_assert_cmpint(rc, ==, 0);
    if (paranoid == 2)
        g_assert_nonnull(strstr(err, "Recording user space only"));
    g_assert_cmpuint(printed_samples(out), >, 150);
    g_autofree char *text = perf_script(&fx, data, NULL);
    g_assert_nonnull(strstr(text, "leaf_work"));
    /* The whole system stays closed to nobody, with the fix named. */
    const char *const all[] = {"runuser",       "-u",     "nobody", "--",
                               kiln_test_cli(), "record", "-a",     "--duration",
                               "0.1",           "-o",     data,     NULL};
    g_autofree char *out2 = NULL, *err2 = NULL;
    if (paranoid > 0) {
        g_assert_cmpint(run(fx.dir, all, &out2, &err2), ==, 1);
        g_assert_nonnull(strstr(err2, "sysctl kernel.perf_event_paranoid=0"));
        g_auto(GStrv) lines = g_strsplit(err2, "\n", -1);
        g_assert_cmpuint(g_strv_length(lines), ==, 2);
    }
    teardown(&fx);
}

static void test_dwarf(void)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    g_autofree char *data = g_build_filename(fx.dir, "dwarf.data", NULL);
    g_autofree char *out = NULL, *err = NULL;
    const char *const args[] = {"--call-graph", "dwarf",      "-o",  data,
                                "--",           fx.prog_nofp, "400", NULL};
    int rc = record(&fx, args, &out, &err);
    if (refused(rc, err)) {
        teardown(&fx);
        return;
    }
    g_assert_cmpint(rc, ==, 0);
    guint64 n = printed_samples(out);
    g_assert_cmpuint(n, >, 250);
    GError *e = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(data, NULL, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(p->samples_seen, ==, n);
    /* perf unwinds the saved registers and stack copies: most samples
     * reach main through spin_beta. */
    g_autofree char *text = perf_script(&fx, data, NULL);
    g_assert_cmpuint(count_samples(text), ==, n);
    g_autoptr(KilnProfile) tp =
        kiln_load_bytes_as(kiln_importer_find("perf-script"), (const guint8 *)text, strlen(text),
                           "perf script", NULL, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_autofree char *folded = kiln_test_folded(tp, tp->default_type);
    double beta = weight_of(folded, "main;worker;run_phase;spin_beta;leaf_work");
    double total = kiln_profile_total(tp, tp->default_type, KILN_ROOT_NODE);
    g_test_message("%" G_GUINT64_FORMAT " samples; %.0f of %.0f ns unwound to "
                   "main;worker;run_phase;spin_beta;leaf_work",
                   n, beta, total);
    g_assert_cmpfloat(beta, >, 0.4 * total);
    teardown(&fx);
}

static void test_pprof_and_system(void)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    g_autofree char *pb = g_build_filename(fx.dir, "rec.pb.gz", NULL);
    g_autofree char *out = NULL, *err = NULL;
    const char *const args[] = {"-F", "499", "-o", pb, "--", fx.prog, "300", NULL};
    int rc = record(&fx, args, &out, &err);
    if (refused(rc, err)) {
        teardown(&fx);
        return;
    }
    g_assert_cmpint(rc, ==, 0);
    GError *e = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(pb, NULL, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpstr(p->format, ==, "pprof");
    g_autofree char *folded = kiln_test_folded(p, p->default_type);
    g_assert_nonnull(strstr(folded, "spin_beta;leaf_work"));

    g_autofree char *para = NULL;
    g_file_get_contents("/proc/sys/kernel/perf_event_paranoid", &para, NULL, NULL);
    if (getuid() == 0 || (para && atoi(para) <= 0)) {
        g_autofree char *sys = g_build_filename(fx.dir, "sys.data", NULL);
        g_autofree char *o2 = NULL, *e2 = NULL;
        const char *const all[] = {"-a", "--duration", "0.3", "-o", sys, NULL};
        g_assert_cmpint(record(&fx, all, &o2, &e2), ==, 0);
        g_test_message("%s", o2);
        g_autofree char *text = perf_script(&fx, sys, NULL);
        g_assert_cmpuint(count_samples(text), ==, printed_samples(o2));
    }
    teardown(&fx);
}

/* Ctrl+C ends the recording and keeps it, as Stop does. */
static void test_sigint(void)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    g_autofree char *data = g_build_filename(fx.dir, "int.data", NULL);
    const char *const argv[] = {kiln_test_cli(), "record", "-o", data, "--",
                                fx.prog,         "60000",  NULL};
    GPid pid;
    int out_fd;
    GError *e = NULL;
    g_assert_true(g_spawn_async_with_pipes(fx.dir, (char **)argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &e));
    g_usleep(800000);
    kill(pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    char buf[512] = {0};
    gsize n = 0;
    ssize_t r;
    while (n < sizeof buf - 1 && (r = read(out_fd, buf + n, sizeof buf - 1 - n)) > 0)
        n += (gsize)r;
    close(out_fd);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 1) {
        g_test_skip("perf_event_open is not allowed here");
        teardown(&fx);
        return;
    }
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    g_test_message("%s", buf);
    guint64 samples = printed_samples(buf);
    g_assert_cmpuint(samples, >, 50);
    g_autoptr(KilnProfile) p = kiln_load_file(data, NULL, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(p->samples_seen, ==, samples);
    teardown(&fx);
}

static void test_errors(void)
{
    Fixture fx = {0};
    if (!setup(&fx))
        return;
    g_autofree char *out = NULL, *err = NULL;
    const char *const none[] = {"-F", "99", NULL};
    g_assert_cmpint(record(&fx, none, &out, &err), ==, 2);
    g_assert_nonnull(strstr(err, "exactly one of -p PID, -a or -- COMMAND"));
    g_clear_pointer(&err, g_free);
    g_clear_pointer(&out, g_free);
    const char *const gone[] = {"-p", "2147483000", NULL};
    g_assert_cmpint(record(&fx, gone, &out, &err), ==, 1);
    g_assert_cmpstr(err, ==, "kiln-cli record: There is no process 2147483000 to record.\n");
    g_clear_pointer(&err, g_free);
    g_clear_pointer(&out, g_free);
    const char *const missing[] = {"--", "/nonexistent/program", NULL};
    g_assert_cmpint(record(&fx, missing, &out, &err), ==, 1);
    g_assert_cmpstr(err, ==,
                    "kiln-cli record: Could not run the command to record: No such file or "
                    "directory.\n");
    g_clear_pointer(&err, g_free);
    g_clear_pointer(&out, g_free);
    const char *const mode[] = {"--call-graph", "lbr", "--", "true", NULL};
    g_assert_cmpint(record(&fx, mode, &out, &err), ==, 2);
    teardown(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/capture/record/command", test_command);
    g_test_add_func("/capture/record/pid", test_pid);
    g_test_add_func("/capture/record/nobody", test_nobody);
    g_test_add_func("/capture/record/dwarf", test_dwarf);
    g_test_add_func("/capture/record/pprof-system", test_pprof_and_system);
    g_test_add_func("/capture/record/sigint", test_sigint);
    g_test_add_func("/capture/record/errors", test_errors);
    return g_test_run();
}
