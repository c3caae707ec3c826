#include "kiln-symbols-error.h"

/* The quark name is stringified as written: keep clang-format off it. */
/* clang-format off */
G_DEFINE_QUARK(kiln-symbols-error-quark, kiln_symbols_error)
/* clang-format on */
