/* test-time-index.c — KilnTimeIndex: time order, [t0, t1) ranges and their
 * value sums, per-thread lists and ranges, against hand-computed numbers,
 * brute force, and perf script's view of real perf.data files. */
#include "kiln-test-util.h"
#include "core/kiln-builder.h"
#include "core/kiln-time-index.h"

#include <string.h>
#include <zlib.h>

typedef struct {
    uint64_t time;
    uint32_t thread;
    double cpu;
} Row;

static KilnProfile *profile_of(const Row *rows, gsize n)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "cpu", "nanoseconds");
    kiln_builder_add_sample_type(b, "samples", "count");
    uint32_t f = kiln_builder_frame_named(b, "main", 4, KILN_FRAME_NORMAL);
    uint32_t node = kiln_builder_child(b, KILN_ROOT_NODE, f);
    for (gsize i = 0; i < n; i++) {
        double v[2] = {rows[i].cpu, 1};
        kiln_builder_record_sample(b, node, v, rows[i].time, rows[i].thread, 0);
    }
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    return p;
}

static void test_hand_built(void)
{
    const Row rows[] = {
        {300, 2, 10}, {100, 1, 20}, {200, 2, 40}, {100, 3, 80}, {500, 1, 160}, {200, 1, 320},
    };
    g_autoptr(KilnProfile) p = profile_of(rows, G_N_ELEMENTS(rows));
    g_autoptr(GError) err = NULL;
    g_autoptr(KilnTimeIndex) idx = kiln_time_index_new(p, &err);
    g_assert_no_error(err);
    g_assert_true(kiln_time_index_profile(idx) == p);
    g_assert_true(kiln_time_index_has_times(idx));
    g_assert_cmpuint(kiln_time_index_n_samples(idx), ==, 6);
    g_assert_cmpuint(kiln_time_index_first_time(idx), ==, 100);
    g_assert_cmpuint(kiln_time_index_last_time(idx), ==, 500);
    /* Stable: the two samples at 100 (and at 200) keep the table's order. */
    const uint32_t order[] = {1, 3, 2, 5, 0, 4};
    const uint32_t *s = kiln_time_index_samples(idx);
    for (int i = 0; i < 6; i++)
        g_assert_cmpuint(s[i], ==, order[i]);
    g_assert_cmpuint(kiln_time_index_time_at(idx, 3), ==, 200);
    g_assert_cmpuint(kiln_time_index_time_at(idx, 6), ==, 0);

    uint32_t first = 99;
    double v[2];
    g_assert_cmpuint(kiln_time_index_range(idx, 100, 200, &first, v), ==, 2);
    g_assert_cmpuint(first, ==, 0);
    g_assert_cmpfloat(v[0], ==, 100);
    g_assert_cmpfloat(v[1], ==, 2);
    g_assert_cmpuint(kiln_time_index_range(idx, 150, 301, &first, v), ==, 3);
    g_assert_cmpuint(first, ==, 2);
    g_assert_cmpfloat(v[0], ==, 370);
    g_assert_cmpuint(kiln_time_index_range(idx, 0, UINT64_MAX, &first, v), ==, 6);
    g_assert_cmpfloat(v[0], ==, 630);
    g_assert_cmpuint(kiln_time_index_range(idx, 300, 301, NULL, NULL), ==, 1);
    g_assert_cmpuint(kiln_time_index_range(idx, 501, 600, &first, v), ==, 0);
    g_assert_cmpuint(first, ==, 6);
    g_assert_cmpfloat(v[0], ==, 0);
    /* Empty and reversed ranges. */
    g_assert_cmpuint(kiln_time_index_range(idx, 200, 200, &first, v), ==, 0);
    g_assert_cmpuint(first, ==, 2);
    g_assert_cmpuint(kiln_time_index_range(idx, 400, 100, &first, v), ==, 0);
    g_assert_cmpuint(first, ==, 5);
    g_assert_cmpfloat(v[1], ==, 0);

    g_assert_cmpuint(kiln_time_index_n_threads(idx), ==, 3);
    const uint32_t tids[] = {1, 2, 3}, counts[] = {3, 2, 1};
    const double cpu[] = {500, 50, 80};
    for (uint32_t k = 0; k < 3; k++) {
        const KilnTimeThread *th = kiln_time_index_thread(idx, k);
        g_assert_cmpuint(th->thread, ==, tids[k]);
        g_assert_cmpuint(th->n_samples, ==, counts[k]);
        g_assert_cmpfloat(th->values[0], ==, cpu[k]);
        g_assert_cmpfloat(th->values[1], ==, counts[k]);
        g_assert_cmpuint(kiln_time_index_find_thread(idx, tids[k]), ==, k);
    }
    g_assert_cmpuint(kiln_time_index_thread(idx, 0)->first_time, ==, 100);
    g_assert_cmpuint(kiln_time_index_thread(idx, 0)->last_time, ==, 500);
    g_assert_cmpuint(kiln_time_index_find_thread(idx, 0), ==, UINT32_MAX);
    g_assert_cmpuint(kiln_time_index_find_thread(idx, 9), ==, UINT32_MAX);
    uint32_t n;
    const uint32_t *t1 = kiln_time_index_thread_samples(idx, 0, &n);
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpuint(t1[0], ==, 1);
    g_assert_cmpuint(t1[1], ==, 5);
    g_assert_cmpuint(t1[2], ==, 4);
    g_assert_cmpuint(kiln_time_index_thread_range(idx, 0, 150, 600, &first, v), ==, 2);
    g_assert_cmpuint(first, ==, 1);
    g_assert_cmpfloat(v[0], ==, 480);
    g_assert_cmpuint(kiln_time_index_thread_range(idx, 1, 0, 300, &first, v), ==, 1);
    g_assert_cmpfloat(v[0], ==, 40);
    g_assert_cmpuint(kiln_time_index_thread_range(idx, 2, 101, 1000, &first, v), ==, 0);
    g_assert_cmpuint(first, ==, 1);
}

