#include "kiln-node-text.h"

#include "analysis/kiln-units.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char *nonempty(const KilnProfile *p, uint32_t id)
{
    if (!id)
        return NULL;
    const char *s = kiln_profile_string(p, id);
    return s && *s ? s : NULL;
}

gboolean kiln_frame_lacks_symbols(const KilnProfile *p, uint32_t frame)
{
    if (frame >= p->n_frames)
        return FALSE;
    const KilnFrame *f = &p->frames[frame];
    const char *module = nonempty(p, f->module);
    /* "[unknown]", "[kernel.kallsyms]": no library whose symbols could be
     * installed. */
    if (!module || module[0] == '[')
        return FALSE;
    if (f->kind == KILN_FRAME_UNKNOWN)
        return TRUE;
    /* perf script's and stackcollapse's "[libfoo.so.1]" (or with
     * --addrs "[libfoo.so.1 <1a2b>]") for a frame it could not name. */
    const char *name = kiln_profile_string(p, f->name);
    const char *base = strrchr(module, '/');
    base = base ? base + 1 : module;
    size_t n = strlen(base);
    return name[0] == '[' && strncmp(name + 1, base, n) == 0 &&
           (name[n + 1] == ']' || name[n + 1] == ' ');
}

const char *kiln_no_symbols_hint(const char *module)
{
    /* Libraries from the distribution have their symbols in a package;
     * anything else is the user's own build, missing here or stripped. */
    if (module && (g_str_has_prefix(module, "/usr/") || g_str_has_prefix(module, "/lib")))
        return _("No symbols — install its debug symbols (the -dbgsym package)");
    return _("No symbols — this binary is not on this computer or was stripped: open the "
             "profile where it was built, or build it with symbols");
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
        if (kiln_frame_lacks_symbols(p, p->nodes[node].frame))
            info->hint = kiln_no_symbols_hint(info->module);
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
