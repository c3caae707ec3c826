/* test-locations.c — frames as locations: address and inline depth in the
 * interning key and the sibling order, granularity names and projection,
 * the builder projecting at its granularity, and finish_mapped()'s map. */
#include "core/kiln-builder.h"
#include "core/kiln-frame.h"
#include "core/kiln-granularity.h"

#include <glib.h>
#include <string.h>

static uint32_t str(KilnBuilder *b, const char *s)
{
    return kiln_builder_intern(b, s, strlen(s));
}

static void test_granularity_names(void)
{
    KilnGranularity g = KILN_GRANULARITY_N;
    g_assert_cmpstr(kiln_granularity_name(KILN_GRANULARITY_FUNCTIONS), ==, "functions");
    g_assert_cmpstr(kiln_granularity_name(KILN_GRANULARITY_LINES), ==, "lines");
    g_assert_cmpstr(kiln_granularity_name(KILN_GRANULARITY_ADDRESSES), ==, "addresses");
    g_assert_cmpstr(kiln_granularity_name((KilnGranularity)99), ==, "functions");
    g_assert_true(kiln_granularity_parse("lines", &g));
    g_assert_cmpint(g, ==, KILN_GRANULARITY_LINES);
    g_assert_true(kiln_granularity_parse("addresses", &g));
    g_assert_cmpint(g, ==, KILN_GRANULARITY_ADDRESSES);
    g_assert_true(kiln_granularity_parse("functions", &g));
    g_assert_cmpint(g, ==, KILN_GRANULARITY_FUNCTIONS);
    g_assert_false(kiln_granularity_parse("Lines", &g));
    g_assert_false(kiln_granularity_parse("", &g));
    g_assert_false(kiln_granularity_parse(NULL, &g));
    g_assert_cmpint(g, ==, KILN_GRANULARITY_FUNCTIONS);
}

static void test_project(void)
{
    const KilnFrame f = {.name = 3,
                         .module = 4,
                         .file = 5,
                         .line = 42,
                         .kind = KILN_FRAME_INLINED,
                         .inline_depth = 2,
                         .address = 0x401000};
    KilnFrame o;
    kiln_frame_project(&f, KILN_GRANULARITY_FUNCTIONS, &o);
    g_assert_cmpuint(o.name, ==, 3);
    g_assert_cmpuint(o.module, ==, 4);
    g_assert_cmpuint(o.file, ==, 5);
    g_assert_cmpuint(o.kind, ==, KILN_FRAME_INLINED);
    g_assert_cmpuint(o.line, ==, 0);
    g_assert_cmpuint(o.inline_depth, ==, 0);
    g_assert_cmpuint(o.address, ==, 0);
    kiln_frame_project(&f, KILN_GRANULARITY_LINES, &o);
    g_assert_cmpuint(o.line, ==, 42);
    g_assert_cmpuint(o.inline_depth, ==, 2);
    g_assert_cmpuint(o.address, ==, 0);
    kiln_frame_project(&f, KILN_GRANULARITY_ADDRESSES, &o);
    g_assert_true(memcmp(&o, &f, sizeof f) == 0);
    /* In place. */
    o = f;
    kiln_frame_project(&o, KILN_GRANULARITY_LINES, &o);
    g_assert_cmpuint(o.address, ==, 0);
    g_assert_cmpuint(o.line, ==, 42);
}

/* Two addresses of one line, one inlined copy, one other line, all called
 * from main: five distinct locations. */
