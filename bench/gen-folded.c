/* gen-folded.c — writes a large, realistic folded-stack file for benchmarks.
 *
 * Stacks are random walks over a synthetic call graph: every function has a
 * handful of callees and walks strongly prefer the first ones, so hot paths
 * repeat (as in real profiles) while the tails vary. Output is unsorted, the
 * harder case for an importer.
 *
 * usage: gen-folded LINES FUNCTIONS MIN_DEPTH MAX_DEPTH SEED > out.folded
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void)
{
    /* splitmix64: tiny, fast and good enough for synthetic data */
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double uniform(void)
{
    return (double)(next() >> 11) / 9007199254740992.0;
}

#define CALLEES 6

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s LINES FUNCTIONS MIN_DEPTH MAX_DEPTH SEED\n", argv[0]);
        return 2;
    }
    long lines = atol(argv[1]);
    int nfunc = atoi(argv[2]);
    int min_depth = atoi(argv[3]), max_depth = atoi(argv[4]);
    state = strtoull(argv[5], NULL, 10);
    if (lines <= 0 || nfunc < 16 || min_depth < 1 || max_depth < min_depth)
        return 2;

    static const char *const pkgs[] = {"com/ex/srv", "org/acme/db", "net/http",
                                       "runtime", "std::hash", "kiln/wrk"};
    static const char *const verbs[] = {"process", "handle", "read", "write", "encode",
                                        "decode", "lookup", "insert", "flush", "schedule"};
    char **names = malloc(sizeof(char *) * nfunc);
    int (*callees)[CALLEES] = malloc(sizeof(int[CALLEES]) * nfunc);
    for (int f = 0; f < nfunc; f++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s/C%d::%s%s_%d", pkgs[next() % 6],
                 (int)(next() % 2000), verbs[next() % 10], (next() & 1) ? "Cached" : "",
                 f);
        names[f] = strdup(buf);
        for (int c = 0; c < CALLEES; c++)
            callees[f][c] = (int)(next() % (uint64_t)nfunc);
    }

    int *stack = malloc(sizeof(int) * max_depth);
    char *out = malloc(1 << 16);
    for (long l = 0; l < lines; l++) {
        int depth = min_depth + (int)(next() % (uint64_t)(max_depth - min_depth + 1));
        stack[0] = (int)(next() % 4); /* a few roots: main, threads */
        for (int d = 1; d < depth; d++) {
            /* Skewed choice: callee 0 most of the time, then 1, ... */
            double u = uniform();
            int c = u < 0.975 ? 0 : u < 0.99 ? 1 : u < 0.996 ? 2 : (int)(3 + next() % 3);
            stack[d] = callees[stack[d - 1]][c];
        }
        size_t o = 0;
        for (int d = 0; d < depth; d++) {
            size_t n = strlen(names[stack[d]]);
            if (d)
                out[o++] = ';';
            memcpy(out + o, names[stack[d]], n);
            o += n;
        }
        /* Pareto-ish counts: mostly small, a few hot. */
        uint64_t count = 1 + (uint64_t)(1.0 / (uniform() * uniform() + 0.001));
        o += (size_t)sprintf(out + o, " %" PRIu64 "\n", count);
        fwrite(out, 1, o, stdout);
    }
    return 0;
}
