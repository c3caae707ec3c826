/* kiln-node-text.h — what the app shows and copies about one call-tree
 * node: its values and shares for tooltips and screen readers, and its
 * stack as text for the clipboard. Labels are left to the caller, which
 * translates them. */
#pragma once

#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef struct {
    const char *name;   /* function; "all" for the root */
    const char *module; /* NULL when unknown */
    const char *file;   /* NULL when unknown */
    uint32_t line;      /* 0 when unknown */
    const char *kind;   /* "kernel", "jit"...; NULL for a normal frame */
    double self, total;
    double self_pct, total_pct; /* of the whole profile, 0 … 100 */
    double parent_pct;          /* total as a share of the parent's total */
    char self_text[64];         /* formatted in the type's unit */
    char total_text[64];
    /* Advice for a frame that names only its module ("[liblzma.so.5]"):
     * translated, NULL when there is none. */
    const char *hint;
} KilnNodeInfo;

void kiln_node_info(const KilnProfile *profile, uint32_t type, uint32_t node, KilnNodeInfo *info);

/* Whether `frame` stands for code in a module without symbols (a stripped
 * library): an unknown-kind frame whose module is known. */
gboolean kiln_frame_lacks_symbols(const KilnProfile *profile, uint32_t frame);
/* What to do about `module` having no symbols, translated: for a system
 * library "No symbols — install its debug symbols (the -dbgsym package)",
 * for another binary where to open the profile instead. */
const char *kiln_no_symbols_hint(const char *module);

/* The node's stack, one frame per line, root-most first (the synthetic
 * root excluded), each "name" or "name (module)" when the module is known. */
char *kiln_node_stack_text(const KilnProfile *profile, uint32_t node);

G_END_DECLS
