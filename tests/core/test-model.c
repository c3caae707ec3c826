/* test-model.c — the builder and the read-only model: preorder layout,
 * totals, limits, labels, per-sample rows, top table and search. */
#include "kiln-test-util.h"
#include "analysis/kiln-search.h"
#include "analysis/kiln-top.h"
#include "analysis/kiln-units.h"
#include "core/kiln-builder.h"

#include <string.h>

static uint32_t named(KilnBuilder *b, const char *n)
{
    return kiln_builder_frame_named(b, n, strlen(n), KILN_FRAME_NORMAL);
}

static KilnProfile *sample_profile(void)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "cpu", "nanoseconds");
    kiln_builder_add_sample_type(b, "samples", "count");
    kiln_builder_set_default_sample_type(b, 1);
    const char *stacks[][4] = {
        {"main", "b", "c", NULL}, {"main", "a", NULL, NULL}, {"main", "b", NULL, NULL},
        {"main", "b", "c", NULL}, {"zz", NULL, NULL, NULL},
    };
    for (gsize s = 0; s < G_N_ELEMENTS(stacks); s++) {
        uint32_t frames[4];
        size_t n = 0;
        while (n < 4 && stacks[s][n])
            frames[n] = named(b, stacks[s][n]), n++;
        uint32_t leaf = kiln_builder_stack(b, frames, n, false);
        double v[2] = {100.0 * (double)(s + 1), 1};
        kiln_builder_record_sample(b, leaf, v, 1000 + s, 7, 0);
    }
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    return p;
}

static void test_preorder(void)
{
    g_autoptr(KilnProfile) p = sample_profile();
    /* root, main, a, b, c, zz — children sorted by name */
    const char *names[] = {"all", "main", "a", "b", "c", "zz"};
    const uint32_t sizes[] = {6, 4, 1, 2, 1, 1};
    const uint32_t parents[] = {KILN_NO_NODE, 0, 1, 1, 3, 0};
    g_assert_cmpuint(p->n_nodes, ==, 6);
    for (uint32_t i = 0; i < 6; i++) {
        g_assert_cmpstr(kiln_profile_node_name(p, i), ==, names[i]);
        g_assert_cmpuint(p->nodes[i].size, ==, sizes[i]);
        g_assert_cmpuint(p->nodes[i].parent, ==, parents[i]);
    }
    /* cpu: s1=100 (main;b;c) s2=200 (main;a) s3=300 (main;b) s4=400 (main;b;c) s5=500 (zz) */
    g_assert_cmpfloat(kiln_profile_total(p, 0, 0), ==, 1500);
    g_assert_cmpfloat(kiln_profile_total(p, 0, 1), ==, 1000);
    g_assert_cmpfloat(kiln_profile_total(p, 0, 3), ==, 800);
    g_assert_cmpfloat(kiln_profile_self(p, 0, 3), ==, 300);
    g_assert_cmpfloat(kiln_profile_self(p, 0, 4), ==, 500);
    g_assert_cmpfloat(kiln_profile_total(p, 1, 0), ==, 5);
    g_assert_cmpuint(p->default_type, ==, 1);
    g_assert_cmpuint(kiln_profile_count_stacks(p), ==, 4);
    g_assert_cmpuint(kiln_profile_count_functions(p), ==, 5);
    g_assert_cmpuint(kiln_profile_find_child(p, 1, p->nodes[3].frame), ==, 3);
    g_assert_cmpint(kiln_profile_find_type(p, "samples"), ==, 1);
    g_assert_cmpint(kiln_profile_find_type(p, "nope"), ==, -1);
}

static void test_sample_table(void)
{
    g_autoptr(KilnProfile) p = sample_profile();
    g_assert_cmpuint(p->n_samples, ==, 5);
    g_assert_cmpuint(p->time_start, ==, 1000);
    g_assert_cmpuint(p->time_end, ==, 1004);
    /* sample 4 (main;b;c) must point at the renumbered leaf */
    g_assert_cmpuint(p->sample_node[3], ==, 4);
    g_assert_cmpuint(p->sample_node[4], ==, 5);
    g_assert_cmpfloat(p->sample_values[4 * 2 + 0], ==, 500);
    g_assert_cmpuint(p->sample_thread[0], ==, 7);
}

static void test_depth_limit(void)
{
    KilnLimits limits;
    kiln_limits_init_default(&limits);
    limits.max_depth = 10;
    KilnBuilder *b = kiln_builder_new(&limits);
    uint32_t node = KILN_ROOT_NODE;
    for (int i = 0; i < 1000000; i++) {
        char name[16];
        g_snprintf(name, sizeof name, "f%d", i % 50);
        node = kiln_builder_child(b, node, named(b, name));
    }
    double one = 1;
    kiln_builder_add_values(b, node, &one);
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    g_assert_cmpuint(p->n_nodes, ==, 11); /* root + 9 frames + [truncated] */
    g_assert_cmpstr(kiln_profile_node_name(p, 10), ==, "[truncated]");
    g_assert_cmpuint(kiln_profile_node_frame(p, 10)->kind, ==, KILN_FRAME_TRUNCATED);
    g_assert_cmpfloat(kiln_profile_self(p, 0, 10), ==, 1);
    g_assert_cmpuint(p->warnings->len, ==, 1);
    kiln_profile_unref(p);
}

