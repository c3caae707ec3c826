/* kiln-demo.c — a tiny program for Kiln's demo profile (README, help).
 *
 * A few distinct functions burn CPU in different proportions, about 0.3 s
 * in all, so a flame graph of it shows a clear shape: main calls
 * parse_input (short), then crunch, which spends most of its time in
 * hash_block and some in mix_bits, then render_output calls mix_bits too.
 *
 * Build and record (data/samples/README.md has the full commands):
 *   cc -O1 -fno-omit-frame-pointer -o kiln-demo kiln-demo.c
 * The volatile locals below keep -O1 from folding the loops away.
 *   perf record -g -F 999 -o kiln-demo.perf.data ./kiln-demo
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The two leaves keep a volatile local on the stack: a leaf that needs no
 * stack gets no frame-pointer prologue from GCC even with
 * -fno-omit-frame-pointer, and a sample in it would then lose its caller. */
__attribute__((noinline)) static uint64_t mix_bits(uint64_t x, int rounds)
{
    volatile uint64_t state = x;
    for (int i = 0; i < rounds; i++) {
        uint64_t v = state;
        v ^= v >> 31;
        v *= 0x7fb5d329728ea185ull;
        v ^= v >> 27;
        state = v;
    }
    return state;
}

__attribute__((noinline)) static uint64_t hash_block(uint64_t seed, int n)
{
    volatile uint64_t h = seed;
    for (int i = 0; i < n; i++)
        h = (h ^ (uint64_t)i) * 0x100000001b3ull;
    return h;
}

/* Each phase loops until its share of CPU time has passed, so the
 * profile's proportions depend neither on the machine's speed nor on how
 * busy it is. */
__attribute__((noinline)) static uint64_t parse_input(double seconds)
{
    uint64_t acc = 1;
    double end = now() + seconds;
    while (now() < end)
        acc = hash_block(acc, 200000);
    return acc;
}

__attribute__((noinline)) static uint64_t crunch(double seconds)
{
    uint64_t acc = 2;
    double end = now() + seconds;
    while (now() < end) {
        acc = hash_block(acc, 300000);
        acc = mix_bits(acc, 100000);
    }
    return acc;
}

__attribute__((noinline)) static uint64_t render_output(double seconds)
{
    uint64_t acc = 3;
    double end = now() + seconds;
    while (now() < end)
        acc = mix_bits(acc, 200000);
    return acc;
}

int main(void)
{
    uint64_t r = parse_input(0.04);
    r ^= crunch(0.18);
    r ^= render_output(0.08);
    printf("kiln-demo: %016llx\n", (unsigned long long)r);
    return 0;
}
