/* app-test-transform.h — a transform for the app tests, the kind the
 * derive engine will provide: it re-feeds the tree through a builder, so
 * node ids change as they will after a real filter. */
#pragma once

#include <gio/gio.h>
#include <string.h>

#include "core/kiln-builder.h"
#include "core/kiln-profile.h"

/* A transform as the derive engine will provide: hides every frame named
 * `data` (pprof -hide), re-feeding the tree, so node ids change. */
static inline KilnProfile *hide_frames(KilnProfile *p, gpointer data, GCancellable *c,
                                       GError **error)
{
    const char *hidden = data;
    KilnBuilder *b = kiln_builder_new(NULL);
    for (uint32_t t = 0; t < p->n_types; t++)
        kiln_builder_add_sample_type(b, kiln_profile_string(p, p->types[t].name),
                                     kiln_profile_string(p, p->types[t].unit));
    kiln_builder_set_default_sample_type(b, p->default_type);
    uint32_t *map = g_new(uint32_t, p->n_nodes);
    double *values = g_new(double, p->n_types);
    map[KILN_ROOT_NODE] = KILN_ROOT_NODE;
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        uint32_t parent = map[p->nodes[n].parent];
        const char *name = kiln_profile_node_name(p, n);
        map[n] =
            strcmp(name, hidden) == 0
                ? parent
                : kiln_builder_child(b, parent, kiln_builder_frame_named(b, name, strlen(name), 0));
        for (uint32_t t = 0; t < p->n_types; t++)
            values[t] = kiln_profile_self(p, t, n);
        kiln_builder_add_values(b, map[n], values);
    }
    g_free(values);
    g_free(map);
    return kiln_builder_finish(b);
}