static KilnProfile *location_profile(KilnGranularity g, uint32_t **map, uint32_t leaves[5])
{
    KilnBuilder *b = kiln_builder_new(NULL);
    if (g != KILN_GRANULARITY_ADDRESSES)
        kiln_builder_set_granularity(b, g);
    g_assert_cmpint(kiln_builder_granularity(b), ==, g);
    uint32_t fn = str(b, "f"), mod = str(b, "a.out"), file = str(b, "f.c");
    uint32_t main_f =
        kiln_builder_location(b, str(b, "main"), mod, file, 3, 0x1000, 0, KILN_FRAME_NORMAL);
    /* Fed out of order: finish sorts siblings by address, then inline depth. */
    uint32_t locs[5] = {
        kiln_builder_location(b, fn, mod, file, 10, 0x2008, 0, KILN_FRAME_NORMAL),
        kiln_builder_location(b, fn, mod, file, 10, 0x2004, 0, KILN_FRAME_NORMAL),
        kiln_builder_location(b, fn, mod, file, 10, 0x2004, 1, KILN_FRAME_NORMAL),
        kiln_builder_location(b, fn, mod, file, 12, 0x2010, 0, KILN_FRAME_NORMAL),
        kiln_builder_location(b, fn, mod, file, 10, 0x2008, 0, KILN_FRAME_NORMAL),
    };
    for (int i = 0; i < 5; i++) {
        uint32_t stack[2] = {main_f, locs[i]};
        leaves[i] = kiln_builder_stack(b, stack, 2, false);
        kiln_builder_add_value(b, leaves[i], 0, (double)(1u << i));
    }
    KilnProfile *p = kiln_builder_finish_mapped(b, map);
    kiln_builder_free(b);
    return p;
}

static void test_addresses(void)
{
    uint32_t *map = NULL, leaves[5];
    g_autoptr(KilnProfile) p = location_profile(KILN_GRANULARITY_ADDRESSES, &map, leaves);
    g_assert_cmpint(p->granularity, ==, KILN_GRANULARITY_ADDRESSES);
    /* main + four distinct leaves (the last location repeats the first). */
    g_assert_cmpuint(p->n_frames, ==, 5);
    g_assert_cmpuint(p->n_nodes, ==, 6);
    g_assert_cmpuint(leaves[4], ==, leaves[0]);
    /* Preorder under main: line 10 before 12, then address, then depth. */
    const uint32_t lines[] = {10, 10, 10, 12};
    const uint64_t addrs[] = {0x2004, 0x2004, 0x2008, 0x2010};
    const uint32_t depths[] = {0, 1, 0, 0};
    const double totals[] = {2, 4, 1 + 16, 8};
    for (uint32_t i = 0; i < 4; i++) {
        const KilnFrame *f = kiln_profile_node_frame(p, 2 + i);
        g_assert_cmpuint(p->nodes[2 + i].parent, ==, 1);
        g_assert_cmpuint(f->line, ==, lines[i]);
        g_assert_cmpuint(f->address, ==, addrs[i]);
        g_assert_cmpuint(f->inline_depth, ==, depths[i]);
        g_assert_cmpfloat(kiln_profile_total(p, 0, 2 + i), ==, totals[i]);
    }
    g_assert_cmpuint(kiln_profile_node_frame(p, 1)->address, ==, 0x1000);
    /* The map: build ids 0 (root), 1 (main), then the leaves in creation order. */
    g_assert_cmpuint(map[0], ==, 0);
    g_assert_cmpuint(map[1], ==, 1);
    g_assert_cmpuint(map[leaves[0]], ==, 4);
    g_assert_cmpuint(map[leaves[1]], ==, 2);
    g_assert_cmpuint(map[leaves[2]], ==, 3);
    g_assert_cmpuint(map[leaves[3]], ==, 5);
    g_free(map);
}

