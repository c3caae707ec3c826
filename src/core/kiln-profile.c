#include "kiln-profile.h"
#include "kiln-shared-array.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* One reverse preorder pass per type: a node's parent comes before it. An
 * infinity here would turn every width computed from it into NaN, so sums
 * saturate. */
bool kiln_profile_fill_totals(const KilnNode *nodes, uint32_t n, uint32_t nt, const double *self,
                              double *total_out)
{
    bool overflowed = false;
    memcpy(total_out, self, sizeof(double) * nt * n);
    for (uint32_t t = 0; t < nt; t++) {
        double *total = total_out + (size_t)t * n;
        for (uint32_t i = n; i-- > 1;) {
            double r = total[nodes[i].parent] + total[i];
            if (G_UNLIKELY(!isfinite(r))) {
                r = r > 0 ? DBL_MAX : -DBL_MAX;
                overflowed = true;
            }
            total[nodes[i].parent] = r;
        }
    }
    return overflowed;
}

/* Every partial sum of a column, in any order and with rounding, is at
 * most its sum of magnitudes times (1 + 2^-53)^n < 1 + 2^-21 (n < 2^32):
 * a quarter of DBL_MAX leaves room to spare. */
bool kiln_profile_totals_may_overflow(const double *self, uint32_t n, uint32_t nt)
{
    for (uint32_t t = 0; t < nt; t++) {
        const double *col = self + (size_t)t * n;
        double magnitude = 0;
        for (uint32_t i = 0; i < n; i++)
            magnitude += fabs(col[i]);
        if (!(magnitude <= DBL_MAX / 4))
            return true;
    }
    return false;
}

const double *kiln_profile_sum_totals(const KilnProfile *cp)
{
    KilnProfile *p = (KilnProfile *)cp;
    double *t = g_new(double, MAX((size_t)p->n_types * p->n_nodes, (size_t)1));
    /* Saturation was ruled out when the sum was deferred. */
    kiln_profile_fill_totals(p->nodes, p->n_nodes, p->n_types, p->self, t);
    if (!g_atomic_pointer_compare_and_exchange(&p->total, NULL, t))
        g_free(t);
    return g_atomic_pointer_get(&p->total);
}

KilnProfile *kiln_profile_ref(KilnProfile *p)
{
    g_atomic_int_inc(&p->ref_count);
    return p;
}

void kiln_profile_unref(KilnProfile *p)
{
    if (!p || !g_atomic_int_dec_and_test(&p->ref_count))
        return;
    g_free(p->format);
    kiln_strings_free(p->strings);
    g_free(p->frames);
    g_free(p->nodes);
    g_free(p->types);
    g_free(p->self);
    g_free(p->total);
    if (p->sample_rows_shared) {
        kiln_shared_array_unref(p->sample_time);
        kiln_shared_array_unref(p->sample_thread);
        kiln_shared_array_unref(p->sample_labels);
        kiln_shared_array_unref(p->sample_values);
    } else {
        g_free(p->sample_time);
        g_free(p->sample_thread);
        g_free(p->sample_labels);
        g_free(p->sample_values);
    }
    g_free(p->sample_node);
    g_free(p->labels);
    g_free(p->label_start);
    if (p->warnings)
        g_ptr_array_unref(p->warnings);
    if (p->properties) {
        for (guint i = 0; i < p->properties->len; i++) {
            KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
            g_free(prop->key);
            g_free(prop->value);
            g_free(prop->unit);
        }
        g_array_unref(p->properties);
    }
    g_free(p);
}

int kiln_profile_find_type(const KilnProfile *p, const char *name)
{
    for (uint32_t t = 0; t < p->n_types; t++)
        if (strcmp(kiln_strings_get(p->strings, p->types[t].name), name) == 0)
            return (int)t;
    return -1;
}

const char *kiln_profile_get_property(const KilnProfile *p, const char *key)
{
    for (guint i = 0; p->properties && i < p->properties->len; i++) {
        KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        if (strcmp(prop->key, key) == 0)
            return prop->value;
    }
    return NULL;
}

uint32_t kiln_profile_count_functions(const KilnProfile *p)
{
    /* Frame names are interned, so distinct names are distinct ids. */
    uint32_t n_strings = kiln_strings_count(p->strings);
    guint8 *seen = g_new0(guint8, n_strings);
    uint32_t count = 0;
    for (uint32_t f = 0; f < p->n_frames; f++) {
        uint32_t name = p->frames[f].name;
        if (!seen[name]) {
            seen[name] = 1;
            count++;
        }
    }
    g_free(seen);
    return count;
}

uint32_t kiln_profile_count_stacks(const KilnProfile *p)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < p->n_nodes; i++) {
        for (uint32_t t = 0; t < p->n_types; t++) {
            if (p->self[(size_t)t * p->n_nodes + i] != 0) {
                count++;
                break;
            }
        }
    }
    return count;
}

uint32_t *kiln_profile_stack(const KilnProfile *p, uint32_t node, uint32_t *n_out)
{
    uint32_t depth = node < p->n_nodes ? p->nodes[node].depth : 0;
    uint32_t *frames = g_new(uint32_t, depth ? depth : 1);
    for (uint32_t d = depth; d > 0; d--) {
        frames[d - 1] = p->nodes[node].frame;
        node = p->nodes[node].parent;
    }
    *n_out = depth;
    return frames;
}

uint32_t kiln_profile_find_child(const KilnProfile *p, uint32_t node, uint32_t frame)
{
    uint32_t end = node + p->nodes[node].size;
    for (uint32_t c = node + 1; c < end; c += p->nodes[c].size)
        if (p->nodes[c].frame == frame)
            return c;
    return KILN_NO_NODE;
}