static void test_without_times(void)
{
    /* pprof-like: rows without times. Ranges still work on time 0. */
    const Row rows[] = {{0, 5, 1}, {0, 5, 2}, {0, 6, 4}};
    g_autoptr(KilnProfile) p = profile_of(rows, G_N_ELEMENTS(rows));
    g_autoptr(KilnTimeIndex) idx = kiln_time_index_new(p, NULL);
    g_assert_false(kiln_time_index_has_times(idx));
    const uint32_t *s = kiln_time_index_samples(idx);
    g_assert_cmpuint(s[0], ==, 0);
    g_assert_cmpuint(s[2], ==, 2);
    double v[2];
    g_assert_cmpuint(kiln_time_index_range(idx, 0, 1, NULL, v), ==, 3);
    g_assert_cmpfloat(v[0], ==, 7);
    g_assert_cmpuint(kiln_time_index_n_threads(idx), ==, 2);
    g_assert_cmpfloat(kiln_time_index_thread(idx, 1)->values[0], ==, 4);

    /* No rows at all (folded). */
    g_autoptr(KilnProfile) empty = profile_of(NULL, 0);
    g_autoptr(KilnTimeIndex) e = kiln_time_index_new(empty, NULL);
    g_assert_false(kiln_time_index_has_times(e));
    g_assert_cmpuint(kiln_time_index_n_samples(e), ==, 0);
    g_assert_cmpuint(kiln_time_index_n_threads(e), ==, 0);
    g_assert_cmpuint(kiln_time_index_first_time(e), ==, 0);
    uint32_t first = 7;
    g_assert_cmpuint(kiln_time_index_range(e, 0, 100, &first, v), ==, 0);
    g_assert_cmpuint(first, ==, 0);
    g_assert_cmpuint(kiln_time_index_find_thread(e, 0), ==, UINT32_MAX);
}

