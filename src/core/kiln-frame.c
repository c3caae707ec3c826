#include "kiln-frame.h"

const char *kiln_frame_kind_suffix(KilnFrameKind kind)
{
    switch (kind) {
    case KILN_FRAME_KERNEL:
        return "_[k]";
    case KILN_FRAME_JIT:
        return "_[j]";
    case KILN_FRAME_INLINED:
        return "_[i]";
    case KILN_FRAME_WAKER:
        return "_[w]";
    default:
        return "";
    }
}

const char *kiln_frame_kind_name(KilnFrameKind kind)
{
    static const char *const names[KILN_FRAME_N_KINDS] = {
        "normal", "kernel", "jit", "inlined", "waker", "root", "truncated", "unknown",
    };
    return (unsigned)kind < KILN_FRAME_N_KINDS ? names[kind] : "normal";
}

void kiln_frame_project(const KilnFrame *f, KilnGranularity granularity, KilnFrame *out)
{
    KilnFrame r = *f;
    switch (granularity) {
    case KILN_GRANULARITY_FUNCTIONS:
        r.line = 0;
        r.inline_depth = 0;
        r.address = 0;
        break;
    case KILN_GRANULARITY_LINES:
        r.address = 0;
        break;
    default:
        break;
    }
    *out = r;
}
