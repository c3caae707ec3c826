/* test-hostile-folded.c — folded stacks built to hurt, and the builder's
 * bounds (depth, name length, escaping, saturation) they run into.
 *
 * Every input is generated here; each must load with a warning or fail
 * with a clear KILN_FORMAT_ERROR, and the profile must pass the same structural
 * checks the fuzzers apply (fuzz/kiln-fuzz-check.h).
 */
#include "kiln-test-util.h"
#include "kiln-fuzz-check.h"
#include "core/kiln-builder.h"
#include "render/kiln-image-export.h"

#include <float.h>
#include <string.h>

static KilnProfile *load_opts(const GString *text, const KilnLoadOptions *o, GError **error)
{
    return kiln_load_bytes((const guint8 *)text->str, text->len, "hostile", o, NULL, NULL, NULL,
                           error);
}

/* The format forced, as `kiln-cli --format folded` does: sniffing only sees
 * the first 64 KiB, which a million-frame line does not end within. */
static KilnProfile *load_folded(const GString *text, const KilnLoadOptions *o)
{
    GError *err = NULL;
    KilnProfile *p = kiln_load_bytes_as(kiln_importer_find("folded"), (const guint8 *)text->str,
                                        text->len, "hostile", o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_nonnull(p);
    kiln_fuzz_check_profile(p);
    return p;
}

static KilnProfile *load_ok(const GString *text)
{
    GError *err = NULL;
    KilnProfile *p = load_opts(text, NULL, &err);
    g_assert_no_error(err);
    g_assert_nonnull(p);
    g_assert_cmpstr(p->format, ==, "folded");
    kiln_fuzz_check_profile(p);
    return p;
}

static gboolean has_warning(const KilnProfile *p, const char *needle)
{
    for (guint i = 0; p->warnings && i < p->warnings->len; i++)
        if (strstr(p->warnings->pdata[i], needle))
            return TRUE;
    return FALSE;
}

/* "f0;f1;...;f(n-1) 1\n": one stack n frames deep. */
static GString *deep_stack(guint n)
{
    GString *s = g_string_sized_new((gsize)n * 8 + 16);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "%sf%u", i ? ";" : "", i);
    g_string_append(s, " 1\n");
    return s;
}

/* The leaf of the single-stack profile: the deepest node. */
static uint32_t deepest(const KilnProfile *p)
{
    uint32_t best = 0;
    for (uint32_t i = 0; i < p->n_nodes; i++)
        if (p->nodes[i].depth > p->nodes[best].depth)
            best = i;
    return best;
}

static void test_million_frames_truncated(void)
{
    g_autoptr(GString) s = deep_stack(1000000);
    g_autoptr(KilnProfile) p = load_folded(s, NULL);
    /* Default limit 4096: 4095 real frames, then one [truncated] frame. */
    g_assert_cmpuint(p->n_nodes, ==, 1 + KILN_DEFAULT_MAX_DEPTH);
    uint32_t leaf = deepest(p);
    g_assert_cmpuint(p->nodes[leaf].depth, ==, KILN_DEFAULT_MAX_DEPTH);
    g_assert_cmpstr(kiln_profile_node_name(p, leaf), ==, "[truncated]");
    g_assert_cmpuint(kiln_profile_node_frame(p, leaf)->kind, ==, KILN_FRAME_TRUNCATED);
    g_assert_cmpstr(kiln_profile_node_name(p, p->nodes[leaf].parent), ==, "f4094");
    g_assert_cmpfloat(kiln_profile_self(p, 0, leaf), ==, 1);
    g_assert_cmpfloat(kiln_profile_total(p, 0, KILN_ROOT_NODE), ==, 1);
    g_assert_true(has_warning(p, "deeper than 4096 frames"));
    /* Names below the cut are never interned: the frame table holds the
     * root, 4095 real frames and [truncated], not a million names. */
    g_assert_cmpuint(p->n_frames, ==, 1 + KILN_DEFAULT_MAX_DEPTH);
}

/* Sniffing sees only the first 64 KiB, which a million-frame line does not
 * end within; it used to call such a file "not a profile". */
static void test_million_frames_sniffed(void)
{
    g_autoptr(GString) s = deep_stack(1000000);
    g_autoptr(KilnProfile) p = load_ok(s);
    g_assert_cmpuint(p->n_nodes, ==, 1 + KILN_DEFAULT_MAX_DEPTH);
    /* A long line that is not a stack at all is still refused. */
    GString *t = g_string_new(NULL);
    for (int i = 0; i < 100000; i++)
        g_string_append(t, "no separators here ");
    GError *err = NULL;
    KilnProfile *q = load_opts(t, NULL, &err);
    g_string_free(t, TRUE);
    g_assert_null(q);
    g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT);
    g_error_free(err);
}

