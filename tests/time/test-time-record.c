/* test-time-record.c — the heat map and --time of a real recording,
 * checked exactly against an independent reading of the same file.
 *
 * time-workload (two threads: "burst250" busy 60 ms of every 250 ms,
 * "burst50" 20 ms of every 50 ms) is recorded once with
 *   perf record -e cpu-clock -F 999 -g
 * and `perf script --ns -F tid,time,period` of that file is binned here,
 * with its own code, by the definition (t0 = the earliest sample;
 * second = floor((t - t0) / 1 s); bucket = floor(((t - t0) mod 1 s) * N /
 * 1 s)). `kiln-cli heatmap --to csv` must print exactly the same cells,
 * for several row counts, per thread (--thread TID, keeping the whole
 * recording's t0) and for several --time ranges; `export --time` and
 * `info --time` must count exactly the samples perf script has in the
 * range. The recording itself must show the pattern the program makes.
 *
 * Skips with a message when perf is missing or cannot record here.
 */
#include "kiln-test-util.h"

#include <glib/gstdio.h>

#define NS 1000000000ull

typedef struct {
    uint32_t tid;
    uint64_t time;
} Sample;

static struct {
    gboolean tried, ok;
    char *dir, *data;
    GArray *samples; /* Sample, perf script's order */
    uint64_t t0;
    uint32_t tid_250, tid_50; /* the two workers, by name */
} rec;

static gboolean run_in(const char *dir, const char *const *argv, char **out, char **err_text)
{
    g_auto(GStrv) env = g_get_environ();
    env = g_environ_setenv(env, "HOME", dir, TRUE); /* perf's build-id cache */
    int status = -1;
    GError *err = NULL;
    if (!g_spawn_sync(dir, (char **)argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err_text,
                      &status, &err)) {
        g_test_message("cannot run %s: %s", argv[0], err->message);
        g_error_free(err);
        return FALSE;
    }
    return g_spawn_check_wait_status(status, NULL);
}

/* "  25977  3005.727450947:    1001001" -> tid and ns, parsed as integers. */
static gboolean parse_line(const char *line, Sample *s)
{
    char *end;
    guint64 tid = g_ascii_strtoull(line, &end, 10);
    if (end == line)
        return FALSE;
    const char *p = end;
    while (*p == ' ')
        p++;
    guint64 sec = g_ascii_strtoull(p, &end, 10);
    if (end == p || *end != '.' || strlen(end) < 10)
        return FALSE;
    p = end + 1;
    guint64 ns = g_ascii_strtoull(p, &end, 10);
    if (end - p != 9 || *end != ':')
        return FALSE;
    s->tid = (uint32_t)tid;
    s->time = sec * NS + ns;
    return TRUE;
}

/* Records once for all cases; FALSE (and the case skipped) when perf
 * cannot record here. */
static gboolean recording(void)
{
    if (rec.tried) {
        if (!rec.ok)
            g_test_skip("perf cannot record here (see the first case's message)");
        return rec.ok;
    }
    rec.tried = TRUE;
    g_autofree char *perf = g_find_program_in_path("perf");
    if (!perf) {
        g_test_skip("perf is not installed (Debian: linux-perf)");
        return FALSE;
    }
    rec.dir = g_dir_make_tmp("kiln-time-XXXXXX", NULL);
    g_assert_nonnull(rec.dir);
    g_autofree char *probe = g_build_filename(rec.dir, "probe.data", NULL);
    g_autofree char *err = NULL;
    const char *const check[] = {"perf", "record", "-q",   "-e", "cpu-clock",
                                 "-o",   probe,    "true", NULL};
    if (!run_in(rec.dir, check, NULL, &err)) {
        g_test_skip_printf("perf record -e cpu-clock true failed; perf_event_open is probably "
                           "not allowed here (kernel.perf_event_paranoid, containers): %s",
                           err ? err : "");
        return FALSE;
    }
    rec.data = g_build_filename(rec.dir, "time.data", NULL);
    const char *workload = g_getenv("KILN_TIME_WORKLOAD");
    g_assert_nonnull(workload);
    const char *const record[] = {"perf", "record", "-q",     "-e", "cpu-clock", "-F",  "999",
                                  "-g",   "-o",     rec.data, "--", workload,    "2.2", NULL};
    g_clear_pointer(&err, g_free);
    if (!run_in(rec.dir, record, NULL, &err)) {
        g_test_skip_printf("perf record failed: %s", err ? err : "");
        return FALSE;
    }

    g_autofree char *script = NULL;
    const char *const times[] = {"perf", "script",          "-i", rec.data, "--ns",
                                 "-F",   "tid,time,period", NULL};
    g_assert_true(run_in(rec.dir, times, &script, NULL));
    rec.samples = g_array_new(FALSE, FALSE, sizeof(Sample));
    rec.t0 = UINT64_MAX;
    g_auto(GStrv) lines = g_strsplit(script, "\n", -1);
    for (char **l = lines; *l; l++) {
        Sample s;
        if (!**l)
            continue;
        g_assert_true(parse_line(*l, &s));
        g_array_append_val(rec.samples, s);
        rec.t0 = MIN(rec.t0, s.time);
    }
    g_test_message("%u samples in perf script", rec.samples->len);
    g_assert_cmpuint(rec.samples->len, >, 20);

    /* The workers' tids, by the names the program gives them. */
    g_autofree char *names = NULL;
    const char *const comm[] = {"perf", "script", "-i", rec.data, "-F", "comm,tid", NULL};
    g_assert_true(run_in(rec.dir, comm, &names, NULL));
    g_auto(GStrv) nl = g_strsplit(names, "\n", -1);
    for (char **l = nl; *l; l++) {
        g_auto(GStrv) f = g_strsplit_set(g_strstrip(*l), " ", -1);
        guint n = g_strv_length(f);
        if (n < 2)
            continue;
        uint32_t tid = (uint32_t)g_ascii_strtoull(f[n - 1], NULL, 10);
        if (strcmp(f[0], "burst250") == 0)
            rec.tid_250 = tid;
        else if (strcmp(f[0], "burst50") == 0)
            rec.tid_50 = tid;
    }
    g_assert_cmpuint(rec.tid_250, !=, 0);
    g_assert_cmpuint(rec.tid_50, !=, 0);
    rec.ok = TRUE;
    return TRUE;
}

