/* test-perf-data-cases.c — perf.data edge cases: synthetic files written
 * here (both byte orders, file and pipe mode, attr sizes from 64 to past
 * today's 136, zero-size records), truncation at every point of real
 * files, event selection, and the header properties `kiln-cli info` shows.
 */
#include "kiln-test-util.h"

#include <glib/gstdio.h>

#include "perf/kiln-perf-queue.h"

#define ATTR_SAMPLE_TYPE (1u | 2u | 4u | 256u | 32u) /* IP TID TIME PERIOD CALLCHAIN */
#define SAMPLE_ID_ALL    (UINT64_C(1) << 18)

typedef struct {
    GByteArray *b;
    gboolean be;
} W;

static void put(W *w, uint64_t v, int n)
{
    guint8 buf[8];
    for (int i = 0; i < n; i++)
        buf[w->be ? n - 1 - i : i] = (guint8)(v >> (8 * i));
    g_byte_array_append(w->b, buf, (guint)n);
}

static void put_str(W *w, const char *s, gsize padded)
{
    gsize n = strlen(s);
    g_byte_array_append(w->b, (const guint8 *)s, (guint)n);
    for (gsize i = n; i < padded; i++)
        put(w, 0, 1);
}

/* perf_event_attr of attr_size bytes: cpu-clock, the sample type above,
 * sample_id_all. A big-endian compiler puts bitfields from the top bit of
 * each byte, hence the per-byte bit reversal. */
static void put_attr(W *w, uint32_t attr_size)
{
    put(w, 1, 4);                               /* PERF_TYPE_SOFTWARE */
    put(w, attr_size == 64 ? 0 : attr_size, 4); /* 0 = the original 64 bytes */
    put(w, 0, 8);                               /* cpu-clock */
    put(w, 4000, 8);                            /* sample_period */
    put(w, ATTR_SAMPLE_TYPE, 8);
    put(w, 0, 8); /* read_format */
    uint64_t flags = SAMPLE_ID_ALL;
    for (int i = 0; i < 8; i++) {
        guint8 byte = (guint8)(flags >> (8 * i));
        if (w->be) {
            guint8 r = 0;
            for (int k = 0; k < 8; k++)
                if (byte & (1u << k))
                    r |= (guint8)(1u << (7 - k));
            byte = r;
        }
        g_byte_array_append(w->b, &byte, 1);
    }
    for (uint32_t i = 48; i < attr_size; i++)
        put(w, 0, 1);
}

static void put_header(W *w, uint32_t type, uint16_t size)
{
    put(w, type, 4);
    put(w, 2, 2); /* misc: user */
    put(w, size, 2);
}

/* COMM, MMAP, two samples and a FINISHED_ROUND; trailers carry pid/tid and
 * time (sample_id_all). A zero_size record at the end when asked. */
static void put_records_as(W *w, gboolean zero_size, uint32_t pid, const char *map_name)
{
    put_header(w, 3, 8 + 8 + 16 + 16); /* COMM */
    put(w, pid, 4);
    put(w, pid, 4);
    put_str(w, "synth app", 16);
    put(w, pid, 4);
    put(w, pid, 4);
    put(w, 1000, 8);

    put_header(w, 1, 8 + 32 + 24 + 16); /* MMAP */
    put(w, pid, 4);
    put(w, pid, 4);
    put(w, 0x400000, 8);
    put(w, 0x1000, 8);
    put(w, 0, 8);
    put_str(w, map_name, 24);
    put(w, pid, 4);
    put(w, pid, 4);
    put(w, 1001, 8);

    for (int i = 0; i < 2; i++) {
        put_header(w, 9, 8 + 8 + 8 + 8 + 8 + 8 + 4 * 8); /* SAMPLE */
        put(w, 0x400100, 8);
        put(w, pid, 4);
        put(w, pid, 4);
        put(w, 2000 + (uint64_t)i, 8);
        put(w, 4000, 8);
        put(w, 4, 8); /* callchain: USER marker, leaf, caller, unmapped */
        put(w, UINT64_C(0xfffffffffffffe00), 8);
        put(w, 0x400100, 8);
        put(w, 0x400200, 8);
        put(w, 0x7000000, 8);
    }
    put_header(w, 68, 8); /* FINISHED_ROUND */
    if (zero_size)
        put_header(w, 9, 0);
}

