/* test-cli.c — kiln-cli as a user and a CI pipeline call it: verbs, exit
 * statuses, --help, outputs. */
#include "kiln-test-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *write_temp(const char *text)
{
    char *path = NULL;
    GError *err = NULL;
    int fd = g_file_open_tmp("kiln-cli-XXXXXX.folded", &path, &err);
    g_assert_no_error(err);
    close(fd);
    g_file_set_contents(path, text, -1, &err);
    g_assert_no_error(err);
    return path;
}

static void test_info(void)
{
    g_autofree char *f = write_temp("main;a 3\nmain;b 1\nbad line\n");
    char *out = NULL, *err = NULL;
    const char *args[] = {"info", f, NULL};
    g_assert_cmpint(kiln_test_run_cli(args, &out, &err), ==, 0);
    g_assert_nonnull(strstr(out, "Format:         folded (Folded stacks)\n"));
    g_assert_nonnull(strstr(out, "Sample types:   samples/count [default]  total 4\n"));
    g_assert_nonnull(strstr(out, "Samples:        2\n"));
    g_assert_nonnull(strstr(out, "Stacks:         2\n"));
    g_assert_nonnull(strstr(out, "Functions:      3\n"));
    g_assert_nonnull(strstr(out, "  - Ignored 1 line that is not folded stacks (the first is line 3)\n"));
    g_free(out);
    g_free(err);
    g_unlink(f);
}

