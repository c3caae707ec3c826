/* kiln-heat-map.c — KilnHeatMap: one pass over the per-sample table.
 *
 * The pass reads the table directly (time, thread, values per row); the
 * bins need no time order, so no sorted index is required for them. */
#include "kiln-heat-map.h"

#include <glib/gi18n-lib.h>

#include "kiln-analysis-error.h"

struct _KilnHeatMap {
    uint32_t rows, columns, n_types;
    uint64_t t0, t_last, total;
    uint32_t *counts; /* [column * rows + row] */
    double *values;   /* [(column * rows + row) * n_types + type] */
    uint32_t max_count;
    double *max_values; /* per type */
};

void kiln_heat_map_options_init(KilnHeatMapOptions *o)
{
    *o = (KilnHeatMapOptions){.rows = KILN_HEAT_MAP_DEFAULT_ROWS};
}

bool kiln_profile_has_sample_times(const KilnProfile *p)
{
    if (!p->sample_time)
        return false;
    for (uint64_t i = 0; i < p->n_samples; i++)
        if (p->sample_time[i])
            return true;
    return false;
}

KilnHeatMap *kiln_heat_map_new(const KilnProfile *p, const KilnHeatMapOptions *o, GError **error)
{
    if (o->rows == 0 || o->rows > KILN_HEAT_MAP_MAX_ROWS) {
        g_set_error(error, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID,
                    _("A heat map has 1 to %u rows, not %u."), KILN_HEAT_MAP_MAX_ROWS, o->rows);
        return NULL;
    }
    /* The span: earliest and latest known time, over every thread. */
    uint64_t t0 = UINT64_MAX, t_last = 0;
    for (uint64_t i = 0; p->sample_time && i < p->n_samples; i++) {
        uint64_t t = p->sample_time[i];
        if (!t)
            continue;
        if (t < t0)
            t0 = t;
        if (t > t_last)
            t_last = t;
    }
    if (o->origin) {
        /* A given origin: the map starts there even when the first kept
         * sample is later, and a range without samples is an empty map. */
        if (t0 == UINT64_MAX || t_last < o->origin)
            t_last = o->origin;
        t0 = o->origin;
    }
    if (t0 == UINT64_MAX) {
        g_set_error_literal(error, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID,
                            _("This profile has no sample times, so it has no heat map or "
                              "timeline; record with perf to see when samples happened."));
        return NULL;
    }
    uint64_t columns = (t_last - t0) / KILN_NS_PER_SECOND + 1;
    if (columns > KILN_HEAT_MAP_MAX_CELLS / o->rows) {
        g_set_error(error, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID,
                    _("The samples span %llu seconds, too long for a heat map "
                      "of %u rows; select a time range or use fewer rows."),
                    (unsigned long long)columns, o->rows);
        return NULL;
    }

    KilnHeatMap *m = g_new0(KilnHeatMap, 1);
    m->rows = o->rows;
    m->columns = (uint32_t)columns;
    m->n_types = p->n_types;
    m->t0 = t0;
    m->t_last = t_last;
    size_t cells = (size_t)m->columns * m->rows;
    m->counts = g_new0(uint32_t, cells);
    m->values = g_new0(double, cells *(m->n_types ? m->n_types : 1));
    m->max_values = g_new0(double, m->n_types ? m->n_types : 1);

    const uint32_t nt = p->n_types;
    const uint64_t rows = m->rows;
    const bool filter = o->one_thread && p->sample_thread;
    if (o->one_thread && !p->sample_thread && o->thread != 0)
        return m; /* no thread ids at all: that thread has no samples */
    for (uint64_t i = 0; p->sample_time && i < p->n_samples; i++) {
        uint64_t t = p->sample_time[i];
        if (t < t0 || (filter && p->sample_thread[i] != o->thread))
            continue;
        uint64_t off = t - t0;
        uint64_t sec = off / KILN_NS_PER_SECOND;
        uint64_t bucket = (off % KILN_NS_PER_SECOND) * rows / KILN_NS_PER_SECOND;
        size_t cell = (size_t)(sec * rows + bucket);
        m->counts[cell]++;
        if (nt) {
            const double *v = p->sample_values + i * nt;
            double *dst = m->values + cell * nt;
            for (uint32_t k = 0; k < nt; k++)
                dst[k] += v[k];
        }
        m->total++;
    }
    for (size_t c = 0; c < cells; c++) {
        if (m->counts[c] > m->max_count)
            m->max_count = m->counts[c];
        for (uint32_t k = 0; k < nt; k++)
            if (m->values[c * nt + k] > m->max_values[k])
                m->max_values[k] = m->values[c * nt + k];
    }
    return m;
}

