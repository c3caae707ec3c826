/* test-app-engine.c — the engine helpers the app's widgets stand on, with
 * no display: viewport layout (continuous zoom and pan), keyboard
 * navigation, node descriptions and stacks, summary numbers. */
#include "analysis/kiln-node-text.h"
#include "analysis/kiln-profile-stats.h"
#include "kiln-test-util.h"
#include "render/kiln-flame-nav.h"
#include "render/kiln-flame-viewport.h"

/* a;b;c 5, a;b;d 4, a;b 5, e 6: total 20. Preorder with sorted children:
 * 0 root, 1 a, 2 b, 3 c, 4 d, 5 e. */
static KilnProfile *sample(void)
{
    static const char text[] = "a;b;c 5\na;b;d 4\na;b 5\ne 6\n";
    GError *err = NULL;
    KilnProfile *p = kiln_test_load_bytes(text, sizeof text - 1, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->n_nodes, ==, 6);
    g_assert_cmpstr(kiln_profile_node_name(p, 3), ==, "c");
    g_assert_cmpstr(kiln_profile_node_name(p, 5), ==, "e");
    return p;
}

static const KilnFlameRect *rect_of(const KilnFlameLayout *l, uint32_t node)
{
    return kiln_flame_layout_find(l, node);
}

static void test_viewport(void)
{
    g_autoptr(KilnProfile) p = sample();
    /* Scale 1 is the plain layout: a spans 14/20 of 200 px. */
    g_autoptr(KilnFlameLayout) l1 = kiln_flame_layout_new_viewport(p, 0, 0, 200, 1, 0, 0.5);
    g_assert_cmpfloat(rect_of(l1, 1)->x, ==, 0);
    g_assert_cmpfloat(rect_of(l1, 1)->w, ==, 140);
    g_assert_cmpfloat(rect_of(l1, 5)->x, ==, 140);
    g_assert_cmpfloat(rect_of(l1, 5)->w, ==, 60);
    g_assert_cmpuint(l1->rects->len, ==, 6);

    /* Scale 2, offset 200: the right half of a 400 px graph. a covers
     * [0, 280): its visible part is [200, 280) → [0, 80) in the view; c
     * ([0, 100)) is off screen and skipped; d is [100, 180): off screen. */
    g_autoptr(KilnFlameLayout) l2 = kiln_flame_layout_new_viewport(p, 0, 0, 200, 2, 200, 0.5);
    g_assert_cmpfloat(rect_of(l2, 1)->x, ==, 0);
    g_assert_cmpfloat(rect_of(l2, 1)->w, ==, 80);
    g_assert_null(rect_of(l2, 3));
    g_assert_null(rect_of(l2, 4));
    g_assert_cmpfloat(rect_of(l2, 5)->x, ==, 80);
    g_assert_cmpfloat(rect_of(l2, 5)->w, ==, 120);
    g_assert_cmpfloat(rect_of(l2, 0)->w, ==, 200);
    g_assert_cmpuint(l2->culled, ==, 2);

    /* Offsets past the end are clamped. */
    g_autoptr(KilnFlameLayout) l3 = kiln_flame_layout_new_viewport(p, 0, 0, 200, 2, 1e9, 0.5);
    g_assert_cmpfloat(rect_of(l3, 5)->x, ==, 80);
    g_assert_cmpfloat(kiln_flame_viewport_max_offset(200, 2), ==, 200);
    g_assert_cmpfloat(kiln_flame_viewport_max_offset(200, 0.5), ==, 0);

    /* Zooming around an anchor keeps the content under it in place. */
    double off = kiln_flame_viewport_zoom_offset(200, 1, 0, 2, 100);
    g_assert_cmpfloat(off, ==, 100);
    g_assert_cmpfloat(kiln_flame_viewport_zoom_offset(200, 2, 100, 1, 100), ==, 0);

    double x, w;
    g_assert_true(kiln_flame_viewport_node_extent(p, 0, 0, 400, 4, &x, &w));
    g_assert_cmpfloat(x, ==, 100);
    g_assert_cmpfloat(w, ==, 80);
    g_assert_true(kiln_flame_viewport_node_extent(p, 0, 2, 400, 1, &x, &w)); /* ancestor */
    g_assert_cmpfloat(x, ==, 0);
    g_assert_cmpfloat(w, ==, 400);
    g_assert_false(kiln_flame_viewport_node_extent(p, 0, 2, 400, 5, &x, &w)); /* not drawn */
}

