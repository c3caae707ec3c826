/* time-workload.c — a program with a known time pattern, recorded by the
 * time tests: thread "burst250" spins 60 ms of every 250 ms, thread
 * "burst50" 20 ms of every 50 ms, both for SECONDS (default 2.2), each
 * period starting on an absolute clock so the pattern does not drift.
 * Built with frame pointers and without optimisation so `perf record -g`
 * sees spin() under each thread's function.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    const char *name;
    int64_t period_ns, busy_ns, run_ns;
} Burst;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static volatile uint64_t sink;

static void __attribute__((noinline)) spin(int64_t until)
{
    while (now_ns() < until)
        for (int i = 0; i < 1000; i++)
            sink += (uint64_t)i * 2654435761u;
}

static void *burst(void *data)
{
    const Burst *b = data;
    pthread_setname_np(pthread_self(), b->name);
    int64_t start = now_ns();
    for (int64_t period = start; period < start + b->run_ns; period += b->period_ns) {
        spin(period + b->busy_ns);
        int64_t next = period + b->period_ns;
        struct timespec ts = {(time_t)(next / 1000000000), (long)(next % 1000000000)};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 2.2;
    int64_t run = (int64_t)(seconds * 1e9);
    Burst slow = {"burst250", 250000000, 60000000, run};
    Burst fast = {"burst50", 50000000, 20000000, run};
    pthread_t a, b;
    pthread_create(&a, NULL, burst, &slow);
    pthread_create(&b, NULL, burst, &fast);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%llu\n", (unsigned long long)sink % 10);
    return 0;
}
