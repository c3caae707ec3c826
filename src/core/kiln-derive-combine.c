/* kiln-derive-combine.c — derive steps over several profiles: merge (one
 * profile of many) and the diff pair (before and after as two sample
 * types of one tree). Frames are re-interned by value, so equal stacks of
 * different inputs become one node. */
#include "kiln-derive-private.h"
#include "kiln-core-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct {
    KilnDeriveCopy copy;
    uint32_t *out; /* per source node: builder node, UNSET until a value needs it */
    GArray *chain;
} Feed;

static void feed_init(Feed *f, KilnBuilder *b, const KilnProfile *p)
{
    kiln_derive_copy_init(&f->copy, b, p);
    f->out = g_new(uint32_t, p->n_nodes);
    memset(f->out, 0xff, sizeof(uint32_t) * p->n_nodes);
    f->out[0] = KILN_ROOT_NODE;
    f->chain = g_array_new(FALSE, FALSE, sizeof(uint32_t));
}

/* Steals the node map (source node -> builder node or KILN_NO_NODE). */
static uint32_t *feed_clear(Feed *f)
{
    kiln_derive_copy_clear(&f->copy);
    g_array_unref(f->chain);
    for (uint32_t n = 0; n < f->copy.src->n_nodes; n++)
        if (f->out[n] == KILN_DERIVE_UNSET)
            f->out[n] = KILN_NO_NODE;
    return f->out;
}

/* The builder node for source node n, with its path. */
static uint32_t feed_node(Feed *f, uint32_t n)
{
    const KilnNode *nodes = f->copy.src->nodes;
    g_array_set_size(f->chain, 0);
    uint32_t x = n;
    while (f->out[x] == KILN_DERIVE_UNSET) {
        g_array_append_val(f->chain, x);
        x = nodes[x].parent;
    }
    uint32_t o = f->out[x];
    for (guint i = f->chain->len; i-- > 0;) {
        x = g_array_index(f->chain, uint32_t, i);
        o = f->out[x] =
            kiln_builder_child(f->copy.b, o, kiln_derive_copy_frame(&f->copy, nodes[x].frame));
    }
    return o;
}

static uint32_t find_type(GPtrArray *names, const char *name, const char *unit)
{
    for (guint i = 0; i + 1 < names->len; i += 2)
        if (strcmp(names->pdata[i], name) == 0 && strcmp(names->pdata[i + 1], unit) == 0)
            return i / 2;
    return UINT32_MAX;
}

KilnProfile *kiln_derive_merge(KilnProfile *const *profiles, uint32_t n, uint32_t **node_maps,
                               const KilnDeriveCancel *cancel, GError **error)
{
    g_return_val_if_fail(n > 0, NULL);
    KilnGranularity g = profiles[0]->granularity;
    bool by_samples = true, same_format = true;
    for (uint32_t i = 0; i < n; i++) {
        g = MIN(g, profiles[i]->granularity);
        same_format &= strcmp(profiles[i]->format, profiles[0]->format) == 0;
    }
    for (uint32_t i = 0; i < n && by_samples; i++)
        by_samples = kiln_derive_samples_cover_tree(profiles[i]);

    /* Sample types joined by (name, unit), in order of first appearance. */
    GPtrArray *names = g_ptr_array_new();
    uint32_t **col = g_new(uint32_t *, n);
    for (uint32_t i = 0; i < n; i++) {
        const KilnProfile *p = profiles[i];
        col[i] = g_new(uint32_t, p->n_types + 1);
        for (uint32_t t = 0; t < p->n_types; t++) {
            const char *name = kiln_profile_string(p, p->types[t].name);
            const char *unit = kiln_profile_string(p, p->types[t].unit);
            col[i][t] = find_type(names, name, unit);
            if (col[i][t] == UINT32_MAX) {
                col[i][t] = names->len / 2;
                g_ptr_array_add(names, (gpointer)name);
                g_ptr_array_add(names, (gpointer)unit);
            }
        }
    }
    uint32_t nt = names->len / 2;
    KilnBuilder *b = kiln_derive_builder_new(g);
    for (uint32_t t = 0; t < nt; t++)
        kiln_builder_add_sample_type(b, names->pdata[2 * t], names->pdata[2 * t + 1]);
    g_ptr_array_unref(names);
    if (profiles[0]->n_types)
        kiln_builder_set_default_sample_type(b, col[0][profiles[0]->default_type]);
    kiln_builder_set_format(b, same_format ? profiles[0]->format : "merged");
    g_autofree char *merged = g_strdup_printf("%u", n);
    kiln_builder_set_property(b, "Merged profiles", merged);

    uint64_t start = 0, end = 0, seen = 0;
    double *row = g_new0(double, nt + 1);
    uint32_t **maps = g_new0(uint32_t *, n);
    uint32_t *ns = g_new(uint32_t, n);
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
        const KilnProfile *p = profiles[i];
        Feed f;
        feed_init(&f, b, p);
        seen += p->samples_seen;
        for (guint w = 0; p->warnings && w < p->warnings->len; w++)
            kiln_builder_warn(b, "%s", (const char *)p->warnings->pdata[w]);
        if (p->time_end) {
            start = start && start < p->time_start ? start : p->time_start;
            end = MAX(end, p->time_end);
        }
        if (by_samples) {
            for (uint64_t s = 0; s < p->n_samples && ok; s++) {
                if ((s & 0xffff) == 0 && kiln_derive_is_cancelled(cancel))
                    ok = kiln_derive_set_cancelled(error);
                if (p->sample_node[s] >= p->n_nodes)
                    continue;
                memset(row, 0, sizeof(double) * nt);
                for (uint32_t t = 0; t < p->n_types; t++)
                    row[col[i][t]] = p->sample_values[s * p->n_types + t];
                kiln_builder_record_sample(
                    b, feed_node(&f, p->sample_node[s]), row,
                    p->sample_time ? p->sample_time[s] : 0,
                    p->sample_thread ? p->sample_thread[s] : 0,
                    p->sample_labels ? kiln_derive_copy_labels(&f.copy, p->sample_labels[s]) : 0);
            }
        } else {
            for (uint32_t nd = 0; nd < p->n_nodes && ok; nd++) {
                if ((nd & 0xffff) == 0 && kiln_derive_is_cancelled(cancel))
                    ok = kiln_derive_set_cancelled(error);
                bool any = false;
                memset(row, 0, sizeof(double) * nt);
                for (uint32_t t = 0; t < p->n_types; t++)
                    any |= (row[col[i][t]] = kiln_profile_self(p, t, nd)) != 0;
                if (any)
                    kiln_builder_add_values(b, feed_node(&f, nd), row);
            }
        }
        maps[i] = feed_clear(&f);
        ns[i] = p->n_nodes;
    }
    if (end)
        kiln_builder_set_time_range(b, start, end);
    KilnProfile *result = ok ? kiln_derive_builder_finish_maps(b, maps, ns, n) : NULL;
    if (result)
        result->samples_seen = seen;
    kiln_builder_free(b);
    for (uint32_t i = 0; i < n; i++) {
        if (node_maps && result)
            node_maps[i] = maps[i];
        else
            g_free(maps[i]);
        g_free(col[i]);
    }
    g_free(maps);
    g_free(ns);
    g_free(col);
    g_free(row);
    return result;
}

