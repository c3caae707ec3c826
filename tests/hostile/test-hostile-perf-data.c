/* test-hostile-perf-data.c — perf.data files crafted byte by byte.
 *
 * A small valid file (one software event, a COMM record and two samples
 * with call chains) is built here from the layouts in
 * include/uapi/linux/perf_event.h and tools/perf/util/header.h, then broken
 * one field at a time: zero-size and undersized records, a zero or huge
 * attr_size, sections past the end of the file, call chains claiming
 * billions of frames, pipe-mode attribute records of size zero. Each must
 * end in a clean KILN_FORMAT_ERROR or a profile (with a warning when something
 * was skipped) that passes the fuzzers' checks, in well under a second.
 */
#include "kiln-test-util.h"
#include "kiln-fuzz-check.h"

#include <zstd.h>

#define HEADER_SIZE 104u
#define ATTR_SIZE   112u /* PERF_ATTR_SIZE_VER5 */
#define ATTR_ENTRY  (ATTR_SIZE + 16u) /* the attr, then its ids section */

#define SAMPLE_TYPE (1u << 0 | 1u << 1 | 1u << 2 | 1u << 5 | 1u << 8) /* IP TID TIME CALLCHAIN PERIOD */

static void put_u16(GByteArray *b, guint16 v)
{
    v = GUINT16_TO_LE(v);
    g_byte_array_append(b, (const guint8 *)&v, 2);
}

static void put_u32(GByteArray *b, guint32 v)
{
    v = GUINT32_TO_LE(v);
    g_byte_array_append(b, (const guint8 *)&v, 4);
}

static void put_u64(GByteArray *b, guint64 v)
{
    v = GUINT64_TO_LE(v);
    g_byte_array_append(b, (const guint8 *)&v, 8);
}

static void set_u64(GByteArray *b, gsize at, guint64 v)
{
    v = GUINT64_TO_LE(v);
    memcpy(b->data + at, &v, 8);
}

static void set_u16(GByteArray *b, gsize at, guint16 v)
{
    v = GUINT16_TO_LE(v);
    memcpy(b->data + at, &v, 2);
}

/* perf_event_attr, PERF_ATTR_SIZE_VER5 bytes. */
static void put_attr(GByteArray *b, guint32 type, guint32 size, guint64 sample_type)
{
    gsize start = b->len;
    put_u32(b, type);        /* PERF_TYPE_SOFTWARE = 1 */
    put_u32(b, size);
    put_u64(b, 0);           /* config: cpu-clock */
    put_u64(b, 4000);        /* sample_freq */
    put_u64(b, sample_type);
    put_u64(b, 0);           /* read_format */
    put_u64(b, 1u << 10);    /* flags: freq */
    while (b->len < start + ATTR_SIZE)
        g_byte_array_append(b, (const guint8 *)"\0", 1);
}

/* PERF_RECORD_COMM: pid, tid, "prog" padded to 8 bytes. */
static void put_comm(GByteArray *b)
{
    put_u32(b, 3);
    put_u16(b, 0);
    put_u16(b, 8 + 8 + 8);
    put_u32(b, 42);
    put_u32(b, 42);
    g_byte_array_append(b, (const guint8 *)"prog\0\0\0\0", 8);
}

/* PERF_RECORD_SAMPLE with IP TID TIME PERIOD CALLCHAIN. Returns its offset. */
static gsize put_sample(GByteArray *b, guint64 time, guint64 nr_claimed, guint n_ips)
{
    gsize at = b->len;
    put_u32(b, 9);
    put_u16(b, 2); /* PERF_RECORD_MISC_USER */
    put_u16(b, (guint16)(8 + 8 + 8 + 8 + 8 + 8 * n_ips + 8));
    put_u64(b, 0x401000);
    put_u32(b, 42);
    put_u32(b, 42);
    put_u64(b, time);
    put_u64(b, 250000); /* period: before the chain, as in the kernel's layout */
    put_u64(b, nr_claimed);
    put_u64(b, G_GUINT64_CONSTANT(0xfffffffffffffe00)); /* PERF_CONTEXT_USER */
    for (guint i = 1; i < n_ips; i++)
        put_u64(b, 0x401000 + 0x100 * i);
    return at;
}

typedef struct {
    GByteArray *b;
    gsize attrs_at;   /* offset of the header's attrs section */
    gsize data_at;    /* offset of the header's data section */
    gsize data_start; /* where the records begin */
    gsize sample_at;  /* the first sample record */
} PerfFile;

