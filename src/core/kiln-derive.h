/* kiln-derive.h — the derive engine: profile + one step -> new profile +
 * node map.
 *
 * Every view-level transform (filters, granularity, time range, threads,
 * invert, merge, diff) is one call here. The result is a new immutable
 * profile built through a KilnBuilder, and a node map from each source node
 * to the derived node its own (self) value landed on, or KILN_NO_NODE when
 * the value was dropped or the node had none. Composing steps is composing
 * maps (see analysis/kiln-transform.h for the user-level stack).
 *
 * Tree-shaped steps walk the preorder arrays once (a subtree is a
 * contiguous range): O(nodes + samples), no recursion. Regexes are matched
 * once per frame, never per node. Derived profiles have no node whose
 * value is zero in every type unless it is the ancestor of one that has.
 * Samples (time, thread, labels, values) carry over through the node map.
 *
 * GLib only: formats may use it (folded export merges by name with it).
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "kiln-granularity.h"
#include "kiln-profile.h"

G_BEGIN_DECLS

typedef enum {
    /* Frames projected to `granularity` (kiln_frame_project()); siblings that
     * become equal merge. A granularity finer than the profile's changes
     * nothing. */
    KILN_DERIVE_PROJECT,
    /* pprof -hide: matching frames are removed from every stack (a stack
     * left empty is dropped). */
    KILN_DERIVE_HIDE,
    /* pprof -show: only matching frames are kept in every stack (a stack
     * left empty is dropped). */
    KILN_DERIVE_SHOW,
    /* pprof -focus: only stacks through a matching frame are kept, whole. */
    KILN_DERIVE_FOCUS,
    /* pprof -ignore: stacks through a matching frame are dropped. */
    KILN_DERIVE_IGNORE,
    /* pprof -prune_from: the frames below the deepest matching frame of
     * each stack are dropped; their values go to it. Matches the function
     * name only, without a leading '.' and without an argument list. */
    KILN_DERIVE_PRUNE_FROM,
    /* Direct recursion A;A;A becomes A (after the frames' projection). */
    KILN_DERIVE_COLLAPSE_RECURSION,
    /* Samples with t0 <= time < t1 (nanoseconds), from the per-sample table. */
    KILN_DERIVE_TIME_RANGE,
    /* Samples of the given threads, from the per-sample table. */
    KILN_DERIVE_THREADS,
    /* Bottom-up: every stack reversed, leaves become roots. */
    KILN_DERIVE_INVERT,
    /* Every frame becomes a plain frame named rename(frame): module, file,
     * line and kind dropped, so stacks that print the same merge. */
    KILN_DERIVE_RENAME,
    /* pprof -show_from: the frames above the outermost matching frame of
     * each stack are dropped, and stacks without one. Matches the function
     * name or the module. */
    KILN_DERIVE_SHOW_FROM,
} KilnDeriveOp;

/* The name of frame `frame` of `profile` for KILN_DERIVE_RENAME; the bytes
 * must stay valid until the derive call returns. */
typedef const char *(*KilnDeriveRenameFunc)(const KilnProfile *profile, uint32_t frame, size_t *len,
                                            gpointer data);

/* Polled every few thousand nodes or samples; returning true stops the
 * derive with G_IO_ERROR_CANCELLED. */
typedef bool (*KilnDeriveCancelFunc)(gpointer data);

typedef struct {
    KilnDeriveOp op;
    KilnGranularity granularity; /* PROJECT */
    /* HIDE, SHOW, FOCUS, IGNORE, PRUNE_FROM, SHOW_FROM; compiled once by the caller.
     * Frames match when the regex matches their function name, source file
     * or module (pprof matches function name, file name and mapping). */
    GRegex *regex;
    uint64_t t0, t1;         /* TIME_RANGE: [t0, t1) in ns */
    const uint32_t *threads; /* THREADS: thread ids, any order */
    uint32_t n_threads;
    KilnDeriveRenameFunc rename; /* RENAME */
    gpointer rename_data;
    /* Leave the per-sample table behind (cheaper when nobody reads it). */
    bool drop_samples;
} KilnDeriveStep;

typedef struct {
    KilnDeriveCancelFunc cancelled; /* may be NULL */
    gpointer data;
} KilnDeriveCancel;

/* Applies one step. *node_map (may be NULL; g_free() it) gets
 * profile->n_nodes entries. Returns a new reference, possibly to `profile`
 * itself when the step changes nothing (the map is then the identity).
 * Errors: KILN_CORE_ERROR_INVALID for a time range or thread set on a
 * profile without per-sample times or threads; G_IO_ERROR_CANCELLED. */
KilnProfile *kiln_derive(KilnProfile *profile, const KilnDeriveStep *step, uint32_t **node_map,
                         const KilnDeriveCancel *cancel, GError **error);

/* Several profiles as one: frames re-interned by value, sample types
 * joined by name and unit (a type an input lacks counts 0 there), the tree
 * at the coarsest of the inputs' granularities. The per-sample tables
 * carry over when every input's holds its tree's values (else the tree's
 * values are merged, without samples). node_maps, when not NULL, gets one
 * map per input. */
KilnProfile *kiln_derive_merge(KilnProfile *const *profiles, uint32_t n, uint32_t **node_maps,
                               const KilnDeriveCancel *cancel, GError **error);

/* A diff pair: one profile with the sample types "before" and "after" (the
 * after type's unit), stacks matched by their frames. With `normalize`, the
 * before values are scaled so both totals are equal (compare shapes, not
 * amounts). Either map may be NULL. */
KilnProfile *kiln_derive_diff(const KilnProfile *before, uint32_t before_type,
                              const KilnProfile *after, uint32_t after_type, bool normalize,
                              uint32_t **before_map, uint32_t **after_map);

/* map[i] = second[first[i]] for each of n entries, KILN_NO_NODE staying
 * KILN_NO_NODE: the node map of two steps in a row, written over `first`. */
void kiln_derive_compose_maps(uint32_t *first, uint32_t n, const uint32_t *second,
                              uint32_t second_n);

G_END_DECLS
