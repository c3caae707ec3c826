/* test-derive-corpus.c — every profile of the corpus through every derive
 * step: no crash, and each node map holds (every value a step keeps lands
 * on the node its source node maps to; the totals of lossless steps are
 * the source's). Real files are where the odd shapes are: empty stacks,
 * root values, zero samples, labels, many sample types, truncated files.
 */
#include "kiln-test-util.h"
#include "analysis/kiln-transform.h"

#include <math.h>
#include <string.h>

static const char *const steps[] = {
    "granularity=functions", "granularity=lines",
    "hide=^[a-m]",           "show=[aeiou]",
    "focus=main|start",      "ignore=^_",
    "prune-from=^[n-z]",     "show-from=main",
    "collapse-recursion",    "invert",
};

static gboolean lossless(const char *step)
{
    return g_str_has_prefix(step, "granularity") || g_str_has_prefix(step, "prune") ||
           g_str_has_prefix(step, "collapse") || g_str_has_prefix(step, "invert");
}

/* Sums taken in another order may differ in the last bits (pprof heap
 * values are unsampled into fractions). */
static gboolean close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * MAX(1.0, MAX(fabs(a), fabs(b)));
}

static void check(KilnProfile *p, const char *file, const char *spec)
{
    GError *err = NULL;
    g_autoptr(KilnTransform) t = kiln_transform_parse_string(spec, &err);
    g_assert_no_error(err);
    uint32_t *map = NULL;
    g_autoptr(KilnProfile) d = kiln_transform_apply(t, p, &map, NULL, &err);
    if (!d)
        g_error("%s, %s: %s", file, spec, err->message);
    g_assert_cmpuint(d->n_types, ==, p->n_types);
    /* A time range keeps some of a node's samples: its map says where they
     * went, not that all of the node's value did (test-derive-perf sums it). */
    gboolean by_samples = g_str_has_prefix(spec, "time");
    for (uint32_t ty = 0; ty < p->n_types && !by_samples; ty++) {
        double *sum = g_new0(double, d->n_nodes);
        for (uint32_t n = 0; n < p->n_nodes; n++)
            if (map[n] != KILN_NO_NODE)
                sum[map[n]] += kiln_profile_self(p, ty, n);
        for (uint32_t n = 0; n < d->n_nodes; n++)
            if (!close_to(sum[n], kiln_profile_self(d, ty, n)))
                g_error("%s, %s: node %u holds %g, its sources %g", file, spec, n,
                        kiln_profile_self(d, ty, n), sum[n]);
        if (lossless(spec))
            g_assert_true(close_to(kiln_profile_total(d, ty, KILN_ROOT_NODE),
                                   kiln_profile_total(p, ty, KILN_ROOT_NODE)));
        g_free(sum);
    }
    if (p->n_samples && lossless(spec) && d != p)
        g_assert_cmpuint(d->n_samples, <=, p->n_samples);
    g_free(map);
}

static void test_corpus(void)
{
    g_autofree char *manifest = kiln_test_corpus_path("MANIFEST.tsv");
    if (!manifest)
        return;
    gsize len;
    g_autofree char *text = kiln_test_read(manifest, &len);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    guint n_files = 0;
    for (char **l = lines + 1; *l && **l; l++) {
        g_auto(GStrv) cols = g_strsplit(*l, "\t", 4);
        if (g_strv_length(cols) < 3 || strstr(cols[1], "expected") ||
            !(g_str_has_prefix(cols[1], "pprof") || g_str_has_prefix(cols[1], "folded") ||
              g_str_has_prefix(cols[1], "perf")) ||
            g_ascii_strtoull(cols[2], NULL, 10) > (8u << 20))
            continue;
        g_autofree char *path = g_build_filename(kiln_test_corpus(), cols[0], NULL);
        KilnLoadOptions o;
        kiln_load_options_init(&o);
        o.no_symbols = TRUE;
        o.granularity = KILN_GRANULARITY_ADDRESSES;
        g_autoptr(KilnProfile) p = kiln_load_file(path, &o, NULL, NULL, NULL, NULL);
        if (!p)
            continue; /* files the importers reject have tests of their own */
        for (guint s = 0; s < G_N_ELEMENTS(steps); s++)
            check(p, cols[0], steps[s]);
        if (p->n_samples && p->sample_time && p->time_end > p->time_start) {
            g_autofree char *range =
                g_strdup_printf("time=%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, p->time_start,
                                p->time_start + (p->time_end - p->time_start) / 2);
            check(p, cols[0], range);
        }
        g_autoptr(KilnTransform) self = kiln_transform_new_merge(&p, 1);
        g_autoptr(KilnProfile) m = kiln_transform_apply(self, p, NULL, NULL, NULL);
        for (uint32_t ty = 0; ty < p->n_types; ty++)
            g_assert_true(close_to(kiln_profile_total(m, ty, KILN_ROOT_NODE),
                                   2 * kiln_profile_total(p, ty, KILN_ROOT_NODE)));
        n_files++;
    }
    g_test_message("%u corpus profiles derived", n_files);
    g_assert_cmpuint(n_files, >, 100);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/derive-corpus/every-step", test_corpus);
    return g_test_run();
}