static void test_truncation_merges_tails(void)
{
    /* Two stacks that differ only below the limit share one [truncated]
     * leaf, which holds both counts. */
    GString *s = g_string_new("a;b;c;d;e 2\na;b;c;x;y 3\na;b 1\n");
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.limits.max_depth = 3;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_opts(s, &o, &err);
    g_string_free(s, TRUE);
    g_assert_no_error(err);
    kiln_fuzz_check_profile(p);
    g_autofree char *folded = kiln_test_folded(p, 0);
    g_assert_cmpstr(folded, ==, "a;b 1\na;b;[truncated] 5\n");
    g_assert_true(has_warning(p, "deeper than 3 frames"));
}

/* With the depth limit lifted, a million-frame stack is a million-node
 * chain: building, finishing and exporting it must all be iterative. */
static void test_million_frames_untruncated(void)
{
    const guint n = 1000000;
    g_autoptr(GString) s = deep_stack(n);
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.limits.max_depth = 2 * n;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_folded(s, &o);
    g_assert_cmpuint(p->n_nodes, ==, n + 1);
    g_assert_cmpuint(p->nodes[n].depth, ==, n);
    g_assert_cmpstr(kiln_profile_node_name(p, n), ==, "f999999");

    /* Folded export gives back exactly the input. */
    g_autofree char *folded = kiln_test_folded(p, 0);
    g_assert_cmpuint(strlen(folded), ==, s->len);
    g_assert_true(memcmp(folded, s->str, s->len) == 0);

    /* SVG export: a fixed height, so only the visible rows are drawn. */
    KilnImageOptions io;
    kiln_image_options_init(&io);
    io.format = KILN_IMAGE_SVG;
    io.width = 800;
    io.height = 600;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gboolean ok = kiln_image_export(p, &io, f, &err);
    fclose(f);
    g_assert_no_error(err);
    g_assert_true(ok);
    g_assert_true(g_str_has_prefix(buf, "<?xml"));
    g_assert_nonnull(strstr(buf, "</svg>"));
    /* 600 - 44 - 22 pixels of graph hold 29 rows of 18: one <title> each,
     * the root kept at the bottom, the deepest written row f27. */
    guint titles = 0;
    for (const char *c = strstr(buf, "<title>"); c; c = strstr(c + 1, "<title>"))
        titles++;
    g_assert_cmpuint(titles, ==, 29);
    g_assert_nonnull(strstr(buf, "<title>all (1 samples, 100.00%)</title>"));
    g_assert_nonnull(strstr(buf, "<title>f27 (1 samples, 100.00%)</title>"));
    g_assert_null(strstr(buf, "<title>f28 "));
    free(buf);
}

static void test_megabyte_name_elided(void)
{
    GString *s = g_string_new("main;");
    for (int i = 0; i < (1 << 20); i++)
        g_string_append_c(s, "abcdefghij"[i % 10]);
    g_string_append(s, ";leaf 7\n");
    g_autoptr(KilnProfile) p = load_folded(s, NULL);
    g_string_free(s, TRUE);
    g_assert_cmpuint(p->n_nodes, ==, 4);
    const char *name = kiln_profile_node_name(p, 2);
    /* max_name_len bytes: 1021 kept + "…" (3 bytes). */
    g_assert_cmpuint(strlen(name), ==, KILN_DEFAULT_MAX_NAME_LEN);
    g_assert_true(g_str_has_prefix(name, "abcdefghijabc"));
    g_assert_true(g_str_has_suffix(name, "…"));
    g_assert_cmpstr(kiln_profile_node_name(p, 3), ==, "leaf");
    g_assert_true(has_warning(p, "longer than 1024 bytes"));
}

static void test_nul_and_invalid_utf8_escaped(void)
{
    static const char text[] = "x;a\0b 1\nx;\xff\xfe\xc3 2\nx;caf\xc3\xa9 3\nx;tab\there;bell\x07 4\n";
    GString *s = g_string_new_len(text, sizeof text - 1);
    g_autoptr(KilnProfile) p = load_ok(s);
    g_string_free(s, TRUE);
    g_autofree char *folded = kiln_test_folded(p, 0);
    g_assert_cmpstr(folded, ==,
                    "x;\\xff\\xfe\\xc3 2\n" /* '\\' sorts before letters */
                    "x;a\\x00b 1\n"
                    "x;caf\xc3\xa9 3\n"
                    "x;tab\\x09here;bell\\x07 4\n");
}

