/* kiln-pprof-legacy-heap.h — the arithmetic pprof's legacy heap profiles
 * share, whether written by Go/C++ ("heap profile: … @ heap/RATE") or by
 * the Java agent ("--- heapz 1 ---"): the size of one object, and the factor
 * that turns sampled counts back into estimated totals. */
#pragma once

#include <math.h>
#include <stdint.h>

/* Bytes per object of a row; `count` is not 0. INT64_MIN / -1 would
 * overflow: it saturates. */
static inline int64_t kiln_pprof_heap_object_size(int64_t size, int64_t count)
{
    return (count == -1 && size == INT64_MIN) ? INT64_MAX : size / count;
}

/* The factor pprof multiplies a sampled row by, for objects sampled once
 * every `rate` bytes on average; count and size are not 0. A small average
 * size makes it huge (or infinite): callers decide how to bound the result. */
static inline double kiln_pprof_heap_unsample_factor(double count, double size, double rate)
{
    return 1 / (1 - exp(-(size / count) / rate));
}
