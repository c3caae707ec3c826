/* test-perf-data-corpus.c — every perf.data of the shared corpus.
 *
 * 1. Each file opens, with exactly the number of sample records perf's own
 *    dump counts (corpus README §3), or fails with a message that says why.
 * 2. Where the corpus has stackcollapse-perf.pl's output for a file
 *    (X.collapsed-default.txt, X.collapsed-addrs.txt, made from perf 6.1's
 *    perf script without symbols), Kiln's folded export of the perf.data,
 *    with symbol lookup off, is byte-identical to it.
 * 3. Where the corpus has perf script's text of a file, Kiln's folded export
 *    of the perf.data equals Kiln's folded export of that text (the
 *    perf-script importer), with default options and with --all --addrs.
 *
 * A few files differ for reasons that are stackcollapse's or perf's, not
 * the reader's; each is listed with the reason and still checked exactly
 * on what does not depend on it.
 */
#include "kiln-test-util.h"

#include <zlib.h>

typedef struct {
    const char *path;  /* under perf-data/ */
    int64_t records;   /* SAMPLE records, -1 = the file must fail */
    uint64_t kept;     /* samples of the default event (the first sampled) */
    const char *error; /* substring of the error when records < 0 */
} CorpusFile;

static const CorpusFile files[] = {
    {"hotspot/perf.data.PerfFormatLost", 34, 34, NULL},
    {"hotspot/perf.data.broken.gz", -1, 0, "not a profile Kiln can read"},
    {"hotspot/perf.data.true.v1", -1, 0, "version 1 perf.data"},
    {"hotspot/perf.data.true.v2", 1, 1, NULL},
    {"hotspot/perf.data.true.v2.gz", 1, 1, NULL},
    {"linux-perf-data/fibo.compressed2.pipe.data", 547, 547, NULL},
    {"linux-perf-data/sleep.compressed.data", 8, 8, NULL},
    {"linux-perf-data/sleep.compressed.pipe.data", 8, 8, NULL},
    {"linux-perf-data/sleep.compressed2.data", 7, 7, NULL},
    {"linux-perf-data/sleep.compressed2.pipe.data", 7, 7, NULL},
    {"linux-perf-data/sleep.data", 7, 7, NULL},
    {"perf-data-converter/multi-event-single-process.perf.data", 39217, 19789, NULL},
    {"perf-data-converter/single-event-multi-process.perf.data", 19989, 19989, NULL},
    {"perf-data-converter/single-event-single-process.perf.data", 45937, 45937, NULL},
    {"perf-data-converter/with-callchain.perf.data", 48399, 48399, NULL},
    {"perfparser/contentsize.data", 69, 69, NULL},
    {"perfparser/cpp-inlining.perf.data", 539, 539, NULL},
    {"perfparser/fork_static_gcc.perf.data.zstd", 106, 106, NULL},
    {"perfparser/parallel_static_gcc.perf.data.zstd", 242, 233, NULL},
    {"perfparser/probe.data.file", 1, 1, NULL},
    {"perfparser/probe.data.stream", 1, 1, NULL},
    {"perfparser/vector_static_clang.perf.data", 54, 54, NULL},
    {"perfparser/vector_static_gcc.perf.data", 45, 45, NULL},
    {"perfparser/vector_static_gcc.perf.data.zstd", 34, 34, NULL},
    {"perfparser/vector_static_gcc.perf.lbr.data", 29, 29, NULL},
    {"quipper/perf.data.armv7.perf_3.14-3.8", 700, 700, NULL},
    {"quipper/perf.data.branch-4.14", 13, 13, NULL},
    {"quipper/perf.data.callgraph-3.8", 1768, 1768, NULL},
    {"quipper/perf.data.ctx_switch_namespaces-4.14", 2, 2, NULL},
    {"quipper/perf.data.group_desc-4.14", 13, 7, NULL},
    {"quipper/perf.data.hybrid_topology", 7, 7, NULL},
    {"quipper/perf.data.i686-3.4", 703, 155, NULL},
    {"quipper/perf.data.intel_pt-4.14", 15, 15, NULL},
    {"quipper/perf.data.lost_samples-4.4", 191, 97, NULL},
    {"quipper/perf.data.piped.corrupted.zero_size_sample-3.2", -1, 0,
     "damaged at byte 49104 of 60640 (a record (type 9) claims 0 bytes"},
    {"quipper/perf.data.piped.ctx_switch_namespaces-4.14", 7, 7, NULL},
    {"quipper/perf.data.piped.header_features-4.16", 2, 2, NULL},
    {"quipper/perf.data.piped.header_features_aligned-6.12", 9, 9, NULL},
    {"quipper/perf.data.piped.header_feautres_group_desc-6.8", 21, 11, NULL},
    {"quipper/perf.data.piped.lost_samples-4.4", 191, 98, NULL},
    {"quipper/perf.data.piped.no_attr_ids-4.14", 7, 7, NULL},
    {"quipper/perf.data.piped.target-3.4", 1414, 1414, NULL},
    {"quipper/perf.data.piped.target.throttled-3.4", 228, 228, NULL},
    {"quipper/perf.data.proc.map.timeout-3.18", 8, 8, NULL},
    {"quipper/perf.data.raw-3.4", 441, 441, NULL},
    {"quipper/perf.data.remmap-3.2", 198, 198, NULL},
    {"quipper/perf.data.singleprocess-3.4", 77, 12, NULL},
    {"quipper/perf.data.singleprocess-3.8", 13, 13, NULL},
};

