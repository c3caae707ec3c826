/* kiln-perf-build-id.h — KilnPerfBuildId: a build-id perf recorded for a
 * file (the perf.data BUILD_ID feature, HEADER_BUILD_ID records, or an
 * MMAP2 record that carries one). */
#pragma once

#include <stdint.h>

typedef struct {
    uint8_t cpumode;
    uint8_t size; /* bytes of id used (20 for SHA-1) */
    uint8_t id[20];
    char *filename;
} KilnPerfBuildId;