/* One side of a diff: every node's self value of `type`, scaled, into
 * column `col`. The root's own value (empty stacks) is added last. */
static uint32_t *diff_side(KilnBuilder *b, const KilnProfile *p, uint32_t type, uint32_t col,
                           double scale)
{
    Feed f;
    feed_init(&f, b, p);
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        double v = kiln_profile_self(p, type, n);
        if (v != 0)
            kiln_builder_add_value(b, feed_node(&f, n), col, v * scale);
    }
    double root = kiln_profile_self(p, type, KILN_ROOT_NODE);
    if (root != 0)
        kiln_builder_add_value(b, KILN_ROOT_NODE, col, root * scale);
    return feed_clear(&f);
}

KilnProfile *kiln_derive_diff(const KilnProfile *before, uint32_t before_type,
                              const KilnProfile *after, uint32_t after_type, bool normalize,
                              uint32_t **before_map, uint32_t **after_map)
{
    if (before_type >= before->n_types)
        before_type = before->default_type;
    if (after_type >= after->n_types)
        after_type = after->default_type;
    KilnBuilder *b = kiln_derive_builder_new(MIN(before->granularity, after->granularity));
    const char *unit = kiln_profile_string(after, after->types[after_type].unit);
    kiln_builder_add_sample_type(b, "before", unit);
    kiln_builder_add_sample_type(b, "after", unit);
    kiln_builder_set_default_sample_type(b, 1);
    kiln_builder_set_format(b, "diff");

    double tb = kiln_profile_total(before, before_type, KILN_ROOT_NODE);
    double ta = kiln_profile_total(after, after_type, KILN_ROOT_NODE);
    double scale = normalize && tb > 0 ? ta / tb : 1.0;
    uint32_t *maps[2] = {diff_side(b, before, before_type, 0, scale),
                         diff_side(b, after, after_type, 1, 1.0)};
    uint32_t ns[2] = {before->n_nodes, after->n_nodes};

    g_autofree char *kind =
        g_strdup_printf("Differential: %s/%s before, %s/%s after%s",
                        kiln_profile_string(before, before->types[before_type].name),
                        kiln_profile_string(before, before->types[before_type].unit),
                        kiln_profile_string(after, after->types[after_type].name), unit,
                        normalize ? " (before normalised to the after total)" : "");
    kiln_builder_set_property(b, "Kind", kind);
    KilnProfile *p = kiln_derive_builder_finish_maps(b, maps, ns, 2);
    kiln_builder_free(b);
    if (before_map)
        *before_map = maps[0];
    else
        g_free(maps[0]);
    if (after_map)
        *after_map = maps[1];
    else
        g_free(maps[1]);
    return p;
}
