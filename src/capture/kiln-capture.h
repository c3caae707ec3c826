/* kiln-capture.h — KilnCapture: one live recording, perf_event_open in
 * this process (no perf binary, no daemon, no setuid).
 *
 * kiln_capture_start() reads the permissions, starts or finds the target,
 * opens the events and starts a worker thread that polls the rings (woken
 * at a quarter full, and every 100 ms), writes every record to the
 * perf.data file and, with `live`, feeds it to the perf event model and a
 * builder, whose snapshot a window can draw while recording. The
 * recording ends when the target exits, the duration passes, or
 * kiln_capture_stop() is called (safe from a signal handler); what was
 * recorded is kept either way. DWARF mode records registers and a stack
 * copy per sample and saves them; the live view shows their kernel part
 * and leaf only, as unwinding the copies is the unwinder's work (issue 14).
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "capture/kiln-capture-target.h"
#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef enum {
    KILN_CAPTURE_CALL_GRAPH_FP,
    KILN_CAPTURE_CALL_GRAPH_DWARF,
} KilnCaptureCallGraph;

typedef struct {
    KilnCaptureTargetKind target;
    char **argv;     /* COMMAND: the program and its arguments */
    const char *cwd; /* COMMAND: its working folder; NULL = ours */
    pid_t pid;       /* PID */
    unsigned freq;   /* samples per second per CPU; 0 = 999 */
    KilnCaptureCallGraph call_graph;
    double duration;            /* seconds; 0 = until the target exits or stop */
    const char *output;         /* perf.data to write; NULL = none */
    gboolean live;              /* build a profile while recording */
    const char *const *cmdline; /* the recorder's own command line, for the file */
    unsigned mmap_pages;        /* data pages per CPU ring; 0 = 128 (512 KiB) */
} KilnCaptureConfig;

typedef struct {
    uint64_t samples;      /* SAMPLE records */
    uint64_t lost;         /* samples the kernel dropped (LOST records' counts) */
    uint64_t lost_records; /* LOST records */
    uint64_t bad;          /* ring contents that could not be framed */
    uint64_t bytes;        /* record bytes read */
    uint64_t elapsed_ns;   /* since the start */
    gboolean running;
} KilnCaptureStats;

typedef struct _KilnCapture KilnCapture;

KilnCapture *kiln_capture_start(const KilnCaptureConfig *cfg, GError **error);
/* Ends the recording soon; async-signal-safe. */
void kiln_capture_stop(KilnCapture *c);
/* Waits for the end, flushes and closes the file. */
gboolean kiln_capture_finish(KilnCapture *c, GError **error);
void kiln_capture_free(KilnCapture *c);

void kiln_capture_get_stats(KilnCapture *c, KilnCaptureStats *stats);
/* One line about what is recorded ("user space only: …"), or NULL. */
const char *kiln_capture_note(const KilnCapture *c);
/* The event recorded: "cycles", "cpu-clock:u". */
const char *kiln_capture_event_name(const KilnCapture *c);
/* With `live`: the profile so far, as of the worker's latest snapshot
 * (refreshed four times a second; never waits for the worker; NULL before
 * the first), and the final profile (after finish, once). */
KilnProfile *kiln_capture_snapshot(KilnCapture *c);
KilnProfile *kiln_capture_take_profile(KilnCapture *c);

G_END_DECLS
