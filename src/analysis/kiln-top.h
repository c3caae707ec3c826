/* kiln-top.h — KilnTopEntry: the flat "top functions" table, like
 * `pprof -top`: self and total value per function name. */
#pragma once

#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef struct {
    uint32_t name; /* string id of the function name */
    double self;
    double total; /* counted once per stack, however often it recurses */
} KilnTopEntry;

typedef enum {
    KILN_TOP_BY_SELF,
    KILN_TOP_BY_TOTAL,
} KilnTopOrder;

/* Entries for every function under `root` (KILN_ROOT_NODE for all),
 * sorted by the given order, ties by name. */
KilnTopEntry *kiln_top_compute(const KilnProfile *profile, uint32_t type, uint32_t root,
                               KilnTopOrder order, uint32_t *n_out);

G_END_DECLS