static void test_export_stdout(void)
{
    g_autofree char *f = write_temp("b;c 2\na 1\nb;c 3\n");
    char *out = NULL;
    const char *args[] = {"export", f, "--to", "folded", NULL};
    g_assert_cmpint(kiln_test_run_cli(args, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, "a 1\nb;c 5\n");
    g_free(out);
    const char *args2[] = {"export", f, "--to", "folded", "-o", "-", NULL};
    g_assert_cmpint(kiln_test_run_cli(args2, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, "a 1\nb;c 5\n");
    g_free(out);
    g_autofree char *png = g_strconcat(f, ".png", NULL);
    const char *args3[] = {"export", f, "--to", "png", "-o", png, "--width", "320", "--icicle",
                           "--search", "c", NULL};
    g_assert_cmpint(kiln_test_run_cli(args3, NULL, NULL), ==, 0);
    g_assert_true(g_file_test(png, G_FILE_TEST_IS_REGULAR));
    g_unlink(png);
    g_unlink(f);
}

static void test_top(void)
{
    g_autofree char *f = write_temp("main;f;g 3\nmain;g 2\nmain;f 1\n");
    char *out = NULL;
    const char *args[] = {"top", f, "-n", "2", NULL};
    g_assert_cmpint(kiln_test_run_cli(args, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==,
                    "Type: samples (count)\n"
                    "Showing 2 of 3 functions, total 6\n"
                    "          self   self%    sum%          total  total%  function\n"
                    "             5  83.33%  83.33%              5  83.33%  g\n"
                    "             1  16.67% 100.00%              4  66.67%  f\n");
    g_free(out);
    g_unlink(f);
}

static void test_exit_statuses(void)
{
    char *err = NULL;
    const char *missing[] = {"info", "/nonexistent/profile.data", NULL};
    g_assert_cmpint(kiln_test_run_cli(missing, NULL, &err), ==, 1);
    /* one line, naming the file */
    g_assert_nonnull(strstr(err, "/nonexistent/profile.data"));
    const char *nl = strchr(err, '\n');
    g_assert_nonnull(nl);
    g_assert_cmpuint((gsize)(nl - err), ==, strlen(err) - 1);
    g_free(err);

    /* A FIFO must be refused at once, not block waiting for a writer. */
    g_autofree char *fifo_dir = g_dir_make_tmp("kiln-fifo-XXXXXX", NULL);
    g_autofree char *fifo = g_build_filename(fifo_dir, "pipe", NULL);
    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    const char *pipe_args[] = {"info", fifo, NULL};
    g_assert_cmpint(kiln_test_run_cli(pipe_args, NULL, &err), ==, 1);
    g_assert_nonnull(strstr(err, "not a regular file"));
    g_free(err);
    g_unlink(fifo);
    g_rmdir(fifo_dir);

    g_autofree char *garbage = write_temp("not a profile at all\n");
    const char *bad[] = {"export", garbage, "--to", "folded", NULL};
    g_assert_cmpint(kiln_test_run_cli(bad, NULL, NULL), ==, 1);

    const char *no_verb[] = {"frobnicate", NULL};
    g_assert_cmpint(kiln_test_run_cli(no_verb, NULL, NULL), ==, 2);
    const char *no_to[] = {"export", garbage, NULL};
    g_assert_cmpint(kiln_test_run_cli(no_to, NULL, NULL), ==, 2);
    const char *bad_to[] = {"export", garbage, "--to", "gif", NULL};
    g_assert_cmpint(kiln_test_run_cli(bad_to, NULL, NULL), ==, 2);
    const char *bad_opt[] = {"info", "--no-such-option", garbage, NULL};
    g_assert_cmpint(kiln_test_run_cli(bad_opt, NULL, NULL), ==, 2);
    g_autofree char *ok = write_temp("a;b 1\n");
    const char *bad_type[] = {"top", ok, "--sample-type", "cpu", NULL};
    g_assert_cmpint(kiln_test_run_cli(bad_type, NULL, &err), ==, 2);
    g_assert_nonnull(strstr(err, "it has: samples"));
    g_free(err);
    const char *binary_to_tty[] = {"export", ok, "--to", "png", NULL};
    g_assert_cmpint(kiln_test_run_cli(binary_to_tty, NULL, NULL), ==, 2);
    g_unlink(garbage);
    g_unlink(ok);
}

/* Runs kiln-cli and returns the exit status and stderr; the message must
 * mention `want`. */
static int run_err(const char *const *args, const char *want)
{
    char *err = NULL;
    int rc = kiln_test_run_cli(args, NULL, &err);
    g_test_message("%s: exit %d: %s", args[0], rc, err);
    if (want)
        g_assert_nonnull(strstr(err, want));
    g_free(err);
    return rc;
}

/* Bad usage is exit 2 with a message about what is wrong, for every verb
 * and every numeric option. */
static void test_usage_errors(void)
{
    g_autofree char *f = write_temp("main;a 3\nmain;b 1\n");
    const char *info_type[] = {"info", "-t", "nosuch", f, NULL};
    g_assert_cmpint(run_err(info_type, "it has: samples"), ==, 2);
    const char *top_n[] = {"top", "-n", "-5", f, NULL};
    g_assert_cmpint(run_err(top_n, "-n must be 0 (all) or a positive count, not -5"), ==, 2);
    const char *diff_n[] = {"diff", "-n", "-1", f, f, NULL};
    g_assert_cmpint(run_err(diff_n, "-n must be"), ==, 2);
    const char *fail_neg[] = {"diff", "--fail-above", "-5", f, f, NULL};
    g_assert_cmpint(run_err(fail_neg, "--fail-above takes a percentage"), ==, 2);
    const char *fail_nan[] = {"diff", "--fail-above", "nan", f, f, NULL};
    g_assert_cmpint(run_err(fail_nan, "--fail-above takes a percentage"), ==, 2);
    const char *fail_ok[] = {"diff", "--fail-above", "5", f, f, NULL};
    g_assert_cmpint(run_err(fail_ok, NULL), ==, 0);
    const char *depth0[] = {"top", "--max-depth", "0", f, NULL};
    g_assert_cmpint(run_err(depth0, "--max-depth must be 1 or more"), ==, 2);
    const char *depth_neg[] = {"export", "--max-depth", "-3", f, "--to", "folded", NULL};
    g_assert_cmpint(run_err(depth_neg, "--max-depth must be 1 or more"), ==, 2);
    const char *huge[] = {"info", "--max-decompressed", "99999999999999G", f, NULL};
    g_assert_cmpint(run_err(huge, "invalid size"), ==, 2);
    const char *neg_size[] = {"info", "--max-decompressed", "-1", f, NULL};
    g_assert_cmpint(run_err(neg_size, "invalid size"), ==, 2);
    const char *width[] = {"export", f, "--to", "svg", "--width", "0", NULL};
    g_assert_cmpint(run_err(width, "--width must be"), ==, 2);
    const char *height[] = {"export", f, "--to", "svg", "--height", "-1", NULL};
    g_assert_cmpint(run_err(height, "--height must be"), ==, 2);
    const char *palette[] = {"export", f, "--to", "svg", "--palette", "nope", NULL};
    g_assert_cmpint(run_err(palette, "unknown palette"), ==, 2);
    const char *diff_o[] = {"diff", f, f, "-o", "/tmp/kiln-never-written", NULL};
    g_assert_cmpint(run_err(diff_o, "add --to FORMAT"), ==, 2);
    g_assert_false(g_file_test("/tmp/kiln-never-written", G_FILE_TEST_EXISTS));
    const char *unknown[] = {"top", "--bogus", f, NULL};
    g_assert_cmpint(run_err(unknown, "--bogus"), ==, 2);
    const char *not_int[] = {"top", "-n", "abc", f, NULL};
    g_assert_cmpint(run_err(not_int, "abc"), ==, 2);
    g_unlink(f);
}

/* --format skips sniffing, but bytes the forced importer recognises
 * nothing in are an error, not an empty profile with exit 0. */
static void test_forced_format(void)
{
    const char *corpus = g_getenv("KILN_CORPUS");
    if (corpus && *corpus) {
        g_autofree char *perf =
            g_build_filename(corpus, "perf-data/hotspot/perf.data.PerfFormatLost", NULL);
        const char *as_pprof[] = {"info", "--format=pprof", perf, NULL};
        g_assert_cmpint(run_err(as_pprof, "is not a pprof file"), ==, 1);
        const char *as_perf[] = {"info", "--format=perf-data", perf, NULL};
        g_assert_cmpint(run_err(as_perf, NULL), ==, 0);
    }
    g_autofree char *folded = write_temp("main;a 3\nmain;b 1\n");
    const char *folded_as_pprof[] = {"export", "--format=pprof", folded, "--to", "folded", NULL};
    g_assert_cmpint(run_err(folded_as_pprof, "is not a pprof file"), ==, 1);
    g_autofree char *empty = write_temp("");
    const char *formats[] = {"folded", "pprof", "perf-data", "perf-script"};
    for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
        g_autofree char *opt = g_strdup_printf("--format=%s", formats[i]);
        const char *args[] = {"info", opt, empty, NULL};
        g_assert_cmpint(run_err(args, "is empty"), ==, 1);
    }
    /* Forced, a file is still mapped, not read whole: a FIFO is refused at
     * once instead of blocking for a writer. */
    g_autofree char *fifo_dir = g_dir_make_tmp("kiln-fifo-XXXXXX", NULL);
    g_autofree char *fifo = g_build_filename(fifo_dir, "pipe", NULL);
    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    const char *forced_fifo[] = {"info", "--format=folded", fifo, NULL};
    g_assert_cmpint(run_err(forced_fifo, "not a regular file"), ==, 1);
    g_unlink(fifo);
    g_rmdir(fifo_dir);
    g_unlink(folded);
    g_unlink(empty);
}

static int fsize_signal = SIGXFSZ;

/* Output past 4 KiB fails: with SIGXFSZ ignored, write() says EFBIG; with
 * it at its default, the kernel kills the writer mid-file. */
static void limit_file_size(gpointer data)
{
    (void)data;
    struct rlimit r = {4096, 4096};
    setrlimit(RLIMIT_FSIZE, &r);
    signal(SIGXFSZ, fsize_signal == SIGXFSZ ? SIG_DFL : SIG_IGN);
}

static int run_limited(const char *input, const char *output, gboolean ignore_signal)
{
    const char *argv[] = {kiln_test_cli(), "export", input, "--to", "folded", "-o", output, NULL};
    int status = -1;
    GError *e = NULL;
    fsize_signal = ignore_signal ? 0 : SIGXFSZ;
    g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 limit_file_size, NULL, NULL, NULL, &status, &e);
    g_assert_no_error(e);
    return status;
}

static guint count_entries(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    guint n = 0;
    while (g_dir_read_name(d))
        n++;
    g_dir_close(d);
    return n;
}

/* -o writes a temporary file beside OUT and renames it into place: a
 * failed or killed export leaves OUT as it was and no file behind. */
static void test_atomic_output(void)
{
    GString *big = g_string_new(NULL);
    for (int i = 0; i < 2000; i++)
        g_string_append_printf(big, "main;function_number_%d 1\n", i);
    g_autofree char *input = write_temp(big->str);
    g_string_free(big, TRUE);
    g_autofree char *dir = g_dir_make_tmp("kiln-out-XXXXXX", NULL);
    g_autofree char *out = g_build_filename(dir, "out.folded", NULL);
    GError *err = NULL;
    g_file_set_contents(out, "old content\n", -1, &err);
    g_assert_no_error(err);
    g_assert_cmpint(g_chmod(out, 0640), ==, 0);

    int status = run_limited(input, out, TRUE);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    g_autofree char *text = NULL;
    g_file_get_contents(out, &text, NULL, NULL);
    g_assert_cmpstr(text, ==, "old content\n");
    g_assert_cmpuint(count_entries(dir), ==, 1);

    status = run_limited(input, out, FALSE);
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, SIGXFSZ);
    g_clear_pointer(&text, g_free);
    g_file_get_contents(out, &text, NULL, NULL);
    g_assert_cmpstr(text, ==, "old content\n");
    g_assert_cmpuint(count_entries(dir), ==, 1);

    /* Success replaces the content and keeps the permissions. */
    g_autofree char *small = write_temp("a;b 2\n");
    const char *args[] = {"export", small, "--to", "folded", "-o", out, NULL};
    g_assert_cmpint(kiln_test_run_cli(args, NULL, NULL), ==, 0);
    g_clear_pointer(&text, g_free);
    g_file_get_contents(out, &text, NULL, NULL);
    g_assert_cmpstr(text, ==, "a;b 2\n");
    GStatBuf st;
    g_assert_cmpint(g_stat(out, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0640);
    g_assert_cmpuint(count_entries(dir), ==, 1);

    /* A symbolic link keeps pointing at the replaced file. */
    g_autofree char *link = g_build_filename(dir, "link.folded", NULL);
    g_assert_cmpint(symlink("out.folded", link), ==, 0);
    const char *via_link[] = {"export", input, "--to", "folded", "-o", link, NULL};
    g_assert_cmpint(kiln_test_run_cli(via_link, NULL, NULL), ==, 0);
    g_assert_true(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
    g_assert_cmpint(g_stat(out, &st), ==, 0);
    g_assert_cmpint(st.st_size, >, 4096);
    g_assert_cmpuint(count_entries(dir), ==, 2);

    /* A device is written, never replaced. */
    const char *devnull[] = {"export", small, "--to", "folded", "-o", "/dev/null", NULL};
    g_assert_cmpint(kiln_test_run_cli(devnull, NULL, NULL), ==, 0);
    g_assert_cmpint(g_stat("/dev/null", &st), ==, 0);
    g_assert_true(S_ISCHR(st.st_mode));

    /* An unwritable directory fails before anything is read into it. */
    g_autofree char *missing = g_build_filename(dir, "no-such-dir", "out.folded", NULL);
    const char *nodir[] = {"export", small, "--to", "folded", "-o", missing, NULL};
    g_assert_cmpint(run_err(nodir, "Cannot write"), ==, 1);

    g_unlink(link);
    g_unlink(out);
    g_rmdir(dir);
    g_unlink(input);
    g_unlink(small);
}

static void test_help(void)
{
    const char *verbs[] = {"info", "export", "top"};
    for (gsize i = 0; i < G_N_ELEMENTS(verbs); i++) {
        char *out = NULL;
        const char *args[] = {verbs[i], "--help", NULL};
        g_assert_cmpint(kiln_test_run_cli(args, &out, NULL), ==, 0);
        g_assert_nonnull(strstr(out, "Usage:"));
        g_assert_nonnull(strstr(out, verbs[i]));
        g_free(out);
    }
    char *out = NULL;
    const char *top[] = {"--help", NULL};
    g_assert_cmpint(kiln_test_run_cli(top, &out, NULL), ==, 0);
    g_assert_nonnull(strstr(out, "export"));
    g_free(out);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli/info", test_info);
    g_test_add_func("/cli/export-stdout", test_export_stdout);
    g_test_add_func("/cli/top", test_top);
    g_test_add_func("/cli/exit-statuses", test_exit_statuses);
    g_test_add_func("/cli/help", test_help);
    g_test_add_func("/cli/usage-errors", test_usage_errors);
    g_test_add_func("/cli/forced-format", test_forced_format);
    g_test_add_func("/cli/atomic-output", test_atomic_output);
    return g_test_run();
}
