/* kiln-format-error.h — KilnFormatError, what importers, the loader and
 * exporters report (formats/).
 *
 * The codes let callers (the CLI, the app's banner) tell "this is not a
 * profile" from "this profile is damaged". Cancellation is
 * G_IO_ERROR_CANCELLED, not a code here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_FORMAT_ERROR (kiln_format_error_quark())

typedef enum {
    KILN_FORMAT_ERROR_UNKNOWN_FORMAT, /* no importer recognised the bytes */
    KILN_FORMAT_ERROR_INVALID,        /* recognised, but the content is malformed */
    KILN_FORMAT_ERROR_TRUNCATED,      /* the data ends before it should */
    KILN_FORMAT_ERROR_TOO_LARGE,      /* a configured limit (decompressed size, ...) was hit */
    KILN_FORMAT_ERROR_UNSUPPORTED,    /* a valid variant Kiln does not read */
    KILN_FORMAT_ERROR_EMPTY,          /* valid but holds no samples at all */
    KILN_FORMAT_ERROR_FAILED,         /* anything else (I/O while reading or writing) */
} KilnFormatError;

GQuark kiln_format_error_quark(void);

G_END_DECLS
