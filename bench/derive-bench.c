/* derive-bench.c — how long each derive step takes on a large profile.
 *
 * usage: derive-bench FILE [REPEAT]
 * Loads FILE (function granularity), then times, best of REPEAT runs, each
 * transform of the derive engine and a stack of three, printing the
 * derived tree's node count beside the time.
 */
#include "analysis/kiln-transform.h"
#include "formats/kiln-loader.h"

#include <stdio.h>
#include <stdlib.h>

static double now_ms(void)
{
    return (double)g_get_monotonic_time() / 1000.0;
}

static void bench(KilnProfile *p, const char *label, KilnTransform **stack, guint n, int repeat)
{
    double best = 1e300;
    uint32_t nodes = 0;
    for (int r = 0; r < repeat; r++) {
        double t0 = now_ms();
        uint32_t *map = NULL;
        GError *err = NULL;
        KilnProfile *d = kiln_transform_apply_stack(stack, n, p, &map, NULL, &err);
        double dt = now_ms() - t0;
        if (!d) {
            fprintf(stderr, "%s: %s\n", label, err->message);
            exit(1);
        }
        best = dt < best ? dt : best;
        nodes = d->n_nodes;
        g_free(map);
        kiln_profile_unref(d);
    }
    printf("%-40s %9.1f ms  %10u nodes\n", label, best, nodes);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: derive-bench FILE [REPEAT]\n");
        return 2;
    }
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    GError *err = NULL;
    double t0 = now_ms();
    KilnProfile *p = kiln_load_file(argv[1], NULL, NULL, NULL, NULL, &err);
    if (!p) {
        fprintf(stderr, "%s\n", err->message);
        return 1;
    }
    printf("%-40s %9.1f ms  %10u nodes, %u frames\n", "load", now_ms() - t0, p->n_nodes,
           p->n_frames);
    /* Patterns for bench/gen-folded's names ("com/ex/srv/C1858::handleCached_0"). */
    const char *specs[] = {"hide=^std::",  "show=^(com|org)/",     "focus=::encode_9",
                           "ignore=^net/", "prune-from=Cached_1",  "collapse-recursion",
                           "invert",       "granularity=functions"};
    for (guint i = 0; i < G_N_ELEMENTS(specs); i++) {
        KilnTransform *t = kiln_transform_parse_string(specs[i], &err);
        if (!t) {
            fprintf(stderr, "%s\n", err->message);
            return 1;
        }
        bench(p, specs[i], &t, 1, repeat);
        kiln_transform_unref(t);
    }
    KilnTransform *stack[3] = {kiln_transform_parse_string("hide=^std::", NULL),
                               kiln_transform_parse_string("focus=::encode_9", NULL),
                               kiln_transform_parse_string("collapse-recursion", NULL)};
    bench(p, "hide + focus + collapse-recursion", stack, 3, repeat);
    for (guint i = 0; i < 3; i++)
        kiln_transform_unref(stack[i]);
    KilnTransform *merge = kiln_transform_new_merge(&p, 1);
    bench(p, "merge with itself", &merge, 1, repeat);
    kiln_transform_unref(merge);
    KilnTransform *diff = kiln_transform_new_diff(p, 0, 0, TRUE);
    bench(p, "diff against itself (normalized)", &diff, 1, repeat);
    kiln_transform_unref(diff);
    kiln_profile_unref(p);
    return 0;
}