static void test_brute_force(void)
{
    /* Interleaved runs (like per-CPU buffers), duplicate times, 7 threads. */
    enum { N = 5000 };
    Row *rows = g_new(Row, N);
    GRand *r = g_rand_new_with_seed(11);
    for (int i = 0; i < N; i++) {
        rows[i].time = (uint64_t)(i % 4) * 100000 + (uint64_t)(i / 4) * 37 +
                       (uint64_t)g_rand_int_range(r, 0, 3) * 1000;
        rows[i].thread = (uint32_t)g_rand_int_range(r, 0, 7) * 11;
        rows[i].cpu = g_rand_int_range(r, 1, 1000);
    }
    g_autoptr(KilnProfile) p = profile_of(rows, N);
    g_autoptr(KilnTimeIndex) idx = kiln_time_index_new(p, NULL);
    const uint32_t *s = kiln_time_index_samples(idx);
    for (int i = 1; i < N; i++) {
        uint64_t a = rows[s[i - 1]].time, b = rows[s[i]].time;
        g_assert_true(a < b || (a == b && s[i - 1] < s[i]));
    }
    for (int q = 0; q < 300; q++) {
        uint64_t t0 = (uint64_t)g_rand_int_range(r, 0, 500000);
        uint64_t t1 = t0 + (uint64_t)g_rand_int_range(r, 0, 200000);
        uint32_t th = (uint32_t)g_rand_int_range(r, 0, 8) * 11;
        uint32_t count = 0, tcount = 0;
        double sum = 0, tsum = 0;
        for (int i = 0; i < N; i++) {
            if (rows[i].time < t0 || rows[i].time >= t1)
                continue;
            count++;
            sum += rows[i].cpu;
            if (rows[i].thread == th) {
                tcount++;
                tsum += rows[i].cpu;
            }
        }
        double v[2];
        uint32_t first;
        g_assert_cmpuint(kiln_time_index_range(idx, t0, t1, &first, v), ==, count);
        g_assert_cmpfloat(v[0], ==, sum);
        g_assert_cmpfloat(v[1], ==, count);
        if (count)
            g_assert_cmpuint(kiln_time_index_time_at(idx, first), >=, t0);
        if (first > 0)
            g_assert_cmpuint(kiln_time_index_time_at(idx, first - 1), <, t0);
        uint32_t k = kiln_time_index_find_thread(idx, th);
        if (k == UINT32_MAX) {
            g_assert_cmpuint(tcount, ==, 0);
            continue;
        }
        g_assert_cmpuint(kiln_time_index_thread_range(idx, k, t0, t1, NULL, v), ==, tcount);
        g_assert_cmpfloat(v[0], ==, tsum);
    }
    uint32_t total = 0;
    for (uint32_t k = 0; k < kiln_time_index_n_threads(idx); k++) {
        uint32_t n;
        const uint32_t *list = kiln_time_index_thread_samples(idx, k, &n);
        total += n;
        for (uint32_t i = 0; i < n; i++) {
            g_assert_cmpuint(rows[list[i]].thread, ==, kiln_time_index_thread(idx, k)->thread);
            if (i)
                g_assert_cmpuint(rows[list[i - 1]].time, <=, rows[list[i]].time);
        }
    }
    g_assert_cmpuint(total, ==, N);
    g_rand_free(r);
    g_free(rows);
}

/* One sample as `perf script` prints it: "comm tid [cpu] sec.usec: period
 * event:", the CPU and period optional (tracepoints print no period: 1). */
typedef struct {
    uint64_t time_us;
    uint32_t tid;
    uint32_t event; /* index into the events array */
    double period;
} ScriptSample;

