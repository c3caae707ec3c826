/* kiln-capture-synth.h — the records perf "synthesizes" for what already
 * runs when a recording starts: COMM per thread, FORK for threads that are
 * not the leader, MMAP2 per executable mapping from /proc/PID/maps, and
 * the kernel's text mapping. The kernel only reports what happens after
 * the events are enabled, so without these an attached process's samples
 * would have no names. Each record carries the sample_id trailer of the
 * recording's layout (pid, tid, time 0, cpu, id), as perf writes them.
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Appends the records of process `pid` (all its threads) to `out`. */
void kiln_capture_synth_process(GByteArray *out, pid_t pid, uint64_t id);
/* Appends the records of every process in /proc. */
void kiln_capture_synth_all(GByteArray *out, uint64_t id);
/* Appends the kernel's text mapping when /proc/kallsyms shows _text. */
void kiln_capture_synth_kernel(GByteArray *out, uint64_t id);

G_END_DECLS
