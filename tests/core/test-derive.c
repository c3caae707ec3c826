/* test-derive.c — the derive engine and KilnTransform on small profiles
 * whose every derived stack is written out: each filter with pprof's
 * semantics, invert, recursion, granularity, merge, diff, time range and
 * threads, cancellation, and the node map (every source node's value lands
 * on the node it maps to). */
#include "kiln-test-util.h"
#include "analysis/kiln-derive-task.h"
#include "analysis/kiln-diff.h"
#include "analysis/kiln-transform.h"
#include "core/kiln-builder.h"
#include "analysis/kiln-analysis-error.h"
#include "core/kiln-core-error.h"

#include <math.h>
#include <string.h>

static const char *const stacks = "main;work;alloc 5\n"
                                  "main;work;compute;compute;compute 3\n"
                                  "main;idle 2\n"
                                  "main;work;runtime.gc;sweep 4\n";

static KilnProfile *load_text(const char *text)
{
    GError *err = NULL;
    KilnProfile *p = kiln_test_load_bytes(text, strlen(text), &err);
    g_assert_no_error(err);
    return p;
}

/* Every source node with a value maps to a derived node, and each derived
 * node's self value is the sum of the source nodes mapped to it — unless
 * the step drops values (`lossy`), when only the second half holds. */
static void check_map(const KilnProfile *src, const KilnProfile *d, const uint32_t *map,
                      gboolean lossy)
{
    for (uint32_t t = 0; t < src->n_types && t < d->n_types; t++) {
        double *sum = g_new0(double, d->n_nodes);
        for (uint32_t n = 0; n < src->n_nodes; n++) {
            double v = kiln_profile_self(src, t, n);
            if (map[n] == KILN_NO_NODE) {
                g_assert_true(lossy || v == 0);
                continue;
            }
            g_assert_cmpuint(map[n], <, d->n_nodes);
            sum[map[n]] += v;
        }
        for (uint32_t n = 0; n < d->n_nodes; n++)
            g_assert_cmpfloat(sum[n], ==, kiln_profile_self(d, t, n));
        g_free(sum);
    }
    /* No node is zero in every type unless it leads to one that is not. */
    for (uint32_t n = 1; n < d->n_nodes; n++) {
        gboolean any = FALSE;
        for (uint32_t t = 0; t < d->n_types; t++)
            any |= kiln_profile_total(d, t, n) != 0;
        g_assert_true(any);
    }
}

/* The folded stacks after one CLI-style transform. */
static char *derive_folded(KilnProfile *p, const char *option, const char *value, gboolean lossy)
{
    GError *err = NULL;
    g_autoptr(KilnTransform) t = kiln_transform_parse(option, value, &err);
    g_assert_no_error(err);
    uint32_t *map = NULL;
    g_autoptr(KilnProfile) d = kiln_transform_apply(t, p, &map, NULL, &err);
    g_assert_no_error(err);
    check_map(p, d, map, lossy);
    g_free(map);
    return kiln_test_folded(d, 0);
}