/* The expected CSV: perf script's samples of `tid` (0: all) with
 * lo <= t - t0 < hi, binned into `rows` rows per second from t0. */
static char *expected_csv(uint32_t rows, uint32_t tid, uint64_t lo, uint64_t hi, guint *count)
{
    uint64_t last = 0;
    for (guint i = 0; i < rec.samples->len; i++)
        last = MAX(last, g_array_index(rec.samples, Sample, i).time - rec.t0);
    uint64_t columns = last / NS + 1;
    g_autofree guint *cells = g_new0(guint, columns * rows);
    *count = 0;
    for (guint i = 0; i < rec.samples->len; i++) {
        const Sample *s = &g_array_index(rec.samples, Sample, i);
        uint64_t off = s->time - rec.t0;
        if ((tid && s->tid != tid) || off < lo || off >= hi)
            continue;
        uint64_t second = off / NS, bucket = (off % NS) * rows / NS;
        cells[second * rows + bucket]++;
        (*count)++;
    }
    GString *csv = g_string_new("second,bucket,samples\n");
    for (uint64_t c = 0; c < columns * rows; c++)
        if (cells[c])
            g_string_append_printf(csv, "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%u\n",
                                   c / rows, c % rows, cells[c]);
    return g_string_free(csv, FALSE);
}

static char *kiln_csv(const char *rows, const char *thread, const char *range)
{
    const char *args[16];
    int n = 0;
    args[n++] = "heatmap";
    args[n++] = rec.data;
    args[n++] = "--to";
    args[n++] = "csv";
    args[n++] = "--rows";
    args[n++] = rows;
    if (thread) {
        args[n++] = "--thread";
        args[n++] = thread;
    }
    if (range) {
        args[n++] = "--time";
        args[n++] = range;
    }
    args[n] = NULL;
    char *out = NULL;
    g_autofree char *err = NULL;
    int rc = kiln_test_run_cli(args, &out, &err);
    if (rc != 0)
        g_test_message("kiln-cli heatmap: %s", err);
    g_assert_cmpint(rc, ==, 0);
    return out;
}

static void test_cells(void)
{
    if (!recording())
        return;
    static const uint32_t rows[] = {50, 7, 1, 3, 1000};
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        char r[16];
        g_snprintf(r, sizeof r, "%u", rows[i]);
        guint n;
        g_autofree char *want = expected_csv(rows[i], 0, 0, UINT64_MAX, &n);
        g_autofree char *got = kiln_csv(r, NULL, NULL);
        g_assert_cmpstr(got, ==, want);
        g_assert_cmpuint(n, ==, rec.samples->len);
    }
}

static void test_threads(void)
{
    if (!recording())
        return;
    const uint32_t tids[] = {rec.tid_250, rec.tid_50};
    guint total = 0;
    for (guint i = 0; i < G_N_ELEMENTS(tids); i++) {
        char tid[16];
        g_snprintf(tid, sizeof tid, "%u", tids[i]);
        guint n;
        g_autofree char *want = expected_csv(50, tids[i], 0, UINT64_MAX, &n);
        g_autofree char *got = kiln_csv("50", tid, NULL);
        g_assert_cmpstr(got, ==, want);
        g_assert_cmpuint(n, >, 0);
        total += n;
    }
    /* A thread that never ran: the header alone. */
    g_autofree char *none = kiln_csv("50", "4294967295", NULL);
    g_assert_cmpstr(none, ==, "second,bucket,samples\n");
    /* The main thread only waits: nearly every sample is a worker's (a
     * slow, instrumented start-up may give it a few more). */
    g_assert_cmpuint(total * 100, >=, rec.samples->len * 95);
}

