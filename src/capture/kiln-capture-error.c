#include "kiln-capture-error.h"

/* The quark name is stringified as written: keep clang-format off it. */
/* clang-format off */
G_DEFINE_QUARK(kiln-capture-error-quark, kiln_capture_error)
/* clang-format on */
