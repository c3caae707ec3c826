/* kiln-granularity.h — KilnGranularity, what a call tree's frames are keyed by.
 *
 * Like pprof's -functions/-lines/-addresses: the same samples give a tree of
 * functions (one box per function per call path), of source lines, or of
 * machine addresses. kiln_frame_project() maps a location to the frame it
 * stands for at a granularity.
 */
#pragma once

#include <stdbool.h>

typedef enum {
    /* Name, module, file and kind: line, address and inline depth dropped.
     * Inline frames keep their own kind, so they stay functions of their own. */
    KILN_GRANULARITY_FUNCTIONS = 0,
    /* Everything but the address. */
    KILN_GRANULARITY_LINES,
    /* Everything: the frames exactly as imported. */
    KILN_GRANULARITY_ADDRESSES,
    KILN_GRANULARITY_N
} KilnGranularity;

/* "functions", "lines", "addresses"; "functions" for out-of-range values. */
const char *kiln_granularity_name(KilnGranularity granularity);
/* Parses one of those names (exact, lower case); false if it is none. */
bool kiln_granularity_parse(const char *name, KilnGranularity *out);
