/* inlined.c — hot code inside inlined functions: mix() is inlined into
 * round_of(), which is inlined into crunch(), so most samples fall on
 * addresses whose inline chain is crunch -> round_of -> mix. */
#include <stdio.h>
#include <stdlib.h>

static inline __attribute__((always_inline)) unsigned long mix(unsigned long x, unsigned long k)
{
    x ^= x >> 31;
    x *= k;
    x ^= x >> 29;
    return x;
}

static inline __attribute__((always_inline)) unsigned long round_of(unsigned long x, int n)
{
    for (int i = 0; i < n; i++)
        x = mix(x + (unsigned long)i, 0xbf58476d1ce4e5b9ul);
    return x;
}

static __attribute__((noinline)) unsigned long crunch(unsigned long seed, int rounds)
{
    unsigned long s = seed;
    for (int r = 0; r < rounds; r++)
        s += round_of(s ^ (unsigned long)r, 64);
    return s;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 200000;
    printf("%lu\n", crunch(7, rounds));
    return 0;
}
