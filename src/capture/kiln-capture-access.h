/* kiln-capture-access.h — what this process may record, read up front.
 *
 * perf_event_paranoid and the effective capabilities decide: -1 and 0
 * allow everything, 1 no raw tracepoints, 2 only user space of one's own
 * processes, 3 and above (Debian's patch) nothing to an ordinary user.
 * CAP_PERFMON (or CAP_SYS_ADMIN) lifts all of them. A Flatpak sandbox
 * refuses perf_event_open by its seccomp filter unless --allow=devel.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    int paranoid;         /* /proc/sys/kernel/perf_event_paranoid; 2 when unreadable */
    gboolean perfmon;     /* CAP_PERFMON or CAP_SYS_ADMIN in effect */
    gboolean flatpak;     /* running in a Flatpak sandbox */
    gboolean kernel;      /* kernel samples are allowed */
    gboolean system_wide; /* every CPU, every process, is allowed */
} KilnCaptureAccess;

void kiln_capture_access_read(KilnCaptureAccess *a);

/* The sentence to show when perf_event_open failed with `err` (an errno)
 * for a `system_wide` recording: names the fix. Newly allocated. */
char *kiln_capture_access_refusal(const KilnCaptureAccess *a, int err, gboolean system_wide);

G_END_DECLS
