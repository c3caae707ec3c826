/* kiln-capture-error.h — KilnCaptureError, the errors of live recording
 * (capture/): the kernel refused, the target could not be started, the
 * output could not be written. Messages name the fix, never a bare errno.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_CAPTURE_ERROR (kiln_capture_error_quark())

typedef enum {
    KILN_CAPTURE_ERROR_PERMISSION,  /* perf_event_paranoid, capabilities, a sandbox */
    KILN_CAPTURE_ERROR_TARGET,      /* no such process, the command did not start */
    KILN_CAPTURE_ERROR_UNSUPPORTED, /* the kernel has no perf events for this */
    KILN_CAPTURE_ERROR_IO,          /* the output file */
    KILN_CAPTURE_ERROR_FAILED,
} KilnCaptureError;

GQuark kiln_capture_error_quark(void);

G_END_DECLS
