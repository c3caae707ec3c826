/* kiln-label.h — KilnLabel, a key/value tag on a sample (pprof labels,
 * perf's pid/tid) kept so that views can filter by thread or goroutine. */
#pragma once

#include <stdint.h>

typedef struct {
    uint32_t key;  /* string id */
    uint32_t str;  /* string id of a string value; 0 for numeric labels */
    int64_t num;   /* numeric value when str == 0 */
    uint32_t unit; /* string id of the numeric unit, 0 when none */
} KilnLabel;
