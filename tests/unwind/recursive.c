/* recursive.c — deep, varied recursion without frame pointers: each
 * level's frame differs in size, so a wrong CFI step shows. */
#include <stdio.h>
#include <stdlib.h>

static __attribute__((noinline)) unsigned long leaf(unsigned long x)
{
    for (int i = 0; i < 2000; i++)
        x = x * 6364136223846793005ul + 1442695040888963407ul;
    return x;
}

static __attribute__((noinline)) unsigned long walk(int depth, unsigned long x)
{
    volatile char pad[16 + (depth % 4) * 8];
    pad[0] = (char)x;
    if (depth == 0)
        return leaf(x) + (unsigned long)pad[0];
    return walk(depth - 1, x ^ (unsigned long)depth) + (unsigned long)pad[0];
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 20000;
    unsigned long s = 0;
    for (int r = 0; r < rounds; r++)
        s += walk(r % 24, (unsigned long)r);
    printf("%lu\n", s);
    return 0;
}
