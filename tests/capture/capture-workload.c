/* capture-workload.c — the program the capture tests record.
 *
 * `capture-workload MS [THREADS]`: THREADS threads (1 by default) each
 * run main -> run_phase -> spin_alpha/spin_beta -> leaf_work until they
 * have used MS milliseconds of CPU time, so the sample count does not
 * depend on how busy the machine is. Built twice: with frame pointers at
 * -O0, and at -O2 with -fomit-frame-pointer for DWARF mode.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;
static double budget_ms;

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

static double thread_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void *worker(void *arg)
{
    (void)arg;
    while (thread_ms() < budget_ms)
        run_phase(20000);
    return NULL;
}

int main(int argc, char **argv)
{
    budget_ms = argc > 1 ? atof(argv[1]) : 300;
    int n = argc > 2 ? atoi(argv[2]) : 1;
    pthread_t t[64];
    if (n > 64)
        n = 64;
    for (int i = 1; i < n; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    worker(NULL);
    for (int i = 1; i < n; i++)
        pthread_join(t[i], NULL);
    printf("%lu\n", sink);
    return 0;
}
