/* kiln-error.h — error domains shared by every layer of Kiln.
 *
 * Each layer reports failures as GError with a message a person can act on;
 * the codes exist so that callers (the CLI's exit status, the app's banner)
 * can tell "this is not a profile" from "this profile is damaged".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_ERROR (kiln_error_quark())

typedef enum {
    KILN_ERROR_UNKNOWN_FORMAT, /* no importer recognised the bytes */
    KILN_ERROR_INVALID,        /* recognised, but the content is malformed */
    KILN_ERROR_TRUNCATED,      /* the data ends before it should */
    KILN_ERROR_TOO_LARGE,      /* a configured limit (decompressed size, ...) was hit */
    KILN_ERROR_UNSUPPORTED,    /* a valid variant Kiln does not read */
    KILN_ERROR_EMPTY,          /* valid but holds no samples at all */
    KILN_ERROR_CANCELLED,      /* the user cancelled the load */
    KILN_ERROR_FAILED,         /* anything else (I/O, rendering) */
} KilnErrorCode;

GQuark kiln_error_quark(void);

G_END_DECLS