static void test_counts_overflow_and_negative(void)
{
    GString *s = g_string_new(NULL);
    g_string_append(s, "a;b 18446744073709551615\n"); /* 2^64 - 1: fits a double */
    g_string_append(s, "a;c ");
    for (int i = 0; i < 400; i++)
        g_string_append_c(s, '9'); /* 10^400: past a double, let alone 2^64 */
    g_string_append(s, "\na;d -5\na;e 3\n");
    g_autoptr(KilnProfile) p = load_ok(s);
    g_string_free(s, TRUE);
    /* root, a, a;b, a;c, a;e: "a;d -5" is not a stack. */
    g_assert_cmpuint(p->n_nodes, ==, 5);
    g_assert_cmpstr(kiln_profile_node_name(p, 2), ==, "b");
    g_assert_cmpfloat(kiln_profile_self(p, 0, 2), ==, 18446744073709551616.0);
    g_assert_cmpstr(kiln_profile_node_name(p, 3), ==, "c");
    g_assert_cmpfloat(kiln_profile_self(p, 0, 3), ==, 18446744073709551616.0);
    g_assert_cmpfloat(kiln_profile_self(p, 0, 4), ==, 3);
    g_assert_true(has_warning(p, "exceeded 2^64"));
    g_assert_true(has_warning(p, "Ignored 1 line that is not"));
    g_assert_true(has_warning(p, "line 3"));

    /* The export writes capped counts as digits (it once wrote
     * "1.8446744073709552e+19", which no folded reader, Kiln included,
     * parses), so the file loads back to the same values. */
    g_autofree char *folded = kiln_test_folded(p, 0);
    g_assert_cmpstr(folded, ==,
                    "a;b 18446744073709551616\na;c 18446744073709551616\na;e 3\n");
    GString *again = g_string_new(folded);
    g_autoptr(KilnProfile) q = load_ok(again);
    g_string_free(again, TRUE);
    g_assert_cmpfloat(kiln_profile_total(q, 0, KILN_ROOT_NODE), ==,
                      kiln_profile_total(p, 0, KILN_ROOT_NODE));
}

static void test_only_negative_counts_refused(void)
{
    GString *s = g_string_new("a;b -1\na;c -2\n");
    GError *err = NULL;
    KilnProfile *p = load_opts(s, NULL, &err);
    g_string_free(s, TRUE);
    g_assert_null(p);
    kiln_fuzz_check_error(err);
    g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT);
    g_error_free(err);
}

static void test_garbage_lines(void)
{
    /* 100k garbage lines and nothing else: not a profile. */
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 100000; i++)
        g_string_append_printf(s, "garbage line %d with no count at the end x\n", i);
    GError *err = NULL;
    KilnProfile *p = load_opts(s, NULL, &err);
    g_assert_null(p);
    g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT);
    g_assert_nonnull(strstr(err->message, "not a profile Kiln can read"));
    g_clear_error(&err);

    /* The same garbage after real stacks: loaded, the garbage counted. */
    GString *t = g_string_new(NULL);
    for (int i = 0; i < 64; i++)
        g_string_append_printf(t, "main;f%d 1\n", i);
    g_string_append_len(t, s->str, s->len);
    g_string_free(s, TRUE);
    g_autoptr(KilnProfile) q = load_ok(t);
    g_string_free(t, TRUE);
    g_assert_cmpfloat(kiln_profile_total(q, 0, KILN_ROOT_NODE), ==, 64);
    g_assert_true(has_warning(q, "Ignored 100000 lines that are not folded stacks (the first "
                                 "is line 65)"));
}

/* The builder directly: names of random bytes always come out valid UTF-8
 * without control bytes, within the cap plus the ellipsis. */
static void test_builder_names_always_displayable(void)
{
    KilnLimits lim;
    kiln_limits_init_default(&lim);
    lim.max_name_len = 40;
    g_autoptr(KilnBuilder) b = kiln_builder_new(&lim);
    GRand *r = g_rand_new_with_seed(6);
    for (int i = 0; i < 5000; i++) {
        guint8 bytes[120];
        gsize n = (gsize)g_rand_int_range(r, 0, sizeof bytes);
        for (gsize k = 0; k < n; k++) /* mostly high bytes and controls */
            bytes[k] = (guint8)(g_rand_boolean(r) ? g_rand_int_range(r, 0x80, 0x100)
                                                  : g_rand_int_range(r, 0, 0x80));
        uint32_t id = kiln_builder_intern_name(b, (const char *)bytes, n);
        uint32_t f = kiln_builder_frame(b, id, 0, 0, 0, KILN_FRAME_NORMAL);
        kiln_builder_add_value(b, kiln_builder_child(b, KILN_ROOT_NODE, f), 0, 1);
    }
    g_rand_free(r);
    g_autoptr(KilnProfile) p = kiln_builder_finish(b);
    kiln_fuzz_check_profile(p);
    for (uint32_t f = 0; f < p->n_frames; f++) {
        const char *name = kiln_profile_string(p, p->frames[f].name);
        g_assert_cmpuint(strlen(name), <=, 40);
        for (const char *c = name; *c; c++)
            g_assert_true((unsigned char)*c >= 0x20 && *c != 0x7f);
    }
}

