/* kiln-perf-file-format.h — perf.data's own framing: the magic, header
 * sizes and feature section ids (tools/perf/util/header.h). Record types
 * and sample layouts are in perf/kiln-perf-format.h.
 */
#pragma once

#include "perf/kiln-perf-format.h"

/* Feature sections (bits of adds_features). */
enum {
    KILN_PERF_FEAT_TRACING_DATA = 1,
    KILN_PERF_FEAT_BUILD_ID = 2,
    KILN_PERF_FEAT_HOSTNAME = 3,
    KILN_PERF_FEAT_OSRELEASE = 4,
    KILN_PERF_FEAT_VERSION = 5,
    KILN_PERF_FEAT_ARCH = 6,
    KILN_PERF_FEAT_NRCPUS = 7,
    KILN_PERF_FEAT_CPUDESC = 8,
    KILN_PERF_FEAT_CPUID = 9,
    KILN_PERF_FEAT_TOTAL_MEM = 10,
    KILN_PERF_FEAT_CMDLINE = 11,
    KILN_PERF_FEAT_EVENT_DESC = 12,
    KILN_PERF_FEAT_SAMPLE_TIME = 21,
    KILN_PERF_FEAT_CLOCK_DATA = 29,
    KILN_PERF_FEAT_MAX = 256,
};

#define KILN_PERF_MAGIC2           UINT64_C(0x32454c4946524550) /* "PERFILE2" read little-endian */
#define KILN_PERF_MAGIC2_SW        UINT64_C(0x50455246494c4532) /* the same, byte-swapped */
#define KILN_PERF_FILE_HEADER_SIZE 104
#define KILN_PERF_PIPE_HEADER_SIZE 16
#define KILN_PERF_ATTR_SIZE_VER0   64
