/* kiln-peek.h — KilnPeek: a function's callers and callees, merged over
 * every place it occurs in the call tree, as `go tool pprof -peek` and
 * speedscope's sandwich view show them.
 *
 * Functions are frame names (string ids), as pprof's -functions sees them.
 * An edge caller -> callee carries the value of the samples whose stack
 * holds that call, each sample counted once however often the call
 * recurs in its stack; a function's calls to itself are no edge. A
 * function's total is likewise counted once per sample (pprof's cum).
 */
#pragma once

#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef struct {
    uint32_t name; /* string id of the caller or callee */
    double value;
} KilnPeekEdge;

typedef struct {
    uint32_t name; /* string id of the function */
    double self, total;
    KilnPeekEdge *callers; /* largest value first, ties by name */
    uint32_t n_callers;
    KilnPeekEdge *callees;
    uint32_t n_callees;
} KilnPeekEntry;

typedef struct {
    KilnPeekEntry *entries; /* largest self first, then total, then name */
    uint32_t n_entries;
} KilnPeek;

/* The functions of `profile` whose name `match` returns TRUE for (called
 * once per distinct name), with their edges in sample type `type`. */
typedef gboolean (*KilnPeekMatchFunc)(const char *name, gpointer data);
KilnPeek *kiln_peek_compute(const KilnProfile *profile, uint32_t type, KilnPeekMatchFunc match,
                            gpointer data);
/* The same for the functions whose name `regex` matches. */
KilnPeek *kiln_peek_compute_regex(const KilnProfile *profile, uint32_t type, const GRegex *regex);
/* One function, by string id (an entry with no edges when it occurs nowhere). */
KilnPeek *kiln_peek_compute_name(const KilnProfile *profile, uint32_t type, uint32_t name);
void kiln_peek_free(KilnPeek *peek);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnPeek, kiln_peek_free)

G_END_DECLS