/* Known differences, each with its reason (see the header comment). */
typedef struct {
    const char *path;
    const char *why;
    double period_delta; /* expected (other - kiln) total of the period type */
} Quirk;

static const Quirk golden_quirks[] = {
    {"perfparser/parallel_static_gcc.perf.data.zstd",
     "stackcollapse-perf.pl does not filter tracepoint samples (sched:sched_switch) whose "
     "perf script line does not end in the event name, and counts each as 1 in the first "
     "event; Kiln's perf.data reading counts them in their own event's type",
     9},
    {"perfparser/vector_static_gcc.perf.lbr.data",
     "perf reads entries[0] of an empty LBR stack (memory past the record) as a frame; Kiln "
     "does not make up that frame",
     0},
};

static const Quirk script_quirks[] = {
    {"perfparser/parallel_static_gcc.perf.data.zstd", "as above", 9},
    {"perfparser/vector_static_gcc.perf.lbr.data", "as above", 0},
    {"quipper/perf.data.piped.target-3.4",
     "perf script prints a bare address with a trailing space for unknown frames of "
     "comm \"X\", which the text importer reads as comm \"X_\"",
     0},
    {"quipper/perf.data.raw-3.4", "same as piped.target-3.4", 0},
};

static const Quirk *find_quirk(const Quirk *q, gsize n, const char *path)
{
    for (gsize i = 0; i < n; i++)
        if (strcmp(q[i].path, path) == 0)
            return &q[i];
    return NULL;
}

static char *corpus_file(const char *rel)
{
    return g_build_filename(kiln_test_corpus(), "perf-data", rel, NULL);
}

/* Reads a text golden, gunzipping "X.gz" when "X" is not there. */
static char *read_maybe_gz(const char *path, gsize *len)
{
    if (g_file_test(path, G_FILE_TEST_EXISTS))
        return kiln_test_read(path, len);
    g_autofree char *gz = g_strconcat(path, ".gz", NULL);
    if (!g_file_test(gz, G_FILE_TEST_EXISTS))
        return NULL;
    gzFile f = gzopen(gz, "rb");
    g_assert_nonnull(f);
    GString *s = g_string_new(NULL);
    char buf[65536];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0)
        g_string_append_len(s, buf, n);
    gzclose(f);
    *len = s->len;
    return g_string_free(s, FALSE);
}

/* The perf.data with symbol lookup off, as perf script ran for the corpus. */
static KilnProfile *load_data(const char *path, gboolean addrs, gboolean kernel_jit)
{
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.no_symbols = TRUE;
    o.perf_addrs = addrs;
    o.perf_kernel = kernel_jit;
    o.perf_jit = kernel_jit;
    GError *err = NULL;
    KilnProfile *p = kiln_load_file(path, &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    return p;
}

static double period_total(const KilnProfile *p)
{
    return kiln_profile_total(p, p->default_type, KILN_ROOT_NODE);
}

/* Samples with a value in type t (from the per-sample table). */
static uint64_t samples_in(const KilnProfile *p, uint32_t t)
{
    uint64_t n = 0;
    for (uint64_t i = 0; i < p->n_samples; i++)
        n += p->sample_values[i * p->n_types + t] != 0;
    return n;
}

static void test_opens(gconstpointer data)
{
    const CorpusFile *cf = data;
    g_autofree char *path = corpus_file(cf->path);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_test_skip_printf("corpus file %s is missing", path);
        return;
    }
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.no_symbols = TRUE;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, &o, NULL, NULL, NULL, &err);
    if (cf->records < 0) {
        g_assert_null(p);
        g_assert_nonnull(err);
        if (!strstr(err->message, cf->error))
            g_error("%s: expected an error containing “%s”, got “%s”", cf->path, cf->error,
                    err->message);
        g_error_free(err);
        return;
    }
    g_assert_no_error(err);
    g_assert_nonnull(p);
    const char *records = kiln_profile_get_property(p, "Sample records");
    g_assert_nonnull(records);
    g_assert_cmpint(g_ascii_strtoll(records, NULL, 10), ==, cf->records);
    /* Every sample is kept, in "samples" and in its event's type. */
    g_assert_cmpuint(p->samples_seen, ==, (uint64_t)cf->records);
    int samples = kiln_profile_find_type(p, "samples");
    g_assert_cmpint(samples, ==, 0);
    g_assert_cmpfloat(kiln_profile_total(p, (uint32_t)samples, KILN_ROOT_NODE), ==,
                      (double)cf->records);
    g_assert_cmpuint(p->default_type, >, 0);
    g_assert_cmpuint(samples_in(p, p->default_type), ==, cf->kept);
    g_assert_nonnull(kiln_profile_get_property(p, "Events"));
}

