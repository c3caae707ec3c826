/* test-layout.c — flame layout geometry: widths proportional to values,
 * children inside parents, culling below a pixel, zoom, hit-testing. */
#include "kiln-test-util.h"
#include "render/kiln-flame-layout.h"
#include "render/kiln-flame-painter.h"

#include <math.h>
#include <string.h>

static KilnProfile *load(const char *text)
{
    GError *err = NULL;
    KilnProfile *p = kiln_test_load_bytes(text, strlen(text), &err);
    g_assert_no_error(err);
    return p;
}

static const KilnFlameRect *rect_named(const KilnFlameLayout *l, const char *name, uint32_t row)
{
    for (guint i = 0; i < l->rects->len; i++) {
        const KilnFlameRect *r = &g_array_index(l->rects, KilnFlameRect, i);
        if (r->row == row && strcmp(kiln_profile_node_name(l->profile, r->node), name) == 0)
            return r;
    }
    return NULL;
}

static void test_proportional(void)
{
    g_autoptr(KilnProfile) p = load("a;b 30\na;c 10\nd 60\n");
    g_autoptr(KilnFlameLayout) l = kiln_flame_layout_new(p, 0, KILN_ROOT_NODE, 1000, 1);
    g_assert_cmpuint(l->rects->len, ==, 5);
    g_assert_cmpuint(l->n_rows, ==, 3);
    const KilnFlameRect *a = rect_named(l, "a", 1), *b = rect_named(l, "b", 2),
                        *c = rect_named(l, "c", 2), *d = rect_named(l, "d", 1);
    g_assert_cmpfloat_with_epsilon(a->x, 0, 1e-9);
    g_assert_cmpfloat_with_epsilon(a->w, 400, 1e-9);
    g_assert_cmpfloat_with_epsilon(b->x, 0, 1e-9);
    g_assert_cmpfloat_with_epsilon(b->w, 300, 1e-9);
    g_assert_cmpfloat_with_epsilon(c->x, 300, 1e-9);
    g_assert_cmpfloat_with_epsilon(c->w, 100, 1e-9);
    g_assert_cmpfloat_with_epsilon(d->x, 400, 1e-9);
    g_assert_cmpfloat_with_epsilon(d->w, 600, 1e-9);
}

/* On a big corpus profile: every rect lies within its parent's rect and
 * the children's widths add up to at most the parent's. */
static void test_children_within_parents(void)
{
    g_autofree char *path = kiln_test_corpus_path("folded/inferno/flamegraph/base/flames.txt");
    if (!path)
        return;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autoptr(KilnFlameLayout) l = kiln_flame_layout_new(p, 0, KILN_ROOT_NODE, 1920, 0.0);
    /* with no culling, every node with a value is laid out */
    g_assert_cmpuint(l->culled, ==, 0);
    GHashTable *by_node = g_hash_table_new(NULL, NULL);
    for (guint i = 0; i < l->rects->len; i++) {
        KilnFlameRect *r = &g_array_index(l->rects, KilnFlameRect, i);
        g_hash_table_insert(by_node, GUINT_TO_POINTER(r->node + 1), r);
    }
    double *child_sum = g_new0(double, p->n_nodes);
    for (guint i = 0; i < l->rects->len; i++) {
        KilnFlameRect *r = &g_array_index(l->rects, KilnFlameRect, i);
        double want = 1920.0 * kiln_profile_total(p, 0, r->node) / kiln_profile_total(p, 0, 0);
        g_assert_cmpfloat(fabs(r->w - want), <, 1e-6);
        if (r->node == KILN_ROOT_NODE)
            continue;
        KilnFlameRect *pr = g_hash_table_lookup(by_node, GUINT_TO_POINTER(p->nodes[r->node].parent + 1));
        g_assert_nonnull(pr);
        g_assert_cmpuint(pr->row + 1, ==, r->row);
        g_assert_cmpfloat(r->x, >=, pr->x - 1e-6);
        g_assert_cmpfloat(r->x + r->w, <=, pr->x + pr->w + 1e-6);
        child_sum[p->nodes[r->node].parent] += r->w;
    }
    for (guint i = 0; i < l->rects->len; i++) {
        KilnFlameRect *r = &g_array_index(l->rects, KilnFlameRect, i);
        g_assert_cmpfloat(child_sum[r->node], <=, r->w + 1e-6);
    }
    g_free(child_sum);
    g_hash_table_unref(by_node);
}

static void test_culling(void)
{
    /* One wide stack and 5000 one-sample stacks: at 1000 px, each narrow
     * stack is 1000/(1e6+5000) px wide and must be culled with its whole
     * subtree in one step. */
    GString *s = g_string_new("hot;path 1000000\n");
    for (int i = 0; i < 5000; i++)
        g_string_append_printf(s, "cold%d;deep;deeper 1\n", i);
    g_autoptr(KilnProfile) p = load(s->str);
    g_string_free(s, TRUE);
    g_autoptr(KilnFlameLayout) l = kiln_flame_layout_new(p, 0, KILN_ROOT_NODE, 1000, 1.0);
    g_assert_cmpuint(l->rects->len, ==, 3); /* all, hot, path */
    g_assert_cmpuint(l->culled, ==, 5000);
    g_assert_cmpuint(l->n_rows, ==, 3);
    for (guint i = 0; i < l->rects->len; i++)
        g_assert_cmpfloat(g_array_index(l->rects, KilnFlameRect, i).w, >=, 1.0);
}

static void test_zoom_and_hit(void)
{
    g_autoptr(KilnProfile) p = load("a;b 30\na;c 10\nd 60\n");
    uint32_t a = 1; /* preorder: all, a, b, c, d */
    g_assert_cmpstr(kiln_profile_node_name(p, a), ==, "a");
    g_autoptr(KilnFlameLayout) l = kiln_flame_layout_new(p, 0, a, 800, 1);
    /* ancestors and the zoomed node span the width; d is not shown */
    g_assert_cmpuint(l->rects->len, ==, 4);
    const KilnFlameRect *b = rect_named(l, "b", 2);
    g_assert_cmpfloat_with_epsilon(b->w, 600, 1e-9);
    g_assert_null(rect_named(l, "d", 1));
    const KilnFlameRect *hit = kiln_flame_layout_hit(l, 650, 2);
    g_assert_nonnull(hit);
    g_assert_cmpstr(kiln_profile_node_name(p, hit->node), ==, "c");
    g_assert_null(kiln_flame_layout_hit(l, 650, 3));
    g_assert_true(kiln_flame_layout_find(l, a) != NULL);

    KilnFlameStyle st;
    kiln_flame_style_init(&st);
    st.row_height = 20;
    /* flame: row 0 at the bottom of a 100 px view; icicle: at the top */
    g_assert_cmpfloat(kiln_flame_row_y(l, &st, 100, 0), ==, 80);
    g_assert_cmpint(kiln_flame_row_at(l, &st, 100, 85), ==, 0);
    g_assert_cmpint(kiln_flame_row_at(l, &st, 100, 45), ==, 2);
    st.icicle = true;
    g_assert_cmpfloat(kiln_flame_row_y(l, &st, 100, 0), ==, 0);
    g_assert_cmpint(kiln_flame_row_at(l, &st, 100, 45), ==, 2);
    g_assert_cmpint(kiln_flame_row_at(l, &st, 100, 95), ==, -1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/layout/proportional", test_proportional);
    g_test_add_func("/layout/children-within-parents", test_children_within_parents);
    g_test_add_func("/layout/culling", test_culling);
    g_test_add_func("/layout/zoom-and-hit", test_zoom_and_hit);
    return g_test_run();
}
