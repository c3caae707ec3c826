/* kiln-profile-stats.h — KilnProfileStats: the numbers of a profile's
 * summary page (distinct functions and stacks, top functions by self
 * value). Each walks the whole tree, so the app computes them on its
 * loading worker rather than in the main loop. */
#pragma once

#include "analysis/kiln-top.h"

G_BEGIN_DECLS

typedef struct {
    uint32_t type; /* sample type the top list is for */
    uint32_t n_functions;
    uint32_t n_stacks;
    KilnTopEntry *top; /* by self value, at most max_top entries */
    uint32_t n_top;
} KilnProfileStats;

KilnProfileStats *kiln_profile_stats_new(const KilnProfile *profile, uint32_t type,
                                         uint32_t max_top);
void kiln_profile_stats_free(KilnProfileStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnProfileStats, kiln_profile_stats_free)

G_END_DECLS