static GArray *read_script(const char *path, GPtrArray *events)
{
    gzFile f = gzopen(path, "rb");
    g_assert_nonnull(f);
    GString *text = g_string_new(NULL);
    char buf[65536];
    int len;
    while ((len = gzread(f, buf, sizeof buf)) > 0)
        g_string_append_len(text, buf, len);
    gzclose(f);
    GRegex *re = g_regex_new(
        "\\s(\\d+)\\s+(?:\\[\\d+\\]\\s+)?(\\d+)\\.(\\d{6}):\\s+(?:(\\d+)\\s+)?(\\S+):", 0, 0, NULL);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(ScriptSample));
    char **lines = g_strsplit(text->str, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (**l == '\t' || **l == '\0')
            continue;
        GMatchInfo *m = NULL;
        if (g_regex_match(re, *l, 0, &m)) {
            char *tid = g_match_info_fetch(m, 1), *sec = g_match_info_fetch(m, 2);
            char *usec = g_match_info_fetch(m, 3), *per = g_match_info_fetch(m, 4);
            char *ev = g_match_info_fetch(m, 5);
            guint e;
            if (!g_ptr_array_find_with_equal_func(events, ev, g_str_equal, &e)) {
                e = events->len;
                g_ptr_array_add(events, g_strdup(ev));
            }
            ScriptSample smp = {
                .time_us =
                    g_ascii_strtoull(sec, NULL, 10) * 1000000 + g_ascii_strtoull(usec, NULL, 10),
                .tid = (uint32_t)g_ascii_strtoull(tid, NULL, 10),
                .event = e,
                .period = *per ? (double)g_ascii_strtoull(per, NULL, 10) : 1,
            };
            g_array_append_val(out, smp);
            g_free(tid), g_free(sec), g_free(usec), g_free(per), g_free(ev);
        }
        g_match_info_free(m);
    }
    g_strfreev(lines);
    g_regex_unref(re);
    g_string_free(text, TRUE);
    return out;
}

/* What the script's samples in [t0, t1) microseconds (of one thread, or
 * all when tid < 0) add up to in each of the profile's types: "samples"
 * counts them, an event's type sums its periods. Returns the count. */
static uint32_t script_range(GArray *ss, const int *type_of_event, int samples_type, uint32_t nt,
                             uint64_t t0, uint64_t t1, int64_t tid, double *want)
{
    uint32_t n = 0;
    memset(want, 0, sizeof(double) * nt);
    for (guint i = 0; i < ss->len; i++) {
        const ScriptSample *s = &g_array_index(ss, ScriptSample, i);
        if (s->time_us < t0 || s->time_us >= t1 || (tid >= 0 && s->tid != (uint32_t)tid))
            continue;
        n++;
        want[samples_type] += 1;
        want[type_of_event[s->event]] += s->period;
    }
    return n;
}

static void assert_values(const double *got, const double *want, uint32_t nt)
{
    for (uint32_t t = 0; t < nt; t++)
        g_assert_cmpfloat(got[t], ==, want[t]);
}

