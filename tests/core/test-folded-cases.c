/* test-folded-cases.c — each odd case of the folded format, with exact
 * expected values. */
#include "kiln-test-util.h"

#include <string.h>

static KilnProfile *load(const char *text, gsize len)
{
    GError *err = NULL;
    KilnProfile *p = kiln_test_load_bytes(text, len, &err);
    g_assert_no_error(err);
    g_assert_nonnull(p);
    g_assert_cmpstr(p->format, ==, "folded");
    return p;
}

static void check_export(const char *text, const char *want)
{
    g_autoptr(KilnProfile) p = load(text, strlen(text));
    g_autofree char *got = kiln_test_folded(p, p->default_type);
    g_assert_cmpstr(got, ==, want);
}

static void test_merge_and_sort(void)
{
    /* Identical stacks merged; bytewise order puts "a b" (space) before
     * "a;" and a node's own line before its children's. */
    check_export("a;b 1\na b;c 2\na;b;c 3\na;b 4\na 5\nB 6\n",
                 "B 6\na 5\na b;c 2\na;b 5\na;b;c 3\n");
}

static void test_spaces_in_names(void)
{
    g_autoptr(KilnProfile) p = load("main;do work;memcpy @ GLIBC x86 7\n", strlen("main;do work;memcpy @ GLIBC x86 7\n"));
    g_assert_cmpuint(p->n_nodes, ==, 4);
    g_assert_cmpstr(kiln_profile_node_name(p, 2), ==, "do work");
    g_assert_cmpstr(kiln_profile_node_name(p, 3), ==, "memcpy @ GLIBC x86");
    g_assert_cmpfloat(kiln_profile_total(p, 0, 0), ==, 7);
}

static void test_decimal_counts_kept(void)
{
    g_autoptr(KilnProfile) p = load("a;b 31.23\na;b 6.1\na;c 274.0\n", strlen("a;b 31.23\na;b 6.1\na;c 274.0\n"));
    g_assert_cmpfloat_with_epsilon(kiln_profile_total(p, 0, 0), 311.33, 1e-9);
    g_autofree char *got = kiln_test_folded(p, 0);
    g_assert_cmpstr(got, ==, "a;b 37.33\na;c 274\n");
}

static void test_crlf_and_bom(void)
{
    check_export("\xef\xbb\xbf" "a;b 2\r\na;c 3\r\n", "a;b 2\na;c 3\n");
}

static void test_utf16(void)
{
    const char *plain = "x;\xc3\xa9t\xc3\xa9 4\nx;y 1\n"; /* "été" */
    for (int be = 0; be < 2; be++) {
        gsize ulen = 0;
        g_autofree char *u16 = g_convert(plain, -1, be ? "UTF-16BE" : "UTF-16LE", "UTF-8", NULL,
                                         &ulen, NULL);
        g_assert_nonnull(u16);
        GByteArray *buf = g_byte_array_new();
        const guint8 bom_le[] = {0xff, 0xfe}, bom_be[] = {0xfe, 0xff};
        g_byte_array_append(buf, be ? bom_be : bom_le, 2);
        g_byte_array_append(buf, (guint8 *)u16, (guint)ulen);
        g_autoptr(KilnProfile) p = load((const char *)buf->data, buf->len);
        g_autofree char *got = kiln_test_folded(p, 0);
        g_assert_cmpstr(got, ==, "x;y 1\nx;\xc3\xa9t\xc3\xa9 4\n");
        g_byte_array_unref(buf);
    }
}

static void test_differential(void)
{
    const char *text = "a;b 10 12\na;c 5 0\na;d 0 7\n";
    g_autoptr(KilnProfile) p = load(text, strlen(text));
    g_assert_cmpuint(p->n_types, ==, 2);
    g_assert_cmpstr(kiln_profile_string(p, p->types[0].name), ==, "before");
    g_assert_cmpstr(kiln_profile_string(p, p->types[1].name), ==, "after");
    g_assert_cmpuint(p->default_type, ==, 1);
    g_assert_cmpfloat(kiln_profile_total(p, 0, 0), ==, 15);
    g_assert_cmpfloat(kiln_profile_total(p, 1, 0), ==, 19);
    g_autofree char *before = kiln_test_folded(p, 0);
    g_autofree char *after = kiln_test_folded(p, 1);
    g_assert_cmpstr(before, ==, "a;b 10\na;c 5\n");
    g_assert_cmpstr(after, ==, "a;b 12\na;d 7\n");
}

static void test_bad_lines_warning(void)
{
    const char *text = "a;b 1\n\nTHIS IS BAD\na;c 2\nalso bad 12V.4\n# comment\n";
    g_autoptr(KilnProfile) p = load(text, strlen(text));
    g_assert_cmpuint(p->warnings->len, ==, 1);
    g_assert_cmpstr(p->warnings->pdata[0], ==,
                    "Ignored 2 lines that are not folded stacks (the first is line 3)");
    g_assert_cmpfloat(kiln_profile_total(p, 0, 0), ==, 3);
}

