/* test-snapshot.c — kiln_builder_snapshot(): equal node by node to what
 * finish() returns for the same input, independent of the builder, which
 * goes on accepting stacks; later snapshots see the new ones. */
#include "core/kiln-builder.h"

#include <glib.h>
#include <string.h>

static uint64_t rng = 7;

static uint32_t next_rand(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng >> 33);
}

/* Compares everything a view or exporter reads, strings by content. */
static void assert_same_profile(const KilnProfile *a, const KilnProfile *b)
{
    g_assert_cmpstr(a->format, ==, b->format);
    g_assert_cmpint(a->granularity, ==, b->granularity);
    g_assert_cmpuint(a->n_types, ==, b->n_types);
    g_assert_cmpuint(a->default_type, ==, b->default_type);
    for (uint32_t t = 0; t < a->n_types; t++) {
        g_assert_cmpstr(kiln_profile_string(a, a->types[t].name), ==,
                        kiln_profile_string(b, b->types[t].name));
        g_assert_cmpstr(kiln_profile_string(a, a->types[t].unit), ==,
                        kiln_profile_string(b, b->types[t].unit));
    }
    g_assert_cmpuint(a->n_frames, ==, b->n_frames);
    for (uint32_t f = 0; f < a->n_frames; f++) {
        const KilnFrame *x = &a->frames[f], *y = &b->frames[f];
        g_assert_cmpstr(kiln_profile_string(a, x->name), ==, kiln_profile_string(b, y->name));
        g_assert_cmpstr(kiln_profile_string(a, x->module), ==, kiln_profile_string(b, y->module));
        g_assert_cmpstr(kiln_profile_string(a, x->file), ==, kiln_profile_string(b, y->file));
        g_assert_cmpuint(x->line, ==, y->line);
        g_assert_cmpuint(x->kind, ==, y->kind);
        g_assert_cmpuint(x->address, ==, y->address);
        g_assert_cmpuint(x->inline_depth, ==, y->inline_depth);
    }
    g_assert_cmpuint(a->n_nodes, ==, b->n_nodes);
    g_assert_true(memcmp(a->nodes, b->nodes, sizeof(KilnNode) * a->n_nodes) == 0);
    size_t nv = (size_t)a->n_types * a->n_nodes;
    g_assert_true(memcmp(a->self, b->self, sizeof(double) * nv) == 0);
    g_assert_true(memcmp(kiln_profile_totals(a), kiln_profile_totals(b), sizeof(double) * nv) == 0);
    g_assert_cmpuint(a->n_samples, ==, b->n_samples);
    if (a->n_samples) {
        uint64_t ns = a->n_samples;
        g_assert_true(memcmp(a->sample_time, b->sample_time, 8 * ns) == 0);
        g_assert_true(memcmp(a->sample_thread, b->sample_thread, 4 * ns) == 0);
        g_assert_true(memcmp(a->sample_node, b->sample_node, 4 * ns) == 0);
        g_assert_true(memcmp(a->sample_labels, b->sample_labels, 4 * ns) == 0);
        g_assert_true(memcmp(a->sample_values, b->sample_values, 8 * ns * a->n_types) == 0);
    }
    g_assert_cmpuint(a->n_label_sets, ==, b->n_label_sets);
    g_assert_true(memcmp(a->label_start, b->label_start, 4 * (a->n_label_sets + 1)) == 0);
    for (uint32_t i = 0; i < a->label_start[a->n_label_sets]; i++) {
        g_assert_cmpstr(kiln_profile_string(a, a->labels[i].key), ==,
                        kiln_profile_string(b, b->labels[i].key));
        g_assert_cmpstr(kiln_profile_string(a, a->labels[i].str), ==,
                        kiln_profile_string(b, b->labels[i].str));
        g_assert_cmpint(a->labels[i].num, ==, b->labels[i].num);
    }
    g_assert_cmpuint(a->samples_seen, ==, b->samples_seen);
    g_assert_cmpuint(a->time_start, ==, b->time_start);
    g_assert_cmpuint(a->time_end, ==, b->time_end);
    g_assert_cmpuint(a->warnings->len, ==, b->warnings->len);
    for (guint i = 0; i < a->warnings->len; i++)
        g_assert_cmpstr(g_ptr_array_index(a->warnings, i), ==, g_ptr_array_index(b->warnings, i));
    g_assert_cmpuint(a->properties->len, ==, b->properties->len);
    for (guint i = 0; i < a->properties->len; i++) {
        const KilnProperty *x = &g_array_index(a->properties, KilnProperty, i);
        const KilnProperty *y = &g_array_index(b->properties, KilnProperty, i);
        g_assert_cmpstr(x->key, ==, y->key);
        g_assert_cmpstr(x->value, ==, y->value);
    }
}

