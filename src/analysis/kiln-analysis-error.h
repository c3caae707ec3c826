/* kiln-analysis-error.h — KilnAnalysisError, what derived views and
 * transforms report (analysis/). A bad regular expression stays a
 * G_REGEX_ERROR, whose message names the fault.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_ANALYSIS_ERROR (kiln_analysis_error_quark())

typedef enum {
    KILN_ANALYSIS_ERROR_INVALID,      /* a transform or view that cannot apply (no such type) */
    KILN_ANALYSIS_ERROR_INCOMPATIBLE, /* profiles that cannot be merged or compared */
    KILN_ANALYSIS_ERROR_FAILED,       /* anything else */
} KilnAnalysisError;

GQuark kiln_analysis_error_quark(void);

G_END_DECLS
