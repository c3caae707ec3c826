/* test-cli.c — kiln-cli as a user and a CI pipeline call it: verbs, exit
 * statuses, --help, outputs. */
#include "kiln-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
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
    return g_test_run();
}
