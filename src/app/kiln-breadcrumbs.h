/* kiln-breadcrumbs.h — KilnBreadcrumbs: the path from the root to the
 * zoomed frame as a row of buttons; clicking one zooms out to it. */
#pragma once

#include <gtk/gtk.h>

#include "core/kiln-profile.h"

G_BEGIN_DECLS

#define KILN_TYPE_BREADCRUMBS (kiln_breadcrumbs_get_type())
G_DECLARE_FINAL_TYPE(KilnBreadcrumbs, kiln_breadcrumbs, KILN, BREADCRUMBS, GtkWidget)

GtkWidget *kiln_breadcrumbs_new(void);
/* Shows root … zoom. Emits "node-activated" (guint node) on a click. */
void kiln_breadcrumbs_set_path(KilnBreadcrumbs *self, const KilnProfile *profile, uint32_t zoom);
/* Number of crumbs shown (for tests). */
guint kiln_breadcrumbs_get_n_crumbs(KilnBreadcrumbs *self);

G_END_DECLS
