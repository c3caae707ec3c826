/* test-diff.c — comparing profiles: the merged before/after profile, the
 * 3-column folded form against inferno-diff-folded's expected output, and
 * `kiln-cli diff` as a CI gate. */
#include "kiln-test-util.h"
#include "analysis/kiln-diff.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static KilnProfile *load_text(const char *text)
{
    GError *err = NULL;
    KilnProfile *p = kiln_test_load_bytes(text, strlen(text), &err);
    g_assert_no_error(err);
    return p;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *two_columns(const KilnProfile *d)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    uint32_t cols[2] = {0, 1};
    GError *err = NULL;
    g_assert_true(kiln_folded_write_columns(d, cols, 2, f, &err));
    g_assert_no_error(err);
    fclose(f);
    return buf;
}

static void test_merge(void)
{
    g_autoptr(KilnProfile) a = load_text("main;f 10\nmain;g 5\n");
    g_autoptr(KilnProfile) b = load_text("main;f 4\nmain;h 7\nmain 1\n");
    g_autoptr(KilnProfile) d = kiln_diff_new(a, 0, b, 0, FALSE);
    g_assert_cmpuint(d->n_types, ==, 2);
    g_assert_cmpuint(d->default_type, ==, 1);
    g_assert_cmpfloat(kiln_profile_total(d, 0, KILN_ROOT_NODE), ==, 15);
    g_assert_cmpfloat(kiln_profile_total(d, 1, KILN_ROOT_NODE), ==, 12);
    g_autofree char *out = two_columns(d);
    g_assert_cmpstr(out, ==, "main 0 1\nmain;f 10 4\nmain;g 5 0\nmain;h 0 7\n");

    g_autoptr(KilnProfile) n = kiln_diff_new(a, 0, b, 0, TRUE);
    g_assert_cmpfloat_with_epsilon(kiln_profile_total(n, 0, KILN_ROOT_NODE), 12, 1e-9);
    g_assert_cmpfloat_with_epsilon(kiln_profile_self(n, 0, 2), 8, 1e-9); /* f: 10 * 12/15 */
}

/* inferno-diff-folded before.txt after.txt: same lines (order is
 * unspecified upstream, so both sides are sorted). */
static void test_inferno_golden(void)
{
    g_autofree char *golden = kiln_test_corpus_path("folded/inferno/diff-folded/results/default.txt");
    if (!golden)
        return;
    g_autofree char *dir = g_path_get_dirname(golden);
    g_autofree char *bp = g_build_filename(dir, "..", "before.txt", NULL);
    g_autofree char *ap = g_build_filename(dir, "..", "after.txt", NULL);
    GError *err = NULL;
    g_autoptr(KilnProfile) a = kiln_load_file(bp, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autoptr(KilnProfile) b = kiln_load_file(ap, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autoptr(KilnProfile) d = kiln_diff_new(a, 0, b, 0, FALSE);
    g_autofree char *got = two_columns(d);
    gsize len;
    g_autofree char *text = kiln_test_read(golden, &len);
    char **lines = g_strsplit(text, "\n", -1);
    guint n = g_strv_length(lines);
    if (n && !*lines[n - 1])
        n--;
    qsort(lines, n, sizeof(char *), cmp_str);
    GString *want = g_string_new(NULL);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(want, "%s\n", lines[i]);
    g_assert_cmpstr(got, ==, want->str);
    g_string_free(want, TRUE);
    g_strfreev(lines);
}

static char *write_temp(const char *text)
{
    char *path = NULL;
    GError *err = NULL;
    int fd = g_file_open_tmp("kiln-diff-XXXXXX.folded", &path, &err);
    g_assert_no_error(err);
    close(fd);
    g_file_set_contents(path, text, -1, &err);
    g_assert_no_error(err);
    return path;
}

static void test_cli_gate(void)
{
    g_autofree char *a = write_temp("main;f 100\nmain;g 100\n");
    g_autofree char *b = write_temp("main;f 100\nmain;g 110\nmain;h 2\n");
    char *out = NULL, *err = NULL;
    const char *table[] = {"diff", a, b, "-n", "2", NULL};
    g_assert_cmpint(kiln_test_run_cli(table, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==,
                    "Total: 200 before, 212 after (+6.00%)\n"
                    "        before          after          delta   delta%  function\n"
                    "           200            212            +12   +6.00%  main\n"
                    "           100            110            +10   +5.00%  g\n");
    g_free(out);
    /* 6 % growth passes a 10 % gate and fails a 5 % one, naming why. */
    const char *pass[] = {"diff", a, b, "--fail-above", "10", NULL};
    g_assert_cmpint(kiln_test_run_cli(pass, NULL, NULL), ==, 0);
    const char *fail[] = {"diff", a, b, "--fail-above", "5.5", NULL};
    g_assert_cmpint(kiln_test_run_cli(fail, NULL, &err), ==, 3);
    g_assert_nonnull(strstr(err, "the total grew by 6.00%, more than 5.50%"));
    g_assert_nonnull(strstr(err, "main grew by 6.00% of the total"));
    g_assert_null(strstr(err, " g grew"));
    g_free(err);
    /* --normalize compares shapes: no growth in total any more. */
    const char *norm[] = {"diff", a, b, "--normalize", "--fail-above", "5.5", NULL};
    g_assert_cmpint(kiln_test_run_cli(norm, NULL, NULL), ==, 0);
    /* Exports. */
    const char *folded[] = {"diff", a, b, "--to", "folded", NULL};
    g_assert_cmpint(kiln_test_run_cli(folded, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, "main;f 100 100\nmain;g 100 110\nmain;h 0 2\n");
    g_free(out);
    g_autofree char *svg = g_strconcat(a, ".svg", NULL);
    const char *image[] = {"diff", a, b, "--to", "svg", "-o", svg, NULL};
    g_assert_cmpint(kiln_test_run_cli(image, NULL, NULL), ==, 0);
    gsize len;
    g_autofree char *text = kiln_test_read(svg, &len);
    g_assert_nonnull(strstr(text, "<svg"));
    const char *missing[] = {"diff", a, NULL};
    g_assert_cmpint(kiln_test_run_cli(missing, NULL, NULL), ==, 2);
    const char *unreadable[] = {"diff", a, "/nonexistent", NULL};
    g_assert_cmpint(kiln_test_run_cli(unreadable, NULL, NULL), ==, 1);
    g_unlink(svg);
    g_unlink(a);
    g_unlink(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/diff/merge", test_merge);
    g_test_add_func("/diff/inferno-golden", test_inferno_golden);
    g_test_add_func("/diff/cli-gate", test_cli_gate);
    return g_test_run();
}
