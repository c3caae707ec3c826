/* kiln-sample-type.h — KilnSampleType, one value column of a profile.
 *
 * Mirrors pprof's ValueType: a profile may carry several (samples/count,
 * cpu/nanoseconds, alloc_space/bytes ...) and every call-tree node has one
 * value per type.
 */
#pragma once

#include <stdint.h>

typedef struct {
    uint32_t name; /* string id, e.g. "cpu" */
    uint32_t unit; /* string id, e.g. "nanoseconds" */
} KilnSampleType;