static void put_records(W *w, gboolean zero_size)
{
    put_records_as(w, zero_size, 42, "/nonexistent/synth-bin");
}

static GByteArray *make_pipe(gboolean be, uint32_t attr_size, gboolean zero_size)
{
    W w = {g_byte_array_new(), be};
    put(&w, UINT64_C(0x32454c4946524550), 8); /* "PERFILE2" */
    put(&w, 16, 8);
    put_header(&w, 64, (uint16_t)(8 + attr_size + 8)); /* HEADER_ATTR, one id */
    put_attr(&w, attr_size);
    put(&w, 7, 8);
    put_records(&w, zero_size);
    return w.b;
}

/* JIT code: an anonymous executable mapping, named by perf (and Kiln)
 * after /tmp/perf-PID.map, whose symbols come from that file. */
static void test_jit_map(void)
{
    const uint32_t pid = 2147480123u; /* no real process has it */
    g_autofree char *map = g_strdup_printf("/tmp/perf-%u.map", pid);
    /* perf-map-agent writes inlined frames as "outer->inner". */
    g_assert_true(g_file_set_contents(map,
                                      "400000 180 Lcom/acme/Foo;::bar->Lcom/acme/Baz;::qux->\n"
                                      "400200 100 LazyCompile:*hot_loop app.js:12\n",
                                      -1, NULL));
    W w = {g_byte_array_new(), FALSE};
    put(&w, UINT64_C(0x32454c4946524550), 8);
    put(&w, 16, 8);
    put_header(&w, 64, (uint16_t)(8 + 112 + 8));
    put_attr(&w, 112);
    put(&w, 7, 8);
    put_records_as(&w, FALSE, pid, "//anon");
    for (int jit = 0; jit < 2; jit++) {
        KilnLoadOptions o;
        kiln_load_options_init(&o);
        o.perf_jit = jit;
        GError *err = NULL;
        g_autoptr(KilnProfile) p =
            kiln_load_bytes(w.b->data, w.b->len, "jit", &o, NULL, NULL, NULL, &err);
        g_assert_no_error(err);
        g_autofree char *folded = kiln_test_folded(p, p->default_type);
        g_assert_cmpstr(folded, ==,
                        jit ? "synth_app;[unknown];LazyCompile:*hot_loop app.js:12_[j];"
                              "Lcom/acme/Foo:::bar_[j];Lcom/acme/Baz:::qux_[i] 8000\n"
                            : "synth_app;[unknown];LazyCompile:*hot_loop app.js:12;"
                              "Lcom/acme/Foo:::bar;Lcom/acme/Baz:::qux_[i] 8000\n");
    }
    g_unlink(map);
    g_byte_array_unref(w.b);
}

static GByteArray *make_file(gboolean be, uint32_t attr_size)
{
    W w = {g_byte_array_new(), be};
    uint64_t attrs_off = 104, entry = attr_size + 16;
    uint64_t ids_off = attrs_off + entry, data_off = ids_off + 8;
    put(&w, UINT64_C(0x32454c4946524550), 8);
    put(&w, 104, 8);
    put(&w, entry, 8);
    put(&w, attrs_off, 8);
    put(&w, entry, 8);
    put(&w, data_off, 8);
    gsize data_size_at = w.b->len;
    put(&w, 0, 8); /* data size, patched below */
    put(&w, 0, 8);
    put(&w, 0, 8);
    for (int i = 0; i < 4; i++)
        put(&w, 0, 8); /* no features */
    put_attr(&w, attr_size);
    put(&w, ids_off, 8);
    put(&w, 8, 8);
    put(&w, 7, 8);
    gsize start = w.b->len;
    put_records(&w, FALSE);
    W patch = {g_byte_array_new(), be};
    put(&patch, w.b->len - start, 8);
    memcpy(w.b->data + data_size_at, patch.b->data, 8);
    g_byte_array_unref(patch.b);
    return w.b;
}

