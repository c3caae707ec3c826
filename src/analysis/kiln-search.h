/* kiln-search.h — KilnSearch: which frames match a regular expression, and
 * how much of the total they cover. */
#pragma once

#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef struct {
    const KilnProfile *profile; /* borrowed; must outlive the search */
    guint8 *node_match;         /* per node: 1 when its function matches */
    uint32_t n_matched_nodes;
    uint32_t n_matched_functions;
} KilnSearch;

/* Case-sensitive unless the pattern has no capitals (as in most search
 * boxes). Fails with a GRegexError message for a bad pattern. */
KilnSearch *kiln_search_new(const KilnProfile *profile, const char *pattern, GError **error);
void kiln_search_free(KilnSearch *search);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnSearch, kiln_search_free)

/* Value of matching stacks under `root`, nested matches counted once. */
double kiln_search_matched_value(const KilnSearch *search, uint32_t type, uint32_t root);

G_END_DECLS
