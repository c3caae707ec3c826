/* test-derive-perf.c — time range and thread set on a perf.data with sample
 * times: the derived profile holds exactly the samples `perf script --ns`
 * lists in that range or for that thread (when perf is installed), and
 * its totals equal the per-sample table's sums over them. */
#include "kiln-test-util.h"
#include "analysis/kiln-transform.h"

#include <string.h>

static const char *const file =
    "perf-data/perf-data-converter/single-event-multi-process.perf.data";

typedef struct {
    uint32_t tid;
    uint64_t time;
} PerfSample;

/* (tid, time in ns) of every sample perf script lists, or NULL without perf. */
static GArray *perf_script(const char *path)
{
    g_autofree char *perf = g_find_program_in_path("perf");
    if (!perf)
        return NULL;
    const char *argv[] = {perf, "script", "-i", path, "-F", "tid,time", "--ns", NULL};
    g_autofree char *out = NULL;
    int status = -1;
    GError *err = NULL;
    g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                 &status, &err);
    g_assert_no_error(err);
    if (!g_spawn_check_wait_status(status, NULL))
        return NULL;
    GArray *a = g_array_new(FALSE, FALSE, sizeof(PerfSample));
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    for (char **l = lines; *l; l++) {
        char *end = NULL;
        guint64 tid = g_ascii_strtoull(*l, &end, 10);
        if (end == *l)
            continue;
        char *sec_end = NULL;
        guint64 sec = g_ascii_strtoull(end, &sec_end, 10);
        g_assert_true(*sec_end == '.');
        guint64 ns = g_ascii_strtoull(sec_end + 1, NULL, 10);
        PerfSample s = {(uint32_t)tid, sec * 1000000000ull + ns};
        g_array_append_val(a, s);
    }
    return a;
}

static KilnProfile *derive(KilnProfile *p, const char *option, const char *value, uint32_t **map)
{
    GError *err = NULL;
    g_autoptr(KilnTransform) t = kiln_transform_parse(option, value, &err);
    g_assert_no_error(err);
    KilnProfile *d = kiln_transform_apply(t, p, map, NULL, &err);
    g_assert_no_error(err);
    return d;
}

/* Sums of the source's per-sample table over the samples `keep` accepts,
 * against the derived profile's totals and samples. */
static void check_sums(const KilnProfile *p, const KilnProfile *d, const uint32_t *map,
                       gboolean (*keep)(const KilnProfile *, uint64_t, gpointer), gpointer data,
                       uint64_t expect_n)
{
    uint64_t n = 0;
    double *sum = g_new0(double, p->n_types);
    for (uint64_t s = 0; s < p->n_samples; s++) {
        if (!keep(p, s, data))
            continue;
        n++;
        for (uint32_t t = 0; t < p->n_types; t++)
            sum[t] += p->sample_values[s * p->n_types + t];
        /* Each sample sits on the node its source node maps to. */
        g_assert_cmpuint(map[p->sample_node[s]], !=, KILN_NO_NODE);
    }
    g_assert_cmpuint(n, ==, expect_n);
    g_assert_cmpuint(d->n_samples, ==, n);
    g_assert_cmpuint(d->samples_seen, ==, n);
    for (uint32_t t = 0; t < p->n_types; t++)
        g_assert_cmpfloat(kiln_profile_total(d, t, KILN_ROOT_NODE), ==, sum[t]);
    g_free(sum);
}

static gboolean in_range(const KilnProfile *p, uint64_t s, gpointer data)
{
    const uint64_t *r = data;
    return p->sample_time[s] >= r[0] && p->sample_time[s] < r[1];
}

static gboolean of_thread(const KilnProfile *p, uint64_t s, gpointer data)
{
    return p->sample_thread[s] == GPOINTER_TO_UINT(data);
}