/* Siblings in display order: name, then line and address (the other
 * fields are equal here). */
static void assert_siblings_sorted(const KilnProfile *p)
{
    for (uint32_t i = 0; i < p->n_nodes; i++) {
        uint32_t prev = KILN_NO_NODE;
        for (uint32_t c = i + 1; c < i + p->nodes[i].size; c += p->nodes[c].size) {
            if (prev != KILN_NO_NODE) {
                const KilnFrame *a = kiln_profile_node_frame(p, prev);
                const KilnFrame *b = kiln_profile_node_frame(p, c);
                int d = strcmp(kiln_profile_node_name(p, prev), kiln_profile_node_name(p, c));
                g_assert_true(d < 0 ||
                              (d == 0 && (a->line < b->line ||
                                          (a->line == b->line && a->address < b->address))));
            }
            prev = c;
        }
    }
}

/* Random stacks over `n_names` functions, a few located at addresses, with
 * labels and per-sample rows: enough variety that siblings need both sort
 * paths (a handful, and more than 24) and the wide-parent table. */
static void feed(KilnBuilder *b, int stacks, uint32_t n_names, uint64_t t0)
{
    uint32_t key = kiln_builder_intern(b, "thread", 6);
    for (int s = 0; s < stacks; s++) {
        uint32_t depth = 1 + next_rand() % 12;
        uint32_t node = KILN_ROOT_NODE;
        for (uint32_t d = 0; d < depth; d++) {
            uint32_t i = next_rand() % (d == 0 ? n_names : 8);
            char name[32];
            int len = g_snprintf(name, sizeof name, "fn_%u", i);
            uint32_t frame;
            if (i % 5 == 0)
                frame =
                    kiln_builder_location(b, kiln_builder_intern_name(b, name, (size_t)len), 0, 0,
                                          i, 0x1000 + 16 * (next_rand() % 3), 0, KILN_FRAME_NORMAL);
            else
                frame = kiln_builder_frame_named(b, name, (size_t)len, KILN_FRAME_NORMAL);
            node = kiln_builder_child(b, node, frame);
        }
        KilnLabel l = {.key = key, .num = s % 3};
        uint32_t set = kiln_builder_label_set(b, &l, 1);
        double v[2] = {(double)(1 + next_rand() % 100), 1};
        kiln_builder_record_sample(b, node, v, t0 + (uint64_t)s * 10, (uint32_t)(s % 4), set);
    }
}

static KilnBuilder *new_builder(void)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "cpu", "nanoseconds");
    kiln_builder_add_sample_type(b, "samples", "count");
    kiln_builder_set_default_sample_type(b, 1);
    kiln_builder_set_format(b, "test");
    kiln_builder_set_property(b, "Comment", "first");
    kiln_builder_warn(b, "a warning");
    return b;
}

