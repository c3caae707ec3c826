/* perf-data-workload.c — the program the live perf-data tests record.
 *
 * Built by meson with -O0 -fno-omit-frame-pointer (at -O1 gcc gives leaf
 * functions no frame, which hides their caller from the unwinder). main -> run_phase calls
 * spin_alpha (n iterations of leaf_work) and spin_beta (3n), so beta's
 * weight should be about three times alpha's. It runs until it has used
 * the CPU time given in milliseconds, so the sample count does not depend
 * on how busy the machine is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

/* Not static, so their names stay in .dynsym-less builds' .symtab as
 * global functions. */
unsigned long spin_alpha(unsigned long n);
unsigned long spin_beta(unsigned long n);
void run_phase(unsigned long n);

__attribute__((noinline)) static unsigned long leaf_work(unsigned long n)
{
    unsigned long x = n;
    for (unsigned long i = 0; i < n; i++)
        x += (i * i) ^ (x >> 3);
    return x;
}

__attribute__((noinline)) unsigned long spin_alpha(unsigned long n)
{
    return leaf_work(n) + 1;
}

__attribute__((noinline)) unsigned long spin_beta(unsigned long n)
{
    return leaf_work(3 * n) + 2;
}

__attribute__((noinline)) void run_phase(unsigned long n)
{
    sink += spin_alpha(n);
    sink += spin_beta(n);
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    double ms = argc > 1 ? atof(argv[1]) : 300;
    while (cpu_ms() < ms)
        run_phase(20000);
    printf("%lu\n", sink);
    return 0;
}
