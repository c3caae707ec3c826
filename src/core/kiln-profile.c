#include "kiln-profile.h"
#include "kiln-shared-array.h"

#include <string.h>

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