static void test_filters(void)
{
    g_autoptr(KilnProfile) p = load_text(stacks);
    struct {
        const char *option, *value, *expected;
        gboolean lossy;
    } cases[] = {
        {"focus", "compute", "main;work;compute;compute;compute 3\n", TRUE},
        {"focus", "^work$",
         "main;work;alloc 5\nmain;work;compute;compute;compute 3\n"
         "main;work;runtime.gc;sweep 4\n",
         TRUE},
        {"ignore", "work", "main;idle 2\n", TRUE},
        {"ignore", "^(idle|sweep)$", "main;work;alloc 5\nmain;work;compute;compute;compute 3\n",
         TRUE},
        {"hide", "work",
         "main;alloc 5\nmain;compute;compute;compute 3\nmain;idle 2\n"
         "main;runtime.gc;sweep 4\n",
         FALSE},
        {"hide", "^(main|runtime\\..*)$",
         "idle 2\nwork;alloc 5\nwork;compute;compute;compute 3\n"
         "work;sweep 4\n",
         FALSE},
        /* Every frame hidden: the stacks are gone (pprof drops them). */
        {"hide", ".", "", TRUE},
        {"show", "^(main|compute)$", "main 11\nmain;compute;compute;compute 3\n", FALSE},
        {"show", "^sweep$", "sweep 4\n", TRUE},
        /* prune_from: values below the deepest match go to it. */
        {"prune-from", "^work$", "main;idle 2\nmain;work 12\n", FALSE},
        {"prune-from", "^compute$",
         "main;idle 2\nmain;work;alloc 5\nmain;work;compute;compute;compute 3\n"
         "main;work;runtime.gc;sweep 4\n",
         FALSE},
        {"prune-from", "^(runtime.gc|main)$", "main 10\nmain;work;runtime.gc 4\n", FALSE},
        /* show_from: frames above the outermost match go, and stacks without one. */
        {"show-from", "^work$",
         "work;alloc 5\nwork;compute;compute;compute 3\nwork;runtime.gc;sweep 4\n", TRUE},
        {"show-from", "compute", "compute;compute;compute 3\n", TRUE},
        {"collapse-recursion", NULL,
         "main;idle 2\nmain;work;alloc 5\nmain;work;compute 3\n"
         "main;work;runtime.gc;sweep 4\n",
         FALSE},
        {"invert", NULL,
         "alloc;work;main 5\ncompute;compute;compute;work;main 3\nidle;main 2\n"
         "sweep;runtime.gc;work;main 4\n",
         FALSE},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *f = derive_folded(p, cases[i].option, cases[i].value, cases[i].lossy);
        g_assert_cmpstr(f, ==, cases[i].expected);
    }
}

/* An empty stack (the root's own value) goes wherever pprof filters
 * samples by name, and stays under prune_from, recursion and invert. */
static void test_empty_stack(void)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    uint32_t fr[2] = {kiln_builder_frame_named(b, "main", 4, KILN_FRAME_NORMAL),
                      kiln_builder_frame_named(b, "f", 1, KILN_FRAME_NORMAL)};
    kiln_builder_add_value(b, kiln_builder_stack(b, fr, 2, FALSE), 0, 3);
    kiln_builder_add_value(b, KILN_ROOT_NODE, 0, 2);
    g_autoptr(KilnProfile) p = kiln_builder_finish(b);
    kiln_builder_free(b);
    g_assert_cmpfloat(kiln_profile_self(p, 0, KILN_ROOT_NODE), ==, 2);
    const char *const drop[][2] = {
        {"focus", "f"}, {"ignore", "zzz"}, {"hide", "zzz"}, {"show", "."}, {"show-from", "main"}};
    for (guint i = 0; i < G_N_ELEMENTS(drop); i++) {
        g_autoptr(KilnTransform) t = kiln_transform_parse(drop[i][0], drop[i][1], NULL);
        g_autoptr(KilnProfile) d = kiln_transform_apply(t, p, NULL, NULL, NULL);
        g_assert_cmpfloat(kiln_profile_total(d, 0, KILN_ROOT_NODE), ==, 3);
    }
    const char *const keep[][2] = {
        {"prune-from", "f"}, {"collapse-recursion", NULL}, {"invert", NULL}};
    for (guint i = 0; i < G_N_ELEMENTS(keep); i++) {
        g_autoptr(KilnTransform) t = kiln_transform_parse(keep[i][0], keep[i][1], NULL);
        g_autoptr(KilnProfile) d = kiln_transform_apply(t, p, NULL, NULL, NULL);
        g_assert_cmpfloat(kiln_profile_self(d, 0, KILN_ROOT_NODE), ==, 2);
    }
}

