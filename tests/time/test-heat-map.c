/* test-heat-map.c — KilnHeatMap on hand-made sample tables: bucket edges
 * in integer nanoseconds, cell spans, per-thread maps on the recording's
 * t0, value sums, FlameScope's selection, and refusals. Plus the painter:
 * hit-testing inverts the geometry, and a PNG/SVG is written.
 */
#include "analysis/kiln-heat-map.h"
#include "core/kiln-builder.h"
#include "render/kiln-heat-map-painter.h"

#include <stdio.h>

#define NS   1000000000ull
#define BASE 5000000000123ull /* an arbitrary, large t0 */

/* Samples at BASE + offsets[i], thread threads[i], value (i + 1) ns. */
static KilnProfile *make(const uint64_t *offsets, const uint32_t *threads, guint n)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "samples", "count");
    kiln_builder_add_sample_type(b, "cpu", "nanoseconds");
    uint32_t f = kiln_builder_frame_named(b, "main", 4, KILN_FRAME_NORMAL);
    uint32_t node = kiln_builder_child(b, KILN_ROOT_NODE, f);
    for (guint i = 0; i < n; i++) {
        double v[2] = {1, (double)(i + 1)};
        kiln_builder_record_sample(b, node, v, BASE + offsets[i], threads ? threads[i] : 7, 0);
    }
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    return p;
}

