/* kiln-perf-stacks.h — KilnPerfStacks: one sample to one call-tree path.
 *
 * The conventions are stackcollapse-perf.pl's, so that a perf.data and the
 * `perf script` text of it fold to the same stacks: the root frame is the
 * thread's command (spaces as '_'; with --pid/--tid its ids), then the
 * callchain outermost first, markers (PERF_CONTEXT_*) switching between
 * kernel and user address spaces; at most 127 frames like perf script's
 * default --max-stack. A frame is its symbol with the argument list cut
 * off, or "[file name]" when no symbol is known, "[unknown]" when no
 * mapping covers the address.
 *
 * Sample types: "samples" counts sample records whatever their event, then
 * one type per event, named after it without perf's modifiers
 * ("cpu-clock", "cycles", "sched:sched_switch"), holding the periods of
 * that event's samples (1 each when the recording has none); the clocks'
 * unit is nanoseconds, the others' count. The default is the event of the
 * first sample, which is what perf report shows first and what
 * stackcollapse-perf.pl of `perf script` weighs by.
 */
#pragma once

#include "core/kiln-builder.h"
#include "kiln-perf-machine.h"
#include "kiln-perf-options.h"
#include "kiln-perf-resolver.h"
#include "kiln-perf-sample.h"

G_BEGIN_DECLS

typedef struct _KilnPerfStacks KilnPerfStacks;

KilnPerfStacks *kiln_perf_stacks_new(KilnBuilder *b, const KilnPerfOptions *o, KilnPerfMachine *m,
                                     KilnPerfResolver *resolver);
void kiln_perf_stacks_free(KilnPerfStacks *s);

/* Declares the sample types, once the events are known (before the
 * first sample). Events added later count in "samples" only. */
void kiln_perf_stacks_declare_types(KilnPerfStacks *s);

/* Adds one sample of event `attr_index`. */
void kiln_perf_stacks_add(KilnPerfStacks *s, uint32_t attr_index, const KilnPerfSample *sample);

/* End of input: makes the first sample's event the default type. */
void kiln_perf_stacks_finish(KilnPerfStacks *s);

uint64_t kiln_perf_stacks_n_added(const KilnPerfStacks *s);
/* Address frames seen, and how many got a symbol name. */
void kiln_perf_stacks_frame_counts(const KilnPerfStacks *s, uint64_t *total, uint64_t *named);

G_END_DECLS