/* pprof's -prune_from looks at the name without its argument list. */
static void test_prune_signature(void)
{
    g_autoptr(KilnProfile) p = load_text("main;foo(int);bar 3\nmain;foo(int) 1\nmain;.foo 2\n");
    g_autofree char *f = derive_folded(p, "prune-from", "^foo$", FALSE);
    g_assert_cmpstr(f, ==, "main;.foo 2\nmain;foo(int) 4\n");
}

/* Filters that match nothing, and a granularity with nothing to drop, give
 * the profile itself. */
static void test_unchanged(void)
{
    g_autoptr(KilnProfile) p = load_text(stacks);
    const char *const opts[][2] = {
        {"hide", "nothing"}, {"ignore", "nothing"},        {"prune-from", "nothing"},
        {"show", "."},       {"granularity", "functions"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(opts); i++) {
        GError *err = NULL;
        g_autoptr(KilnTransform) t = kiln_transform_parse(opts[i][0], opts[i][1], &err);
        g_assert_no_error(err);
        g_autofree uint32_t *map = NULL;
        g_autoptr(KilnProfile) d = kiln_transform_apply(t, p, &map, NULL, &err);
        g_assert_true(d == p);
        for (uint32_t n = 0; n < p->n_nodes; n++)
            g_assert_cmpuint(map[n], ==, n);
    }
}

/* A stack of transforms is the steps in a row; the map composes. */
static void test_stack(void)
{
    g_autoptr(KilnProfile) p = load_text(stacks);
    GError *err = NULL;
    KilnTransform *stack[3] = {
        kiln_transform_parse_string("hide=^work$", &err),
        kiln_transform_parse_string("collapse-recursion", &err),
        kiln_transform_parse_string("focus=compute|sweep", &err),
    };
    g_assert_no_error(err);
    uint32_t *map = NULL;
    g_autoptr(KilnProfile) d = kiln_transform_apply_stack(stack, 3, p, &map, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *f = kiln_test_folded(d, 0);
    g_assert_cmpstr(f, ==, "main;compute 3\nmain;runtime.gc;sweep 4\n");
    check_map(p, d, map, TRUE);
    g_free(map);
    for (guint i = 0; i < 3; i++)
        kiln_transform_unref(stack[i]);
}

/* Builds a profile of locations: main:10 and main:11 (two addresses) both
 * call f at one line, f:20 inlined into g at one address. */
static KilnProfile *locations_profile(void)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "samples", "count");
    uint32_t main_ = kiln_builder_intern_name(b, "main", 4),
             f = kiln_builder_intern_name(b, "f", 1), file = kiln_builder_intern(b, "x.go", 4);
    uint32_t m10 = kiln_builder_location(b, main_, 0, file, 10, 0x100, 0, KILN_FRAME_NORMAL);
    uint32_t m10b = kiln_builder_location(b, main_, 0, file, 10, 0x104, 0, KILN_FRAME_NORMAL);
    uint32_t m11 = kiln_builder_location(b, main_, 0, file, 11, 0x108, 0, KILN_FRAME_NORMAL);
    uint32_t f20 = kiln_builder_location(b, f, 0, file, 20, 0x200, 0, KILN_FRAME_NORMAL);
    uint32_t stacks_[3][2] = {{m10, f20}, {m10b, f20}, {m11, f20}};
    double one = 1;
    for (guint i = 0; i < 3; i++) {
        uint32_t leaf = kiln_builder_stack(b, stacks_[i], 2, FALSE);
        kiln_builder_record_sample(b, leaf, &one, 1000 * (i + 1), 7 + i % 2, 0);
    }
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    return p;
}

