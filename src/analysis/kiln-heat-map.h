/* kiln-heat-map.h — KilnHeatMap, FlameScope's sub-second offset heat map.
 *
 * One column per second since the earliest sample (t0), one row per 1/N of
 * a second, each cell counting the sample records whose time falls in it.
 * Everything is integer nanoseconds, so the cells are exactly those of
 *   second = floor((t - t0) / 1 s)
 *   bucket = floor(((t - t0) mod 1 s) * N / 1 s)
 * and a cell's time span [start, end) is exact too (see cell_span()).
 * Besides the count, each cell sums every sample type's values, for
 * colouring by value instead of by count.
 *
 * A per-thread map counts one thread's samples only but keeps the whole
 * recording's t0 and number of columns, so maps of different threads line
 * up cell for cell.
 *
 * Built in one pass over the profile's per-sample table; read-only after.
 * Samples whose time is 0 (unknown) are left out; a profile where every
 * time is unknown (pprof, folded stacks) has no heat map.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "analysis/kiln-analysis-error.h"
#include "core/kiln-profile.h"

G_BEGIN_DECLS

#define KILN_HEAT_MAP_DEFAULT_ROWS 50u
#define KILN_HEAT_MAP_MAX_ROWS     1000u
/* Columns times rows; a recording longer than this many cells is refused
 * (at 50 rows: 23 hours), rather than allocating without bound. */
#define KILN_HEAT_MAP_MAX_CELLS (1u << 22)

#define KILN_NS_PER_SECOND UINT64_C(1000000000)

typedef struct {
    uint32_t rows;   /* buckets per second, 1 .. KILN_HEAT_MAP_MAX_ROWS */
    bool one_thread; /* count only the samples of `thread` */
    uint32_t thread;
    /* The time of second 0 (ns); 0: the earliest sample's. A map of part
     * of a recording passes the whole recording's, so its cells stay where
     * they were; samples before it are left out. */
    uint64_t origin;
} KilnHeatMapOptions;

void kiln_heat_map_options_init(KilnHeatMapOptions *options);

typedef struct _KilnHeatMap KilnHeatMap;

/* True when some sample of `profile` has a time. */
bool kiln_profile_has_sample_times(const KilnProfile *profile);

/* The map of `profile`'s samples. Fails with KILN_ANALYSIS_ERROR_INVALID
 * when the profile has no sample times, when rows is out of range, or when
 * the recording is too long for a map. A thread without samples gives an
 * empty map (max_count 0), not an error. */
KilnHeatMap *kiln_heat_map_new(const KilnProfile *profile, const KilnHeatMapOptions *options,
                               GError **error);
void kiln_heat_map_free(KilnHeatMap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnHeatMap, kiln_heat_map_free)

uint32_t kiln_heat_map_rows(const KilnHeatMap *map);
uint32_t kiln_heat_map_columns(const KilnHeatMap *map);
uint32_t kiln_heat_map_n_types(const KilnHeatMap *map);
/* The earliest sample time of the whole recording (ns), and the latest. */
uint64_t kiln_heat_map_t0(const KilnHeatMap *map);
uint64_t kiln_heat_map_t_last(const KilnHeatMap *map);
/* Samples counted in the map (all cells). */
uint64_t kiln_heat_map_total(const KilnHeatMap *map);

uint32_t kiln_heat_map_count(const KilnHeatMap *map, uint32_t column, uint32_t row);
/* The sum of type `type`'s values of the cell's samples. */
double kiln_heat_map_value(const KilnHeatMap *map, uint32_t column, uint32_t row, uint32_t type);
uint32_t kiln_heat_map_max_count(const KilnHeatMap *map);
double kiln_heat_map_max_value(const KilnHeatMap *map, uint32_t type);

/* The cell's time span [*start, *end) in ns since t0: exactly the offsets
 * whose second and bucket are the cell's. */
void kiln_heat_map_cell_span(const KilnHeatMap *map, uint32_t column, uint32_t row, uint64_t *start,
                             uint64_t *end);
/* The cell holding `offset` ns since t0; false past the last column. */
bool kiln_heat_map_cell_at(const KilnHeatMap *map, uint64_t offset, uint32_t *column,
                           uint32_t *row);
/* FlameScope's selection: from the start of the earlier of two cells to
 * the end of the later one (cells ordered by time: column, then row), as
 * [*start, *end) ns since t0. */
void kiln_heat_map_selection_span(const KilnHeatMap *map, uint32_t column_a, uint32_t row_a,
                                  uint32_t column_b, uint32_t row_b, uint64_t *start,
                                  uint64_t *end);

G_END_DECLS