static void test_time_and_threads(void)
{
    g_autofree char *path = kiln_test_corpus_path(file);
    if (!path)
        return;
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.no_symbols = TRUE;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_nonnull(p->sample_time);
    g_assert_cmpuint(p->n_samples, ==, 19989);
    g_autoptr(GArray) perf = perf_script(path);
    if (perf)
        g_assert_cmpuint(perf->len, ==, p->n_samples);
    else
        g_test_message("perf is not installed: checking against the per-sample table only");

    /* The middle third of the recording. */
    uint64_t range[2] = {p->time_start + (p->time_end - p->time_start) / 3,
                         p->time_start + 2 * (p->time_end - p->time_start) / 3};
    g_autofree char *value =
        g_strdup_printf("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, range[0], range[1]);
    uint64_t want = 0;
    for (guint i = 0; perf && i < perf->len; i++) {
        uint64_t t = g_array_index(perf, PerfSample, i).time;
        want += t >= range[0] && t < range[1];
    }
    uint32_t *map = NULL;
    g_autoptr(KilnProfile) d = derive(p, "time", value, &map);
    if (!perf)
        want = d->n_samples;
    g_test_message("time %s: %" G_GUINT64_FORMAT " samples", value, want);
    g_assert_cmpuint(want, >, 1000);
    check_sums(p, d, map, in_range, range, want);
    g_free(map);

    /* Each thread on its own, and all of them together. */
    GHashTable *tids = g_hash_table_new(NULL, NULL);
    for (uint64_t s = 0; s < p->n_samples; s++)
        g_hash_table_add(tids, GUINT_TO_POINTER(p->sample_thread[s]));
    g_assert_cmpuint(g_hash_table_size(tids), >=, 6);
    GHashTableIter it;
    gpointer key;
    GString *all = g_string_new(NULL);
    g_hash_table_iter_init(&it, tids);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        uint32_t tid = GPOINTER_TO_UINT(key);
        g_autofree char *tv = g_strdup_printf("%u", tid);
        g_string_append_printf(all, all->len ? ",%u" : "%u", tid);
        uint64_t n = 0;
        for (guint i = 0; perf && i < perf->len; i++)
            n += g_array_index(perf, PerfSample, i).tid == tid;
        g_autoptr(KilnProfile) dt = derive(p, "thread", tv, &map);
        check_sums(p, dt, map, of_thread, key, perf ? n : dt->n_samples);
        g_free(map);
    }
    g_autoptr(KilnProfile) every = derive(p, "thread", all->str, NULL);
    g_assert_cmpuint(every->n_samples, ==, p->n_samples);
    g_autofree char *f1 = kiln_test_folded(every, 0), *f2 = kiln_test_folded(p, 0);
    g_assert_cmpstr(f1, ==, f2);
    g_string_free(all, TRUE);
    g_hash_table_unref(tids);
}

/* Two files merged: the sum of both, stack by stack. */
static void test_merge_files(void)
{
    g_autofree char *a = kiln_test_corpus_path(file);
    g_autofree char *b = kiln_test_corpus_path(
        "perf-data/perf-data-converter/single-event-single-process.perf.data");
    if (!a || !b)
        return;
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.no_symbols = TRUE;
    g_autoptr(KilnProfile) pa = kiln_load_file(a, &o, NULL, NULL, NULL, NULL);
    g_autoptr(KilnProfile) pb = kiln_load_file(b, &o, NULL, NULL, NULL, NULL);
    g_autoptr(KilnTransform) t = kiln_transform_new_merge(&pb, 1);
    GError *err = NULL;
    g_autoptr(KilnProfile) m = kiln_transform_apply(t, pa, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(m->n_samples, ==, pa->n_samples + pb->n_samples);
    g_assert_cmpuint(m->n_types, ==, pa->n_types);
    for (uint32_t ty = 0; ty < m->n_types; ty++)
        g_assert_cmpfloat(kiln_profile_total(m, ty, KILN_ROOT_NODE), ==,
                          kiln_profile_total(pa, ty, KILN_ROOT_NODE) +
                              kiln_profile_total(pb, ty, KILN_ROOT_NODE));
    /* Folded stacks: each line's value is the sum of the two files' lines. */
    g_autofree char *fm = kiln_test_folded(m, 0), *fa = kiln_test_folded(pa, 0),
                    *fb = kiln_test_folded(pb, 0);
    GHashTable *want = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    const char *texts[2] = {fa, fb};
    for (guint i = 0; i < 2; i++) {
        g_auto(GStrv) lines = g_strsplit(texts[i], "\n", -1);
        for (char **l = lines; *l && **l; l++) {
            char *sp = strrchr(*l, ' ');
            char *stack = g_strndup(*l, (gsize)(sp - *l));
            double *v = g_hash_table_lookup(want, stack);
            if (!v)
                g_hash_table_insert(want, g_strdup(stack), v = g_new0(double, 1));
            *v += g_ascii_strtod(sp + 1, NULL);
            g_free(stack);
        }
    }
    g_auto(GStrv) lines = g_strsplit(fm, "\n", -1);
    guint n = 0;
    for (char **l = lines; *l && **l; l++, n++) {
        char *sp = strrchr(*l, ' ');
        g_autofree char *stack = g_strndup(*l, (gsize)(sp - *l));
        double *v = g_hash_table_lookup(want, stack);
        g_assert_nonnull(v);
        g_assert_cmpfloat(*v, ==, g_ascii_strtod(sp + 1, NULL));
    }
    g_assert_cmpuint(n, ==, g_hash_table_size(want));
    g_hash_table_unref(want);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/derive-perf/time-and-threads", test_time_and_threads);
    g_test_add_func("/derive-perf/merge-files", test_merge_files);
    return g_test_run();
}
