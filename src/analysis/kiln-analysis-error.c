#include "kiln-analysis-error.h"

/* The quark name is stringified as written: keep clang-format off it. */
/* clang-format off */
G_DEFINE_QUARK(kiln-analysis-error-quark, kiln_analysis_error)
/* clang-format on */