void kiln_heat_map_free(KilnHeatMap *m)
{
    if (!m)
        return;
    g_free(m->counts);
    g_free(m->values);
    g_free(m->max_values);
    g_free(m);
}

uint32_t kiln_heat_map_rows(const KilnHeatMap *m)
{
    return m->rows;
}

uint32_t kiln_heat_map_columns(const KilnHeatMap *m)
{
    return m->columns;
}

uint32_t kiln_heat_map_n_types(const KilnHeatMap *m)
{
    return m->n_types;
}

uint64_t kiln_heat_map_t0(const KilnHeatMap *m)
{
    return m->t0;
}

uint64_t kiln_heat_map_t_last(const KilnHeatMap *m)
{
    return m->t_last;
}

uint64_t kiln_heat_map_total(const KilnHeatMap *m)
{
    return m->total;
}

uint32_t kiln_heat_map_count(const KilnHeatMap *m, uint32_t column, uint32_t row)
{
    if (column >= m->columns || row >= m->rows)
        return 0;
    return m->counts[(size_t)column * m->rows + row];
}

double kiln_heat_map_value(const KilnHeatMap *m, uint32_t column, uint32_t row, uint32_t type)
{
    if (column >= m->columns || row >= m->rows || type >= m->n_types)
        return 0;
    return m->values[((size_t)column * m->rows + row) * m->n_types + type];
}

uint32_t kiln_heat_map_max_count(const KilnHeatMap *m)
{
    return m->max_count;
}

double kiln_heat_map_max_value(const KilnHeatMap *m, uint32_t type)
{
    return type < m->n_types ? m->max_values[type] : 0;
}

/* The first offset within a second that lands in bucket b: the offsets o
 * of bucket b are those with b * 1 s <= o * N < (b + 1) * 1 s, and for an
 * integer o, o >= x exactly when o >= ceil(x). */
static uint64_t bucket_start(uint64_t b, uint64_t rows)
{
    return (b * KILN_NS_PER_SECOND + rows - 1) / rows;
}

void kiln_heat_map_cell_span(const KilnHeatMap *m, uint32_t column, uint32_t row, uint64_t *start,
                             uint64_t *end)
{
    uint64_t base = (uint64_t)column * KILN_NS_PER_SECOND;
    *start = base + bucket_start(row, m->rows);
    *end = base + bucket_start((uint64_t)row + 1, m->rows);
}

bool kiln_heat_map_cell_at(const KilnHeatMap *m, uint64_t offset, uint32_t *column, uint32_t *row)
{
    uint64_t sec = offset / KILN_NS_PER_SECOND;
    if (sec >= m->columns)
        return false;
    *column = (uint32_t)sec;
    *row = (uint32_t)((offset % KILN_NS_PER_SECOND) * m->rows / KILN_NS_PER_SECOND);
    return true;
}

void kiln_heat_map_selection_span(const KilnHeatMap *m, uint32_t column_a, uint32_t row_a,
                                  uint32_t column_b, uint32_t row_b, uint64_t *start, uint64_t *end)
{
    uint64_t a = (uint64_t)column_a * m->rows + row_a;
    uint64_t b = (uint64_t)column_b * m->rows + row_b;
    if (b < a) {
        uint32_t c = column_a, r = row_a;
        column_a = column_b;
        row_a = row_b;
        column_b = c;
        row_b = r;
    }
    uint64_t unused;
    kiln_heat_map_cell_span(m, column_a, row_a, start, &unused);
    kiln_heat_map_cell_span(m, column_b, row_b, &unused, end);
}
