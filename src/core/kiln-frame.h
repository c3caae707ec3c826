/* kiln-frame.h — KilnFrame, one entry of a profile's frame table.
 *
 * A frame is a location code can be at: a function, in a module, optionally
 * with a file and line, an address and an inline depth. Identical tuples are
 * interned to one frame id by the builder, so the call tree stores only ids.
 * Which of those fields a profile's frames carry is its granularity
 * (KilnProfile.granularity): at function granularity line, address and
 * inline depth are all 0.
 */
#pragma once

#include <stdint.h>

#include "kiln-granularity.h"

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

/* No padding anywhere (24 bytes of uint32_t, then the uint64_t): the
 * builder interns frames by comparing them bytewise. */
typedef struct {
    uint32_t name;         /* string id: function or symbol, escaped for display */
    uint32_t module;       /* string id: DSO, binary or package; 0 when unknown */
    uint32_t file;         /* string id: source file; 0 when unknown */
    uint32_t line;         /* source line; 0 when unknown */
    uint32_t kind;         /* KilnFrameKind */
    uint32_t inline_depth; /* 0 = not inlined; n = n calls deep in an inline chain */
    uint64_t address;      /* instruction address; 0 when unknown */
} KilnFrame;

_Static_assert(sizeof(KilnFrame) == 32, "KilnFrame must have no padding");

/* The folded-stack suffix for a kind ("_[k]"...), or "" when it has none. */
const char *kiln_frame_kind_suffix(KilnFrameKind kind);
const char *kiln_frame_kind_name(KilnFrameKind kind);

/* Writes to *out the frame `f` stands for at `granularity`: functions zero
 * line, address and inline depth (kind stays, so inline frames remain their
 * own functions), lines zero the address, addresses keep everything. `out`
 * may be `f`. */
void kiln_frame_project(const KilnFrame *f, KilnGranularity granularity, KilnFrame *out);
