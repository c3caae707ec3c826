#include "kiln-frame-path.h"

#include <string.h>

typedef struct {
    char *name;
    char *module; /* NULL when unknown */
    uint32_t kind;
    gboolean kind_known;
} Step;

struct _KilnFramePath {
    gint ref_count;
    guint n;
    Step steps[];
};

G_DEFINE_BOXED_TYPE(KilnFramePath, kiln_frame_path, kiln_frame_path_ref, kiln_frame_path_unref)

static KilnFramePath *path_alloc(guint n)
{
    KilnFramePath *path = g_malloc0(sizeof *path + n * sizeof(Step));
    path->ref_count = 1;
    path->n = n;
    return path;
}

KilnFramePath *kiln_frame_path_new(const KilnProfile *profile, uint32_t node)
{
    g_return_val_if_fail(profile && node < profile->n_nodes, NULL);
    guint n = profile->nodes[node].depth;
    KilnFramePath *path = path_alloc(n);
    /* Walk up from the node, filling the steps from the end. */
    for (uint32_t cur = node; cur != KILN_ROOT_NODE; cur = profile->nodes[cur].parent) {
        g_assert(n > 0);
        const KilnFrame *f = kiln_profile_node_frame(profile, cur);
        Step *s = &path->steps[--n];
        s->name = g_strdup(kiln_profile_string(profile, f->name));
        s->module = f->module ? g_strdup(kiln_profile_string(profile, f->module)) : NULL;
        s->kind = f->kind;
        s->kind_known = TRUE;
    }
    return path;
}

KilnFramePath *kiln_frame_path_new_from_names(const char *const *names, guint n)
{
    KilnFramePath *path = path_alloc(n);
    for (guint i = 0; i < n; i++)
        path->steps[i].name = g_strdup(names[i]);
    return path;
}

KilnFramePath *kiln_frame_path_ref(KilnFramePath *path)
{
    g_atomic_int_inc(&path->ref_count);
    return path;
}

void kiln_frame_path_unref(KilnFramePath *path)
{
    if (!path || !g_atomic_int_dec_and_test(&path->ref_count))
        return;
    for (guint i = 0; i < path->n; i++) {
        g_free(path->steps[i].name);
        g_free(path->steps[i].module);
    }
    g_free(path);
}

guint kiln_frame_path_get_length(const KilnFramePath *path)
{
    return path ? path->n : 0;
}

const char *kiln_frame_path_get_name(const KilnFramePath *path, guint i)
{
    g_return_val_if_fail(path && i < path->n, NULL);
    return path->steps[i].name;
}

gboolean kiln_frame_path_equal(const KilnFramePath *a, const KilnFramePath *b)
{
    if (a == b)
        return TRUE;
    if (!a || !b || a->n != b->n)
        return FALSE;
    for (guint i = 0; i < a->n; i++) {
        const Step *x = &a->steps[i], *y = &b->steps[i];
        if (strcmp(x->name, y->name) != 0 || g_strcmp0(x->module, y->module) != 0 ||
            x->kind != y->kind || x->kind_known != y->kind_known)
            return FALSE;
    }
    return TRUE;
}

char *kiln_frame_path_to_string(const KilnFramePath *path)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; path && i < path->n; i++) {
        if (i)
            g_string_append_c(s, ';');
        g_string_append(s, path->steps[i].name);
    }
    return g_string_free(s, FALSE);
}

static gboolean step_matches(const Step *s, const KilnProfile *p, uint32_t node, gboolean exact)
{
    const KilnFrame *f = kiln_profile_node_frame(p, node);
    if (strcmp(kiln_profile_string(p, f->name), s->name) != 0)
        return FALSE;
    if (!exact)
        return TRUE;
    const char *module = f->module ? kiln_profile_string(p, f->module) : NULL;
    return (!s->kind_known || s->kind == f->kind) && g_strcmp0(module, s->module) == 0;
}

uint32_t kiln_frame_path_resolve(const KilnFramePath *path, const KilnProfile *profile,
                                 guint *matched)
{
    uint32_t node = KILN_ROOT_NODE;
    guint i = 0;
    for (; path && i < path->n; i++) {
        uint32_t end = node + profile->nodes[node].size, found = KILN_NO_NODE;
        /* An exact match first; a frame whose module changed (a rebuilt
         * binary, a renamed mapping) is still the same function by name. */
        for (int exact = 1; exact >= 0 && found == KILN_NO_NODE; exact--)
            for (uint32_t c = node + 1; c < end && found == KILN_NO_NODE;
                 c += profile->nodes[c].size)
                if (step_matches(&path->steps[i], profile, c, exact))
                    found = c;
        if (found == KILN_NO_NODE)
            break;
        node = found;
    }
    if (matched)
        *matched = i;
    return node;
}