/* A complete, valid file-mode perf.data. */
static PerfFile build(void)
{
    PerfFile f = {g_byte_array_new(), 24, 40, 0, 0};
    GByteArray *b = f.b;
    g_byte_array_append(b, (const guint8 *)"PERFILE2", 8);
    put_u64(b, HEADER_SIZE);
    put_u64(b, ATTR_ENTRY);
    put_u64(b, HEADER_SIZE); /* attrs.offset */
    put_u64(b, ATTR_ENTRY);  /* attrs.size */
    put_u64(b, 0);           /* data.offset, set below */
    put_u64(b, 0);           /* data.size */
    put_u64(b, 0);           /* event_types */
    put_u64(b, 0);
    for (int i = 0; i < 4; i++)
        put_u64(b, 0); /* no feature sections */
    g_assert_cmpuint(b->len, ==, HEADER_SIZE);
    put_attr(b, 1, ATTR_SIZE, SAMPLE_TYPE);
    put_u64(b, 0); /* ids section: none */
    put_u64(b, 0);
    f.data_start = b->len;
    put_comm(b);
    f.sample_at = put_sample(b, 1000000, 3, 3);
    put_sample(b, 2000000, 2, 2);
    set_u64(b, f.data_at, f.data_start);
    set_u64(b, f.data_at + 8, b->len - f.data_start);
    return f;
}

/* Loads forced as perf.data and also sniffed; both must be clean. Returns
 * the sniffed profile or NULL (with the error kept in *error_out). */
static KilnProfile *load_both(const GByteArray *b, GError **error_out)
{
    const KilnImporter *imp = kiln_importer_find("perf-data");
    g_assert_nonnull(imp);
    KilnProfile *p = NULL;
    for (int pass = 0; pass < 2; pass++) {
        GError *err = NULL;
        gint64 t0 = g_get_monotonic_time();
        KilnProfile *q = pass ? kiln_load_bytes(b->data, b->len, "crafted", NULL, NULL, NULL, NULL,
                                                &err)
                              : kiln_load_bytes_as(imp, b->data, b->len, "crafted", NULL, NULL,
                                                   NULL, NULL, &err);
        g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * KILN_FUZZ_SLOWDOWN * G_USEC_PER_SEC);
        if (q) {
            g_assert_no_error(err);
            kiln_fuzz_check_profile(q);
            for (guint w = 0; pass && q->warnings && w < q->warnings->len; w++)
                g_test_message("  warning: %s", (const char *)q->warnings->pdata[w]);
        } else {
            kiln_fuzz_check_error(err);
        }
        if (pass) {
            p = q;
            if (error_out)
                *error_out = err;
            else
                g_clear_error(&err);
        } else {
            g_clear_pointer(&q, kiln_profile_unref);
            g_clear_error(&err);
        }
    }
    return p;
}

/* A damaged file: an error, or a profile that says something was wrong. */
static void expect_clean(const GByteArray *b, const char *what)
{
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_both(b, &err);
    if (p) {
        g_test_message("%s: loaded, %u samples, %u warnings", what, (guint)p->samples_seen,
                       p->warnings ? p->warnings->len : 0);
        g_assert_cmpuint(p->warnings ? p->warnings->len : 0, >, 0);
    } else {
        g_test_message("%s: %s", what, err->message);
        g_clear_error(&err);
    }
}

static void test_valid(void)
{
    PerfFile f = build();
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_both(f.b, &err);
    g_assert_no_error(err);
    g_assert_nonnull(p);
    g_assert_cmpstr(p->format, ==, "perf-data");
    g_assert_cmpuint(p->samples_seen, ==, 2);
    g_byte_array_unref(f.b);
}

static void test_zero_size_record(void)
{
    PerfFile f = build();
    set_u16(f.b, f.sample_at + 6, 0);
    expect_clean(f.b, "zero-size sample record");
    /* The very first record, too: nothing readable at all. */
    set_u16(f.b, f.data_start + 6, 0);
    expect_clean(f.b, "zero-size first record");
    g_byte_array_unref(f.b);
}

static void test_undersized_records(void)
{
    for (guint16 size = 1; size < 48; size += 7) {
        PerfFile f = build();
        set_u16(f.b, f.sample_at + 6, size);
        g_autofree char *what = g_strdup_printf("sample record of size %u", size);
        expect_clean(f.b, what);
        g_byte_array_unref(f.b);
    }
}