static KilnProfile *load(GByteArray *b, GError **error)
{
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.no_symbols = TRUE;
    return kiln_load_bytes(b->data, b->len, "synthetic", &o, NULL, NULL, NULL, error);
}

static const char *expected = "synth_app;[unknown];[synth-bin];[synth-bin] 8000\n";

static void check_synthetic(GByteArray *b)
{
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(b, &err);
    g_assert_no_error(err);
    g_autofree char *folded = kiln_test_folded(p, p->default_type);
    g_assert_cmpstr(folded, ==, expected);
    g_assert_cmpuint(p->samples_seen, ==, 2);
    g_assert_cmpstr(kiln_profile_get_property(p, "Events"), ==, "cpu-clock");
    g_byte_array_unref(b);
}

static void test_synthetic_modes(void)
{
    const uint32_t sizes[] = {64, 72, 96, 112, 120, 128, 136, 200};
    for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
        for (int be = 0; be < 2; be++) {
            g_test_message("attr size %u, %s-endian", sizes[i], be ? "big" : "little");
            check_synthetic(make_pipe(be, sizes[i], FALSE));
            check_synthetic(make_file(be, sizes[i]));
        }
    }
}

/* 100,000 mappings, each new one below the last and overlapping it (as a
 * JIT or a hostile file may write them): loads quickly (no O(n) insert),
 * and a sample lands in the mapping that was made last for its address. */
static void test_many_mmaps(void)
{
    W w = {g_byte_array_new(), FALSE};
    put(&w, UINT64_C(0x32454c4946524550), 8);
    put(&w, 16, 8);
    put_header(&w, 64, (uint16_t)(8 + 112 + 8));
    put_attr(&w, 112);
    put(&w, 7, 8);
    const guint n = 100000;
    for (guint i = 0; i < n; i++) {
        put_header(&w, 1, 8 + 32 + 16 + 16); /* MMAP */
        put(&w, 42, 4);
        put(&w, 42, 4);
        put(&w, 0x7f0000000000 - (uint64_t)i * 0x1000, 8);
        put(&w, 0x1800, 8); /* overlaps half of the previous one */
        put(&w, 0, 8);
        put_str(&w, i % 2 ? "/lib/odd.so" : "/lib/even.so", 16);
        put(&w, 42, 4);
        put(&w, 42, 4);
        put(&w, 1000 + i, 8);
    }
    put_header(&w, 9, 8 + 8 + 8 + 8 + 8 + 8 + 8); /* SAMPLE, one frame */
    put(&w, 0x7f0000000000 - 0x1000 * 500 + 0x10, 8);
    put(&w, 42, 4);
    put(&w, 42, 4);
    put(&w, 10000000, 8);
    put(&w, 1, 8);
    put(&w, 1, 8);
    put(&w, 0x7f0000000000 - 0x1000 * 500 + 0x10, 8);
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(w.b, &err);
    g_assert_no_error(err);
    g_autofree char *folded = kiln_test_folded(p, p->default_type);
    /* 500 and 501 both cover it; 501 (odd) came later. */
    g_assert_cmpstr(folded, ==, ":42;[odd.so] 1\n");
    g_byte_array_unref(w.b);
}

/* A deleted memfd's name holds " (": folded as stackcollapse-perf.pl folds
 * perf script's line for it ("[unknown] (/memfd:x" cut at the '('). */