static void test_granularity(void)
{
    g_autoptr(KilnProfile) p = locations_profile();
    g_assert_cmpuint(p->n_nodes, ==, 7);
    const struct {
        const char *g;
        uint32_t nodes;
    } cases[] = {{"addresses", 7}, {"lines", 5}, {"functions", 3}};
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GError *err = NULL;
        g_autoptr(KilnTransform) t = kiln_transform_parse("granularity", cases[i].g, &err);
        uint32_t *map = NULL;
        g_autoptr(KilnProfile) d = kiln_transform_apply(t, p, &map, NULL, &err);
        g_assert_no_error(err);
        g_assert_cmpuint(d->n_nodes, ==, cases[i].nodes);
        g_assert_cmpuint(d->granularity, ==, i == 0 ? KILN_GRANULARITY_ADDRESSES : 2 - i);
        g_assert_cmpfloat(kiln_profile_total(d, 0, KILN_ROOT_NODE), ==, 3);
        /* The samples came along, with their times and threads. */
        g_assert_cmpuint(d->n_samples, ==, 3);
        g_assert_cmpuint(d->sample_time[2], ==, 3000);
        g_assert_cmpuint(d->sample_thread[1], ==, 8);
        check_map(p, d, map, FALSE);
        g_free(map);
    }
}