static void test_attr_size(void)
{
    const guint64 sizes[] = {0, 1, 8, ATTR_ENTRY - 1, 0xffffffffu, G_MAXUINT64};
    for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
        PerfFile f = build();
        set_u64(f.b, 16, sizes[i]);
        g_autofree char *what = g_strdup_printf("attr_size %" G_GUINT64_FORMAT, sizes[i]);
        /* One byte short still holds the whole perf_event_attr the samples
         * need: loading it silently is fine too. */
        if (sizes[i] == ATTR_ENTRY - 1) {
            g_autoptr(KilnProfile) p = load_both(f.b, NULL);
            g_test_message("%s: %s", what, p ? "loaded" : "refused");
        } else {
            expect_clean(f.b, what);
        }
        g_byte_array_unref(f.b);
    }
    /* The attr's own size field (perf_event_attr.size) zero or huge. */
    const guint32 inner[] = {0, 8, 0xffff, 0xffffffffu};
    for (guint i = 0; i < G_N_ELEMENTS(inner); i++) {
        PerfFile f = build();
        guint32 v = GUINT32_TO_LE(inner[i]);
        memcpy(f.b->data + HEADER_SIZE + 4, &v, 4);
        g_autofree char *what = g_strdup_printf("perf_event_attr.size %u", inner[i]);
        /* The size may be ignored (the header's attr_size rules): any clean
         * outcome will do. */
        g_autoptr(KilnProfile) p = load_both(f.b, NULL);
        g_test_message("%s: %s", what, p ? "loaded" : "refused");
        g_byte_array_unref(f.b);
    }
}

