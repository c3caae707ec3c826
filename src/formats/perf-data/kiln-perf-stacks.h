/* kiln-perf-stacks.h — KilnPerfStacks: one sample to one call-tree path.
 *
 * The conventions are stackcollapse-perf.pl's, so that a perf.data and the
 * `perf script` text of it fold to the same stacks: the root frame is the
 * thread's command (spaces as '_'; with --pid/--tid its ids), then the
 * callchain outermost first, markers (PERF_CONTEXT_*) switching between
 * kernel and user address spaces; at most 127 frames like perf script's
 * default --max-stack. A frame is its symbol with the argument list cut
 * off, or "[file name]" when no symbol is known, "[unknown]" when no
 * mapping covers the address. Values are the sample count and the period
 * (1 when the file has none).
 */
#pragma once

#include "formats/kiln-importer.h"
#include "kiln-perf-header.h"
#include "kiln-perf-machine.h"
#include "kiln-perf-resolver.h"
#include "kiln-perf-sample.h"

G_BEGIN_DECLS

typedef struct _KilnPerfStacks KilnPerfStacks;

KilnPerfStacks *kiln_perf_stacks_new(KilnBuilder *b, const KilnLoadOptions *opts,
                                     const KilnPerfHeader *h, KilnPerfMachine *m,
                                     KilnPerfResolver *resolver);
void kiln_perf_stacks_free(KilnPerfStacks *s);

/* Adds one sample of attr `attr_index`; samples of other events than the
 * chosen one are counted and skipped. */
void kiln_perf_stacks_add(KilnPerfStacks *s, uint32_t attr_index, const KilnPerfSample *sample);

uint64_t kiln_perf_stacks_n_added(const KilnPerfStacks *s);
uint64_t kiln_perf_stacks_n_skipped(const KilnPerfStacks *s);
/* Address frames seen, and how many got a symbol name. */
void kiln_perf_stacks_frame_counts(const KilnPerfStacks *s, uint64_t *total, uint64_t *named);
/* The chosen event's name, or NULL before the first sample. */
const char *kiln_perf_stacks_event(const KilnPerfStacks *s);

G_END_DECLS