static void test_equals_finish(void)
{
    KilnBuilder *b = new_builder();
    feed(b, 3000, 60, 1000);
    uint32_t n = kiln_builder_n_nodes(b);
    g_autoptr(KilnProfile) snap = kiln_builder_snapshot(b);
    g_assert_nonnull(snap);
    /* The builder is untouched. */
    g_assert_cmpuint(kiln_builder_n_nodes(b), ==, n);
    g_assert_cmpuint(snap->n_nodes, ==, n);
    g_autoptr(KilnProfile) fin = kiln_builder_finish(b);
    kiln_builder_free(b);
    assert_same_profile(snap, fin);
    g_assert_cmpuint(snap->n_samples, ==, 3000);
    g_assert_cmpuint(snap->time_start, ==, 1000);
    g_assert_cmpuint(snap->time_end, ==, 1000 + 2999 * 10);
    g_assert_cmpuint(snap->n_label_sets, ==, 4); /* the empty set and three */
    g_assert_cmpstr(kiln_profile_get_property(snap, "Comment"), ==, "first");
    /* 60 root children: the >24 sibling sort and the wide-parent index. */
    uint32_t roots = 0;
    for (uint32_t c = 1; c < snap->n_nodes; c += snap->nodes[c].size)
        roots++;
    g_assert_cmpuint(roots, >, 24);
}

static void test_keeps_building(void)
{
    KilnBuilder *b = new_builder();
    feed(b, 500, 30, 1000);
    KilnProfile *s1 = kiln_builder_snapshot(b);
    KilnProfile *s1b = kiln_builder_snapshot(b);
    assert_same_profile(s1, s1b);
    kiln_profile_unref(s1b);
    double total1 = kiln_profile_total(s1, 0, 0);

    /* New stacks, new functions, a new property after the first snapshot. */
    feed(b, 500, 45, 100000);
    kiln_builder_set_property(b, "Comment", "second");
    g_autoptr(KilnProfile) s2 = kiln_builder_snapshot(b);
    /* The frame order cached at the first snapshot, merged with the new
     * frames, still sorts every sibling list. */
    assert_siblings_sorted(s1);
    assert_siblings_sorted(s2);
    g_assert_cmpuint(s2->n_samples, ==, 1000);
    g_assert_cmpuint(s2->samples_seen, ==, 1000);
    g_assert_cmpuint(s2->n_nodes, >, s1->n_nodes);
    g_assert_cmpuint(s2->n_frames, >, s1->n_frames);
    g_assert_cmpfloat(kiln_profile_total(s2, 0, 0), >, total1);
    g_assert_cmpuint(s2->time_end, ==, 100000 + 499 * 10);
    /* The first snapshot did not change under the builder. */
    g_assert_cmpuint(s1->n_samples, ==, 500);
    g_assert_cmpfloat(kiln_profile_total(s1, 0, 0), ==, total1);
    g_assert_cmpuint(s1->properties->len, ==, 1);
    double sum = 0;
    for (uint64_t i = 0; i < s1->n_samples; i++)
        sum += s1->sample_values[i * 2];
    g_assert_cmpfloat(sum, ==, total1);

    g_autoptr(KilnProfile) fin = kiln_builder_finish(b);
    /* Outlives the builder. */
    kiln_builder_free(b);
    assert_same_profile(s2, fin);
    g_assert_cmpuint(fin->properties->len, ==, 2);
    g_assert_cmpstr(kiln_profile_string(s1, s1->frames[0].name), !=, "");
    kiln_profile_unref(s1);
}

