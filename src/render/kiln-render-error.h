/* kiln-render-error.h — KilnRenderError, what drawing and image export
 * report (render/).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_RENDER_ERROR (kiln_render_error_quark())

typedef enum {
    KILN_RENDER_ERROR_WRITE,  /* the image could not be written (disk full, closed pipe) */
    KILN_RENDER_ERROR_FAILED, /* anything else (cairo could not draw) */
} KilnRenderError;

GQuark kiln_render_error_quark(void);

G_END_DECLS
