#include "kiln-render-error.h"

/* The quark name is stringified as written: keep clang-format off it. */
/* clang-format off */
G_DEFINE_QUARK(kiln-render-error-quark, kiln_render_error)
/* clang-format on */
