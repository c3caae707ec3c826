/* kiln-builder.h — KilnBuilder, the one way a KilnProfile is made.
 *
 * Every importer (and live capture) feeds the same builder: declare sample
 * types, intern strings and frames, walk stacks into the call-tree trie with
 * kiln_builder_child() and add values at the leaf. kiln_builder_finish()
 * sorts, renumbers into preorder and sums totals in one pass, and hands out
 * the immutable profile.
 *
 * The builder enforces KilnLimits: names are escaped and capped, stacks
 * deeper than the limit end in a "[truncated]" frame, values that overflow
 * saturate. Each bound, when hit, adds one warning to the profile.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "kiln-frame.h"
#include "kiln-label.h"
#include "kiln-limits.h"
#include "kiln-profile.h"

G_BEGIN_DECLS

typedef struct _KilnBuilder KilnBuilder;

/* limits may be NULL for the defaults; the builder keeps a copy. */
KilnBuilder *kiln_builder_new(const KilnLimits *limits);
void kiln_builder_free(KilnBuilder *builder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnBuilder, kiln_builder_free)

const KilnLimits *kiln_builder_limits(const KilnBuilder *builder);

/* Sample types must all be declared before the first value is added.
 * Returns the type's index. The default type is the first declared unless
 * set otherwise. */
uint32_t kiln_builder_add_sample_type(KilnBuilder *builder, const char *name, const char *unit);
uint32_t kiln_builder_n_sample_types(const KilnBuilder *builder);
void kiln_builder_set_default_sample_type(KilnBuilder *builder, uint32_t type);

/* What the tree is keyed by (KilnProfile.granularity). The default,
 * KILN_GRANULARITY_ADDRESSES, keeps frames as fed. A coarser one projects
 * every frame interned afterwards (kiln_frame_project()), so an importer
 * feeding full locations builds a function or line tree directly. Set it
 * before the first frame is interned; later calls are refused. */
void kiln_builder_set_granularity(KilnBuilder *builder, KilnGranularity granularity);
KilnGranularity kiln_builder_granularity(const KilnBuilder *builder);

/* Raw interning, for modules, files, label keys: bytes stored as given. */
uint32_t kiln_builder_intern(KilnBuilder *builder, const char *s, size_t len);
/* Display interning for names: invalid UTF-8 and control bytes (NUL
 * included) become \xNN escapes, and names over max_name_len are elided
 * with "…". Use for every function/symbol name. */
uint32_t kiln_builder_intern_name(KilnBuilder *builder, const char *s, size_t len);

/* Interns a location: a function `name` (string id) in `module` at
 * `file`:`line`, instruction `address` (0 = unknown), `inline_depth` (0 = not
 * inlined). The frame is first projected to the builder's granularity. */
uint32_t kiln_builder_location(KilnBuilder *builder, uint32_t name, uint32_t module,
                               uint32_t file, uint32_t line, uint64_t address,
                               uint32_t inline_depth, KilnFrameKind kind);
/* Shorthand for kiln_builder_location() with address 0, inline depth 0. */
uint32_t kiln_builder_frame(KilnBuilder *builder, uint32_t name, uint32_t module, uint32_t file,
                            uint32_t line, KilnFrameKind kind);
/* Shorthand: a frame with only a (display-interned) name and kind. */
uint32_t kiln_builder_frame_named(KilnBuilder *builder, const char *name, size_t len,
                                  KilnFrameKind kind);

/* The child of `parent` (KILN_ROOT_NODE for the root) for `frame`, created
 * if new. Past the depth limit it returns the [truncated] node instead. */
uint32_t kiln_builder_child(KilnBuilder *builder, uint32_t parent, uint32_t frame);

/* Walks a whole stack from the root; frames[0] is the root-most frame
 * unless leaf_first. Returns the leaf node (the root for an empty stack). */
uint32_t kiln_builder_stack(KilnBuilder *builder, const uint32_t *frames, size_t n,
                            bool leaf_first);

/* Adds one value per sample type to `node`'s self value. */
void kiln_builder_add_values(KilnBuilder *builder, uint32_t node, const double *values);
/* Adds one value to one type. */
void kiln_builder_add_value(KilnBuilder *builder, uint32_t node, uint32_t type, double value);

/* Like kiln_builder_add_values(), and also appends a row to the per-sample
 * table for time-based views. thread and label_set may be 0. */
void kiln_builder_record_sample(KilnBuilder *builder, uint32_t node, const double *values,
                                uint64_t time_ns, uint32_t thread, uint32_t label_set);

/* Interns a label set (order matters); id 0 is the empty set. */
uint32_t kiln_builder_label_set(KilnBuilder *builder, const KilnLabel *labels, size_t n);

/* Metadata shown by `kiln-cli info` and the summary page. Setting a key
 * again replaces its value, except for "Comment", which accumulates. */
void kiln_builder_set_property(KilnBuilder *builder, const char *key, const char *value);
/* A number and its unit ("nanoseconds", "bytes", "count"); the model keeps
 * no display text, the consumer formats it (kiln_format_property()). */
void kiln_builder_set_property_quantity(KilnBuilder *builder, const char *key, double value,
                                        const char *unit);
void kiln_builder_set_format(KilnBuilder *builder, const char *format_id);
void kiln_builder_set_time_range(KilnBuilder *builder, uint64_t start_ns, uint64_t end_ns);

void kiln_builder_warn(KilnBuilder *builder, const char *format, ...) G_GNUC_PRINTF(2, 3);
uint32_t kiln_builder_n_warnings(const KilnBuilder *builder);

/* Samples/stacks fed so far (for "showing the first N samples"). */
uint64_t kiln_builder_samples_seen(const KilnBuilder *builder);
uint32_t kiln_builder_n_nodes(const KilnBuilder *builder);

/* Consumes the builder's contents; the builder must still be freed. */
KilnProfile *kiln_builder_finish(KilnBuilder *builder);
/* Like kiln_builder_finish(), and stores in *build_to_final (g_free() it) a
 * map from every node id kiln_builder_child() returned (0 .. n_nodes - 1 at
 * the time of the call) to that node's preorder id in the profile. */
KilnProfile *kiln_builder_finish_mapped(KilnBuilder *builder, uint32_t **build_to_final);

/* A finished profile of everything fed so far, independent of the builder
 * (its own strings, frames, tree and values; the per-sample rows are
 * shared read-only, see KilnProfile.sample_rows_shared), which goes on
 * accepting stacks: for live views, several times a second (about 30 ms
 * at a million nodes). Equal, node by node, to what finish() would return
 * now, except that a builder without sample types is not given its
 * "samples" type. The builder only updates a cache of its frame order.
 * Call it on the thread that feeds the builder (or under the same lock):
 * not concurrently with feeding calls or another snapshot. The snapshot
 * itself may go to any thread. NULL after finish(). */
KilnProfile *kiln_builder_snapshot(const KilnBuilder *builder);
/* Like kiln_builder_snapshot(), for a live view replacing `previous` (a
 * snapshot it is done with; its reference is consumed, NULL is fine): when
 * that was the last reference, its node and value arrays are reused, which
 * spares the page faults of fresh memory (a third of the time at 1M nodes). */
KilnProfile *kiln_builder_snapshot_reusing(const KilnBuilder *builder, KilnProfile *previous);

G_END_DECLS