static void test_perf_data(gconstpointer data)
{
    const char *rel = data;
    g_autofree char *path = kiln_test_corpus_path(rel);
    if (!path)
        return;
    /* perf script's text beside it, plain or gzipped (gzopen reads both). */
    g_autofree char *script = g_strconcat(path, ".perf-script.txt", NULL);
    if (!g_file_test(script, G_FILE_TEST_EXISTS)) {
        char *gz = g_strconcat(script, ".gz", NULL);
        g_free(script);
        script = gz;
    }
    g_assert_true(g_file_test(script, G_FILE_TEST_EXISTS));
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.no_symbols = TRUE;
    g_autoptr(GError) err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func(g_free);
    GArray *ss = read_script(script, events);
    g_autoptr(KilnTimeIndex) idx = kiln_time_index_new(p, &err);
    g_assert_no_error(err);

    /* One type per event, named after it, and "samples". */
    uint32_t nt = p->n_types;
    int samples_type = kiln_profile_find_type(p, "samples");
    g_assert_cmpint(samples_type, >=, 0);
    g_autofree int *type_of_event = g_new(int, events->len);
    for (guint e = 0; e < events->len; e++) {
        type_of_event[e] = kiln_profile_find_type(p, g_ptr_array_index(events, e));
        if (type_of_event[e] < 0)
            g_error("%s: no sample type for event %s", rel, (char *)g_ptr_array_index(events, e));
    }
    g_autofree double *want = g_new(double, nt);
    g_autofree double *got = g_new(double, nt);

    g_assert_true(kiln_time_index_has_times(idx));
    g_assert_cmpuint(kiln_time_index_n_samples(idx), ==, ss->len);
    const ScriptSample *s0 = &g_array_index(ss, ScriptSample, 0);
    const ScriptSample *sn = &g_array_index(ss, ScriptSample, ss->len - 1);
    g_assert_cmpuint(kiln_time_index_first_time(idx) / 1000, ==, s0->time_us);
    g_assert_cmpuint(kiln_time_index_last_time(idx) / 1000, ==, sn->time_us);

    /* Every thread perf script shows, with its count and value sums. */
    GHashTable *tids = g_hash_table_new(NULL, NULL);
    for (guint i = 0; i < ss->len; i++)
        g_hash_table_add(tids, GUINT_TO_POINTER(g_array_index(ss, ScriptSample, i).tid));
    g_assert_cmpuint(kiln_time_index_n_threads(idx), ==, g_hash_table_size(tids));
    g_hash_table_unref(tids);
    for (uint32_t k = 0; k < kiln_time_index_n_threads(idx); k++) {
        const KilnTimeThread *th = kiln_time_index_thread(idx, k);
        uint32_t n =
            script_range(ss, type_of_event, samples_type, nt, 0, UINT64_MAX, th->thread, want);
        g_assert_cmpuint(th->n_samples, ==, n);
        assert_values(th->values, want, nt);
    }

    /* Ten windows at microsecond bounds, which perf script's times can
     * decide exactly: whole, and per thread. */
    uint64_t span = sn->time_us - s0->time_us + 1;
    for (uint64_t w = 0; w < 10; w++) {
        uint64_t t0 = s0->time_us + span * w / 10, t1 = s0->time_us + span * (w + 3) / 10;
        uint32_t n = script_range(ss, type_of_event, samples_type, nt, t0, t1, -1, want);
        g_assert_cmpuint(kiln_time_index_range(idx, t0 * 1000, t1 * 1000, NULL, got), ==, n);
        assert_values(got, want, nt);
        for (uint32_t k = 0; k < kiln_time_index_n_threads(idx); k++) {
            const KilnTimeThread *th = kiln_time_index_thread(idx, k);
            uint32_t tn =
                script_range(ss, type_of_event, samples_type, nt, t0, t1, th->thread, want);
            g_assert_cmpuint(kiln_time_index_thread_range(idx, k, t0 * 1000, t1 * 1000, NULL, got),
                             ==, tn);
            assert_values(got, want, nt);
        }
    }
    g_test_message("%s: %u samples of %u events, %u threads", rel, ss->len, events->len,
                   kiln_time_index_n_threads(idx));
    g_array_unref(ss);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/time-index/hand-built", test_hand_built);
    g_test_add_func("/time-index/without-times", test_without_times);
    g_test_add_func("/time-index/brute-force", test_brute_force);
    g_test_add_data_func("/time-index/perf-data/single-event-multi-process",
                         "perf-data/perf-data-converter/single-event-multi-process.perf.data",
                         test_perf_data);
    g_test_add_data_func("/time-index/perf-data/multi-event-single-process",
                         "perf-data/perf-data-converter/multi-event-single-process.perf.data",
                         test_perf_data);
    g_test_add_data_func("/time-index/perf-data/parallel-static-gcc",
                         "perf-data/perfparser/parallel_static_gcc.perf.data.zstd", test_perf_data);
    return g_test_run();
}