static void test_builder_values_saturate(void)
{
    g_autoptr(KilnBuilder) b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "bytes", "bytes");
    uint32_t fa = kiln_builder_frame_named(b, "a", 1, KILN_FRAME_NORMAL);
    uint32_t fb = kiln_builder_frame_named(b, "b", 1, KILN_FRAME_NORMAL);
    uint32_t na = kiln_builder_child(b, KILN_ROOT_NODE, fa);
    uint32_t nb = kiln_builder_child(b, KILN_ROOT_NODE, fb);
    double big = DBL_MAX / 2 * 1.5;
    kiln_builder_add_value(b, na, 0, big);
    kiln_builder_add_value(b, na, 0, big); /* overflows: saturates */
    kiln_builder_add_value(b, nb, 0, big);
    kiln_builder_add_value(b, nb, 0, NAN); /* ignored */
    g_assert_cmpuint(kiln_builder_n_warnings(b), ==, 1);
    g_autoptr(KilnProfile) p = kiln_builder_finish(b);
    g_assert_cmpfloat(kiln_profile_self(p, 0, 1), ==, DBL_MAX);
    g_assert_cmpfloat(kiln_profile_self(p, 0, 2), ==, big);
    g_assert_true(has_warning(p, "overflowed"));
    /* The root's total sums two huge children: it saturates too (it was
     * infinity before kiln_builder_finish() learnt to saturate). */
    g_assert_cmpfloat(kiln_profile_total(p, 0, KILN_ROOT_NODE), ==, DBL_MAX);
    g_assert_cmpuint(p->warnings->len, ==, 1);
    kiln_fuzz_check_profile(p);
}

/* Properties and warnings quote the file; they reach GTK and kiln-cli's
 * terminal, so invalid UTF-8 and control bytes (ESC sequences) are escaped;
 * newlines and tabs stay. */
static void test_builder_text_escaped(void)
{
    g_autoptr(KilnBuilder) b = kiln_builder_new(NULL);
    kiln_builder_set_property(b, "Host", "h\xff\x01st\x1b[2J");
    kiln_builder_set_property(b, "Comment", "line one\nline\ttwo \xc3\xa9");
    kiln_builder_warn(b, "Line \"%s\" was skipped", "\t\xa0 bad\x07");
    g_autoptr(KilnProfile) p = kiln_builder_finish(b);
    kiln_fuzz_check_profile(p);
    g_assert_cmpstr(kiln_profile_get_property(p, "Host"), ==, "h\\xff\\x01st\\x1b[2J");
    g_assert_cmpstr(kiln_profile_get_property(p, "Comment"), ==,
                    "line one\nline\ttwo \xc3\xa9");
    g_assert_cmpstr(p->warnings->pdata[0], ==, "Line \"\t\\xa0 bad\\x07\" was skipped");
}

/* KilnLoadOptions documents "Zeroed = defaults": a zeroed struct must not
 * mean a depth limit of 2 or a 0-byte decompression limit. */
static void test_zeroed_options_are_defaults(void)
{
    KilnLoadOptions o;
    memset(&o, 0, sizeof o);
    g_autoptr(GString) s = deep_stack(10);
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_opts(s, &o, &err);
    g_assert_no_error(err);
    /* Once this folded everything below depth 2 into [truncated]. */
    g_assert_cmpuint(p->n_nodes, ==, 11);
    g_assert_false(has_warning(p, "deeper"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile/folded/million-frames-truncated", test_million_frames_truncated);
    g_test_add_func("/hostile/folded/million-frames-sniffed", test_million_frames_sniffed);
    g_test_add_func("/hostile/folded/truncation-merges-tails", test_truncation_merges_tails);
    g_test_add_func("/hostile/folded/million-frames-untruncated",
                    test_million_frames_untruncated);
    g_test_add_func("/hostile/folded/megabyte-name", test_megabyte_name_elided);
    g_test_add_func("/hostile/folded/nul-invalid-utf8", test_nul_and_invalid_utf8_escaped);
    g_test_add_func("/hostile/folded/counts-overflow-negative", test_counts_overflow_and_negative);
    g_test_add_func("/hostile/folded/only-negative-counts", test_only_negative_counts_refused);
    g_test_add_func("/hostile/folded/garbage-lines", test_garbage_lines);
    g_test_add_func("/hostile/builder/names-displayable", test_builder_names_always_displayable);
    g_test_add_func("/hostile/builder/values-saturate", test_builder_values_saturate);
    g_test_add_func("/hostile/builder/text-escaped", test_builder_text_escaped);
    g_test_add_func("/hostile/options/zeroed-are-defaults", test_zeroed_options_are_defaults);
    return g_test_run();
}
