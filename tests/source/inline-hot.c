/* inline-hot.c — a test program whose hot code sits inside inlined
 * functions, for the source annotation tests (built -O2 -g
 * -fno-omit-frame-pointer and recorded with perf record -g).
 *
 * mix() is always inlined into spin(), which is always inlined into
 * work(); work() is a real function called from main(), so a sample in the
 * loop resolves to mix <- spin <- work <- main through DWARF, and
 * crunch() is a plain out-of-line hot function for contrast.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline __attribute__((always_inline)) uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 29;
    return x;
}

static inline __attribute__((always_inline)) uint64_t spin(uint64_t seed, long n)
{
    for (long i = 0; i < n; i++)
        seed = mix(seed + (uint64_t)i);
    return seed;
}

uint64_t work(uint64_t seed, long n);
uint64_t crunch(uint64_t seed, long n);

__attribute__((noinline)) uint64_t work(uint64_t seed, long n)
{
    uint64_t a = spin(seed, n);
    return a + spin(a, n / 2);
}

__attribute__((noinline)) uint64_t crunch(uint64_t seed, long n)
{
    for (long i = 0; i < n; i++)
        seed = seed * 6364136223846793005u + 1442695040888963407u;
    return seed;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000000;
    uint64_t s = 1;
    for (int r = 0; r < 4; r++) {
        s = work(s, n);
        s ^= crunch(s, n);
    }
    printf("%llu\n", (unsigned long long)s);
    return 0;
}
