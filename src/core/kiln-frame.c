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
