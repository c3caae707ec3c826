/* perf-bench-workload.c — the program bench/perf-bench.sh records.
 *
 * A few functions at a few call depths, so the recording has realistic
 * frame-pointer call chains (libc start, main, a phase, workers, a leaf),
 * running until it has used the given number of seconds of CPU time (so
 * the sample count does not depend on how busy the machine is). Built with
 * -fno-omit-frame-pointer so `perf record -g` can walk it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

__attribute__((noinline)) static unsigned long mix(unsigned long n)
{
    unsigned long x = n;
    for (unsigned long i = 0; i < n; i++)
        x += (i * i) ^ (x >> 3);
    return x;
}

__attribute__((noinline)) static unsigned long hash_block(unsigned long n)
{
    return mix(n) ^ mix(n / 2);
}

__attribute__((noinline)) static unsigned long sort_block(unsigned long n)
{
    return mix(2 * n) + hash_block(n / 4);
}

__attribute__((noinline)) static unsigned long parse_block(unsigned long n)
{
    return hash_block(n) + sort_block(n / 2);
}

__attribute__((noinline)) static void phase_io(unsigned long n)
{
    sink += parse_block(n);
}

__attribute__((noinline)) static void phase_compute(unsigned long n)
{
    sink += sort_block(n) + mix(n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 10.0;
    double end = now() + seconds;
    unsigned long rounds = 0;
    while (now() < end) {
        phase_io(20000 + rounds % 7 * 1000);
        phase_compute(30000 + rounds % 5 * 1000);
        rounds++;
    }
    printf("%lu rounds, %lu\n", rounds, sink);
    return 0;
}
