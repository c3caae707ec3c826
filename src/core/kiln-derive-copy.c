/* kiln-derive-copy.c — KilnDeriveCopy: a source profile's frames, labels,
 * types and metadata re-interned into a derived profile's builder, each
 * frame and label set once. */
#include "kiln-derive-private.h"
#include "kiln-core-error.h"

#include <gio/gio.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

KilnBuilder *kiln_derive_builder_new(KilnGranularity granularity)
{
    KilnLimits limits;
    kiln_limits_init_default(&limits);
    limits.max_depth = G_MAXUINT32;
    KilnBuilder *b = kiln_builder_new(&limits);
    kiln_builder_set_granularity(b, granularity);
    return b;
}

void kiln_derive_copy_init(KilnDeriveCopy *c, KilnBuilder *b, const KilnProfile *src)
{
    c->b = b;
    c->src = src;
    c->frame_map = g_new(uint32_t, src->n_frames ? src->n_frames : 1);
    memset(c->frame_map, 0xff, sizeof(uint32_t) * src->n_frames);
    c->label_map = g_new(uint32_t, src->n_label_sets ? src->n_label_sets : 1);
    memset(c->label_map, 0xff, sizeof(uint32_t) * src->n_label_sets);
}

void kiln_derive_copy_clear(KilnDeriveCopy *c)
{
    g_clear_pointer(&c->frame_map, g_free);
    g_clear_pointer(&c->label_map, g_free);
}

uint32_t kiln_derive_copy_string(KilnDeriveCopy *c, uint32_t id)
{
    return kiln_builder_intern(c->b, kiln_profile_string(c->src, id),
                               kiln_strings_length(c->src->strings, id));
}

uint32_t kiln_derive_copy_frame(KilnDeriveCopy *c, uint32_t frame)
{
    if (c->frame_map[frame] != KILN_DERIVE_UNSET)
        return c->frame_map[frame];
    const KilnFrame *f = &c->src->frames[frame];
    /* The builder projects to its own granularity. */
    return c->frame_map[frame] = kiln_builder_location(
               c->b, kiln_derive_copy_string(c, f->name), kiln_derive_copy_string(c, f->module),
               kiln_derive_copy_string(c, f->file), f->line, f->address, f->inline_depth,
               (KilnFrameKind)f->kind);
}

uint32_t kiln_derive_copy_labels(KilnDeriveCopy *c, uint32_t set)
{
    const KilnProfile *p = c->src;
    if (set == 0 || set >= p->n_label_sets)
        return 0;
    if (c->label_map[set] != KILN_DERIVE_UNSET)
        return c->label_map[set];
    uint32_t s = p->label_start[set], e = p->label_start[set + 1];
    KilnLabel *l = g_new(KilnLabel, e - s);
    for (uint32_t i = s; i < e; i++) {
        l[i - s] = p->labels[i];
        l[i - s].key = kiln_derive_copy_string(c, p->labels[i].key);
        l[i - s].str = p->labels[i].str ? kiln_derive_copy_string(c, p->labels[i].str) : 0;
        l[i - s].unit = p->labels[i].unit ? kiln_derive_copy_string(c, p->labels[i].unit) : 0;
    }
    c->label_map[set] = kiln_builder_label_set(c->b, l, e - s);
    g_free(l);
    return c->label_map[set];
}

void kiln_derive_copy_metadata(KilnDeriveCopy *c)
{
    const KilnProfile *p = c->src;
    for (uint32_t t = 0; t < p->n_types; t++)
        kiln_builder_add_sample_type(c->b, kiln_profile_string(p, p->types[t].name),
                                     kiln_profile_string(p, p->types[t].unit));
    kiln_builder_set_default_sample_type(c->b, p->default_type);
    kiln_builder_set_format(c->b, p->format);
    for (guint i = 0; p->properties && i < p->properties->len; i++) {
        const KilnProperty *pr = &g_array_index(p->properties, KilnProperty, i);
        if (pr->unit)
            kiln_builder_set_property_quantity(c->b, pr->key, pr->quantity, pr->unit);
        else
            kiln_builder_set_property(c->b, pr->key, pr->value);
    }
    for (guint i = 0; p->warnings && i < p->warnings->len; i++)
        kiln_builder_warn(c->b, "%s", (const char *)p->warnings->pdata[i]);
    if (p->time_end)
        kiln_builder_set_time_range(c->b, p->time_start, p->time_end);
}

bool kiln_derive_samples_cover_tree(const KilnProfile *p)
{
    if (!p->n_samples || !p->sample_node || !p->sample_values)
        return false;
    size_t n = (size_t)p->n_nodes * p->n_types;
    double *sum = g_new0(double, n);
    for (uint64_t s = 0; s < p->n_samples; s++) {
        uint32_t node = p->sample_node[s];
        if (node >= p->n_nodes)
            continue;
        for (uint32_t t = 0; t < p->n_types; t++)
            sum[(size_t)t * p->n_nodes + node] += p->sample_values[s * p->n_types + t];
    }
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = fabs(sum[i] - p->self[i]) <= 1e-9 * MAX(1.0, fabs(p->self[i]));
    g_free(sum);
    return ok;
}

bool kiln_derive_set_cancelled(GError **error)
{
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                        _("Applying the filters was cancelled"));
    return false;
}

KilnProfile *kiln_derive_builder_finish_maps(KilnBuilder *b, uint32_t **maps, const uint32_t *ns,
                                             uint32_t n_maps)
{
    uint32_t *to_final = NULL;
    KilnProfile *p = kiln_builder_finish_mapped(b, &to_final);
    for (uint32_t m = 0; m < n_maps; m++) {
        uint32_t *map = maps[m];
        for (uint32_t i = 0; map && i < ns[m]; i++)
            if (map[i] != KILN_NO_NODE)
                map[i] = to_final[map[i]];
    }
    g_free(to_final);
    return p;
}

KilnProfile *kiln_derive_builder_finish(KilnBuilder *b, uint32_t *map, uint32_t n)
{
    return kiln_derive_builder_finish_maps(b, &map, &n, 1);
}

void kiln_derive_compose_maps(uint32_t *first, uint32_t n, const uint32_t *second,
                              uint32_t second_n)
{
    for (uint32_t i = 0; i < n; i++)
        if (first[i] != KILN_NO_NODE)
            first[i] = first[i] < second_n ? second[first[i]] : KILN_NO_NODE;
}