static void test_split_dso_name(void)
{
    W w = {g_byte_array_new(), FALSE};
    put(&w, UINT64_C(0x32454c4946524550), 8);
    put(&w, 16, 8);
    put_header(&w, 64, (uint16_t)(8 + 112 + 8));
    put_attr(&w, 112);
    put(&w, 7, 8);
    put_records_as(&w, FALSE, 42, "/memfd:x (deleted)");
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(w.b, &err);
    g_assert_no_error(err);
    g_autofree char *folded = kiln_test_folded(p, p->default_type);
    g_assert_cmpstr(folded, ==, "synth_app;[unknown];[unknown] ;[unknown]  8000\n");
    g_byte_array_unref(w.b);
}

/* --pid and --tid root frames, as stackcollapse-perf.pl makes them. */
static void test_root_options(void)
{
    g_autoptr(GByteArray) b = make_pipe(FALSE, 112, FALSE);
    for (int tid = 0; tid < 2; tid++) {
        KilnLoadOptions o;
        kiln_load_options_init(&o);
        o.no_symbols = TRUE;
        o.perf_pid = !tid;
        o.perf_tid = tid;
        GError *err = NULL;
        g_autoptr(KilnProfile) p =
            kiln_load_bytes(b->data, b->len, "roots", &o, NULL, NULL, NULL, &err);
        g_assert_no_error(err);
        g_autofree char *folded = kiln_test_folded(p, p->default_type);
        g_assert_cmpstr(folded, ==,
                        tid ? "synth_app-42/42;[unknown];[synth-bin];[synth-bin] 8000\n"
                            : "synth_app-42;[unknown];[synth-bin];[synth-bin] 8000\n");
    }
}

/* --call-graph dwarf: Kiln does not unwind, but shows the sampled user
 * address under the kernel frames (perf script without the binary shows
 * nothing there). */
static void test_dwarf_callgraph(void)
{
    g_autofree char *path =
        kiln_test_corpus_path("perf-data/perfparser/vector_static_gcc.perf.data");
    if (!path)
        return;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *folded = kiln_test_folded(p, p->default_type);
    g_assert_nonnull(strstr(folded, "\nvector_static_g;[vector_static_gcc_v9.1.0] "));
    gboolean warned = FALSE;
    for (guint i = 0; i < p->warnings->len; i++)
        warned |= strstr(g_ptr_array_index(p->warnings, i), "DWARF call graphs") != NULL;
    g_assert_true(warned);
}

/* A record of size 0 must stop the read (not loop) with a warning. */
static void test_zero_size_record(void)
{
    g_autoptr(GByteArray) b = make_pipe(FALSE, 112, TRUE);
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(b, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->samples_seen, ==, 2);
    gboolean warned = FALSE;
    for (guint i = 0; i < p->warnings->len; i++)
        warned |= strstr(g_ptr_array_index(p->warnings, i), "claims 0 bytes") != NULL;
    g_assert_true(warned);
}

/* Prefixes of real files (every 97th byte): a profile (with a warning
 * when the cut can be seen) or a clear error, never a crash or a hang. */
static void test_truncation(void)
{
    const char *files[] = {"perf-data/perfparser/contentsize.data",
                           "perf-data/quipper/perf.data.remmap-3.2",
                           "perf-data/perfparser/vector_static_gcc.perf.data.zstd"};
    for (gsize f = 0; f < G_N_ELEMENTS(files); f++) {
        g_autofree char *path = kiln_test_corpus_path(files[f]);
        if (!path)
            return;
        gsize len = 0;
        g_autofree char *data = kiln_test_read(path, &len);
        guint ok = 0, failed = 0;
        for (gsize cut = 0; cut < len; cut += 97) {
            KilnLoadOptions o;
            kiln_load_options_init(&o);
            o.no_symbols = TRUE;
            GError *err = NULL;
            KilnProfile *p =
                kiln_load_bytes_as(kiln_importer_find("perf-data"), (const guint8 *)data, cut,
                                   "cut", &o, NULL, NULL, NULL, &err);
            if (p) {
                ok++;
                /* A file-mode header says how long the data is, so any cut
                 * shows; a pipe cut between two records cannot. */
                const char *mode = kiln_profile_get_property(p, "perf.data mode");
                if (mode && strcmp(mode, "file") == 0)
                    g_assert_cmpuint(p->warnings->len, >, 0);
                kiln_profile_unref(p);
            } else {
                failed++;
                g_assert_nonnull(err);
                g_assert_cmpuint(strlen(err->message), >, 10);
                g_error_free(err);
            }
        }
        g_test_message("%s: %u prefixes opened, %u refused", files[f], ok, failed);
        g_assert_cmpuint(ok, >, 0);
    }
}

