/* kiln-views.h — the profile page's table views (issue 12): Call Tree,
 * Bottom-Up and Top Functions (with callers and callees) as pages of the
 * page's view stack, and the filter chips above it. */
#pragma once

#include <adwaita.h>

#include "kiln-document.h"
#include "kiln-profile-page.h"

G_BEGIN_DECLS

/* Adds the views of `document` to `stack` (activating a row shows the
 * graph, zoomed there) and the filter bar just above `stack`. */
void kiln_views_attach(KilnProfilePage *page, AdwViewStack *stack, KilnDocument *document);

G_END_DECLS