static void test_lines(void)
{
    uint32_t *map = NULL, leaves[5];
    g_autoptr(KilnProfile) p = location_profile(KILN_GRANULARITY_LINES, &map, leaves);
    g_assert_cmpint(p->granularity, ==, KILN_GRANULARITY_LINES);
    /* Addresses dropped: f.c:10, f.c:10 inlined at depth 1, f.c:12. */
    g_assert_cmpuint(p->n_nodes, ==, 5);
    g_assert_cmpuint(kiln_profile_node_frame(p, 2)->line, ==, 10);
    g_assert_cmpuint(kiln_profile_node_frame(p, 2)->inline_depth, ==, 0);
    g_assert_cmpfloat(kiln_profile_total(p, 0, 2), ==, 1 + 2 + 16);
    g_assert_cmpuint(kiln_profile_node_frame(p, 3)->inline_depth, ==, 1);
    g_assert_cmpfloat(kiln_profile_total(p, 0, 3), ==, 4);
    g_assert_cmpuint(kiln_profile_node_frame(p, 4)->line, ==, 12);
    for (uint32_t i = 1; i < p->n_nodes; i++)
        g_assert_cmpuint(kiln_profile_node_frame(p, i)->address, ==, 0);
    g_assert_cmpuint(map[leaves[0]], ==, 2);
    g_assert_cmpuint(map[leaves[1]], ==, 2);
    g_assert_cmpuint(map[leaves[2]], ==, 3);
    g_assert_cmpuint(map[leaves[3]], ==, 4);
    g_free(map);
}

static void test_functions(void)
{
    uint32_t *map = NULL, leaves[5];
    g_autoptr(KilnProfile) p = location_profile(KILN_GRANULARITY_FUNCTIONS, &map, leaves);
    g_assert_cmpint(p->granularity, ==, KILN_GRANULARITY_FUNCTIONS);
    /* One function f under main. */
    g_assert_cmpuint(p->n_nodes, ==, 3);
    g_assert_cmpuint(p->n_frames, ==, 2);
    const KilnFrame *f = kiln_profile_node_frame(p, 2);
    g_assert_cmpstr(kiln_profile_node_name(p, 2), ==, "f");
    g_assert_cmpstr(kiln_profile_string(p, f->file), ==, "f.c");
    g_assert_cmpuint(f->line, ==, 0);
    g_assert_cmpuint(f->address, ==, 0);
    g_assert_cmpfloat(kiln_profile_total(p, 0, 2), ==, 31);
    g_assert_cmpfloat(kiln_profile_total(p, 0, 0), ==, 31);
    for (int i = 0; i < 5; i++)
        g_assert_cmpuint(map[leaves[i]], ==, 2);
    g_free(map);
}

static void test_frame_shorthand(void)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    uint32_t n = str(b, "g");
    uint32_t a = kiln_builder_frame(b, n, 0, 0, 7, KILN_FRAME_NORMAL);
    g_assert_cmpuint(kiln_builder_location(b, n, 0, 0, 7, 0, 0, KILN_FRAME_NORMAL), ==, a);
    g_assert_cmpuint(kiln_builder_location(b, n, 0, 0, 7, 1, 0, KILN_FRAME_NORMAL), !=, a);
    g_assert_cmpuint(kiln_builder_location(b, n, 0, 0, 7, 0, 1, KILN_FRAME_NORMAL), !=, a);
    g_assert_cmpuint(kiln_builder_location(b, n, 0, 0, 7, 0, 0, KILN_FRAME_INLINED), !=, a);
    /* Granularity cannot change once frames exist. */
    if (g_test_undefined()) {
        g_test_expect_message(G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*frames->len == 0*");
        kiln_builder_set_granularity(b, KILN_GRANULARITY_FUNCTIONS);
        g_test_assert_expected_messages();
        g_assert_cmpint(kiln_builder_granularity(b), ==, KILN_GRANULARITY_ADDRESSES);
    }
    uint32_t *map = NULL;
    g_autoptr(KilnProfile) p = kiln_builder_finish_mapped(b, &map);
    g_assert_cmpuint(p->n_nodes, ==, 1);
    g_assert_cmpuint(map[0], ==, 0);
    g_free(map);
    kiln_builder_free(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/locations/granularity-names", test_granularity_names);
    g_test_add_func("/locations/project", test_project);
    g_test_add_func("/locations/addresses", test_addresses);
    g_test_add_func("/locations/lines", test_lines);
    g_test_add_func("/locations/functions", test_functions);
    g_test_add_func("/locations/frame-shorthand", test_frame_shorthand);
    return g_test_run();
}
