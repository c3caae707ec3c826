/* kiln-derive-private.h — what kiln-derive.c and kiln-derive-combine.c
 * share: copying a source profile's frames, types, labels and metadata into
 * the builder of the derived one. */
#pragma once

#include "kiln-builder.h"
#include "kiln-derive.h"

#define KILN_DERIVE_UNSET UINT32_MAX

typedef struct {
    KilnBuilder *b;
    const KilnProfile *src;
    uint32_t *frame_map; /* source frame -> builder frame, UNSET until asked */
    uint32_t *label_map; /* source label set -> builder label set, UNSET until asked */
} KilnDeriveCopy;

/* A builder without depth limit (the inputs are bounded already). */
KilnBuilder *kiln_derive_builder_new(KilnGranularity granularity);

void kiln_derive_copy_init(KilnDeriveCopy *c, KilnBuilder *b, const KilnProfile *src);
void kiln_derive_copy_clear(KilnDeriveCopy *c);
uint32_t kiln_derive_copy_string(KilnDeriveCopy *c, uint32_t id);
uint32_t kiln_derive_copy_frame(KilnDeriveCopy *c, uint32_t frame);
uint32_t kiln_derive_copy_labels(KilnDeriveCopy *c, uint32_t set);
/* Sample types, format, properties, warnings and time range of the source. */
void kiln_derive_copy_metadata(KilnDeriveCopy *c);

/* Whether the per-sample table holds exactly the tree's values, so that the
 * derived tree may be fed from it (keeping times, threads and labels). */
bool kiln_derive_samples_cover_tree(const KilnProfile *p);

static inline bool kiln_derive_is_cancelled(const KilnDeriveCancel *c)
{
    return c && c->cancelled && c->cancelled(c->data);
}

bool kiln_derive_set_cancelled(GError **error);

/* Finishes `b` and turns `map` (n entries of build-time node ids, or
 * KILN_NO_NODE) into final preorder ids. */
KilnProfile *kiln_derive_builder_finish(KilnBuilder *b, uint32_t *map, uint32_t n);
/* The same for several maps at once. */
KilnProfile *kiln_derive_builder_finish_maps(KilnBuilder *b, uint32_t **maps, const uint32_t *ns,
                                             uint32_t n_maps);