typedef struct {
    const char *text;
    uint64_t lo, hi;
} Range;

static const Range ranges[] = {
    {"0,0.25", 0, 250000000},
    {"0.25,0.5", 250000000, 500000000},
    {"0.1,1.35", 100000000, 1350000000},
    {"1,2", NS, 2 * NS},
    {".5,1.000000001", 500000000, NS + 1},
    {"2,100", 2 * NS, 100 * NS},
    {"50,60", 50 * NS, 60 * NS},
};

static void test_ranges(void)
{
    if (!recording())
        return;
    for (guint i = 0; i < G_N_ELEMENTS(ranges); i++) {
        const Range *r = &ranges[i];
        guint n;
        g_autofree char *want = expected_csv(50, 0, r->lo, r->hi, &n);
        g_autofree char *got = kiln_csv("50", NULL, r->text);
        g_assert_cmpstr(got, ==, want);

        /* The same range per thread. */
        char tid[16];
        g_snprintf(tid, sizeof tid, "%u", rec.tid_50);
        guint n50;
        g_autofree char *want50 = expected_csv(50, rec.tid_50, r->lo, r->hi, &n50);
        g_autofree char *got50 = kiln_csv("50", tid, r->text);
        g_assert_cmpstr(got50, ==, want50);

        /* Every verb: export's folded samples and info's count. */
        const char *const exp[] = {"export",  rec.data, "--time", r->text, "-t",
                                   "samples", "--to",   "folded", NULL};
        g_autofree char *folded = NULL;
        g_assert_cmpint(kiln_test_run_cli(exp, &folded, NULL), ==, 0);
        guint64 sum = 0;
        g_auto(GStrv) lines = g_strsplit(folded, "\n", -1);
        for (char **l = lines; *l; l++) {
            const char *sp = strrchr(*l, ' ');
            if (sp)
                sum += g_ascii_strtoull(sp + 1, NULL, 10);
        }
        g_assert_cmpuint(sum, ==, n);
        const char *const info[] = {"info", rec.data, "--time", r->text, NULL};
        g_autofree char *text = NULL;
        g_assert_cmpint(kiln_test_run_cli(info, &text, NULL), ==, 0);
        g_autofree char *line = g_strdup_printf("\nSamples:        %u\n", n);
        g_assert_nonnull(strstr(text, line));
    }
}

/* The recording has the program's shape: each worker's samples fall in
 * its busy windows, so their times relative to its first sample, modulo
 * its period, stay within busy (+ slack) of 0 on either side. Read from
 * Kiln's own per-sample table. */
static void test_pattern(void)
{
    if (!recording())
        return;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(rec.data, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->n_samples, ==, rec.samples->len);
    const struct {
        uint32_t tid;
        uint64_t period, busy;
    } workers[] = {{rec.tid_250, 250000000, 60000000}, {rec.tid_50, 50000000, 20000000}};
    const uint64_t slack = 3000000;
    for (guint w = 0; w < G_N_ELEMENTS(workers); w++) {
        uint64_t first = 0;
        guint n = 0, outside = 0;
        for (uint64_t i = 0; i < p->n_samples; i++) {
            if (p->sample_thread[i] != workers[w].tid)
                continue;
            uint64_t t = p->sample_time[i];
            if (!first)
                first = t;
            uint64_t m = (t - first) % workers[w].period;
            if (m > workers[w].busy + slack && m < workers[w].period - workers[w].busy - slack)
                outside++;
            n++;
        }
        g_test_message("thread %u: %u samples, %u outside its busy windows", workers[w].tid, n,
                       outside);
        g_assert_cmpuint(n, >, 0);
        /* A loaded machine can deschedule a worker mid-window and shift
         * the rest of its schedule; allow 2 % of its samples for that. */
        g_assert_cmpuint(outside * 50, <=, n);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/time/record/cells", test_cells);
    g_test_add_func("/time/record/threads", test_threads);
    g_test_add_func("/time/record/ranges", test_ranges);
    g_test_add_func("/time/record/pattern", test_pattern);
    int rc = g_test_run();
    if (rec.dir) {
        const char *const rm[] = {"rm", "-rf", rec.dir, NULL};
        g_spawn_sync(NULL, (char **)rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                     NULL);
    }
    return rc;
}
