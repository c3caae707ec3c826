/* test-time-cli.c — kiln-cli heatmap and --time on a perf script text made
 * here, without perf: exact cells, the edges of --time ranges to the
 * nanosecond, images, and every way to get the options wrong.
 *
 * The text: samples at t0 + k * 250 ms + 1 ns * (k % 3) for k = 0..11,
 * t0 = 7.000000000 s, threads 21 (even k) and 22 (odd k), plus one sample
 * at exactly t0 + 1 s on thread 23.
 */
#include "kiln-test-util.h"

#include <glib/gstdio.h>

#define NS ((guint64)1000000000)
#define T0 ((guint64)7 * NS)

static char *path;

static void write_input(void)
{
    GString *s = g_string_new(NULL);
    for (guint k = 0; k <= 12; k++) {
        guint64 t = k < 12 ? T0 + k * 250000000u + k % 3 : T0 + NS;
        guint tid = k < 12 ? 21 + k % 2 : 23;
        g_string_append_printf(s,
                               "prog 20/%u [000] %" G_GUINT64_FORMAT ".%09" G_GUINT64_FORMAT
                               ": 1 cpu-clock:\n\t401000 f%u (/bin/prog)\n\n",
                               tid, (guint64)(t / NS), (guint64)(t % NS), k);
    }
    g_autoptr(GError) err = NULL;
    int fd = g_file_open_tmp("kiln-time-cli-XXXXXX.txt", &path, &err);
    g_assert_no_error(err);
    close(fd);
    g_assert_true(g_file_set_contents(path, s->str, (gssize)s->len, NULL));
    g_string_free(s, TRUE);
}

static int cli(const char *const *args, char **out, char **err)
{
    return kiln_test_run_cli(args, out, err);
}

static char *csv(const char *rows, const char *extra_opt, const char *extra_val)
{
    const char *args[] = {"heatmap", path,      "--to",    "csv", "--rows",
                          rows,      extra_opt, extra_val, NULL};
    char *out = NULL;
    g_autofree char *err = NULL;
    int rc = cli(args, &out, &err);
    if (rc)
        g_test_message("%s", err);
    g_assert_cmpint(rc, ==, 0);
    return out;
}

static void test_cells(void)
{
    /* k * 250 ms (+ 0..2 ns) at 4 rows: one sample per cell in seconds
     * 0..2, plus thread 23's at exactly 1 s. */
    g_autofree char *four = csv("4", NULL, NULL);
    g_assert_cmpstr(four, ==,
                    "second,bucket,samples\n"
                    "0,0,1\n0,1,1\n0,2,1\n0,3,1\n"
                    "1,0,2\n1,1,1\n1,2,1\n1,3,1\n"
                    "2,0,1\n2,1,1\n2,2,1\n2,3,1\n");
    /* One row: a column per second. */
    g_autofree char *one = csv("1", NULL, NULL);
    g_assert_cmpstr(one, ==, "second,bucket,samples\n0,0,4\n1,0,5\n2,0,4\n");
    /* Thread 22 (odd k: 250, 750 ms, ...), on the recording's t0. */
    g_autofree char *odd = csv("4", "--thread", "22");
    g_assert_cmpstr(odd, ==, "second,bucket,samples\n0,1,1\n0,3,1\n1,1,1\n1,3,1\n2,1,1\n2,3,1\n");
    /* 3 rows: 250 ms + 1 ns is bucket 0, 500 ms + 2 ns bucket 1
     * (1e9 / 3 = 333.33 ms), 750 ms bucket 2. */
    g_autofree char *three = csv("3", NULL, NULL);
    g_assert_cmpstr(three, ==,
                    "second,bucket,samples\n0,0,2\n0,1,1\n0,2,1\n1,0,3\n1,1,1\n1,2,1\n"
                    "2,0,2\n2,1,1\n2,2,1\n");
}

