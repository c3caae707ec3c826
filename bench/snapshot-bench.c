/* snapshot-bench.c — times kiln_builder_finish() and kiln_builder_snapshot()
 * on a synthetic tree, with the process's peak RSS after each step.
 *
 * Shapes: "shared" walks a skewed call graph (hot prefixes repeat, as in
 * real profiles); "unique" draws every frame uniformly from the names, so
 * stacks share almost nothing (the worst case: nodes ~ stacks x depth).
 *
 * usage: snapshot-bench shared|unique STACKS finish|snapshot [ROWS]
 *   ROWS: per-sample rows recorded for each stack (default 0: values only).
 *   finish:   build, then finish once.
 *   snapshot: build, snapshot 5 times (printing each), feed 1% more stacks,
 *             snapshot again, 4 more each reusing the one before, finish.
 */
#include "core/kiln-builder.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define N_NAMES 20000

static uint64_t state = 42;

static uint64_t next(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* CPU time of this thread: on a shared machine, the figure that wall time
 * is with no one else running. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static void feed(KilnBuilder *b, const uint32_t *frames, bool unique, long stacks, int samples)
{
    uint32_t stack[80];
    for (long s = 0; s < stacks; s++) {
        size_t depth = 10 + next() % 71;
        uint32_t f = (uint32_t)(next() % 64);
        for (size_t d = 0; d < depth; d++) {
            if (unique) {
                f = (uint32_t)(next() % N_NAMES);
            } else {
                /* Callees of f are f*6+1 .. f*6+6, the first strongly preferred. */
                uint64_t r = next() % 100;
                uint32_t k = r < 85 ? 1 : r < 95 ? 2 : 3 + (uint32_t)(r % 4);
                f = (f * 6 + k) % N_NAMES;
            }
            stack[d] = frames[f];
        }
        uint32_t leaf = kiln_builder_stack(b, stack, depth, false);
        double v = (double)(1 + next() % 500);
        for (int r = 0; r < samples; r++)
            kiln_builder_record_sample(b, leaf, &v, 1000 + (uint64_t)s * 1000 + r, 1 + s % 8, 0);
        if (!samples)
            kiln_builder_add_values(b, leaf, &v);
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s shared|unique STACKS finish|snapshot [ROWS]\n", argv[0]);
        return 2;
    }
    bool unique = strcmp(argv[1], "unique") == 0;
    long stacks = atol(argv[2]);
    bool snap = strcmp(argv[3], "snapshot") == 0;
    int samples = argc > 4 ? atoi(argv[4]) : 0;

    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "samples", "count");
    uint32_t *frames = g_new(uint32_t, N_NAMES);
    for (uint32_t i = 0; i < N_NAMES; i++) {
        char name[64];
        int len = snprintf(name, sizeof name, "pkg%u/module::function_%u", i % 97, i);
        frames[i] = kiln_builder_frame_named(b, name, (size_t)len, KILN_FRAME_NORMAL);
    }
    gint64 t0 = g_get_monotonic_time();
    feed(b, frames, unique, stacks, samples);
    gint64 t1 = g_get_monotonic_time();
    printf("build: %u nodes from %ld stacks in %.1f ms, peak RSS %ld MB\n", kiln_builder_n_nodes(b),
           stacks, (t1 - t0) / 1000.0, peak_rss_mb());

    if (snap) {
        /* 1-5: fresh snapshots; 6: after 1% more stacks; 7-10: as a live
         * view takes them, each reusing the one before. */
        KilnProfile *prev = NULL;
        for (int i = 0; i < 10; i++) {
            if (i == 5)
                feed(b, frames, unique, stacks / 100, samples);
            double c0 = cpu_ms();
            gint64 s0 = g_get_monotonic_time();
            KilnProfile *p =
                i < 6 ? kiln_builder_snapshot(b) : kiln_builder_snapshot_reusing(b, prev);
            gint64 s1 = g_get_monotonic_time();
            printf("snapshot %d%s: %u nodes in %.1f ms (%.1f ms CPU), peak RSS %ld MB\n", i + 1,
                   i < 6 ? "" : " (reusing)", p->n_nodes, (s1 - s0) / 1000.0, cpu_ms() - c0,
                   peak_rss_mb());
            if (i < 6)
                kiln_profile_unref(p);
            else
                prev = p;
        }
        kiln_profile_unref(prev);
    }
    double c0 = cpu_ms();
    gint64 f0 = g_get_monotonic_time();
    KilnProfile *p = kiln_builder_finish(b);
    gint64 f1 = g_get_monotonic_time();
    printf("finish: %u nodes in %.1f ms (%.1f ms CPU), peak RSS %ld MB, total %.0f\n", p->n_nodes,
           (f1 - f0) / 1000.0, cpu_ms() - c0, peak_rss_mb(), kiln_profile_total(p, 0, 0));
    kiln_profile_unref(p);
    kiln_builder_free(b);
    g_free(frames);
    return 0;
}
