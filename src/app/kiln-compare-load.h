/* kiln-compare-load.h — loading a pair to compare: both files read with
 * the same options, their roots aligned (KilnDiffRoot) and joined into one
 * profile whose sample types are "before" and "after", which the flame
 * view paints as a differential graph. Blocking: the load job calls it on
 * its worker. */
#pragma once

#include "analysis/kiln-diff-root.h"
#include "formats/kiln-loader.h"

G_BEGIN_DECLS

/* Each side in its default sample type. Progress runs 0..0.5 over BEFORE
 * and 0.5..1 over AFTER. Errors name the file that failed. */
KilnProfile *kiln_compare_load(const char *before, const char *after,
                               const KilnLoadOptions *options, KilnDiffRoot root,
                               gboolean normalize, GCancellable *cancellable,
                               KilnProgressFunc progress, gpointer progress_data, GError **error);

G_END_DECLS
