/* kiln-diff-root.c — aligning the roots of a compared pair. */
#include "kiln-diff-root.h"
#include "core/kiln-builder.h"

#include <string.h>

static const char *const names[] = {"auto", "process", "process+pid", "none"};

gboolean kiln_diff_root_from_string(const char *text, KilnDiffRoot *out)
{
    for (guint i = 0; text && i < G_N_ELEMENTS(names); i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (KilnDiffRoot)i;
            return TRUE;
        }
    return FALSE;
}

const char *kiln_diff_root_to_string(KilnDiffRoot root)
{
    return (guint)root < G_N_ELEMENTS(names) ? names[root] : names[0];
}

gboolean kiln_diff_root_wants_pid(KilnDiffRoot root)
{
    return root == KILN_DIFF_ROOT_PROCESS_PID;
}

/* The only top-level process frame's name, or NULL when there are none or
 * several (several processes or threads: keep them apart). */
static const char *single_root(const KilnProfile *p)
{
    const char *name = NULL;
    for (uint32_t n = 1; n < p->n_nodes; n += p->nodes[n].size) {
        const KilnFrame *f = &p->frames[p->nodes[n].frame];
        if (f->kind != KILN_FRAME_ROOT || name)
            return NULL;
        name = kiln_profile_string(p, f->name);
    }
    return name;
}

KilnDiffRoot kiln_diff_root_resolve(KilnDiffRoot root, const KilnProfile *before,
                                    const KilnProfile *after)
{
    if (root != KILN_DIFF_ROOT_AUTO)
        return root;
    const char *a = single_root(before), *b = single_root(after);
    return a && b && strcmp(a, b) != 0 ? KILN_DIFF_ROOT_NONE : KILN_DIFF_ROOT_PROCESS;
}

static uint32_t copy_string(KilnBuilder *b, const KilnProfile *p, uint32_t id)
{
    if (id == 0)
        return 0; /* the empty string: unknown module or file */
    return kiln_builder_intern(b, kiln_strings_get(p->strings, id),
                               kiln_strings_length(p->strings, id));
}

KilnProfile *kiln_diff_root_apply(KilnProfile *profile, KilnDiffRoot root)
{
    gboolean any = FALSE;
    for (uint32_t n = 1; n < profile->n_nodes && !any; n += profile->nodes[n].size)
        any = profile->frames[profile->nodes[n].frame].kind == KILN_FRAME_ROOT;
    if (root != KILN_DIFF_ROOT_NONE || !any)
        return kiln_profile_ref(profile);

    /* The inputs passed the loader's limits already; one level shallower
     * cannot exceed them. */
    g_autoptr(KilnBuilder) b = kiln_builder_new(NULL);
    kiln_builder_set_granularity(b, profile->granularity);
    for (uint32_t t = 0; t < profile->n_types; t++)
        kiln_builder_add_sample_type(b, kiln_profile_string(profile, profile->types[t].name),
                                     kiln_profile_string(profile, profile->types[t].unit));
    kiln_builder_set_default_sample_type(b, profile->default_type);
    if (profile->format)
        kiln_builder_set_format(b, profile->format);

    /* Two builds differ in their binary too (.../prog, .../prog2): frames of
     * the program itself drop that module so they match by function. */
    g_autoptr(GHashTable) programs = g_hash_table_new(g_str_hash, g_str_equal);
    for (uint32_t n = 1; n < profile->n_nodes; n += profile->nodes[n].size) {
        const KilnFrame *f = &profile->frames[profile->nodes[n].frame];
        if (f->kind == KILN_FRAME_ROOT)
            g_hash_table_add(programs, (gpointer)kiln_profile_string(profile, f->name));
    }
    uint32_t *frame_map = g_new(uint32_t, profile->n_frames);
    memset(frame_map, 0xff, sizeof(uint32_t) * profile->n_frames);
    uint32_t *node_map = g_new(uint32_t, profile->n_nodes);
    double *values = g_new(double, profile->n_types ? profile->n_types : 1);
    node_map[KILN_ROOT_NODE] = KILN_ROOT_NODE;
    for (uint32_t n = 1; n < profile->n_nodes; n++) {
        const KilnNode *node = &profile->nodes[n];
        const KilnFrame *f = &profile->frames[node->frame];
        uint32_t parent = node_map[node->parent];
        if (node->depth == 1 && f->kind == KILN_FRAME_ROOT) {
            node_map[n] = KILN_ROOT_NODE; /* its code hangs off the root */
        } else {
            if (frame_map[node->frame] == UINT32_MAX) {
                const char *module = kiln_profile_string(profile, f->module);
                const char *slash = strrchr(module, '/');
                gboolean own = g_hash_table_contains(programs, slash ? slash + 1 : module);
                frame_map[node->frame] = kiln_builder_location(
                    b, copy_string(b, profile, f->name),
                    own ? 0 : copy_string(b, profile, f->module), copy_string(b, profile, f->file),
                    f->line, f->address, f->inline_depth, (KilnFrameKind)f->kind);
            }
            node_map[n] = kiln_builder_child(b, parent, frame_map[node->frame]);
        }
        gboolean some = FALSE;
        for (uint32_t t = 0; t < profile->n_types; t++) {
            values[t] = kiln_profile_self(profile, t, n);
            some |= values[t] != 0;
        }
        if (some)
            kiln_builder_add_values(b, node_map[n], values);
    }
    for (uint32_t t = 0; t < profile->n_types; t++)
        values[t] = kiln_profile_self(profile, t, KILN_ROOT_NODE);
    if (profile->n_types)
        kiln_builder_add_values(b, KILN_ROOT_NODE, values);
    g_free(values);
    g_free(node_map);
    g_free(frame_map);
    return kiln_builder_finish(b);
}
