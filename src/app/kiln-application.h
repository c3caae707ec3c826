/* kiln-application.h — KilnApplication: single instance, `kiln FILE…`
 * opens tabs in the running window; --version; app-wide actions. */
#pragma once

#include <adwaita.h>

#include "kiln-window.h"

G_BEGIN_DECLS

#define KILN_TYPE_APPLICATION (kiln_application_get_type())
G_DECLARE_FINAL_TYPE(KilnApplication, kiln_application, KILN, APPLICATION, AdwApplication)

/* flags are OR-ed into G_APPLICATION_HANDLES_OPEN (tests add NON_UNIQUE). */
KilnApplication *kiln_application_new(GApplicationFlags flags);
/* The active window, created if there is none (not presented). */
KilnWindow *kiln_application_get_window(KilnApplication *self);

G_END_DECLS
