#include "kiln-diff.h"
#include "core/kiln-builder.h"

#include <string.h>

static uint32_t copy_string(KilnBuilder *b, const KilnProfile *p, uint32_t id)
{
    return kiln_builder_intern(b, kiln_profile_string(p, id), kiln_strings_length(p->strings, id));
}

/* Adds every stack of `p` into the builder's tree, its self values into
 * column `col` (scaled). Preorder means a parent is mapped before its
 * children: one pass, no recursion. */
static void add_profile(KilnBuilder *b, const KilnProfile *p, uint32_t type, uint32_t col,
                        double scale)
{
    uint32_t *map = g_new(uint32_t, p->n_nodes);
    uint32_t *frame_map = g_new(uint32_t, p->n_frames ? p->n_frames : 1);
    memset(frame_map, 0xff, sizeof(uint32_t) * p->n_frames);
    map[0] = KILN_ROOT_NODE;
    for (uint32_t i = 1; i < p->n_nodes; i++) {
        uint32_t f = p->nodes[i].frame;
        if (frame_map[f] == UINT32_MAX) {
            const KilnFrame *fr = &p->frames[f];
            frame_map[f] = kiln_builder_frame(b, copy_string(b, p, fr->name),
                                              copy_string(b, p, fr->module),
                                              copy_string(b, p, fr->file), fr->line, fr->kind);
        }
        map[i] = kiln_builder_child(b, map[p->nodes[i].parent], frame_map[f]);
        double v = kiln_profile_self(p, type, i);
        if (v != 0)
            kiln_builder_add_value(b, map[i], col, v * scale);
    }
    double root = kiln_profile_self(p, type, KILN_ROOT_NODE);
    if (root != 0)
        kiln_builder_add_value(b, KILN_ROOT_NODE, col, root * scale);
    g_free(frame_map);
    g_free(map);
}

KilnProfile *kiln_diff_new(const KilnProfile *before, uint32_t before_type,
                           const KilnProfile *after, uint32_t after_type, gboolean normalize)
{
    if (before_type >= before->n_types)
        before_type = before->default_type;
    if (after_type >= after->n_types)
        after_type = after->default_type;
    KilnLimits limits;
    kiln_limits_init_default(&limits);
    limits.max_depth = G_MAXUINT32; /* already bounded by the inputs */
    KilnBuilder *b = kiln_builder_new(&limits);
    const char *unit = kiln_profile_string(after, after->types[after_type].unit);
    kiln_builder_add_sample_type(b, "before", unit);
    kiln_builder_add_sample_type(b, "after", unit);
    kiln_builder_set_default_sample_type(b, 1);
    kiln_builder_set_format(b, "diff");

    double tb = kiln_profile_total(before, before_type, KILN_ROOT_NODE);
    double ta = kiln_profile_total(after, after_type, KILN_ROOT_NODE);
    double scale = normalize && tb > 0 ? ta / tb : 1.0;
    add_profile(b, before, before_type, 0, scale);
    add_profile(b, after, after_type, 1, 1.0);

    g_autofree char *kind = g_strdup_printf(
        "Differential: %s/%s before, %s/%s after%s",
        kiln_profile_string(before, before->types[before_type].name),
        kiln_profile_string(before, before->types[before_type].unit),
        kiln_profile_string(after, after->types[after_type].name), unit,
        normalize ? " (before normalised to the after total)" : "");
    kiln_builder_set_property(b, "Kind", kind);
    KilnProfile *p = kiln_builder_finish(b);
    kiln_builder_free(b);
    return p;
}
