/* kiln-cli-time.c — `--time A,B` for every verb: the samples with
 * A <= t - t0 < B, t0 being the earliest sample of the recording.
 *
 * A and B are read as decimal seconds straight into integer nanoseconds
 * (no binary floating point in between), so "1.25" is exactly
 * 1,250,000,000 ns and a range test agrees with perf script's --ns times.
 */
#include "kiln-cli.h"
#include "analysis/kiln-heat-map.h"
#include "core/kiln-builder.h"

#include <stdio.h>
#include <string.h>

/* "12", "1.25", ".5": at most nine decimals; FALSE on anything else. */
static gboolean parse_seconds(const char *s, const char *end, uint64_t *ns)
{
    uint64_t whole = 0, frac = 0, scale = KILN_NS_PER_SECOND;
    const char *p = s;
    gboolean digits = FALSE;
    for (; p < end && g_ascii_isdigit(*p); p++) {
        if (whole > UINT64_MAX / 10 / KILN_NS_PER_SECOND)
            return FALSE;
        whole = whole * 10 + (uint64_t)(*p - '0');
        digits = TRUE;
    }
    if (p < end && *p == '.') {
        for (p++; p < end && g_ascii_isdigit(*p); p++) {
            if (scale == 1)
                return FALSE; /* finer than a nanosecond */
            scale /= 10;
            frac += (uint64_t)(*p - '0') * scale;
            digits = TRUE;
        }
    }
    if (!digits || p != end)
        return FALSE;
    *ns = whole * KILN_NS_PER_SECOND + frac;
    return TRUE;
}

gboolean kiln_cli_parse_time_range(const char *text, uint64_t *a, uint64_t *b)
{
    const char *comma = strchr(text, ',');
    if (!comma || !parse_seconds(text, comma, a) ||
        !parse_seconds(comma + 1, comma + strlen(comma), b) || *b <= *a) {
        fprintf(stderr,
                _("kiln-cli: invalid --time “%s”: write START,END in seconds since the first "
                  "sample, with START before END, e.g. --time 1.25,2.5\n"),
                text);
        return FALSE;
    }
    return TRUE;
}

uint64_t kiln_cli_profile_t0(const KilnProfile *p)
{
    uint64_t t0 = UINT64_MAX;
    for (uint64_t i = 0; p->sample_time && i < p->n_samples; i++)
        if (p->sample_time[i] && p->sample_time[i] < t0)
            t0 = p->sample_time[i];
    return t0 == UINT64_MAX ? 0 : t0;
}

/* The profile of the samples in [lo, hi): the same frames (names already
 * escaped, so interned raw) and sample types, the tree rebuilt from the
 * kept samples' leaves. Label sets are not carried over. A stand-in until
 * the derive engine's time range step is in main. */
static KilnProfile *keep_range(const KilnProfile *p, uint64_t lo, uint64_t hi)
{
    g_autoptr(KilnBuilder) b = kiln_builder_new(NULL);
    for (uint32_t t = 0; t < p->n_types; t++)
        kiln_builder_add_sample_type(b, kiln_profile_string(p, p->types[t].name),
                                     kiln_profile_string(p, p->types[t].unit));
    kiln_builder_set_default_sample_type(b, p->default_type);
    kiln_builder_set_granularity(b, p->granularity);
    kiln_builder_set_format(b, p->format);
    for (guint i = 0; p->properties && i < p->properties->len; i++) {
        const KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        if (prop->unit)
            kiln_builder_set_property_quantity(b, prop->key, prop->quantity, prop->unit);
        else
            kiln_builder_set_property(b, prop->key, prop->value);
    }
    for (guint i = 0; p->warnings && i < p->warnings->len; i++)
        kiln_builder_warn(b, "%s", (const char *)p->warnings->pdata[i]);

    /* Old node -> builder node, made on demand root-first: a node's
     * parent always has a smaller preorder id. */
    g_autofree uint32_t *map = g_new(uint32_t, p->n_nodes);
    g_autofree uint32_t *frame_map = g_new(uint32_t, p->n_frames);
    memset(map, 0xff, sizeof(uint32_t) * p->n_nodes);
    memset(frame_map, 0xff, sizeof(uint32_t) * p->n_frames);
    map[KILN_ROOT_NODE] = KILN_ROOT_NODE;
    GArray *path = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    for (uint64_t i = 0; i < p->n_samples; i++) {
        uint64_t t = p->sample_time[i];
        if (t < lo || t >= hi)
            continue;
        uint32_t leaf = p->sample_node[i] < p->n_nodes ? p->sample_node[i] : KILN_ROOT_NODE;
        g_array_set_size(path, 0);
        uint32_t n = leaf;
        while (map[n] == KILN_NO_NODE) {
            g_array_append_val(path, n);
            n = p->nodes[n].parent;
        }
        for (guint k = path->len; k > 0; k--) {
            uint32_t node = g_array_index(path, uint32_t, k - 1);
            uint32_t f = p->nodes[node].frame;
            if (frame_map[f] == KILN_NO_NODE) {
                const KilnFrame *fr = &p->frames[f];
                const char *name = kiln_profile_string(p, fr->name);
                const char *module = fr->module ? kiln_profile_string(p, fr->module) : NULL;
                const char *file = fr->file ? kiln_profile_string(p, fr->file) : NULL;
                frame_map[f] = kiln_builder_location(
                    b, kiln_builder_intern(b, name, strlen(name)),
                    module ? kiln_builder_intern(b, module, strlen(module)) : 0,
                    file ? kiln_builder_intern(b, file, strlen(file)) : 0, fr->line, fr->address,
                    fr->inline_depth, (KilnFrameKind)fr->kind);
            }
            map[node] = kiln_builder_child(b, map[p->nodes[node].parent], frame_map[f]);
        }
        kiln_builder_record_sample(b, map[leaf], p->sample_values + i * p->n_types, t,
                                   p->sample_thread ? p->sample_thread[i] : 0, 0);
    }
    g_array_free(path, TRUE);
    return kiln_builder_finish(b);
}

KilnProfile *kiln_cli_apply_time(KilnProfile *p, const char *range, uint64_t origin)
{
    uint64_t a, b;
    if (!kiln_cli_parse_time_range(range, &a, &b)) {
        kiln_profile_unref(p);
        return NULL;
    }
    if (!origin) {
        fprintf(stderr, "%s\n",
                _("kiln-cli: this profile has no sample times, so --time cannot select a range "
                  "of it; record with perf to keep the times of samples."));
        kiln_profile_unref(p);
        return NULL;
    }
    KilnProfile *kept = keep_range(p, origin + a, origin + b);
    kiln_profile_unref(p);
    return kept;
}
