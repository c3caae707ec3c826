/* heat-map-bench.c — milliseconds to compute the heat map (issue 13: at
 * most 150 ms on the 1.35M-sample perf.data of bench/perf-bench.sh), for
 * the whole recording and for its busiest thread.
 *
 * Then "a selected range becomes a flame graph" (target 300 ms): the derive
 * engine's time range step over the middle tenth of the recording, and the
 * flame layout of the result at 1920 px.
 *
 * And a drag's redraw (target 16 ms): the map painted at 1280 x 560 with a
 * selection, and the timeline's density, one KilnTimeIndex range count per
 * 2 px slice of every lane at 1100 px.
 *
 * usage: heat-map-bench FILE [ROUNDS]
 * The file is loaded once without symbols (not timed); each round builds
 * the map from scratch; the best and the median round are printed.
 */
#include "analysis/kiln-heat-map.h"
#include "analysis/kiln-transform.h"
#include "formats/kiln-loader.h"
#include "core/kiln-time-index.h"
#include "render/kiln-flame-layout.h"
#include "render/kiln-heat-map-painter.h"

#include <stdio.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void run(const KilnProfile *p, const KilnHeatMapOptions *o, int rounds, const char *what)
{
    double *ms = g_new(double, rounds);
    uint64_t total = 0;
    for (int r = 0; r < rounds; r++) {
        gint64 start = g_get_monotonic_time();
        GError *err = NULL;
        KilnHeatMap *m = kiln_heat_map_new(p, o, &err);
        ms[r] = (double)(g_get_monotonic_time() - start) / 1000.0;
        if (!m) {
            fprintf(stderr, "heat-map-bench: %s\n", err->message);
            exit(1);
        }
        total = kiln_heat_map_total(m);
        kiln_heat_map_free(m);
    }
    qsort(ms, (size_t)rounds, sizeof *ms, cmp_double);
    printf("%-22s %8" G_GUINT64_FORMAT " samples  best %7.2f ms  median %7.2f ms\n", what, total,
           ms[0], ms[rounds / 2]);
    g_free(ms);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: heat-map-bench FILE [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 10;
    if (rounds < 1)
        rounds = 1;
    KilnLoadOptions lo;
    kiln_load_options_init(&lo);
    lo.no_symbols = TRUE;
    GError *err = NULL;
    gint64 start = g_get_monotonic_time();
    KilnProfile *p = kiln_load_file(argv[1], &lo, NULL, NULL, NULL, &err);
    if (!p) {
        fprintf(stderr, "heat-map-bench: %s\n", err->message);
        return 1;
    }
    printf("loaded %" G_GUINT64_FORMAT " samples in %.0f ms (not counted)\n", p->n_samples,
           (double)(g_get_monotonic_time() - start) / 1000.0);

    KilnHeatMapOptions o;
    kiln_heat_map_options_init(&o);
    run(p, &o, rounds, "whole recording");

    /* The busiest thread: the per-thread map still reads every row. */
    GHashTable *counts = g_hash_table_new(NULL, NULL);
    uint32_t best = 0, best_n = 0;
    for (uint64_t i = 0; p->sample_thread && i < p->n_samples; i++) {
        gpointer key = GUINT_TO_POINTER(p->sample_thread[i]);
        uint32_t n = GPOINTER_TO_UINT(g_hash_table_lookup(counts, key)) + 1;
        g_hash_table_insert(counts, key, GUINT_TO_POINTER(n));
        if (n > best_n) {
            best_n = n;
            best = p->sample_thread[i];
        }
    }
    g_hash_table_unref(counts);
    o.one_thread = true;
    o.thread = best;
    run(p, &o, rounds, "busiest thread");

    o.one_thread = false;
    KilnHeatMap *m = kiln_heat_map_new(p, &o, NULL);
    uint64_t t0 = kiln_heat_map_t0(m), span = kiln_heat_map_t_last(m) - t0;
    kiln_heat_map_free(m);
    double *ms = g_new(double, rounds);
    uint32_t nodes = 0;
    for (int r = 0; r < rounds; r++) {
        gint64 begin = g_get_monotonic_time();
        KilnTransform *tr = kiln_transform_new_time_range(t0 + span / 2, t0 + span / 2 + span / 10);
        KilnProfile *d = kiln_transform_apply(tr, p, NULL, NULL, NULL);
        KilnFlameLayout *l = kiln_flame_layout_new(d, d->default_type, KILN_ROOT_NODE, 1920, 0.5);
        ms[r] = (double)(g_get_monotonic_time() - begin) / 1000.0;
        nodes = d->n_nodes;
        kiln_flame_layout_free(l);
        kiln_profile_unref(d);
        kiln_transform_unref(tr);
    }
    qsort(ms, (size_t)rounds, sizeof *ms, cmp_double);
    printf("range -> flame graph   %8u nodes    best %7.2f ms  median %7.2f ms\n", nodes, ms[0],
           ms[rounds / 2]);
    g_free(ms);

    m = kiln_heat_map_new(p, &o, NULL);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1280, 560);
    KilnHeatMapStyle style;
    kiln_heat_map_style_init(&style);
    ms = g_new(double, rounds);
    for (int r = 0; r < rounds; r++) {
        style.sel_start = (uint64_t)r * 100000000u;
        style.sel_end = style.sel_start + span / 3;
        style.has_hover = true;
        style.hover_column = (uint32_t)r % kiln_heat_map_columns(m);
        cairo_t *cr = cairo_create(surface);
        gint64 begin = g_get_monotonic_time();
        kiln_heat_map_paint(cr, m, &style, 1280, 560);
        cairo_surface_flush(surface);
        ms[r] = (double)(g_get_monotonic_time() - begin) / 1000.0;
        cairo_destroy(cr);
    }
    qsort(ms, (size_t)rounds, sizeof *ms, cmp_double);
    printf("heat map redraw        %8u cells    best %7.2f ms  median %7.2f ms\n",
           kiln_heat_map_columns(m) * kiln_heat_map_rows(m), ms[0], ms[rounds / 2]);
    cairo_surface_destroy(surface);
    kiln_heat_map_free(m);

    gint64 begin = g_get_monotonic_time();
    KilnTimeIndex *index = kiln_time_index_new(p, NULL);
    double build_ms = (double)(g_get_monotonic_time() - begin) / 1000.0;
    uint32_t lanes = kiln_time_index_n_threads(index), slices = 1100 / 2;
    for (int r = 0; r < rounds; r++) {
        begin = g_get_monotonic_time();
        uint64_t sum = 0;
        for (uint32_t l = 0; l < lanes; l++)
            for (uint32_t sl = 0; sl < slices; sl++)
                sum +=
                    kiln_time_index_thread_range(index, l, t0 + (span + 1) * sl / slices,
                                                 t0 + (span + 1) * (sl + 1) / slices, NULL, NULL);
        ms[r] = (double)(g_get_monotonic_time() - begin) / 1000.0;
        if (sum != kiln_time_index_n_samples(index) && r == 0)
            fprintf(stderr, "heat-map-bench: the slices count %" G_GUINT64_FORMAT "\n", sum);
    }
    qsort(ms, (size_t)rounds, sizeof *ms, cmp_double);
    printf("timeline density       %8u lanes    best %7.2f ms  median %7.2f ms (index built "
           "once in %.0f ms)\n",
           lanes, ms[0], ms[rounds / 2], build_ms);
    g_free(ms);
    kiln_time_index_free(index);
    kiln_profile_unref(p);
    return 0;
}
