/* gen-worst.c — the no-sharing worst case of issue 11 (item 8), as folded
 * stacks and as a gzip pprof holding the same stacks.
 *
 * Real profiles share prefixes; these barely do. Each stack is a random
 * walk over a synthetic call graph in which every function has CALLEES
 * callees chosen uniformly (no hot path), depth uniform in [MIN, MAX],
 * value uniform in 1..500, lines in generation order (unsorted). Past the
 * first ~7 levels nearly every frame is a new tree node: the defaults give
 * ~13.5M frames, ~11.7M call-tree nodes, ~414 MB of folded text and a
 * ~29 MB .pb.gz. Deterministic for a seed.
 *
 * usage: gen-worst OUT.folded OUT.pb.gz [STACKS FUNCTIONS MIN MAX SEED]
 *        (defaults 300000 20000 10 80 42; "-" skips an output)
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define CALLEES 6

static uint64_t state;

static uint64_t next(void)
{
    /* splitmix64: tiny, fast and good enough for synthetic data */
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

typedef struct {
    unsigned char *p;
    size_t len, cap;
} Buf;

static void put(Buf *b, const void *d, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 256;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

static void varint(Buf *b, uint64_t v)
{
    unsigned char t[10];
    int n = 0;
    do {
        t[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    put(b, t, (size_t)n);
}

static void field_bytes(Buf *b, unsigned field, const void *d, size_t n)
{
    varint(b, (uint64_t)field << 3 | 2);
    varint(b, n);
    put(b, d, n);
}

static void field_uint(Buf *b, unsigned field, uint64_t v)
{
    varint(b, (uint64_t)field << 3);
    varint(b, v);
}

static void flush_gz(gzFile gz, Buf *b, size_t above)
{
    if (gz && b->len > above) {
        if (gzwrite(gz, b->p, (unsigned)b->len) != (int)b->len)
            abort();
        b->len = 0;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 8) {
        fprintf(stderr,
                "usage: %s OUT.folded OUT.pb.gz [STACKS FUNCTIONS MIN_DEPTH MAX_DEPTH SEED]\n",
                argv[0]);
        return 2;
    }
    long stacks = argc > 3 ? atol(argv[3]) : 300000;
    int nfunc = argc > 3 ? atoi(argv[4]) : 20000;
    int min_depth = argc > 3 ? atoi(argv[5]) : 10, max_depth = argc > 3 ? atoi(argv[6]) : 80;
    state = argc > 3 ? strtoull(argv[7], NULL, 10) : 42;
    if (stacks <= 0 || nfunc < 16 || min_depth < 1 || max_depth < min_depth)
        return 2;
    FILE *folded = strcmp(argv[1], "-") ? fopen(argv[1], "wb") : NULL;
    gzFile gz = strcmp(argv[2], "-") ? gzopen(argv[2], "wb6") : NULL;
    if ((strcmp(argv[1], "-") && !folded) || (strcmp(argv[2], "-") && !gz)) {
        perror("gen-worst");
        return 1;
    }

    static const char *const pkgs[] = {"com/ex/srv", "org/acme/db", "net/http",
                                       "runtime",    "std::hash",   "kiln/wrk"};
    static const char *const verbs[] = {"process", "handle", "read",   "write", "encode",
                                        "decode",  "lookup", "insert", "flush", "schedule"};
    char **names = malloc(sizeof(char *) * (size_t)nfunc);
    size_t *lens = malloc(sizeof(size_t) * (size_t)nfunc);
    int(*callees)[CALLEES] = malloc(sizeof(int[CALLEES]) * (size_t)nfunc);
    for (int f = 0; f < nfunc; f++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s/C%d::%s%s_%d", pkgs[next() % 6], (int)(next() % 2000),
                 verbs[next() % 10], (next() & 1) ? "Cached" : "", f);
        names[f] = strdup(buf);
        lens[f] = strlen(buf);
        for (int c = 0; c < CALLEES; c++)
            callees[f][c] = (int)(next() % (uint64_t)nfunc);
    }

    /* pprof head: string table 0 "", 1 samples, 2 count, then the names;
     * function i and location i (ids from 1) are name i - 1. */
    Buf b = {0}, m = {0}, pk = {0};
    enum { FIRST_NAME = 3 };
    m.len = 0;
    field_uint(&m, 1, 1);
    field_uint(&m, 2, 2);
    field_bytes(&b, 1, m.p, m.len); /* sample_type samples/count */
    for (int i = 1; gz && i <= nfunc; i++) {
        m.len = 0;
        field_uint(&m, 1, (uint64_t)i);
        field_uint(&m, 2, (uint64_t)(FIRST_NAME + i - 1));
        field_bytes(&b, 5, m.p, m.len); /* function */
        Buf line = {0};
        field_uint(&line, 1, (uint64_t)i);
        m.len = 0;
        field_uint(&m, 1, (uint64_t)i);
        field_bytes(&m, 4, line.p, line.len);
        free(line.p);
        field_bytes(&b, 4, m.p, m.len); /* location */
        flush_gz(gz, &b, 1u << 20);
    }

    int *stack = malloc(sizeof(int) * (size_t)max_depth);
    static char out[1 << 16];
    static char fbuf[1 << 20];
    if (folded)
        setvbuf(folded, fbuf, _IOFBF, sizeof fbuf);
    for (long l = 0; l < stacks; l++) {
        int depth = min_depth + (int)(next() % (uint64_t)(max_depth - min_depth + 1));
        stack[0] = (int)(next() % 4); /* a few roots: main, threads */
        for (int d = 1; d < depth; d++)
            stack[d] = callees[stack[d - 1]][next() % CALLEES];
        uint64_t value = 1 + next() % 500;
        if (folded) {
            size_t o = 0;
            for (int d = 0; d < depth; d++) {
                if (d)
                    out[o++] = ';';
                memcpy(out + o, names[stack[d]], lens[stack[d]]);
                o += lens[stack[d]];
            }
            o += (size_t)sprintf(out + o, " %" PRIu64 "\n", value);
            fwrite(out, 1, o, folded);
        }
        if (gz) {
            pk.len = 0;
            for (int d = depth; d-- > 0;) /* leaf first */
                varint(&pk, (uint64_t)stack[d] + 1);
            m.len = 0;
            field_bytes(&m, 1, pk.p, pk.len);
            pk.len = 0;
            varint(&pk, value);
            field_bytes(&m, 2, pk.p, pk.len);
            field_bytes(&b, 2, m.p, m.len);
            flush_gz(gz, &b, 1u << 20);
        }
    }
    if (gz) {
        static const char *const fixed[] = {"", "samples", "count"};
        for (int i = 0; i < FIRST_NAME; i++)
            field_bytes(&b, 6, fixed[i], strlen(fixed[i]));
        for (int i = 0; i < nfunc; i++) {
            field_bytes(&b, 6, names[i], lens[i]);
            flush_gz(gz, &b, 1u << 20);
        }
        flush_gz(gz, &b, 0);
        if (gzclose(gz) != Z_OK)
            return 1;
    }
    if (folded && fclose(folded) != 0)
        return 1;
    return 0;
}