static void test_edges(void)
{
    /* With 3 rows, bucket 1 starts at ceil(1e9/3) = 333333334 ns and
     * bucket 2 at ceil(2e9/3) = 666666667 ns. */
    const uint64_t off[] = {0,         333333333, 333333334, 666666666,
                            666666667, 999999999, NS,        3 * NS + 500000000};
    g_autoptr(KilnProfile) p = make(off, NULL, G_N_ELEMENTS(off));
    KilnHeatMapOptions o;
    kiln_heat_map_options_init(&o);
    o.rows = 3;
    GError *err = NULL;
    g_autoptr(KilnHeatMap) m = kiln_heat_map_new(p, &o, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(kiln_heat_map_columns(m), ==, 4);
    g_assert_cmpuint(kiln_heat_map_rows(m), ==, 3);
    g_assert_cmpuint(kiln_heat_map_t0(m), ==, BASE);
    g_assert_cmpuint(kiln_heat_map_total(m), ==, 8);
    g_assert_cmpuint(kiln_heat_map_count(m, 0, 0), ==, 2);
    g_assert_cmpuint(kiln_heat_map_count(m, 0, 1), ==, 2);
    g_assert_cmpuint(kiln_heat_map_count(m, 0, 2), ==, 2);
    g_assert_cmpuint(kiln_heat_map_count(m, 1, 0), ==, 1);
    g_assert_cmpuint(kiln_heat_map_count(m, 2, 0), ==, 0);
    g_assert_cmpuint(kiln_heat_map_count(m, 3, 1), ==, 1);
    g_assert_cmpuint(kiln_heat_map_count(m, 9, 9), ==, 0); /* out of range */
    g_assert_cmpuint(kiln_heat_map_max_count(m), ==, 2);
    /* Values: samples 5 and 6 (values 5 + 6) are in cell (0, 2). */
    g_assert_cmpfloat(kiln_heat_map_value(m, 0, 2, 1), ==, 11.0);
    g_assert_cmpfloat(kiln_heat_map_value(m, 0, 2, 0), ==, 2.0);
    g_assert_cmpfloat(kiln_heat_map_max_value(m, 1), ==, 11.0);

    uint64_t s, e;
    kiln_heat_map_cell_span(m, 0, 1, &s, &e);
    g_assert_cmpuint(s, ==, 333333334);
    g_assert_cmpuint(e, ==, 666666667);
    kiln_heat_map_cell_span(m, 3, 2, &s, &e);
    g_assert_cmpuint(s, ==, 3 * NS + 666666667);
    g_assert_cmpuint(e, ==, 4 * NS);
    /* Every cell's span holds exactly the offsets that bin into it. */
    for (uint32_t r = 0; r < 3; r++) {
        uint32_t c, rr;
        kiln_heat_map_cell_span(m, 2, r, &s, &e);
        g_assert_true(kiln_heat_map_cell_at(m, s, &c, &rr));
        g_assert_cmpuint(c, ==, 2);
        g_assert_cmpuint(rr, ==, r);
        g_assert_true(kiln_heat_map_cell_at(m, e - 1, &c, &rr));
        g_assert_cmpuint(rr, ==, r);
    }
    uint32_t c, r;
    g_assert_false(kiln_heat_map_cell_at(m, 4 * NS, &c, &r));

    /* Selection from a later cell back to an earlier one: ordered. */
    kiln_heat_map_selection_span(m, 3, 0, 1, 2, &s, &e);
    g_assert_cmpuint(s, ==, NS + 666666667);
    g_assert_cmpuint(e, ==, 3 * NS + 333333334);
    kiln_heat_map_selection_span(m, 0, 0, 0, 0, &s, &e);
    g_assert_cmpuint(s, ==, 0);
    g_assert_cmpuint(e, ==, 333333334);
}

static void test_threads_and_origin(void)
{
    const uint64_t off[] = {0, 20000000, 1500000000, 2020000000};
    const uint32_t tid[] = {1, 2, 2, 1};
    g_autoptr(KilnProfile) p = make(off, tid, G_N_ELEMENTS(off));
    KilnHeatMapOptions o;
    kiln_heat_map_options_init(&o);
    o.one_thread = true;
    o.thread = 2;
    g_autoptr(KilnHeatMap) m = kiln_heat_map_new(p, &o, NULL);
    /* The recording's t0 (thread 1's first sample), its three seconds. */
    g_assert_cmpuint(kiln_heat_map_t0(m), ==, BASE);
    g_assert_cmpuint(kiln_heat_map_columns(m), ==, 3);
    g_assert_cmpuint(kiln_heat_map_total(m), ==, 2);
    g_assert_cmpuint(kiln_heat_map_count(m, 0, 1), ==, 1); /* 20 ms: bucket 1 of 50 */
    g_assert_cmpuint(kiln_heat_map_count(m, 1, 25), ==, 1);
    g_assert_cmpuint(kiln_heat_map_count(m, 0, 0), ==, 0);

    o.thread = 99;
    g_autoptr(KilnHeatMap) none = kiln_heat_map_new(p, &o, NULL);
    g_assert_cmpuint(kiln_heat_map_total(none), ==, 0);
    g_assert_cmpuint(kiln_heat_map_max_count(none), ==, 0);

    /* An origin before the first sample shifts every cell. */
    kiln_heat_map_options_init(&o);
    o.origin = BASE - 990000000;
    g_autoptr(KilnHeatMap) shifted = kiln_heat_map_new(p, &o, NULL);
    g_assert_cmpuint(kiln_heat_map_count(shifted, 0, 49), ==, 1);
    g_assert_cmpuint(kiln_heat_map_count(shifted, 1, 0), ==, 1);
    g_assert_cmpuint(kiln_heat_map_count(shifted, 3, 0), ==, 1);
}

static void test_refusals(void)
{
    g_autoptr(KilnProfile) p = make((const uint64_t[]){0}, NULL, 1);
    KilnHeatMapOptions o;
    kiln_heat_map_options_init(&o);
    GError *err = NULL;
    o.rows = 0;
    g_assert_null(kiln_heat_map_new(p, &o, &err));
    g_assert_error(err, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID);
    g_clear_error(&err);
    o.rows = KILN_HEAT_MAP_MAX_ROWS + 1;
    g_assert_null(kiln_heat_map_new(p, &o, &err));
    g_clear_error(&err);

    /* A day and more at 1000 rows is refused, not allocated. */
    const uint64_t far[] = {0, 30000ull * NS};
    g_autoptr(KilnProfile) longp = make(far, NULL, 2);
    o.rows = 1000;
    g_assert_null(kiln_heat_map_new(longp, &o, &err));
    g_assert_error(err, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID);
    g_assert_nonnull(strstr(err->message, "30001 seconds"));
    g_clear_error(&err);

    /* No times at all (pprof-like): the message says so. */
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "samples", "count");
    uint32_t f = kiln_builder_frame_named(b, "main", 4, KILN_FRAME_NORMAL);
    double v = 1;
    kiln_builder_record_sample(b, kiln_builder_child(b, KILN_ROOT_NODE, f), &v, 0, 0, 0);
    g_autoptr(KilnProfile) timeless = kiln_builder_finish(b);
    kiln_builder_free(b);
    g_assert_false(kiln_profile_has_sample_times(timeless));
    g_assert_true(kiln_profile_has_sample_times(p));
    kiln_heat_map_options_init(&o);
    g_assert_null(kiln_heat_map_new(timeless, &o, &err));
    g_assert_error(err, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID);
    g_assert_nonnull(strstr(err->message, "no sample times"));
    g_clear_error(&err);
    /* With an origin (a range of a recording that kept no times) it is an
     * empty map, not a crash. */
    o.origin = BASE;
    g_autoptr(KilnHeatMap) empty = kiln_heat_map_new(timeless, &o, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(kiln_heat_map_total(empty), ==, 0);
    g_assert_cmpuint(kiln_heat_map_columns(empty), ==, 1);
}

static void test_painter(void)
{
    const uint64_t off[] = {0, 10000000, 10000001, 2 * NS + 999999999};
    g_autoptr(KilnProfile) p = make(off, NULL, G_N_ELEMENTS(off));
    KilnHeatMapOptions o;
    kiln_heat_map_options_init(&o);
    g_autoptr(KilnHeatMap) m = kiln_heat_map_new(p, &o, NULL);
    KilnHeatMapStyle style;
    kiln_heat_map_style_init(&style);
    KilnHeatMapGeometry g;
    kiln_heat_map_geometry(m, &style, 800, 600, &g);
    g_assert_cmpuint(g.columns, ==, 3);
    g_assert_cmpuint(g.rows, ==, 50);
    for (uint32_t c = 0; c < 3; c++)
        for (uint32_t r = 0; r < 50; r += 7) {
            uint32_t hc, hr;
            double x = g.plot_x + (c + 0.5) * g.cell_w, y = g.plot_y + (r + 0.5) * g.cell_h;
            g_assert_true(kiln_heat_map_hit(&g, x, y, false, &hc, &hr));
            g_assert_cmpuint(hc, ==, c);
            g_assert_cmpuint(hr, ==, r);
        }
    uint32_t hc, hr;
    g_assert_false(kiln_heat_map_hit(&g, 1, 1, false, &hc, &hr));
    g_assert_true(kiln_heat_map_hit(&g, 10000, 10000, true, &hc, &hr));
    g_assert_cmpuint(hc, ==, 2);
    g_assert_cmpuint(hr, ==, 49);

    /* The ramp rises in lightness with the count on a dark background and
     * falls on a light one. */
    double last_dark = -1, last_light = 2;
    for (int i = 0; i <= 10; i++) {
        double ld = kiln_palette_luminance(kiln_heat_map_color(i / 10.0, true));
        double ll = kiln_palette_luminance(kiln_heat_map_color(i / 10.0, false));
        g_assert_cmpfloat(ld, >, last_dark);
        g_assert_cmpfloat(ll, <, last_light);
        last_dark = ld;
        last_light = ll;
    }

    /* Both image formats write something recognisable. */
    for (int dark = 0; dark < 2; dark++) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        style.dark = dark;
        style.title = "test";
        style.sel_start = 0;
        style.sel_end = NS;
        GError *err = NULL;
        g_assert_true(kiln_heat_map_export(m, &style, KILN_HEAT_MAP_IMAGE_PNG, 400, 300, f, &err));
        g_assert_no_error(err);
        fclose(f);
        g_assert_cmpuint(size, >, 100);
        g_assert_cmpint(memcmp(buf, "\x89PNG", 4), ==, 0);
        free(buf);
        f = open_memstream(&buf, &size);
        g_assert_true(kiln_heat_map_export(m, &style, KILN_HEAT_MAP_IMAGE_SVG, 0, 0, f, &err));
        fclose(f);
        g_assert_nonnull(strstr(buf, "<svg"));
        free(buf);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/time/heat-map/edges", test_edges);
    g_test_add_func("/time/heat-map/threads-origin", test_threads_and_origin);
    g_test_add_func("/time/heat-map/refusals", test_refusals);
    g_test_add_func("/time/heat-map/painter", test_painter);
    return g_test_run();
}
