#include "kiln-node-text.h"

#include "analysis/kiln-units.h"

#include <string.h>

static const char *nonempty(const KilnProfile *p, uint32_t id)
{
    if (!id)
        return NULL;
    const char *s = kiln_profile_string(p, id);
    return s && *s ? s : NULL;
}

void kiln_node_info(const KilnProfile *p, uint32_t type, uint32_t node, KilnNodeInfo *info)
{
    memset(info, 0, sizeof *info);
    if (node >= p->n_nodes || type >= p->n_types)
        return;
    info->name = kiln_profile_node_name(p, node);
    if (node != KILN_ROOT_NODE) {
        const KilnFrame *f = kiln_profile_node_frame(p, node);
        info->module = nonempty(p, f->module);
        info->file = nonempty(p, f->file);
        info->line = f->line;
        if (f->kind != KILN_FRAME_NORMAL)
            info->kind = kiln_frame_kind_name(f->kind);
    }
    info->self = kiln_profile_self(p, type, node);
    info->total = kiln_profile_total(p, type, node);
    double all = kiln_profile_total(p, type, KILN_ROOT_NODE);
    if (all > 0) {
        info->self_pct = 100.0 * info->self / all;
        info->total_pct = 100.0 * info->total / all;
    }
    uint32_t parent = p->nodes[node].parent;
    double pt = parent == KILN_NO_NODE ? info->total : kiln_profile_total(p, type, parent);
    info->parent_pct = pt > 0 ? 100.0 * info->total / pt : 0;
    const char *unit = kiln_profile_string(p, p->types[type].unit);
    kiln_format_quantity(info->self, unit, info->self_text, sizeof info->self_text);
    kiln_format_quantity(info->total, unit, info->total_text, sizeof info->total_text);
}

char *kiln_node_stack_text(const KilnProfile *p, uint32_t node)
{
    GString *s = g_string_new(NULL);
    if (node >= p->n_nodes)
        return g_string_free(s, FALSE);
    uint32_t n = 0;
    g_autofree uint32_t *frames = kiln_profile_stack(p, node, &n);
    for (uint32_t i = 0; i < n; i++) {
        const KilnFrame *f = &p->frames[frames[i]];
        g_string_append(s, kiln_profile_string(p, f->name));
        const char *module = nonempty(p, f->module);
        if (module)
            g_string_append_printf(s, " (%s)", module);
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}
