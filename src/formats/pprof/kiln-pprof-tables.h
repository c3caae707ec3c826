/* kiln-pprof-tables.h — KilnPprofTables, a pprof Profile's lookup tables
 * (strings, mappings, functions, locations) and the frames they become.
 *
 * Filled in a first pass over the Profile (fields may come in any order),
 * then consulted per sample. Ids are looked up through a dense array when
 * they are small (the common case) and a sorted array otherwise, so
 * non-dense ids and function id 0 work; ids that name nothing are counted
 * and reported once rather than failing the load.
 */
#pragma once

#include "core/kiln-builder.h"
#include "formats/pprof/profile.pb-c.h"

G_BEGIN_DECLS

/* An id → index map over one repeated message field. */
typedef struct {
    uint32_t *dense;  /* dense[id] = index + 1, 0 = none; or NULL */
    uint64_t n_dense;
    uint64_t *sorted_ids; /* when not dense: ids sorted, with... */
    uint32_t *sorted_idx; /* ...their indices */
    uint32_t n;
} KilnPprofIdMap;

typedef struct {
    KilnBuilder *b;

    /* string_table entries point into the decoded bytes, not copied. */
    GArray *str_data; /* const guint8 * */
    GArray *str_len;  /* uint32_t */

    GPtrArray *mappings;  /* Perftools__Profiles__Mapping * */
    GPtrArray *functions; /* Perftools__Profiles__Function * */
    GPtrArray *locations; /* Perftools__Profiles__Location * */
    KilnPprofIdMap mapping_ids, function_ids, location_ids;

    /* Per mapping: its module string id (basename of the file), cached. */
    uint32_t *mapping_module; /* UINT32_MAX until computed */

    /* Per location, after drop_frames: frames innermost first in
     * frame_pool[loc_start[i] .. + loc_count[i]], built on first use. */
    uint32_t *loc_start;  /* UINT32_MAX until built */
    uint32_t *loc_count;
    uint32_t *loc_first_line; /* lines before this one were dropped */
    guint8 *loc_prune;        /* KILN_PPROF_PRUNE_* bits */
    GArray *frame_pool;       /* uint32_t */

    uint64_t missing_functions, missing_mappings;
    uint64_t bad_strings; /* string indices outside the table, read as "" */
} KilnPprofTables;

enum {
    KILN_PPROF_PRUNE = 1,         /* drop this location and all beneath */
    KILN_PPROF_PRUNE_BENEATH = 2, /* keep it, drop all beneath */
};

void kiln_pprof_tables_init(KilnPprofTables *t, KilnBuilder *b);
void kiln_pprof_tables_clear(KilnPprofTables *t);

/* The bytes of string `idx`; "" (len 0) when out of range, which is
 * counted in bad_strings. */
const char *kiln_pprof_tables_string(KilnPprofTables *t, int64_t idx, gsize *len);
/* Same, checked: FALSE when idx is outside the table. */
gboolean kiln_pprof_tables_string_ok(KilnPprofTables *t, int64_t idx);

/* Builds the id maps once every mapping/function/location is known;
 * warns about duplicate ids (the first one wins). */
void kiln_pprof_tables_index(KilnPprofTables *t);

uint32_t kiln_pprof_id_map_get_sorted(const KilnPprofIdMap *m, uint64_t id);

/* Location index for an id, or UINT32_MAX. Inline: it runs once per
 * stack entry of every sample. */
static inline uint32_t kiln_pprof_tables_location(KilnPprofTables *t, uint64_t id)
{
    const KilnPprofIdMap *m = &t->location_ids;
    if (G_LIKELY(m->dense))
        return id < m->n_dense && m->dense[id] ? m->dense[id] - 1 : UINT32_MAX;
    return kiln_pprof_id_map_get_sorted(m, id);
}

/* Applies drop_frames/keep_frames (string indices; 0 = none) as pprof's
 * Profile.Prune does. A pattern that does not compile is reported and
 * ignored. */
void kiln_pprof_tables_prune(KilnPprofTables *t, int64_t drop, int64_t keep);

const uint32_t *kiln_pprof_tables_build_frames(KilnPprofTables *t, uint32_t loc, uint32_t *n);

/* The frames of location `loc`, innermost (inlined callee) first, built on
 * first use. The pointer is valid until the next call. */
static inline const uint32_t *kiln_pprof_tables_frames(KilnPprofTables *t, uint32_t loc,
                                                       uint32_t *n)
{
    if (G_UNLIKELY(t->loc_start[loc] == UINT32_MAX))
        return kiln_pprof_tables_build_frames(t, loc, n);
    *n = t->loc_count[loc];
    return &g_array_index(t->frame_pool, uint32_t, t->loc_start[loc]);
}

/* Property-friendly copy of a string (invalid UTF-8 escaped). */
char *kiln_pprof_tables_dup_string(KilnPprofTables *t, int64_t idx);

G_END_DECLS
