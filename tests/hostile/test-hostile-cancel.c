/* test-hostile-cancel.c — cancelling a load, before it starts and half way,
 * for every importer: the load must end with G_IO_ERROR_CANCELLED and no
 * profile (and, in the sanitizer run, without leaking what it had built —
 * LeakSanitizer checks at exit). This is the engine half of "a cancelled
 * load frees everything"; the window's half is the app's tests.
 */
#include "kiln-test-util.h"
#include "kiln-fuzz-check.h"

/* The largest corpus input of a MANIFEST format, or NULL. */
static char *largest(const char *format)
{
    g_autofree char *manifest = g_build_filename(kiln_test_corpus(), "MANIFEST.tsv", NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(manifest, &text, NULL, NULL))
        return NULL;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    char *best = NULL;
    guint64 best_size = 0;
    for (guint l = 1; lines[l]; l++) {
        g_auto(GStrv) col = g_strsplit(lines[l], "\t", 4);
        if (!col[0] || !col[1] || !col[2] || strcmp(col[1], format) != 0)
            continue;
        guint64 size = g_ascii_strtoull(col[2], NULL, 10);
        if (size > best_size) {
            best_size = size;
            g_free(best);
            best = g_build_filename(kiln_test_corpus(), col[0], NULL);
        }
    }
    return best;
}

typedef struct {
    GCancellable *cancellable;
    double at;
    double last;
} CancelAt;

static void progress(double fraction, gpointer data)
{
    CancelAt *c = data;
    g_assert_cmpfloat(fraction, >=, 0);
    g_assert_cmpfloat(fraction, <=, 1);
    c->last = fraction;
    if (fraction >= c->at)
        g_cancellable_cancel(c->cancellable);
}

static void expect_cancelled(const guint8 *data, gsize len, const char *what, double at)
{
    g_autoptr(GCancellable) cancellable = g_cancellable_new();
    CancelAt c = {cancellable, at, 0};
    if (at <= 0)
        g_cancellable_cancel(cancellable);
    GError *err = NULL;
    KilnProfile *p = kiln_load_bytes(data, len, what, NULL, cancellable, progress, &c, &err);
    if (p) {
        /* Only acceptable when the importer finished before it next looked
         * (progress is checked once per MiB). */
        g_test_message("%s: finished before noticing the cancel at %.2f", what, at);
        g_assert_cmpfloat(at, >, 0);
        kiln_fuzz_check_profile(p);
        kiln_profile_unref(p);
        return;
    }
    g_test_message("%s: %s", what, err->message);
    g_assert_error(err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_error_free(err);
}

static void test_corpus_cancelled_before(void)
{
    const char *formats[] = {"folded", "perf-script", "perf.data(file)", "perf.data(pipe)",
                             "pprof(pb.gz)", "pprof(pb,uncompressed)"};
    for (guint i = 0; i < G_N_ELEMENTS(formats); i++) {
        g_autofree char *path = largest(formats[i]);
        if (!path)
            continue;
        gsize len = 0;
        g_autofree char *data = kiln_test_read(path, &len);
        expect_cancelled((const guint8 *)data, len, path, 0);
    }
}

static void test_cancelled_half_way(void)
{
    /* 16 MiB of folded stacks, many distinct, cancelled at 40 %. */
    GString *s = g_string_new(NULL);
    for (guint i = 0; s->len < (16u << 20); i++)
        g_string_append_printf(s, "main;worker %u;step %u;leaf %u 3\n", i % 97, i % 1013, i);
    expect_cancelled((const guint8 *)s->str, s->len, "16 MiB folded", 0.4);
    /* The same as perf script text. */
    g_string_truncate(s, 0);
    for (guint i = 0; s->len < (16u << 20); i++)
        g_string_append_printf(s,
                               "prog %u/%u %u.%06u: 1 cpu-clock: \n"
                               "\t      %x leaf%u (/bin/prog)\n"
                               "\t      400000 main (/bin/prog)\n\n",
                               i % 50, i % 50, i / 1000, i % 1000000, 0x401000 + i % 4096,
                               i % 4096);
    expect_cancelled((const guint8 *)s->str, s->len, "16 MiB perf script", 0.4);
    g_string_free(s, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile/cancel/corpus-before", test_corpus_cancelled_before);
    g_test_add_func("/hostile/cancel/half-way", test_cancelled_half_way);
    return g_test_run();
}