static void test_name_escaping(void)
{
    KilnLimits limits;
    kiln_limits_init_default(&limits);
    limits.max_name_len = 32;
    KilnBuilder *b = kiln_builder_new(&limits);
    const char raw[] = "bad\xff\x00name\x01\xc3\xa9";
    uint32_t id = kiln_builder_intern_name(b, raw, sizeof raw - 1);
    KilnProfile *p = kiln_builder_finish(b);
    (void)id;
    kiln_profile_unref(p);
    kiln_builder_free(b);

    b = kiln_builder_new(&limits);
    uint32_t f = kiln_builder_frame_named(b, raw, sizeof raw - 1, KILN_FRAME_NORMAL);
    char *huge = g_strnfill(1 << 20, 'x');
    uint32_t g = kiln_builder_frame_named(b, huge, 1 << 20, KILN_FRAME_NORMAL);
    g_free(huge);
    uint32_t leaf = kiln_builder_child(b, kiln_builder_child(b, 0, f), g);
    double one = 1;
    kiln_builder_add_values(b, leaf, &one);
    p = kiln_builder_finish(b);
    kiln_builder_free(b);
    g_assert_cmpstr(kiln_profile_node_name(p, 1), ==, "bad\\xff\\x00name\\x01\xc3\xa9");
    const char *elided = kiln_profile_node_name(p, 2);
    g_assert_true(g_utf8_validate(elided, -1, NULL));
    g_assert_true(g_str_has_suffix(elided, "…"));
    g_assert_cmpuint(strlen(elided), <=, 32);
    g_assert_cmpuint(p->warnings->len, ==, 1);
    kiln_profile_unref(p);
}

static void test_labels(void)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    KilnLabel l1[2] = {{kiln_builder_intern(b, "thread", 6), kiln_builder_intern(b, "main", 4), 0, 0},
                       {kiln_builder_intern(b, "bytes", 5), 0, 4096, kiln_builder_intern(b, "bytes", 5)}};
    uint32_t s1 = kiln_builder_label_set(b, l1, 2);
    uint32_t s2 = kiln_builder_label_set(b, l1, 2);
    uint32_t s3 = kiln_builder_label_set(b, l1, 1);
    g_assert_cmpuint(s1, ==, 1);
    g_assert_cmpuint(s2, ==, 1);
    g_assert_cmpuint(s3, ==, 2);
    g_assert_cmpuint(kiln_builder_label_set(b, NULL, 0), ==, 0);
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    g_assert_cmpuint(p->n_label_sets, ==, 3);
    g_assert_cmpuint(p->label_start[2] - p->label_start[1], ==, 2);
    g_assert_cmpint(p->labels[p->label_start[1] + 1].num, ==, 4096);
    kiln_profile_unref(p);
}

static void test_top(void)
{
    const char *text = "main;f;f;g 3\nmain;g 2\nmain;f 1\n";
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_test_load_bytes(text, strlen(text), &err);
    g_assert_no_error(err);
    uint32_t n;
    g_autofree KilnTopEntry *e = kiln_top_compute(p, 0, KILN_ROOT_NODE, KILN_TOP_BY_SELF, &n);
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpstr(kiln_profile_string(p, e[0].name), ==, "g");
    g_assert_cmpfloat(e[0].self, ==, 5);
    g_assert_cmpfloat(e[0].total, ==, 5);
    g_assert_cmpstr(kiln_profile_string(p, e[1].name), ==, "f");
    g_assert_cmpfloat(e[1].self, ==, 1);
    g_assert_cmpfloat(e[1].total, ==, 4); /* recursion counted once */
    g_assert_cmpstr(kiln_profile_string(p, e[2].name), ==, "main");
    g_assert_cmpfloat(e[2].total, ==, 6);
}

static void test_search(void)
{
    const char *text = "main;Foo;foo2;x 3\nmain;bar 2\nmain;foo3 1\n";
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_test_load_bytes(text, strlen(text), &err);
    g_autoptr(KilnSearch) s = kiln_search_new(p, "foo", &err);
    g_assert_no_error(err);
    g_assert_cmpuint(s->n_matched_functions, ==, 3); /* caseless: Foo, foo2, foo3 */
    g_assert_cmpfloat(kiln_search_matched_value(s, 0, KILN_ROOT_NODE), ==, 4); /* nested once */
    g_autoptr(KilnSearch) cs = kiln_search_new(p, "Foo", &err);
    g_assert_cmpuint(cs->n_matched_functions, ==, 1);
    g_assert_null(kiln_search_new(p, "(", &err));
    g_assert_error(err, G_REGEX_ERROR, G_REGEX_ERROR_UNMATCHED_PARENTHESIS);
    g_clear_error(&err);
}

static void test_units(void)
{
    char b[64];
    g_assert_cmpstr(kiln_format_quantity(1500000, "nanoseconds", b, sizeof b), ==, "1.50 ms");
    g_assert_cmpstr(kiln_format_quantity(2.5e9, "nanoseconds", b, sizeof b), ==, "2.50 s");
    g_assert_cmpstr(kiln_format_quantity(3 * 1048576.0, "bytes", b, sizeof b), ==, "3.00 MiB");
    g_assert_cmpstr(kiln_format_quantity(1234567, "count", b, sizeof b), ==, "1,234,567");
    g_assert_cmpstr(kiln_format_quantity(512, "bytes", b, sizeof b), ==, "512 B");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/model/preorder", test_preorder);
    g_test_add_func("/model/sample-table", test_sample_table);
    g_test_add_func("/model/depth-limit", test_depth_limit);
    g_test_add_func("/model/name-escaping", test_name_escaping);
    g_test_add_func("/model/labels", test_labels);
    g_test_add_func("/analysis/top", test_top);
    g_test_add_func("/analysis/search", test_search);
    g_test_add_func("/analysis/units", test_units);
    return g_test_run();
}
