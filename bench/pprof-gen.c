/* pprof-gen.c — writes a large synthetic gzip pprof CPU profile for
 * bench/pprof-bench.sh: N samples, each a stack of a shallow shared prefix
 * (PREFIX levels, 2 choices each) and SUFFIX random locations drawn from
 * NLOC, so nearly every sample adds SUFFIX new call-tree nodes
 * (300k * 44 ≈ 13M nodes for the defaults; 20k locations keep ids
 * in two-byte varints, so the gzip file is ~30 MB). Deterministic.
 *
 * Usage: pprof-gen OUT.pb.gz [samples] [suffix] [locations]
 * Build: cc -O2 -o pprof-gen pprof-gen.c -lz
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define PREFIX 10

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
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

static void flush(gzFile gz, Buf *b)
{
    if (b->len && gzwrite(gz, b->p, (unsigned)b->len) != (int)b->len)
        abort();
    b->len = 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pprof-gen OUT.pb.gz [samples] [suffix] [locations]\n");
        return 2;
    }
    uint64_t nsamples = argc > 2 ? strtoull(argv[2], NULL, 10) : 300000;
    unsigned suffix = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 44;
    unsigned nloc = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : 20000;
    unsigned nprefix = PREFIX * 2;
    unsigned total_loc = nprefix + nloc;
    gzFile gz = gzopen(argv[1], "wb6");
    if (!gz) {
        perror(argv[1]);
        return 1;
    }
    Buf b = {0}, m = {0}, pk = {0};
    /* Strings: 0 "", 1 samples, 2 count, 3 cpu, 4 nanoseconds, 5 bench,
     * 6 main.go, then one name per function. */
    const char *fixed[] = {"", "samples", "count", "cpu", "nanoseconds", "/usr/bin/bench",
                           "main.go"};
    unsigned first_name = 7;
    /* sample_type ×2, period_type, period */
    for (int t = 0; t < 2; t++) {
        m.len = 0;
        field_uint(&m, 1, t ? 3 : 1);
        field_uint(&m, 2, t ? 4 : 2);
        field_bytes(&b, 1, m.p, m.len);
    }
    m.len = 0;
    field_uint(&m, 1, 3);
    field_uint(&m, 2, 4);
    field_bytes(&b, 11, m.p, m.len);
    field_uint(&b, 12, 10000000);
    field_uint(&b, 9, 1700000000000000000ull);
    field_uint(&b, 10, 30000000000ull);
    /* mapping 1 */
    m.len = 0;
    field_uint(&m, 1, 1);
    field_uint(&m, 2, 0x400000);
    field_uint(&m, 3, 0x4000000);
    field_uint(&m, 5, 5);
    field_uint(&m, 7, 1);
    field_bytes(&b, 3, m.p, m.len);
    /* functions and locations, one line each */
    for (unsigned i = 1; i <= total_loc; i++) {
        Buf line = {0};
        m.len = 0;
        field_uint(&m, 1, i);
        field_uint(&m, 2, first_name + i - 1);
        field_uint(&m, 3, first_name + i - 1);
        field_uint(&m, 4, 6);
        field_uint(&m, 5, i % 1000 + 1);
        field_bytes(&b, 5, m.p, m.len);
        m.len = 0;
        field_uint(&m, 1, i);
        field_uint(&m, 2, 1);
        field_uint(&m, 3, 0x400000 + (uint64_t)i * 16);
        field_uint(&line, 1, i);
        field_uint(&line, 2, i % 1000 + 10);
        field_bytes(&m, 4, line.p, line.len);
        free(line.p);
        field_bytes(&b, 4, m.p, m.len);
        if (b.len > (1u << 20))
            flush(gz, &b);
    }
    /* samples: leaf first */
    unsigned *stack = malloc(sizeof(unsigned) * (PREFIX + suffix));
    for (uint64_t s = 0; s < nsamples; s++) {
        unsigned d = 0;
        for (unsigned i = 0; i < PREFIX; i++)
            stack[d++] = 1 + i * 2 + (unsigned)(next_rand() & 1);
        for (unsigned i = 0; i < suffix; i++)
            stack[d++] = nprefix + 1 + (unsigned)(next_rand() % nloc);
        pk.len = 0;
        for (unsigned i = d; i-- > 0;)
            varint(&pk, stack[i]);
        m.len = 0;
        field_bytes(&m, 1, pk.p, pk.len);
        uint64_t n = 1 + next_rand() % 3;
        pk.len = 0;
        varint(&pk, n);
        varint(&pk, n * 10000000);
        field_bytes(&m, 2, pk.p, pk.len);
        field_bytes(&b, 2, m.p, m.len);
        if (b.len > (1u << 20))
            flush(gz, &b);
    }
    /* string table */
    for (unsigned i = 0; i < first_name; i++)
        field_bytes(&b, 6, fixed[i], strlen(fixed[i]));
    char name[96];
    for (unsigned i = 1; i <= total_loc; i++) {
        int n = snprintf(name, sizeof name, "github.com/example/pkg%03u.(*Server).handler%06u",
                         i % 512, i);
        field_bytes(&b, 6, name, (size_t)n);
        if (b.len > (1u << 20))
            flush(gz, &b);
    }
    flush(gz, &b);
    if (gzclose(gz) != Z_OK)
        return 1;
    free(b.p);
    free(m.p);
    free(pk.p);
    free(stack);
    return 0;
}
