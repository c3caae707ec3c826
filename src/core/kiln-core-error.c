#include "kiln-core-error.h"

/* The quark name is stringified as written: keep clang-format off it. */
/* clang-format off */
G_DEFINE_QUARK(kiln-core-error-quark, kiln_core_error)
/* clang-format on */