static void test_nav(void)
{
    g_autoptr(KilnProfile) p = sample();
    /* Unzoomed. */
    g_assert_cmpuint(kiln_flame_nav_child(p, 0, 0, 0), ==, 1);  /* a 14 > e 6 */
    g_assert_cmpuint(kiln_flame_nav_child(p, 0, 0, 2), ==, 3);  /* c 5 > d 4 */
    g_assert_cmpuint(kiln_flame_nav_child(p, 0, 0, 3), ==, KILN_NO_NODE);
    g_assert_cmpuint(kiln_flame_nav_parent(p, 3), ==, 2);
    g_assert_cmpuint(kiln_flame_nav_parent(p, 0), ==, KILN_NO_NODE);
    g_assert_cmpuint(kiln_flame_nav_sibling(p, 0, 0, 1, 1), ==, 5);
    g_assert_cmpuint(kiln_flame_nav_sibling(p, 0, 0, 5, -1), ==, 1);
    g_assert_cmpuint(kiln_flame_nav_sibling(p, 0, 0, 5, 1), ==, KILN_NO_NODE);
    g_assert_cmpuint(kiln_flame_nav_sibling(p, 0, 0, 3, -1), ==, KILN_NO_NODE);
    g_assert_cmpuint(kiln_flame_nav_sibling(p, 0, 0, 0, 1), ==, KILN_NO_NODE);

    /* Zoomed into b: the root and a lead down the path to b, siblings of
     * b's ancestors are not drawn. */
    g_assert_cmpuint(kiln_flame_nav_child(p, 0, 2, 0), ==, 1);
    g_assert_cmpuint(kiln_flame_nav_child(p, 0, 2, 1), ==, 2);
    g_assert_cmpuint(kiln_flame_nav_sibling(p, 0, 2, 1, 1), ==, KILN_NO_NODE);
    g_assert_cmpuint(kiln_flame_nav_sibling(p, 0, 2, 3, 1), ==, 4);
    g_assert_true(kiln_flame_nav_visible(p, 0, 2, 0));
    g_assert_true(kiln_flame_nav_visible(p, 0, 2, 4));
    g_assert_false(kiln_flame_nav_visible(p, 0, 2, 5));
}

static void test_node_text(void)
{
    g_autoptr(KilnProfile) p = sample();
    KilnNodeInfo info;
    kiln_node_info(p, 0, 4, &info);
    g_assert_cmpstr(info.name, ==, "d");
    g_assert_null(info.module);
    g_assert_null(info.file);
    g_assert_null(info.kind);
    g_assert_cmpfloat(info.total, ==, 4);
    g_assert_cmpfloat(info.total_pct, ==, 20);
    g_assert_cmpfloat(info.self_pct, ==, 20);
    g_assert_cmpfloat_with_epsilon(info.parent_pct, 100.0 * 4 / 14, 1e-12);
    g_assert_cmpstr(info.total_text, ==, "4");
    kiln_node_info(p, 0, 0, &info);
    g_assert_cmpstr(info.name, ==, "all");
    g_assert_cmpfloat(info.total_pct, ==, 100);

    g_autofree char *stack = kiln_node_stack_text(p, 4);
    g_assert_cmpstr(stack, ==, "a\nb\nd\n");
    g_autofree char *root = kiln_node_stack_text(p, 0);
    g_assert_cmpstr(root, ==, "");

    /* Kernel frames say so; modules are shown when known (pprof). */
    static const char k[] = "main;do_syscall_[k] 3\n";
    GError *err = NULL;
    g_autoptr(KilnProfile) pk = kiln_test_load_bytes(k, sizeof k - 1, &err);
    g_assert_no_error(err);
    kiln_node_info(pk, 0, 2, &info);
    g_assert_cmpstr(info.name, ==, "do_syscall");
    g_assert_cmpstr(info.kind, ==, "kernel");
}

static void test_stats(void)
{
    g_autoptr(KilnProfile) p = sample();
    g_autoptr(KilnProfileStats) s = kiln_profile_stats_new(p, 0, 2);
    g_assert_cmpuint(s->n_functions, ==, 5);
    g_assert_cmpuint(s->n_stacks, ==, 4); /* c, d, b, e have self values */
    g_assert_cmpuint(s->n_top, ==, 2);
    g_assert_cmpstr(kiln_profile_string(p, s->top[0].name), ==, "e"); /* self 6 */
    g_assert_cmpfloat(s->top[0].self, ==, 6);
    /* b and c both have self 5: the tie goes to the larger total (b, 14). */
    g_assert_cmpstr(kiln_profile_string(p, s->top[1].name), ==, "b");
}

/* `kiln --version` and `kiln --help` answer without a display. */
static void test_command_line(void)
{
    const char *kiln = g_getenv("KILN_APP");
    if (!kiln) {
        g_test_skip("the app is not built (no GTK)");
        return;
    }
    char *out = NULL, *err = NULL;
    int status = -1;
    const char *version[] = {kiln, "--version", NULL};
    g_assert_true(g_spawn_sync(NULL, (char **)version, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, NULL));
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    g_assert_cmpstr(out, ==, "kiln " KILN_VERSION "\n");
    g_free(out);
    g_free(err);
    const char *help[] = {kiln, "--help", NULL};
    g_assert_true(g_spawn_sync(NULL, (char **)help, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, NULL));
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    g_assert_nonnull(strstr(out, "kiln [OPTION…] [FILE…]"));
    g_assert_nonnull(strstr(out, "--version"));
    g_free(out);
    g_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/app-engine/viewport", test_viewport);
    g_test_add_func("/app-engine/nav", test_nav);
    g_test_add_func("/app-engine/node-text", test_node_text);
    g_test_add_func("/app-engine/stats", test_stats);
    g_test_add_func("/app-engine/command-line", test_command_line);
    return g_test_run();
}