static void test_time_edges(void)
{
    /* 1 s exactly is in [1, 2) and not in [0, 1). */
    g_autofree char *first = csv("1", "--time", "0,1");
    g_assert_cmpstr(first, ==, "second,bucket,samples\n0,0,4\n");
    g_autofree char *second = csv("1", "--time", "1,2");
    g_assert_cmpstr(second, ==, "second,bucket,samples\n1,0,5\n");
    /* k = 4 is at 1 s + 1 ns: [1.000000001, ...) keeps it, drops t0+1 s. */
    g_autofree char *ns = csv("4", "--time", "1.000000001,1.25");
    g_assert_cmpstr(ns, ==, "second,bucket,samples\n1,0,1\n");
    /* k = 5 is at 1.25 s + 2 ns: the end is exclusive to the ns. */
    g_autofree char *end = csv("4", "--time", "1.1,1.250000002");
    g_assert_cmpstr(end, ==, "second,bucket,samples\n");
    g_autofree char *end2 = csv("4", "--time", "1.1,1.250000003");
    g_assert_cmpstr(end2, ==, "second,bucket,samples\n1,1,1\n");
    /* Past the end: nothing, and no error. */
    g_autofree char *past = csv("4", "--time", "100,200");
    g_assert_cmpstr(past, ==, "second,bucket,samples\n");

    /* Other verbs: the same samples. */
    const char *const folded[] = {"export", path, "--time", ".5,1.5", "--to", "folded", NULL};
    g_autofree char *out = NULL;
    g_assert_cmpint(cli(folded, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, "prog;f12 1\nprog;f2 1\nprog;f3 1\nprog;f4 1\nprog;f5 1\n");
    const char *const info[] = {"info", path, NULL};
    g_autofree char *text = NULL;
    g_assert_cmpint(cli(info, &text, NULL), ==, 0);
    g_assert_nonnull(strstr(text, "\nSamples:        13\n"));
    /* 13 samples over 2.750000002 s. */
    g_assert_nonnull(strstr(text, "\nSample rate:    4.7 samples per second\n"));
}

static void test_images(void)
{
    const char *kinds[] = {"png", "svg"};
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        g_autofree char *img = g_strdup_printf("%s.%s", path, kinds[i]);
        const char *const args[] = {"heatmap", path,     "--to",    kinds[i], "-o",
                                    img,       "--dark", "--title", "t",      NULL};
        g_assert_cmpint(cli(args, NULL, NULL), ==, 0);
        gsize len = 0;
        g_autofree char *data = kiln_test_read(img, &len);
        g_assert_cmpuint(len, >, 500);
        if (i == 0)
            g_assert_cmpint(memcmp(data, "\x89PNG", 4), ==, 0);
        else
            g_assert_nonnull(strstr(data, "<svg"));
        g_unlink(img);
    }
}

static void test_refusals(void)
{
    static const struct {
        const char *args[10];
        int rc;
        const char *message;
    } cases[] = {
        {{"heatmap", NULL, "--to", "csv", "--time", "2,1", NULL}, 2, "START before END"},
        {{"heatmap", NULL, "--to", "csv", "--time", "1", NULL}, 2, "invalid --time"},
        {{"heatmap", NULL, "--to", "csv", "--time", "-1,2", NULL}, 2, "invalid --time"},
        {{"heatmap", NULL, "--to", "csv", "--time", "0,1.0000000001", NULL}, 2, "invalid --time"},
        {{"heatmap", NULL, "--to", "csv", "--time", "0,99999999999999999999", NULL},
         2,
         "invalid --time"},
        {{"export", NULL, "--to", "folded", "--time", "a,b", NULL}, 2, "invalid --time"},
        {{"heatmap", NULL, "--to", "csv", "--rows", "0", NULL}, 2, "--rows takes 1 to 1000"},
        {{"heatmap", NULL, "--to", "csv", "--rows", "1001", NULL}, 2, "--rows"},
        {{"heatmap", NULL, "--to", "csv", "--thread", "x", NULL}, 2, "invalid --thread"},
        {{"heatmap", NULL, "--to", "jpeg", NULL}, 2, "--to csv, png or svg"},
        {{"heatmap", NULL, NULL}, 2, "--to csv, png or svg"},
        {{"heatmap", NULL, "--to", "png", NULL}, 2, "png is binary"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *args[10];
        memcpy(args, cases[i].args, sizeof args);
        args[1] = path;
        g_autofree char *err = NULL;
        int rc = cli(args, NULL, &err);
        g_test_message("case %u: %s", i, err);
        g_assert_cmpint(rc, ==, cases[i].rc);
        g_assert_nonnull(strstr(err, cases[i].message));
    }

    /* No sample times (folded stacks): a sentence, exit 1, for the heat
     * map and for --time on any verb. */
    g_autofree char *folded = g_strdup_printf("%s.folded", path);
    g_assert_true(g_file_set_contents(folded, "main;f 3\n", -1, NULL));
    const char *const hm[] = {"heatmap", folded, "--to", "csv", NULL};
    g_autofree char *err = NULL;
    g_assert_cmpint(cli(hm, NULL, &err), ==, 1);
    g_assert_nonnull(strstr(err, "has no sample times"));
    const char *const top[] = {"top", folded, "--time", "0,1", NULL};
    g_autofree char *err2 = NULL;
    g_assert_cmpint(cli(top, NULL, &err2), ==, 1);
    g_assert_nonnull(strstr(err2, "no sample times, so --time cannot select"));
    g_unlink(folded);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    write_input();
    g_test_add_func("/time/cli/cells", test_cells);
    g_test_add_func("/time/cli/time-edges", test_time_edges);
    g_test_add_func("/time/cli/images", test_images);
    g_test_add_func("/time/cli/refusals", test_refusals);
    int rc = g_test_run();
    g_unlink(path);
    g_free(path);
    return rc;
}