static void test_sections_past_end(void)
{
    const struct {
        gsize field;
        guint64 value;
        const char *what;
    } cases[] = {
        {40 + 8, G_GUINT64_CONSTANT(1) << 40, "data size past the end"},
        {40 + 8, G_MAXUINT64, "data size 2^64-1"},
        {40, G_GUINT64_CONSTANT(1) << 40, "data offset past the end"},
        {40, G_MAXUINT64 - 8, "data offset + size overflows"},
        {24 + 8, G_GUINT64_CONSTANT(1) << 40, "attrs size past the end"},
        {24, G_MAXUINT64 - 8, "attrs offset + size overflows"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        PerfFile f = build();
        set_u64(f.b, cases[i].field, cases[i].value);
        expect_clean(f.b, cases[i].what);
        g_byte_array_unref(f.b);
    }
    {
        /* The warning names the size the header claims, not a wrapped
         * offset + size. */
        PerfFile f = build();
        set_u64(f.b, 40 + 8, G_MAXUINT64);
        g_autoptr(KilnProfile) p = load_both(f.b, NULL);
        g_assert_nonnull(p);
        g_assert_nonnull(strstr(p->warnings->pdata[0],
                                "data section holds 18446744073709551615 bytes from byte "));
        g_byte_array_unref(f.b);
    }
    /* The header's own size field is redundant (sections carry offsets):
     * ignoring a wrong one is as clean as refusing it. */
    const guint64 header_sizes[] = {0, 16, G_MAXUINT64};
    for (guint i = 0; i < G_N_ELEMENTS(header_sizes); i++) {
        PerfFile f = build();
        set_u64(f.b, 8, header_sizes[i]);
        g_autoptr(KilnProfile) p = load_both(f.b, NULL);
        g_byte_array_unref(f.b);
    }
}

static void test_features_without_sections(void)
{
    /* Every feature bit set, but the feature section table (which follows
     * the data section) is missing. */
    PerfFile f = build();
    for (int i = 0; i < 4; i++)
        set_u64(f.b, 72 + 8 * i, G_MAXUINT64);
    g_autoptr(KilnProfile) p = load_both(f.b, NULL);
    g_test_message("all feature bits, no table: %s", p ? "loaded" : "refused");
    /* A table of sections pointing everywhere. */
    GByteArray *b = f.b;
    for (int i = 0; i < 256; i++) {
        put_u64(b, (guint64)i * G_GUINT64_CONSTANT(0x0101010101010101));
        put_u64(b, G_MAXUINT64 / (guint64)(i + 1));
    }
    g_autoptr(KilnProfile) q = load_both(f.b, NULL);
    g_test_message("all feature bits, wild table: %s", q ? "loaded" : "refused");
    g_byte_array_unref(f.b);
}

static void test_huge_callchain(void)
{
    const guint64 claims[] = {G_MAXUINT64, G_MAXUINT32, 1u << 20, 4};
    for (guint i = 0; i < G_N_ELEMENTS(claims); i++) {
        PerfFile f = build();
        set_u64(f.b, f.sample_at + 40, claims[i]); /* the chain's nr */
        g_autofree char *what = g_strdup_printf("callchain nr %" G_GUINT64_FORMAT, claims[i]);
        expect_clean(f.b, what);
        g_byte_array_unref(f.b);
    }
}

static void test_deep_callchain(void)
{
    /* A real 100k-frame chain in a 64 KiB-limited record is impossible, so
     * use the largest that fits: (65535 - 56) / 8 frames. */
    PerfFile f = build();
    g_byte_array_set_size(f.b, f.sample_at);
    guint n = (65535 - 56) / 8;
    put_sample(f.b, 3000000, n, n);
    set_u64(f.b, f.data_at + 8, f.b->len - f.data_start);
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_both(f.b, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->samples_seen, ==, 1);
    g_byte_array_unref(f.b);
}

static void test_no_samples_unknown_event(void)
{
    /* An attr of an unknown type and no sample at all: the empty profile
     * must still name its sample types without crashing. */
    PerfFile f = build();
    guint32 type = GUINT32_TO_LE(0x7777);
    memcpy(f.b->data + HEADER_SIZE, &type, 4);
    g_byte_array_set_size(f.b, f.sample_at);
    set_u64(f.b, f.data_at + 8, f.b->len - f.data_start);
    g_autoptr(KilnProfile) p = load_both(f.b, NULL);
    g_test_message("unknown event, no samples: %s", p ? "loaded" : "refused");
    g_byte_array_unref(f.b);
}

static void test_pipe_mode(void)
{
    /* perf record -o -: a 16-byte header, then HEADER_ATTR records. */
    for (int variant = 0; variant < 5; variant++) {
        GByteArray *b = g_byte_array_new();
        g_byte_array_append(b, (const guint8 *)"PERFILE2", 8);
        put_u64(b, 16);
        gsize rec = b->len;
        put_u32(b, 64); /* PERF_RECORD_HEADER_ATTR */
        put_u16(b, 0);
        put_u16(b, 8 + ATTR_SIZE);
        put_attr(b, 1, variant == 1 ? 0 : variant == 2 ? 0xffff : ATTR_SIZE, SAMPLE_TYPE);
        if (variant == 0)
            set_u16(b, rec + 6, 0); /* zero-size attr record */
        if (variant == 3)
            set_u16(b, rec + 6, 4); /* smaller than its header */
        if (variant != 4) { /* 4: an attribute and nothing else */
            put_comm(b);
            put_sample(b, 1000000, 3, 3);
        }
        g_autofree char *what = g_strdup_printf("pipe mode variant %d", variant);
        g_autoptr(KilnProfile) p = load_both(b, NULL);
        g_test_message("%s: %s", what, p ? "loaded" : "refused");
        g_byte_array_unref(b);
    }
}

static void test_every_truncation_of_header(void)
{
    PerfFile f = build();
    for (guint len = 0; len < f.data_start + 40; len++) {
        GByteArray *b = g_byte_array_new();
        g_byte_array_append(b, f.b->data, len);
        g_autoptr(KilnProfile) p = load_both(b, NULL);
        g_byte_array_unref(b);
    }
    g_byte_array_unref(f.b);
}

/* Header strings (hostname, command line) with invalid UTF-8 and control
 * bytes: what reaches the summary page must be valid UTF-8 (checked by
 * kiln_fuzz_check_profile on every property). */
static void test_feature_strings(void)
{
    PerfFile f = build();
    set_u64(f.b, 72, (1u << 3) | (1u << 11)); /* HEADER_HOSTNAME, HEADER_CMDLINE */
    gsize table = f.b->len; /* the feature table follows the data section */
    put_u64(f.b, 0);
    put_u64(f.b, 0);
    put_u64(f.b, 0);
    put_u64(f.b, 0);
    gsize host = f.b->len;
    put_u32(f.b, 8);
    g_byte_array_append(f.b, (const guint8 *)"h\xff\x01st\xc3\0\0", 8);
    set_u64(f.b, table, host);
    set_u64(f.b, table + 8, f.b->len - host);
    gsize cmd = f.b->len;
    put_u32(f.b, 3);
    put_u32(f.b, 8);
    g_byte_array_append(f.b, (const guint8 *)"perf\0\0\0\0", 8);
    put_u32(f.b, 8);
    g_byte_array_append(f.b, (const guint8 *)"\xfe\xfe\x07\x1b[2J", 8);
    put_u32(f.b, 0xfffffff0u); /* the third string claims 4 GiB */
    set_u64(f.b, table + 16, cmd);
    set_u64(f.b, table + 24, f.b->len - cmd);
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_both(f.b, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->samples_seen, ==, 2);
    for (guint i = 0; p->properties && i < p->properties->len; i++) {
        const KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        g_test_message("property %s = %s", prop->key, prop->value);
        /* No raw ESC or BEL for kiln-cli to print to a terminal. */
        g_assert_null(strchr(prop->value, 0x1b));
        g_assert_null(strchr(prop->value, 0x07));
    }
    g_byte_array_unref(f.b);
}

/* perf record -z: PERF_RECORD_COMPRESSED payloads continue one zstd
 * stream. A few KiB of payload that expand to 64 MiB of COMM records must
 * stop at the decompression limit (1 MiB here), not fill the memory. */
static void test_compressed_bomb(void)
{
    GByteArray *plain = g_byte_array_new();
    while (plain->len < (64u << 20))
        put_comm(plain);
    gsize bound = ZSTD_compressBound(plain->len);
    guint8 *z = g_malloc(bound);
    gsize zn = ZSTD_compress(z, bound, plain->data, plain->len, 3);
    g_assert_false(ZSTD_isError(zn));
    g_byte_array_unref(plain);

    PerfFile f = build();
    g_byte_array_set_size(f.b, f.data_start);
    /* Records carry at most 65535 bytes: split the frame across several. */
    for (gsize at = 0; at < zn; at += 60000) {
        gsize n = MIN((gsize)60000, zn - at);
        put_u32(f.b, 81); /* PERF_RECORD_COMPRESSED */
        put_u16(f.b, 0);
        gsize padded = (n + 7) & ~(gsize)7;
        put_u16(f.b, (guint16)(8 + padded));
        g_byte_array_append(f.b, z + at, (guint)n);
        while (f.b->len % 8)
            g_byte_array_append(f.b, (const guint8 *)"\0", 1);
    }
    g_free(z);
    set_u64(f.b, f.data_at + 8, f.b->len - f.data_start);

    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.limits.max_decompressed = 1u << 20;
    GError *err = NULL;
    gint64 t0 = g_get_monotonic_time();
    KilnProfile *p = kiln_load_bytes(f.b->data, f.b->len, "bomb", &o, NULL, NULL, NULL, &err);
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * KILN_FUZZ_SLOWDOWN * G_USEC_PER_SEC);
    if (p) {
        kiln_fuzz_check_profile(p);
        g_test_message("compressed bomb: loaded, %u warnings", p->warnings->len);
        g_assert_cmpuint(p->warnings->len, >, 0);
        kiln_profile_unref(p);
    } else {
        kiln_fuzz_check_error(err);
        g_test_message("compressed bomb: %s", err->message);
        g_error_free(err);
    }
    g_byte_array_unref(f.b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile/perf-data/valid", test_valid);
    g_test_add_func("/hostile/perf-data/zero-size-record", test_zero_size_record);
    g_test_add_func("/hostile/perf-data/undersized-records", test_undersized_records);
    g_test_add_func("/hostile/perf-data/attr-size", test_attr_size);
    g_test_add_func("/hostile/perf-data/sections-past-end", test_sections_past_end);
    g_test_add_func("/hostile/perf-data/features-without-sections",
                    test_features_without_sections);
    g_test_add_func("/hostile/perf-data/huge-callchain", test_huge_callchain);
    g_test_add_func("/hostile/perf-data/deep-callchain", test_deep_callchain);
    g_test_add_func("/hostile/perf-data/no-samples-unknown-event", test_no_samples_unknown_event);
    g_test_add_func("/hostile/perf-data/pipe-mode", test_pipe_mode);
    g_test_add_func("/hostile/perf-data/header-truncations", test_every_truncation_of_header);
    g_test_add_func("/hostile/perf-data/compressed-bomb", test_compressed_bomb);
    g_test_add_func("/hostile/perf-data/feature-strings", test_feature_strings);
    return g_test_run();
}
