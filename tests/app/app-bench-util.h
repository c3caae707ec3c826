/* app-bench-util.h — measuring the app's main loop and building big
 * inputs, for the responsiveness test and bench-app.
 *
 * Main-loop work is timed with a poll-function wrapper: the time from one
 * poll() returning to the next poll() call is exactly what one iteration
 * spent preparing, checking and dispatching sources, i.e. how long the
 * window could not react to input. Waiting inside poll() is not counted. */
#pragma once

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/kiln-builder.h"

typedef struct {
    GPollFunc orig;
    gint64 after_poll; /* 0 before the first poll */
    gint64 max_usec;
    gint64 total_usec;
    guint64 iterations;
    guint64 over_16ms;
    gint64 started;
    gint64 after_poll_cpu;
    gint64 max_cpu_usec;
} AppLoopStats;

static inline gint64 app_thread_cpu_usec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (gint64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static AppLoopStats app_loop_stats;

static gint app_loop_poll(GPollFD *fds, guint n, gint timeout)
{
    gint64 now = g_get_monotonic_time();
    if (app_loop_stats.after_poll) {
        gint64 dt = now - app_loop_stats.after_poll;
        gint64 cpu = app_thread_cpu_usec() - app_loop_stats.after_poll_cpu;
        app_loop_stats.max_cpu_usec = MAX(app_loop_stats.max_cpu_usec, cpu);
        app_loop_stats.max_usec = MAX(app_loop_stats.max_usec, dt);
        app_loop_stats.total_usec += dt;
        app_loop_stats.iterations++;
        if (dt > 16000) {
            app_loop_stats.over_16ms++;
            if (g_getenv("KILN_LOOP_TRACE"))
                g_printerr("slow iteration: %.1f ms, ending %.1f ms after start\n", dt / 1e3,
                           (now - app_loop_stats.started) / 1e3);
        }
    }
    gint r = app_loop_stats.orig(fds, n, timeout);
    app_loop_stats.after_poll = g_get_monotonic_time();
    app_loop_stats.after_poll_cpu = app_thread_cpu_usec();
    return r;
}

static inline void app_loop_stats_start(void)
{
    GMainContext *ctx = g_main_context_default();
    if (!app_loop_stats.orig)
        app_loop_stats.orig = g_main_context_get_poll_func(ctx);
    AppLoopStats fresh = {.orig = app_loop_stats.orig, .started = g_get_monotonic_time()};
    app_loop_stats = fresh;
    g_main_context_set_poll_func(ctx, app_loop_poll);
}

static inline void app_loop_stats_stop(void)
{
    g_main_context_set_poll_func(g_main_context_default(), app_loop_stats.orig);
}

static guint64 app_rng = 0x243f6a8885a308d3ull;

static inline guint64 app_next(void)
{
    /* xorshift64: deterministic synthetic data */
    app_rng ^= app_rng << 13;
    app_rng ^= app_rng >> 7;
    app_rng ^= app_rng << 17;
    return app_rng;
}

/* Writes about `bytes` of folded stacks to `path`: random walks over a
 * synthetic call graph (a few callees per function, the first ones
 * preferred), so hot paths repeat and the tree stays bounded. */
static inline gboolean app_write_folded(const char *path, guint64 bytes)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return FALSE;
    enum { NFUNC = 5000, CALLEES = 4 };
    static char names[NFUNC][48];
    static guint16 callees[NFUNC][CALLEES];
    for (int i = 0; i < NFUNC; i++) {
        g_snprintf(names[i], sizeof names[i], "mod%02d::Type%03d::method_%d", i % 23,
                   (int)(app_next() % 400), i);
        for (int c = 0; c < CALLEES; c++)
            callees[i][c] = (guint16)(app_next() % NFUNC);
    }
    guint64 written = 0;
    char line[4096];
    while (written < bytes) {
        int fn = (int)(app_next() % 8), depth = 6 + (int)(app_next() % 40), n = 0;
        for (int d = 0; d < depth && n < (int)sizeof line - 64; d++) {
            n += g_snprintf(line + n, sizeof line - n, "%s%s", d ? ";" : "", names[fn]);
            guint64 r = app_next() % 16;
            fn = callees[fn][r < 8 ? 0 : r < 12 ? 1 : r < 14 ? 2 : 3];
        }
        n += g_snprintf(line + n, sizeof line - n, " %d\n", 1 + (int)(app_next() % 50));
        if (fwrite(line, 1, (size_t)n, f) != (size_t)n) {
            fclose(f);
            return FALSE;
        }
        written += (guint64)n;
    }
    return fclose(f) == 0;
}

/* A call tree of at least `want` nodes: weighted hot paths that a user
 * sees, plus a long tail of single-sample random stacks that layout must
 * skip cheaply. */
static inline KilnProfile *app_make_tree(uint32_t want)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "cpu", "nanoseconds");
    enum { NF = 3000 };
    static uint32_t frames[NF];
    for (int i = 0; i < NF; i++) {
        char name[64];
        g_snprintf(name, sizeof name, "pkg%02d.(*Server).handler_%d", i % 29, i);
        frames[i] = kiln_builder_frame_named(b, name, strlen(name), KILN_FRAME_NORMAL);
    }
    for (int i = 0; i < 3000; i++) {
        uint32_t node = KILN_ROOT_NODE;
        int depth = 4 + (int)(app_next() % 36);
        for (int d = 0; d < depth; d++)
            node = kiln_builder_child(b, node, frames[(app_next() % 5) + (uint32_t)d * 7]);
        kiln_builder_add_value(b, node, 0, 1e6 * (double)(1 + app_next() % 1000));
    }
    while (kiln_builder_n_nodes(b) < want) {
        uint32_t node = KILN_ROOT_NODE;
        int depth = 6 + (int)(app_next() % 50);
        for (int d = 0; d < depth; d++)
            node = kiln_builder_child(b, node, frames[app_next() % NF]);
        kiln_builder_add_value(b, node, 0, 1e6);
    }
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    return p;
}