static void check_golden(const char *rel, const char *suffix, gboolean addrs)
{
    g_autofree char *path = corpus_file(rel);
    g_autofree char *gpath = g_strconcat(path, suffix, NULL);
    gsize glen = 0;
    g_autofree char *golden = read_maybe_gz(gpath, &glen);
    if (!golden)
        return;
    g_autoptr(KilnProfile) p = load_data(path, addrs, FALSE);
    g_autofree char *ours = kiln_test_folded(p, p->default_type);
    const Quirk *q = find_quirk(golden_quirks, G_N_ELEMENTS(golden_quirks), rel);
    if (!q) {
        g_assert_cmpstr(ours, ==, golden);
        return;
    }
    /* Same totals up to the documented delta, same number of samples. */
    g_autoptr(KilnProfile) gp =
        kiln_load_bytes_as(kiln_importer_find("folded"), (const guint8 *)golden, glen, gpath, NULL,
                           NULL, NULL, NULL, NULL);
    g_assert_nonnull(gp);
    g_test_message("%s: %s", rel, q->why);
    g_assert_cmpfloat(kiln_profile_total(gp, gp->default_type, KILN_ROOT_NODE) - period_total(p),
                      ==, q->period_delta);
}

static void test_goldens(gconstpointer data)
{
    const CorpusFile *cf = data;
    check_golden(cf->path, ".collapsed-default.txt", FALSE);
    check_golden(cf->path, ".collapsed-addrs.txt", TRUE);
}

static void compare_with_script(const char *rel, gboolean all_addrs)
{
    g_autofree char *path = corpus_file(rel);
    g_autofree char *tpath = g_strconcat(path, ".perf-script.txt", NULL);
    gsize tlen = 0;
    g_autofree char *text = read_maybe_gz(tpath, &tlen);
    if (!text)
        return;
    g_autoptr(KilnProfile) p = load_data(path, all_addrs, all_addrs);
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.perf_addrs = o.perf_kernel = o.perf_jit = all_addrs;
    GError *err = NULL;
    g_autoptr(KilnProfile) tp =
        kiln_load_bytes_as(kiln_importer_find("perf-script"), (const guint8 *)text, tlen, tpath, &o,
                           NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *a = kiln_test_folded(p, p->default_type);
    g_autofree char *b = kiln_test_folded(tp, tp->default_type);
    const Quirk *q = find_quirk(script_quirks, G_N_ELEMENTS(script_quirks), rel);
    if (!q) {
        g_assert_cmpstr(a, ==, b);
        return;
    }
    g_test_message("%s: %s", rel, q->why);
    g_assert_cmpfloat(period_total(tp) - period_total(p), ==, q->period_delta);
}

static void test_vs_script(gconstpointer data)
{
    const CorpusFile *cf = data;
    compare_with_script(cf->path, FALSE);
    compare_with_script(cf->path, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *a = g_strdup_printf("/perf-data/corpus/opens/%s", files[i].path);
        g_test_add_data_func(a, &files[i], test_opens);
        if (files[i].records < 0)
            continue;
        g_autofree char *b = g_strdup_printf("/perf-data/corpus/collapsed/%s", files[i].path);
        g_test_add_data_func(b, &files[i], test_goldens);
        g_autofree char *c = g_strdup_printf("/perf-data/corpus/vs-perf-script/%s", files[i].path);
        g_test_add_data_func(c, &files[i], test_vs_script);
    }
    return g_test_run();
}