static void test_rows_shared(void)
{
    /* Snapshots read the builder's row columns without copying them; the
     * builder growing them (4096 rows, then 8192...) must leave each
     * snapshot its rows, and each snapshot outlives the builder. */
    KilnBuilder *b = new_builder();
    uint32_t f = kiln_builder_frame_named(b, "main", 4, KILN_FRAME_NORMAL);
    uint32_t node = kiln_builder_child(b, KILN_ROOT_NODE, f);
    KilnProfile *snaps[4];
    uint64_t rows = 0;
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < 4096; i++, rows++) {
            double v[2] = {(double)rows, 1};
            kiln_builder_record_sample(b, node, v, 1000 + rows, (uint32_t)(rows % 3), 0);
        }
        snaps[k] = kiln_builder_snapshot(b);
        g_assert_true(snaps[k]->sample_rows_shared);
    }
    g_autoptr(KilnProfile) fin = kiln_builder_finish(b);
    kiln_builder_free(b);
    for (int k = 0; k < 4; k++) {
        KilnProfile *s = snaps[k];
        g_assert_cmpuint(s->n_samples, ==, 4096 * (uint64_t)(k + 1));
        for (uint64_t i = 0; i < s->n_samples; i++) {
            g_assert_cmpuint(s->sample_time[i], ==, 1000 + i);
            g_assert_cmpuint(s->sample_thread[i], ==, i % 3);
            g_assert_cmpfloat(s->sample_values[2 * i], ==, (double)i);
            g_assert_cmpuint(s->sample_node[i], ==, 1);
        }
        g_assert_cmpfloat(kiln_profile_total(s, 1, 0), ==, (double)s->n_samples);
    }
    g_assert_cmpuint(fin->n_samples, ==, 4 * 4096);
    g_assert_cmpuint(fin->sample_time[4 * 4096 - 1], ==, 1000 + 4 * 4096 - 1);
    /* Released in another order than taken. */
    kiln_profile_unref(snaps[2]);
    kiln_profile_unref(snaps[0]);
    kiln_profile_unref(snaps[3]);
    kiln_profile_unref(snaps[1]);
}

