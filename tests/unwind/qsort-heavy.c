/* qsort-heavy.c — a workload whose time is mostly inside libc's qsort,
 * calling back into this program: the stacks cross a library without
 * frame pointers, which only DWARF unwinding walks. */
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static __attribute__((noinline)) void sort_round(int *v, int n, unsigned seed)
{
    for (int i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        v[i] = (int)(seed >> 8);
    }
    qsort(v, (size_t)n, sizeof *v, cmp);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 200;
    int n = 20000;
    int *v = malloc(sizeof *v * (size_t)n);
    long sum = 0;
    for (int r = 0; r < rounds; r++) {
        sort_round(v, n, (unsigned)r);
        sum += v[n / 2];
    }
    printf("%ld\n", sum);
    free(v);
    return 0;
}