/* Bug: only the first event of a multi-event recording was shown. Each
 * event is its own sample type now, named without modifiers, with the
 * clocks in nanoseconds; "samples" counts every record. */
static void test_every_event(void)
{
    g_autofree char *path =
        kiln_test_corpus_path("perf-data/perf-data-converter/multi-event-single-process.perf.data");
    if (!path)
        return;
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.no_symbols = TRUE;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->n_types, ==, 3);
    int samples = kiln_profile_find_type(p, "samples");
    int cpu = kiln_profile_find_type(p, "cpu-clock");
    int task = kiln_profile_find_type(p, "task-clock");
    g_assert_cmpint(samples, ==, 0);
    g_assert_cmpint(cpu, >, 0);
    g_assert_cmpint(task, >, 0);
    g_assert_cmpuint(p->default_type, ==, (uint32_t)cpu);
    g_assert_cmpstr(kiln_profile_string(p, p->types[cpu].unit), ==, "nanoseconds");
    g_assert_cmpstr(kiln_profile_string(p, p->types[task].unit), ==, "nanoseconds");
    g_assert_cmpstr(kiln_profile_string(p, p->types[samples].unit), ==, "count");
    g_assert_cmpfloat(kiln_profile_total(p, (uint32_t)samples, KILN_ROOT_NODE), ==, 39217);
    uint64_t n_cpu = 0, n_task = 0;
    for (uint64_t i = 0; i < p->n_samples; i++) {
        n_cpu += p->sample_values[i * p->n_types + (uint32_t)cpu] != 0;
        n_task += p->sample_values[i * p->n_types + (uint32_t)task] != 0;
    }
    g_assert_cmpuint(n_cpu, ==, 19789);
    g_assert_cmpuint(n_task, ==, 39217 - 19789);
    for (guint i = 0; i < p->warnings->len; i++)
        g_assert_null(strstr(g_ptr_array_index(p->warnings, i), "other events"));
}

/* tree_only (kiln-cli export --to folded): the same call tree, totals and
 * time span, without the per-sample table. */
