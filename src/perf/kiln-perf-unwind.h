/* kiln-perf-unwind.h — KilnPerfUnwind: the user part of a DWARF-mode
 * sample (perf record --call-graph dwarf) through elfutils' libdwfl.
 *
 * A sample carries the user registers at the moment of the sample and a
 * copy of the user stack from the stack pointer up. libdwfl walks the
 * CFI (.eh_frame, else .debug_frame) of the modules the process mapped,
 * reading registers from the sample, stack memory from the copy and any
 * other memory from the mapped files. One Dwfl per process is kept for
 * the whole recording, with its modules reported as addresses reach them.
 *
 * Everything in a sample is untrusted: register values, the stack bytes,
 * and the files the maps name; reads are bounds-checked and a walk stops
 * at the first frame that cannot be unwound.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "kiln-perf-attr.h"
#include "kiln-perf-machine.h"
#include "kiln-perf-resolver.h"
#include "kiln-perf-sample.h"

G_BEGIN_DECLS

typedef struct _KilnPerfUnwind KilnPerfUnwind;

/* m and r are borrowed and must outlive the unwinder. */
KilnPerfUnwind *kiln_perf_unwind_new(KilnPerfMachine *m, KilnPerfResolver *r);
void kiln_perf_unwind_free(KilnPerfUnwind *u);

/* Unwinds the user stack of sample s (of event a) in thread t into pcs,
 * leaf first, at most max: the sampled pc, then each caller's return
 * address minus one (inside the call, as perf reports it). Returns the
 * number of pcs, 0 when the sample has no usable registers. *complete is
 * FALSE when the walk stopped before the outermost frame for a reason
 * other than max (no CFI, memory outside the copied stack, a file not
 * found). */
guint kiln_perf_unwind_sample(KilnPerfUnwind *u, const KilnPerfThread *t, const KilnPerfAttr *a,
                              const KilnPerfSample *s, gboolean swap, uint64_t *pcs, guint max,
                              gboolean *complete);

G_END_DECLS
