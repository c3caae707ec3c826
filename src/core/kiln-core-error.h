/* kiln-core-error.h — KilnCoreError, the errors of the model itself (core/).
 *
 * Every layer has its own domain (formats: KILN_FORMAT_ERROR, symbols:
 * KILN_SYMBOLS_ERROR, analysis: KILN_ANALYSIS_ERROR, render:
 * KILN_RENDER_ERROR), so a caller can tell which layer failed. Cancellation
 * is G_IO_ERROR_CANCELLED in every layer, as GIO reports it. Messages are
 * sentences a person can act on; codes are for callers to branch on.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_CORE_ERROR (kiln_core_error_quark())

typedef enum {
    KILN_CORE_ERROR_INVALID,   /* an argument the model cannot take (a bad node, type) */
    KILN_CORE_ERROR_TOO_LARGE, /* a model limit (nodes, frames, samples) was hit */
    KILN_CORE_ERROR_FAILED,    /* anything else */
} KilnCoreError;

GQuark kiln_core_error_quark(void);

G_END_DECLS
