/* render-bench.c — milliseconds per 1920×1080 frame (layout + paint) of a
 * flame graph of a call tree with about a million nodes.
 *
 * usage: render-bench [NODES] [FRAMES]
 */
#include "core/kiln-builder.h"
#include "render/kiln-flame-layout.h"
#include "render/kiln-flame-painter.h"

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A realistic shape: a few hot paths with long tails of rare stacks,
 * random fan-out, depth up to 60. */
static KilnProfile *make_tree(uint32_t want_nodes)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "samples", "count");
    uint32_t frames[4096];
    for (int f = 0; f < 4096; f++) {
        char name[64];
        g_snprintf(name, sizeof name, "module%d::function_%d", f % 37, f);
        frames[f] = kiln_builder_frame_named(b, name, strlen(name), KILN_FRAME_NORMAL);
    }
    /* Hot, structured stacks that carry most of the weight (what a user
     * sees), then a long tail of rare random stacks up to the node count
     * (what the renderer must skip cheaply). */
    for (int i = 0; i < 4000; i++) {
        uint32_t node = KILN_ROOT_NODE;
        int depth = 3 + (int)(next() % 40);
        for (int d = 0; d < depth; d++)
            node = kiln_builder_child(b, node, frames[(next() % 6) + (uint32_t)d * 11]);
        double v = (double)(200 + next() % 2000);
        kiln_builder_add_values(b, node, &v);
    }
    while (kiln_builder_n_nodes(b) < want_nodes) {
        uint32_t node = KILN_ROOT_NODE;
        int depth = 5 + (int)(next() % 56);
        for (int d = 0; d < depth; d++)
            node = kiln_builder_child(b, node, frames[next() % 4096]);
        double v = 1;
        kiln_builder_add_values(b, node, &v);
    }
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    return p;
}

int main(int argc, char **argv)
{
    uint32_t nodes = argc > 1 ? (uint32_t)atoi(argv[1]) : 1000000;
    int frames = argc > 2 ? atoi(argv[2]) : 50;
    gint64 t0 = g_get_monotonic_time();
    KilnProfile *p = make_tree(nodes);
    gint64 t1 = g_get_monotonic_time();
    printf("tree: %u nodes, built in %.0f ms\n", p->n_nodes, (t1 - t0) / 1000.0);

    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1920, 1080);
    cairo_t *cr = cairo_create(s);
    KilnFlameStyle style;
    kiln_flame_style_init(&style);
    double worst = 0, sum = 0;
    /* One untimed frame: font loading happens once per process. */
    KilnFlameLayout *warm = kiln_flame_layout_new(p, 0, KILN_ROOT_NODE, 1920, 1.0);
    kiln_flame_paint(cr, warm, &style, 1080);
    kiln_flame_layout_free(warm);
    guint rects = 0;
    for (int i = 0; i < frames; i++) {
        /* Alternate between the whole tree and zooms into hot children, as
         * a user clicking around would. */
        uint32_t zoom = (i % 3 == 0) ? KILN_ROOT_NODE : (uint32_t)(1 + (i % 3));
        gint64 a = g_get_monotonic_time();
        KilnFlameLayout *l = kiln_flame_layout_new(p, 0, zoom, 1920, 1.0);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        kiln_flame_paint(cr, l, &style, 1080);
        cairo_surface_flush(s);
        gint64 b = g_get_monotonic_time();
        rects = MAX(rects, l->rects->len);
        kiln_flame_layout_free(l);
        double ms = (b - a) / 1000.0;
        sum += ms;
        if (ms > worst)
            worst = ms;
    }
    printf("frame 1920x1080: %.2f ms mean, %.2f ms worst over %d frames (up to %u rects laid out)\n",
           sum / frames, worst, frames, rects);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    kiln_profile_unref(p);
    return 0;
}