static void test_kind_suffixes(void)
{
    const char *text = "java;Foo::bar_[j];inlined_[i];sys_read_[k];wake_[w] 3\n";
    g_autoptr(KilnProfile) p = load(text, strlen(text));
    const KilnFrameKind want[] = {KILN_FRAME_NORMAL, KILN_FRAME_JIT, KILN_FRAME_INLINED,
                                  KILN_FRAME_KERNEL, KILN_FRAME_WAKER};
    const char *names[] = {"java", "Foo::bar", "inlined", "sys_read", "wake"};
    g_assert_cmpuint(p->n_nodes, ==, 6);
    for (uint32_t i = 1; i < 6; i++) {
        g_assert_cmpstr(kiln_profile_node_name(p, i), ==, names[i - 1]);
        g_assert_cmpuint(kiln_profile_node_frame(p, i)->kind, ==, want[i - 1]);
    }
    g_autofree char *got = kiln_test_folded(p, 0);
    g_assert_cmpstr(got, ==, "java;Foo::bar_[j];inlined_[i];sys_read_[k];wake_[w] 3\n");
}

static void test_empty_and_garbage(void)
{
    GError *err = NULL;
    KilnProfile *p = kiln_test_load_bytes("", 0, &err);
    g_assert_null(p);
    g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_EMPTY);
    g_clear_error(&err);
    p = kiln_test_load_bytes("hello world\nthis is not a profile\n", 34, &err);
    g_assert_null(p);
    g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT);
    g_assert_nonnull(strstr(err->message, "not a profile Kiln can read"));
    g_clear_error(&err);
}

static void test_overflowing_counts(void)
{
    const char *text = "a 99999999999999999999999\na 1\n";
    g_autoptr(KilnProfile) p = load(text, strlen(text));
    g_assert_cmpfloat(kiln_profile_total(p, 0, 0), ==, 18446744073709551616.0 + 1);
    gboolean warned = FALSE;
    for (guint i = 0; i < p->warnings->len; i++)
        warned |= strstr(p->warnings->pdata[i], "exceeded 2^64") != NULL;
    g_assert_true(warned);
}

static void test_no_trailing_newline(void)
{
    check_export("a;b 1\na;b 2", "a;b 3\n");
}

static int cmp_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Unsorted stacks over a small call graph share their top levels and
 * little else: the importer's name and child caches answer most frames.
 * The export must be exactly the merged, bytewise-sorted input. */
static void test_unsorted_low_sharing(void)
{
    GRand *r = g_rand_new_with_seed(7);
    GString *in = g_string_new(NULL);
    GHashTable *sums = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int line = 0; line < 20000; line++) {
        GString *stack = g_string_new(NULL);
        int depth = g_rand_int_range(r, 1, 30), f = g_rand_int_range(r, 0, 3);
        for (int d = 0; d < depth; d++) {
            g_string_append_printf(stack, "%sf%d", d ? ";" : "", f);
            f = (f * 7 + g_rand_int_range(r, 1, 5)) % 300;
        }
        guint count = (guint)g_rand_int_range(r, 1, 500);
        g_string_append_printf(in, "%s %u\n", stack->str, count);
        gpointer old = g_hash_table_lookup(sums, stack->str);
        g_hash_table_insert(sums, g_string_free(stack, FALSE),
                            GUINT_TO_POINTER(GPOINTER_TO_UINT(old) + count));
    }
    GPtrArray *want_lines = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, sums);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_ptr_array_add(want_lines, g_strdup_printf("%s %u\n", (char *)k, GPOINTER_TO_UINT(v)));
    g_ptr_array_sort(want_lines, cmp_lines);
    GString *want = g_string_new(NULL);
    for (guint i = 0; i < want_lines->len; i++)
        g_string_append(want, want_lines->pdata[i]);
    check_export(in->str, want->str);
    g_string_free(want, TRUE);
    g_ptr_array_unref(want_lines);
    g_hash_table_unref(sums);
    g_string_free(in, TRUE);
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/folded/merge-and-sort", test_merge_and_sort);
    g_test_add_func("/folded/spaces-in-names", test_spaces_in_names);
    g_test_add_func("/folded/decimal-counts", test_decimal_counts_kept);
    g_test_add_func("/folded/crlf-bom", test_crlf_and_bom);
    g_test_add_func("/folded/utf16", test_utf16);
    g_test_add_func("/folded/differential", test_differential);
    g_test_add_func("/folded/bad-lines", test_bad_lines_warning);
    g_test_add_func("/folded/kind-suffixes", test_kind_suffixes);
    g_test_add_func("/folded/empty-and-garbage", test_empty_and_garbage);
    g_test_add_func("/folded/overflow", test_overflowing_counts);
    g_test_add_func("/folded/no-trailing-newline", test_no_trailing_newline);
    g_test_add_func("/folded/unsorted-low-sharing", test_unsorted_low_sharing);
    return g_test_run();
}
