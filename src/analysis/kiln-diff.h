/* kiln-diff.h — comparing two profiles: one merged profile whose sample
 * types are "before" and "after", for differential flame graphs, the
 * 3-column folded form and CI gates. */
#pragma once

#include "core/kiln-profile.h"

G_BEGIN_DECLS

/* Stacks are matched by their frames' names, modules, files, lines and
 * kinds. With `normalize`, the before values are scaled so both totals
 * are equal (compare shapes, not amounts). */
KilnProfile *kiln_diff_new(const KilnProfile *before, uint32_t before_type,
                           const KilnProfile *after, uint32_t after_type, gboolean normalize);

G_END_DECLS
