/* kiln-frame.h — KilnFrame, one entry of a profile's frame table.
 *
 * A frame is a place code can be: a function, in a module, optionally with a
 * file and line. Identical tuples are interned to one frame id by the
 * builder, so the call tree stores only ids.
 */
#pragma once

#include <stdint.h>

typedef enum {
    KILN_FRAME_NORMAL = 0,
    KILN_FRAME_KERNEL,    /* folded `_[k]`, perf kernel addresses */
    KILN_FRAME_JIT,       /* folded `_[j]`, /tmp/perf-PID.map */
    KILN_FRAME_INLINED,   /* folded `_[i]`, pprof lines past the first */
    KILN_FRAME_WAKER,     /* folded `_[w]`, off-wake graphs */
    KILN_FRAME_ROOT,      /* synthetic grouping frame: process, thread */
    KILN_FRAME_TRUNCATED, /* stands for frames cut off by the depth limit */
    KILN_FRAME_UNKNOWN,   /* an address nothing could name */
    KILN_FRAME_N_KINDS
} KilnFrameKind;

typedef struct {
    uint32_t name;   /* string id: function or symbol, escaped for display */
    uint32_t module; /* string id: DSO, binary or package; 0 when unknown */
    uint32_t file;   /* string id: source file; 0 when unknown */
    uint32_t line;   /* source line; 0 when unknown */
    uint32_t kind;   /* KilnFrameKind */
} KilnFrame;

/* The folded-stack suffix for a kind ("_[k]"...), or "" when it has none. */
const char *kiln_frame_kind_suffix(KilnFrameKind kind);
const char *kiln_frame_kind_name(KilnFrameKind kind);
