/* test-capture-live.c — KilnCapture through its API, as the app uses it.
 *
 * - live: snapshots taken while the program runs grow (the graph fills
 *   in), and the final profile's folded stacks equal those Kiln reads back
 *   from the perf.data written in the same recording;
 * - stop: kiln_capture_stop() ends a recording of a program that would run
 *   for a minute, and the file keeps what was recorded;
 * - lost: a one-page ring cannot hold an 8 KiB DWARF stack copy, so the
 *   kernel drops samples: they are counted, and the file's LOST records
 *   say the same to perf script --show-lost-events.
 * Skips when perf_event_open is refused.
 */
#include "kiln-test-util.h"

#include "capture/kiln-capture.h"
#include "capture/kiln-capture-error.h"

#include <glib/gstdio.h>

static char *tmp_file(const char *name)
{
    g_autofree char *dir = g_dir_make_tmp("kiln-capture-live-XXXXXX", NULL);
    return g_build_filename(dir, name, NULL);
}

static void remove_file(const char *path)
{
    g_unlink(path);
    g_autofree char *dir = g_path_get_dirname(path);
    g_rmdir(dir);
}

static KilnCapture *start(KilnCaptureConfig *cfg)
{
    GError *e = NULL;
    KilnCapture *c = kiln_capture_start(cfg, &e);
    if (!c) {
        g_assert_error(e, KILN_CAPTURE_ERROR, KILN_CAPTURE_ERROR_PERMISSION);
        g_test_skip_printf("perf_event_open is not allowed here: %s", e->message);
        g_error_free(e);
    }
    return c;
}

static void test_live(void)
{
    g_autofree char *data = tmp_file("live.data");
    char *argv[] = {(char *)g_getenv("KILN_CAPTURE_FP"), (char *)"1500", NULL};
    KilnCaptureConfig cfg = {
        .target = KILN_CAPTURE_TARGET_COMMAND, .argv = argv, .output = data, .live = TRUE};
    KilnCapture *c = start(&cfg);
    if (!c)
        return;
    /* Snapshots every 250 ms while it records, timed. */
    GArray *sizes = g_array_new(FALSE, FALSE, sizeof(double));
    double worst_ms = 0;
    KilnCaptureStats st;
    do {
        g_usleep(250000);
        gint64 t0 = g_get_monotonic_time();
        g_autoptr(KilnProfile) snap = kiln_capture_snapshot(c);
        worst_ms = MAX(worst_ms, (double)(g_get_monotonic_time() - t0) / 1000.0);
        kiln_capture_get_stats(c, &st);
        if (snap && st.running) {
            double total = kiln_profile_total(snap, snap->default_type, KILN_ROOT_NODE);
            g_array_append_val(sizes, total);
        }
    } while (st.running);
    GError *e = NULL;
    g_assert_true(kiln_capture_finish(c, &e));
    g_assert_no_error(e);
    g_test_message("%u snapshots while recording, the slowest %.3f ms; %" G_GUINT64_FORMAT
                   " samples",
                   sizes->len, worst_ms, st.samples);
    g_assert_cmpuint(sizes->len, >=, 3);
    double first = g_array_index(sizes, double, 0);
    double last = g_array_index(sizes, double, sizes->len - 1);
    g_assert_cmpfloat(last, >, first);
    g_assert_cmpfloat(worst_ms, <, 100);
    g_autoptr(KilnProfile) final = kiln_capture_take_profile(c);
    g_assert_nonnull(final);
    g_assert_cmpuint(final->samples_seen, ==, st.samples);
    g_autoptr(KilnProfile) read = kiln_load_file(data, NULL, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_autofree char *a = kiln_test_folded(final, final->default_type);
    g_autofree char *b = kiln_test_folded(read, read->default_type);
    g_assert_cmpstr(a, ==, b);
    kiln_capture_free(c);
    g_array_free(sizes, TRUE);
    remove_file(data);
}

static void test_stop(void)
{
    g_autofree char *data = tmp_file("stop.data");
    char *argv[] = {(char *)g_getenv("KILN_CAPTURE_FP"), (char *)"60000", NULL};
    KilnCaptureConfig cfg = {.target = KILN_CAPTURE_TARGET_COMMAND, .argv = argv, .output = data};
    KilnCapture *c = start(&cfg);
    if (!c)
        return;
    g_usleep(600000);
    gint64 t0 = g_get_monotonic_time();
    kiln_capture_stop(c);
    GError *e = NULL;
    g_assert_true(kiln_capture_finish(c, &e));
    g_assert_no_error(e);
    double stop_ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
    KilnCaptureStats st;
    kiln_capture_get_stats(c, &st);
    g_test_message("stopped in %.1f ms after %" G_GUINT64_FORMAT " samples", stop_ms, st.samples);
    g_assert_false(st.running);
    g_assert_cmpuint(st.samples, >, 50);
    g_assert_cmpfloat(stop_ms, <, 2000);
    kiln_capture_free(c);
    g_autoptr(KilnProfile) read = kiln_load_file(data, NULL, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(read->samples_seen, ==, st.samples);
    remove_file(data);
}

static void test_lost(void)
{
    g_autofree char *data = tmp_file("lost.data");
    char *argv[] = {(char *)g_getenv("KILN_CAPTURE_NOFP"), (char *)"300", NULL};
    KilnCaptureConfig cfg = {.target = KILN_CAPTURE_TARGET_COMMAND,
                             .argv = argv,
                             .output = data,
                             .call_graph = KILN_CAPTURE_CALL_GRAPH_DWARF,
                             .mmap_pages = 1};
    KilnCapture *c = start(&cfg);
    if (!c)
        return;
    GError *e = NULL;
    g_assert_true(kiln_capture_finish(c, &e));
    KilnCaptureStats st;
    kiln_capture_get_stats(c, &st);
    g_test_message("%" G_GUINT64_FORMAT " samples, %" G_GUINT64_FORMAT " lost in %" G_GUINT64_FORMAT
                   " LOST records",
                   st.samples, st.lost, st.lost_records);
    g_assert_cmpuint(st.lost, >, 100);
    g_assert_cmpuint(st.lost_records, >, 0);
    kiln_capture_free(c);
    const char *const rep[] = {"perf", "script", "-f", "--show-lost-events", "-i", data, NULL};
    g_autofree char *out = NULL;
    if (g_spawn_sync(NULL, (char **)rep, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, NULL)) {
        /* perf script prints one line per LOST record; they add up to
         * the count Kiln gives. */
        guint64 sum = 0;
        for (const char *q = out; (q = strstr(q, "PERF_RECORD_LOST lost ")); q++)
            sum += g_ascii_strtoull(q + strlen("PERF_RECORD_LOST lost "), NULL, 10);
        g_assert_cmpuint(sum, ==, st.lost);
    }
    remove_file(data);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/capture/live/snapshots", test_live);
    g_test_add_func("/capture/live/stop", test_stop);
    g_test_add_func("/capture/live/lost", test_lost);
    return g_test_run();
}
