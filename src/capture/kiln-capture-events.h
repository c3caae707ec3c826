/* kiln-capture-events.h — KilnCaptureEvents: the perf events of one
 * recording, opened with perf_event_open, and their ring buffers.
 *
 * One event per CPU for every thread recorded (pid -1 for the whole
 * system), inherited by children; each CPU's events share the ring of the
 * first (PERF_EVENT_IOC_SET_OUTPUT), so there are as many rings as CPUs,
 * as with `perf record`. The event is hardware cycles when the machine
 * has a PMU, else the cpu-clock timer (virtual machines); the attr is kept
 * as bytes for the perf.data file and described as a KilnPerfAttr for the
 * perf event model.
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <sys/types.h>

#include "perf/kiln-perf-attr.h"

G_BEGIN_DECLS

typedef struct {
    int fd;
    void *base; /* the mmap: one control page, then the data pages */
    guint8 *data;
    gsize data_size; /* a power of two */
} KilnCaptureRing;

typedef struct {
    /* What was asked. */
    unsigned freq;
    gboolean dwarf;     /* REGS_USER + STACK_USER instead of frame pointers */
    gboolean user_only; /* exclude_kernel: the kernel allows no more */
    gboolean enable_on_exec;
    unsigned mmap_pages; /* data pages per ring, a power of two */
} KilnCaptureEventsConfig;

typedef struct {
    GArray *fds;      /* int */
    GArray *ids;      /* uint64_t, one per fd */
    GArray *rings;    /* KilnCaptureRing, one per CPU */
    guint8 attr[256]; /* the perf_event_attr opened */
    uint32_t attr_size;
    char *name; /* "cycles:u", "cpu-clock:u" */
    gboolean hardware;
} KilnCaptureEvents;

/* Opens the event for `tids` (n_tids threads; tids NULL for the whole
 * system) on every online CPU. Errors name the fix. */
KilnCaptureEvents *kiln_capture_events_open(const KilnCaptureEventsConfig *cfg, const pid_t *tids,
                                            guint n_tids, GError **error);
void kiln_capture_events_free(KilnCaptureEvents *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnCaptureEvents, kiln_capture_events_free)

void kiln_capture_events_enable(KilnCaptureEvents *e);
void kiln_capture_events_disable(KilnCaptureEvents *e);

/* The event as the perf event model describes it; newly allocated. */
KilnPerfAttr *kiln_capture_events_perf_attr(const KilnCaptureEvents *e);

/* The ring's [tail, head), read with the kernel's ordering rules, and the
 * tail handed back once the records up to it are consumed. */
void kiln_capture_ring_bounds(const KilnCaptureRing *r, uint64_t *tail, uint64_t *head);
void kiln_capture_ring_consume(KilnCaptureRing *r, uint64_t tail);

G_END_DECLS