static void test_tree_only(void)
{
    g_autofree char *path =
        kiln_test_corpus_path("perf-data/perf-data-converter/multi-event-single-process.perf.data");
    if (!path)
        return;
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.no_symbols = TRUE;
    GError *err = NULL;
    g_autoptr(KilnProfile) full = kiln_load_file(path, &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    o.tree_only = TRUE;
    g_autoptr(KilnProfile) tree = kiln_load_file(path, &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(tree->n_samples, ==, 0);
    g_assert_cmpuint(full->n_samples, ==, 39217);
    g_assert_cmpuint(tree->samples_seen, ==, full->samples_seen);
    g_assert_cmpuint(tree->time_start, ==, full->time_start);
    g_assert_cmpuint(tree->time_end, ==, full->time_end);
    g_assert_cmpuint(tree->n_types, ==, full->n_types);
    for (uint32_t t = 0; t < full->n_types; t++) {
        g_autofree char *a = kiln_test_folded(full, t);
        g_autofree char *b = kiln_test_folded(tree, t);
        g_assert_cmpstr(a, ==, b);
    }
}

/* `kiln-cli top -t EVENT` picks an event, `-t samples` counts records. */
static void test_top_event(void)
{
    g_autofree char *path =
        kiln_test_corpus_path("perf-data/perf-data-converter/multi-event-single-process.perf.data");
    if (!path)
        return;
    const char *task[] = {"top", "--no-symbols", "-t", "task-clock", "-n", "1", path, NULL};
    g_autofree char *out = NULL;
    g_assert_cmpint(kiln_test_run_cli(task, &out, NULL), ==, 0);
    g_assert_nonnull(strstr(out, "task-clock"));
    const char *samples[] = {"info", "--no-symbols", "-t", "samples", path, NULL};
    g_autofree char *info = NULL;
    g_assert_cmpint(kiln_test_run_cli(samples, &info, NULL), ==, 0);
    g_assert_nonnull(strstr(info, "samples/count  total 39,217"));
}

static void test_properties(void)
{
    g_autofree char *path =
        kiln_test_corpus_path("perf-data/perf-data-converter/with-callchain.perf.data");
    if (!path)
        return;
    const char *args[] = {"info", "--no-symbols", path, NULL};
    g_autofree char *out = NULL;
    g_assert_cmpint(kiln_test_run_cli(args, &out, NULL), ==, 0);
    const char *want[] = {
        "Host:           perf-clean-vm\n",
        "OS release:     3.16.0-4-amd64\n",
        "Command line:   /usr/bin/perf_3.16 record --call-graph fp ./a.out\n",
        "CPUs:           1 online of 1\n",
        "Events:         cpu-clock\n",
        "Build-ids recorded: 3\n",
        "Sample records: 48399\n",
        "Frames resolved: symbol lookup disabled\n",
    };
    for (gsize i = 0; i < G_N_ELEMENTS(want); i++)
        if (!strstr(out, want[i]))
            g_error("kiln-cli info lacks “%s” in:\n%s", want[i], out);
}

static void test_v1_rejected(void)
{
    g_autofree char *path = kiln_test_corpus_path("perf-data/hotspot/perf.data.true.v1");
    if (!path)
        return;
    const char *args[] = {"info", path, NULL};
    g_autofree char *err = NULL;
    g_assert_cmpint(kiln_test_run_cli(args, NULL, &err), ==, 1);
    g_assert_nonnull(strstr(err, "version 1 perf.data"));
}

static gboolean collect(gpointer user, const guint8 *rec, gsize size, uint32_t tag, GError **error)
{
    (void)error;
    g_assert_cmpuint(tag, ==, (guint8)rec[0]);
    g_string_append_len(user, (const char *)rec, (gssize)size);
    return TRUE;
}

/* perf's ordered_events: each round hands on what is older than the
 * previous round's newest record, in time order (ties in arrival order);
 * a full queue hands on its older half. */
static void test_queue(void)
{
    KilnPerfQueue q;
    kiln_perf_queue_init(&q);
    GString *out = g_string_new(NULL);
    kiln_perf_queue_push(&q, 30, (const guint8 *)"c", 1, (uint32_t)'c');
    kiln_perf_queue_push(&q, 10, (const guint8 *)"a", 1, (uint32_t)'a');
    kiln_perf_queue_push(&q, 20, (const guint8 *)"b", 1, (uint32_t)'b');
    g_assert_true(kiln_perf_queue_round(&q, collect, out, NULL));
    g_assert_cmpstr(out->str, ==, ""); /* the first round only sets the mark */
    kiln_perf_queue_push(&q, 25, (const guint8 *)"x", 1, (uint32_t)'x');
    kiln_perf_queue_push(&q, 40, (const guint8 *)"d", 1, (uint32_t)'d');
    kiln_perf_queue_push(&q, 20, (const guint8 *)"y", 1, (uint32_t)'y');
    g_assert_true(kiln_perf_queue_round(&q, collect, out, NULL));
    g_assert_cmpstr(out->str, ==, "abyxc");
    for (int i = 0; i < 6; i++)
        kiln_perf_queue_push(&q, 100 - (uint64_t)i, (const guint8 *)"0123456789" + i, 1,
                             (guint8)("0123456789" + i)[0]);
    g_assert_true(kiln_perf_queue_bound(&q, 4, collect, out, NULL));
    g_assert_cmpstr(out->str, ==, "abyxcd54"); /* 7 queued: the older 3 */
    g_assert_true(kiln_perf_queue_flush_all(&q, collect, out, NULL));
    g_assert_cmpstr(out->str, ==, "abyxcd543210");
    g_string_free(out, TRUE);
    kiln_perf_queue_clear(&q);
}

typedef struct {
    uint64_t last_time;
    uint32_t last_tag;
    guint n;
} Order;

static gboolean check_order(gpointer user, const guint8 *rec, gsize size, uint32_t tag,
                            GError **error)
{
    (void)error;
    (void)size;
    Order *o = user;
    uint64_t t;
    memcpy(&t, rec, 8);
    /* Time order, and arrival order (the tag) among equal times. */
    g_assert_cmpuint(t, >=, o->last_time);
    if (o->n && t == o->last_time)
        g_assert_cmpuint(tag, >, o->last_tag);
    o->last_time = t;
    o->last_tag = tag;
    o->n++;
    return TRUE;
}

/* Rounds made of interleaved per-CPU runs, ties and leftovers: whatever
 * the queue's sort does, delivery is in (time, arrival) order. */
static void test_queue_runs(void)
{
    KilnPerfQueue q;
    kiln_perf_queue_init(&q);
    Order o = {0};
    GRand *r = g_rand_new_with_seed(7);
    uint32_t tag = 0;
    uint64_t base = 1000;
    for (int round = 0; round < 50; round++) {
        int cpus = g_rand_int_range(r, 1, 6);
        for (int c = 0; c < cpus; c++) {
            uint64_t t = base + (uint64_t)g_rand_int_range(r, 0, 50);
            int n = g_rand_int_range(r, 0, 300);
            for (int i = 0; i < n; i++) {
                t += (uint64_t)g_rand_int_range(r, 0, 3); /* ties too */
                kiln_perf_queue_push(&q, t, (const guint8 *)&t, 8, tag++);
            }
        }
        base += 400;
        g_assert_true(kiln_perf_queue_round(&q, check_order, &o, NULL));
        if (round % 7 == 3)
            g_assert_true(kiln_perf_queue_bound(&q, 64, check_order, &o, NULL));
    }
    g_assert_true(kiln_perf_queue_flush_all(&q, check_order, &o, NULL));
    g_assert_cmpuint(o.n, ==, tag);
    g_rand_free(r);
    kiln_perf_queue_clear(&q);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/perf-data/cases/synthetic-modes", test_synthetic_modes);
    g_test_add_func("/perf-data/cases/zero-size-record", test_zero_size_record);
    g_test_add_func("/perf-data/cases/jit-map", test_jit_map);
    g_test_add_func("/perf-data/cases/queue", test_queue);
    g_test_add_func("/perf-data/cases/queue-runs", test_queue_runs);
    g_test_add_func("/perf-data/cases/root-options", test_root_options);
    g_test_add_func("/perf-data/cases/many-mmaps", test_many_mmaps);
    g_test_add_func("/perf-data/cases/split-dso-name", test_split_dso_name);
    g_test_add_func("/perf-data/cases/dwarf-callgraph", test_dwarf_callgraph);
    g_test_add_func("/perf-data/cases/truncation", test_truncation);
    g_test_add_func("/perf-data/cases/every-event", test_every_event);
    g_test_add_func("/perf-data/cases/top-event", test_top_event);
    g_test_add_func("/perf-data/cases/tree-only", test_tree_only);
    g_test_add_func("/perf-data/cases/properties", test_properties);
    g_test_add_func("/perf-data/cases/v1-rejected", test_v1_rejected);
    return g_test_run();
}
