/* bench-app-redraw.c — how long KilnFlameView takes to redraw after a
 * zoom on a call tree of a million nodes (default; argv[1] overrides):
 * layout + paint at 1280×740 (the graph area of a 1280×800 window), as the
 * widget's snapshot does it, for click zooms down the hottest path, Back,
 * reset, Ctrl+wheel magnification and panning. Prints the times; exits 1
 * when the slowest redraw exceeds 16 ms, so tests/app/bench-app.sh can
 * report pass or fail. Needs a display (the widget is a GtkWidget). */
#include <stdlib.h>

#include "app-bench-util.h"
#include "kiln-flame-view.h"
#include "render/kiln-flame-nav.h"

#define W 1280
#define H 740

static cairo_t *cr;
static double worst_ms, sum_ms, worst_cpu_ms;
static int n_redraws;

static void redraw(KilnFlameView *view, const char *what)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    gint64 layout0 = kiln_flame_view_get_last_layout_usec(view);
    gint64 c0 = app_thread_cpu_usec();
    gint64 t0 = g_get_monotonic_time();
    kiln_flame_view_paint(view, cr, W, H);
    cairo_surface_flush(cairo_get_target(cr));
    double ms = (g_get_monotonic_time() - t0) / 1e3;
    double cpu_ms = (app_thread_cpu_usec() - c0) / 1e3;
    gint64 layout = kiln_flame_view_get_last_layout_usec(view);
    printf("  %-30s %6.2f ms wall, %6.2f ms CPU (layout %5.2f, paint %5.2f)\n", what, ms, cpu_ms,
           layout != layout0 ? layout / 1e3 : 0.0, kiln_flame_view_get_last_paint_usec(view) / 1e3);
    worst_cpu_ms = MAX(worst_cpu_ms, cpu_ms);
    worst_ms = MAX(worst_ms, ms);
    sum_ms += ms;
    n_redraws++;
}

int main(int argc, char **argv)
{
    uint32_t want = argc > 1 ? (uint32_t)atoi(argv[1]) : 1000000;
    if (!gtk_init_check()) {
        fprintf(stderr, "no display\n");
        return 77;
    }
    gint64 t0 = g_get_monotonic_time();
    KilnProfile *p = app_make_tree(want);
    printf("tree: %u nodes (built in %.0f ms), redraws at %dx%d:\n", p->n_nodes,
           (g_get_monotonic_time() - t0) / 1e3, W, H);

    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    cr = cairo_create(surface);
    KilnFlameView *view = KILN_FLAME_VIEW(g_object_ref_sink(kiln_flame_view_new()));
    kiln_flame_view_set_profile(view, p);
    redraw(view, "first draw (root)");
    redraw(view, "hover repaint (no relayout)");

    /* Click zooms down the widest path, as a user drilling in would. */
    uint32_t node = KILN_ROOT_NODE;
    for (int level = 1; level <= 8; level++) {
        node = kiln_flame_nav_child(p, 0, KILN_ROOT_NODE, node);
        if (node == KILN_NO_NODE)
            break;
        kiln_flame_view_zoom_to(view, node);
        char what[64];
        g_snprintf(what, sizeof what, "zoom into depth %d", level);
        redraw(view, what);
    }
    kiln_flame_view_go_back(view);
    redraw(view, "back");
    kiln_flame_view_reset(view);
    redraw(view, "reset (Home)");
    for (int i = 1; i <= 4; i++) {
        kiln_flame_view_zoom_by(view, 4, W / 3.0);
        char what[64];
        g_snprintf(what, sizeof what, "ctrl+wheel magnify x%.0f", kiln_flame_view_get_scale(view));
        redraw(view, what);
    }
    kiln_flame_view_pan_by(view, 5000);
    redraw(view, "pan 5000 px");
    printf("slowest redraw %.2f ms wall (%.2f ms CPU), mean %.2f ms wall over %d redraws "
           "(budget 16 ms)\n", worst_ms, worst_cpu_ms, sum_ms / n_redraws, n_redraws);

    g_object_unref(view);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    kiln_profile_unref(p);
    return worst_cpu_ms <= 16 ? 0 : 1;
}