static void test_time_and_threads(void)
{
    g_autoptr(KilnProfile) p = locations_profile();
    GError *err = NULL;
    g_autoptr(KilnTransform) range = kiln_transform_parse("time", "1500:3000", &err);
    g_assert_no_error(err);
    uint32_t *map = NULL;
    g_autoptr(KilnProfile) d = kiln_transform_apply(range, p, &map, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(d->n_samples, ==, 1);
    g_assert_cmpuint(d->sample_time[0], ==, 2000);
    g_assert_cmpfloat(kiln_profile_total(d, 0, KILN_ROOT_NODE), ==, 1);
    g_free(map);

    g_autoptr(KilnTransform) threads = kiln_transform_parse("thread", "7", &err);
    g_autoptr(KilnProfile) t7 = kiln_transform_apply(threads, p, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(t7->n_samples, ==, 2);
    g_assert_cmpfloat(kiln_profile_total(t7, 0, KILN_ROOT_NODE), ==, 2);

    /* Folded stacks have no per-sample table: a clear error. */
    g_autoptr(KilnProfile) folded = load_text(stacks);
    g_autoptr(KilnProfile) none = kiln_transform_apply(range, folded, NULL, NULL, &err);
    g_assert_null(none);
    g_assert_error(err, KILN_CORE_ERROR, KILN_CORE_ERROR_INVALID);
    g_assert_nonnull(strstr(err->message, "no sample times"));
    g_clear_error(&err);
    g_autoptr(KilnProfile) none2 = kiln_transform_apply(threads, folded, NULL, NULL, &err);
    g_assert_error(err, KILN_CORE_ERROR, KILN_CORE_ERROR_INVALID);
    g_clear_error(&err);
}

static void test_merge(void)
{
    g_autoptr(KilnProfile) a = load_text("main;f 10\nmain;g 5\n");
    g_autoptr(KilnProfile) b = load_text("main;f 4\nmain;h 7\nmain 1\n");
    g_autoptr(KilnTransform) t = kiln_transform_new_merge(&b, 1);
    uint32_t *map = NULL;
    GError *err = NULL;
    g_autoptr(KilnProfile) m = kiln_transform_apply(t, a, &map, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *f = kiln_test_folded(m, 0);
    g_assert_cmpstr(f, ==, "main 1\nmain;f 14\nmain;g 5\nmain;h 7\n");
    g_assert_cmpstr(kiln_profile_get_property(m, "Merged profiles"), ==, "2");
    g_free(map);

    /* Sample types join by name and unit; one a profile lacks counts 0. */
    KilnBuilder *bb = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(bb, "cpu", "nanoseconds");
    uint32_t fr = kiln_builder_frame_named(bb, "f", 1, KILN_FRAME_NORMAL);
    double v = 100;
    kiln_builder_add_values(bb, kiln_builder_child(bb, KILN_ROOT_NODE, fr), &v);
    KilnProfile *c = kiln_builder_finish(bb);
    kiln_builder_free(bb);
    KilnProfile *both[2] = {a, c};
    uint32_t *maps[2];
    g_autoptr(KilnProfile) m2 = kiln_derive_merge(both, 2, maps, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(m2->n_types, ==, 2);
    g_assert_cmpfloat(kiln_profile_total(m2, 0, KILN_ROOT_NODE), ==, 15);
    g_assert_cmpfloat(kiln_profile_total(m2, 1, KILN_ROOT_NODE), ==, 100);
    g_assert_cmpfloat(kiln_profile_self(m2, 1, maps[1][1]), ==, 100);
    g_assert_cmpfloat(kiln_profile_self(m2, 0, maps[0][1]), ==, 0); /* a's "main": no self */
    g_free(maps[0]);
    g_free(maps[1]);
    kiln_profile_unref(c);
}

static void test_diff(void)
{
    g_autoptr(KilnProfile) before = load_text("main;f 10\nmain;g 10\n");
    g_autoptr(KilnProfile) after = load_text("main;f 30\nmain;h 10\n");
    uint32_t *bm = NULL, *am = NULL;
    g_autoptr(KilnProfile) d = kiln_derive_diff(before, 0, after, 0, TRUE, &bm, &am);
    g_assert_cmpstr(kiln_profile_string(d, d->types[0].name), ==, "before");
    g_assert_cmpuint(d->default_type, ==, 1);
    /* Normalised: before scaled by 40/20. */
    g_assert_cmpfloat(kiln_profile_total(d, 0, KILN_ROOT_NODE), ==, 40);
    for (uint32_t n = 1; n < before->n_nodes; n++)
        g_assert_cmpfloat(kiln_profile_self(d, 0, bm[n]), ==, 2 * kiln_profile_self(before, 0, n));
    for (uint32_t n = 1; n < after->n_nodes; n++)
        g_assert_cmpfloat(kiln_profile_self(d, 1, am[n]), ==, kiln_profile_self(after, 0, n));
    g_free(bm);
    g_free(am);

    /* The transform takes the profile as "after". */
    g_autoptr(KilnTransform) t = kiln_transform_new_diff(before, 0, 0, FALSE);
    GError *err = NULL;
    g_autoptr(KilnProfile) d2 = kiln_transform_apply(t, after, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpfloat(kiln_profile_total(d2, 0, KILN_ROOT_NODE), ==, 20);
    g_assert_cmpfloat(kiln_profile_total(d2, 1, KILN_ROOT_NODE), ==, 40);
    g_autoptr(KilnProfile) d3 = kiln_diff_new(before, 0, after, 0, FALSE);
    g_autofree char *k2 = kiln_test_folded(d2, 0), *k3 = kiln_test_folded(d3, 0);
    g_assert_cmpstr(k2, ==, k3);
}

static void test_parse_describe(void)
{
    const struct {
        const char *text, *chip;
    } cases[] = {
        {"focus=^runtime\\.", "Focus: ^runtime\\."},
        {"ignore=gc", "Ignore: gc"},
        {"hide=a|b", "Hide: a|b"},
        {"show=main", "Show only: main"},
        {"prune-from=^foo$", "Prune below: ^foo$"},
        {"show-from=^main\\.", "Show from: ^main\\."},
        {"collapse-recursion", "Recursion collapsed"},
        {"invert", "Bottom-up"},
        {"granularity=lines", "By source line"},
        {"time=1000000000:2500000000", "Time: 1.000 s to 2.500 s"},
        {"thread=12,13", "Threads: 12,13"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GError *err = NULL;
        g_autoptr(KilnTransform) t = kiln_transform_parse_string(cases[i].text, &err);
        g_assert_no_error(err);
        g_autofree char *chip = kiln_transform_describe(t);
        g_assert_cmpstr(chip, ==, cases[i].chip);
        g_autofree char *text = kiln_transform_to_string(t);
        g_assert_cmpstr(text, ==, cases[i].text);
    }
    g_autoptr(KilnTransform) pf = kiln_transform_parse("--prune_from", "x", NULL);
    g_assert_cmpint(kiln_transform_get_kind(pf), ==, KILN_TRANSFORM_PRUNE_FROM);
    g_assert_cmpstr(kiln_transform_get_pattern(pf), ==, "x");

    const char *const bad[] = {"focus=(",           "focus",    "time=5:2", "time=x", "thread=1,a",
                               "granularity=bytes", "sharpen=3"};
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *err = NULL;
        g_autoptr(KilnTransform) t = kiln_transform_parse_string(bad[i], &err);
        g_assert_null(t);
        if (i == 0)
            g_assert_error(err, G_REGEX_ERROR, G_REGEX_ERROR_UNMATCHED_PARENTHESIS);
        else
            g_assert_error(err, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID);
        g_clear_error(&err);
    }
}

static void test_cancel(void)
{
    g_autoptr(KilnProfile) p = load_text(stacks);
    g_autoptr(GCancellable) c = g_cancellable_new();
    g_cancellable_cancel(c);
    g_autoptr(KilnTransform) t = kiln_transform_new(KILN_TRANSFORM_INVERT);
    GError *err = NULL;
    g_autoptr(KilnProfile) d = kiln_transform_apply(t, p, NULL, c, &err);
    g_assert_null(d);
    g_assert_error(err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error(&err);
}

typedef struct {
    GMainLoop *loop;
    KilnProfile *result;
    uint32_t *map;
    GError *error;
} AsyncData;

static void derived(GObject *source, GAsyncResult *res, gpointer data)
{
    (void)source;
    AsyncData *a = data;
    a->result = kiln_derive_finish(res, &a->map, &a->error);
    g_main_loop_quit(a->loop);
}

static void test_async(void)
{
    g_autoptr(KilnProfile) p = load_text(stacks);
    GError *err = NULL;
    KilnTransform *stack[2] = {kiln_transform_parse_string("ignore=idle", &err),
                               kiln_transform_parse_string("invert", &err)};
    g_assert_no_error(err);
    AsyncData a = {g_main_loop_new(NULL, FALSE), NULL, NULL, NULL};
    kiln_derive_async(p, stack, 2, NULL, derived, &a);
    kiln_transform_unref(stack[0]); /* the worker holds its own references */
    kiln_transform_unref(stack[1]);
    g_main_loop_run(a.loop);
    g_assert_no_error(a.error);
    g_autofree char *f = kiln_test_folded(a.result, 0);
    g_assert_cmpstr(f, ==,
                    "alloc;work;main 5\ncompute;compute;compute;work;main 3\n"
                    "sweep;runtime.gc;work;main 4\n");
    check_map(p, a.result, a.map, TRUE);
    kiln_profile_unref(a.result);
    g_free(a.map);

    /* Cancelled before it ran. */
    g_autoptr(GCancellable) c = g_cancellable_new();
    g_cancellable_cancel(c);
    AsyncData b = {a.loop, NULL, NULL, NULL};
    kiln_derive_async(p, NULL, 0, c, derived, &b);
    g_main_loop_run(b.loop);
    g_assert_null(b.result);
    g_assert_error(b.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error(&b.error);
    g_main_loop_unref(a.loop);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/derive/filters", test_filters);
    g_test_add_func("/derive/prune-signature", test_prune_signature);
    g_test_add_func("/derive/empty-stack", test_empty_stack);
    g_test_add_func("/derive/unchanged", test_unchanged);
    g_test_add_func("/derive/stack", test_stack);
    g_test_add_func("/derive/granularity", test_granularity);
    g_test_add_func("/derive/time-and-threads", test_time_and_threads);
    g_test_add_func("/derive/merge", test_merge);
    g_test_add_func("/derive/diff", test_diff);
    g_test_add_func("/derive/parse-describe", test_parse_describe);
    g_test_add_func("/derive/cancel", test_cancel);
    g_test_add_func("/derive/async", test_async);
    return g_test_run();
}