static void test_reusing(void)
{
    /* A live view's loop: each snapshot reuses the one before. */
    KilnBuilder *b = new_builder();
    KilnProfile *live = NULL;
    for (int round = 0; round < 4; round++) {
        feed(b, 400, 20 + 10 * round, 1000 + 100000 * (uint64_t)round);
        /* Held elsewhere too (round 2): it must stay intact, not be reused. */
        KilnProfile *kept = round == 2 && live ? kiln_profile_ref(live) : NULL;
        uint64_t kept_rows = kept ? kept->n_samples : 0;
        double kept_total = kept ? kiln_profile_total(kept, 0, 0) : 0;
        live = kiln_builder_snapshot_reusing(b, live);
        g_autoptr(KilnProfile) fresh = kiln_builder_snapshot(b);
        assert_same_profile(live, fresh);
        if (kept) {
            g_assert_cmpuint(kept->n_samples, ==, kept_rows);
            g_assert_cmpfloat(kiln_profile_total(kept, 0, 0), ==, kept_total);
            g_assert_cmpuint(kept->nodes[kept->n_nodes - 1].size, ==, 1);
            kiln_profile_unref(kept);
        }
    }
    g_assert_cmpuint(live->n_samples, ==, 1600);
    g_autoptr(KilnProfile) fin = kiln_builder_finish(b);
    assert_same_profile(live, fin);
    /* After finish there is nothing to snapshot; the previous is still
     * released. */
    if (g_test_undefined()) {
        g_test_expect_message(G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*node_frame != NULL*");
        g_assert_null(kiln_builder_snapshot_reusing(b, live));
        g_test_assert_expected_messages();
    } else {
        kiln_profile_unref(live);
    }
    kiln_builder_free(b);
}

static void test_empty_and_untyped(void)
{
    /* Nothing fed: the root alone, and finish's "samples" type. */
    KilnBuilder *b = kiln_builder_new(NULL);
    g_autoptr(KilnProfile) s = kiln_builder_snapshot(b);
    g_assert_cmpuint(s->n_nodes, ==, 1);
    g_assert_cmpuint(s->n_types, ==, 1);
    g_assert_cmpstr(kiln_profile_string(s, s->types[0].name), ==, "samples");
    g_assert_cmpfloat(kiln_profile_total(s, 0, 0), ==, 0);
    /* The builder can still declare its types: snapshot added none. */
    g_assert_cmpuint(kiln_builder_n_sample_types(b), ==, 0);
    kiln_builder_add_sample_type(b, "alloc", "bytes");
    uint32_t f = kiln_builder_frame_named(b, "main", 4, KILN_FRAME_NORMAL);
    uint32_t node = kiln_builder_child(b, KILN_ROOT_NODE, f);
    /* Nodes but no values yet. */
    g_autoptr(KilnProfile) s2 = kiln_builder_snapshot(b);
    g_assert_cmpuint(s2->n_nodes, ==, 2);
    g_assert_cmpstr(kiln_profile_string(s2, s2->types[0].name), ==, "alloc");
    g_assert_cmpfloat(kiln_profile_total(s2, 0, 1), ==, 0);
    kiln_builder_add_value(b, node, 0, 64);
    g_autoptr(KilnProfile) s3 = kiln_builder_snapshot(b);
    g_assert_cmpfloat(kiln_profile_total(s3, 0, 0), ==, 64);
    g_autoptr(KilnProfile) fin = kiln_builder_finish(b);
    assert_same_profile(s3, fin);
    /* A finished builder has nothing to snapshot. */
    if (g_test_undefined()) {
        g_test_expect_message(G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*node_frame != NULL*");
        g_assert_null(kiln_builder_snapshot(b));
        g_test_assert_expected_messages();
    }
    kiln_builder_free(b);
}

static void test_overflow_warning(void)
{
    /* Totals that saturate warn in the snapshot as in finish, without the
     * snapshot adding the warning to the builder. */
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "v", "count");
    uint32_t fa = kiln_builder_frame_named(b, "a", 1, KILN_FRAME_NORMAL);
    uint32_t fb = kiln_builder_frame_named(b, "b", 1, KILN_FRAME_NORMAL);
    kiln_builder_add_value(b, kiln_builder_child(b, 0, fa), 0, 1.5e308);
    kiln_builder_add_value(b, kiln_builder_child(b, 0, fb), 0, 1.5e308);
    g_autoptr(KilnProfile) s = kiln_builder_snapshot(b);
    g_assert_cmpuint(s->warnings->len, ==, 1);
    g_assert_cmpuint(kiln_builder_n_warnings(b), ==, 0);
    g_autoptr(KilnProfile) fin = kiln_builder_finish(b);
    kiln_builder_free(b);
    assert_same_profile(s, fin);
    g_assert_cmpfloat(kiln_profile_total(s, 0, 0), ==, G_MAXDOUBLE);
}

static void test_deep_stack(void)
{
    /* A million-frame stack: every walk is iterative. */
    KilnLimits limits;
    kiln_limits_init_default(&limits);
    limits.max_depth = 2000000;
    KilnBuilder *b = kiln_builder_new(&limits);
    uint32_t f[3] = {kiln_builder_frame_named(b, "x", 1, KILN_FRAME_NORMAL),
                     kiln_builder_frame_named(b, "y", 1, KILN_FRAME_NORMAL),
                     kiln_builder_frame_named(b, "z", 1, KILN_FRAME_NORMAL)};
    uint32_t node = KILN_ROOT_NODE;
    for (uint32_t d = 0; d < 1000000; d++)
        node = kiln_builder_child(b, node, f[d % 3]);
    double v = 3;
    kiln_builder_add_values(b, node, &v);
    g_autoptr(KilnProfile) s = kiln_builder_snapshot(b);
    g_assert_cmpuint(s->n_nodes, ==, 1000001);
    g_assert_cmpuint(s->nodes[1000000].depth, ==, 1000000);
    g_assert_cmpfloat(kiln_profile_total(s, 0, 1), ==, 3);
    g_autoptr(KilnProfile) fin = kiln_builder_finish(b);
    kiln_builder_free(b);
    assert_same_profile(s, fin);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/snapshot/equals-finish", test_equals_finish);
    g_test_add_func("/snapshot/keeps-building", test_keeps_building);
    g_test_add_func("/snapshot/rows-shared", test_rows_shared);
    g_test_add_func("/snapshot/reusing", test_reusing);
    g_test_add_func("/snapshot/empty-and-untyped", test_empty_and_untyped);
    g_test_add_func("/snapshot/overflow-warning", test_overflow_warning);
    g_test_add_func("/snapshot/deep-stack", test_deep_stack);
    return g_test_run();
}
