#include "kiln-format-error.h"

/* The quark name is stringified as written: keep clang-format off it. */
/* clang-format off */
G_DEFINE_QUARK(kiln-format-error-quark, kiln_format_error)
/* clang-format on */
