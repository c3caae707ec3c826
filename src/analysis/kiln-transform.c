/* kiln-transform.c — KilnTransform: the parameters of one derive step, its
 * chip text and its text form, and applying a stack of them. */
#include "kiln-transform.h"
#include "kiln-analysis-error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct _KilnTransform {
    gint ref_count;
    KilnTransformKind kind;
    char *pattern; /* filters */
    GRegex *regex;
    KilnGranularity granularity;
    uint64_t t0, t1;
    uint32_t *threads;
    guint n_threads;
    GPtrArray *profiles; /* MERGE: the others; DIFF: the baseline */
    uint32_t before_type, after_type;
    gboolean normalize;
};

G_DEFINE_BOXED_TYPE(KilnTransform, kiln_transform, kiln_transform_ref, kiln_transform_unref)

static const struct {
    const char *option;
    KilnTransformKind kind;
} options[] = {
    {"focus", KILN_TRANSFORM_FOCUS},
    {"ignore", KILN_TRANSFORM_IGNORE},
    {"hide", KILN_TRANSFORM_HIDE},
    {"show", KILN_TRANSFORM_SHOW},
    {"prune-from", KILN_TRANSFORM_PRUNE_FROM},
    {"show-from", KILN_TRANSFORM_SHOW_FROM},
    {"collapse-recursion", KILN_TRANSFORM_COLLAPSE_RECURSION},
    {"time", KILN_TRANSFORM_TIME_RANGE},
    {"thread", KILN_TRANSFORM_THREADS},
    {"invert", KILN_TRANSFORM_INVERT},
    {"granularity", KILN_TRANSFORM_GRANULARITY},
};

static KilnTransform *transform_alloc(KilnTransformKind kind)
{
    KilnTransform *t = g_new0(KilnTransform, 1);
    t->ref_count = 1;
    t->kind = kind;
    t->before_type = t->after_type = G_MAXUINT32;
    return t;
}

KilnTransform *kiln_transform_ref(KilnTransform *t)
{
    g_atomic_int_inc(&t->ref_count);
    return t;
}

void kiln_transform_unref(KilnTransform *t)
{
    if (!t || !g_atomic_int_dec_and_test(&t->ref_count))
        return;
    g_free(t->pattern);
    if (t->regex)
        g_regex_unref(t->regex);
    g_free(t->threads);
    if (t->profiles)
        g_ptr_array_unref(t->profiles);
    g_free(t);
}

static gboolean is_filter(KilnTransformKind kind)
{
    return kind <= KILN_TRANSFORM_PRUNE_FROM || kind == KILN_TRANSFORM_SHOW_FROM;
}

KilnTransform *kiln_transform_new_filter(KilnTransformKind kind, const char *regex, GError **error)
{
    g_return_val_if_fail(is_filter(kind) && regex != NULL, NULL);
    GError *err = NULL;
    /* Go's regexp (pprof) and PCRE agree on the usual patterns; optimize,
     * since every frame of every derive runs through it. */
    GRegex *re = g_regex_new(regex, G_REGEX_OPTIMIZE, 0, &err);
    if (!re) {
        /* Translators: the first %s is the pattern, the second why it is wrong */
        g_set_error(error, G_REGEX_ERROR, err->code, _("“%s” is not a valid pattern: %s"), regex,
                    err->message);
        g_error_free(err);
        return NULL;
    }
    KilnTransform *t = transform_alloc(kind);
    t->pattern = g_strdup(regex);
    t->regex = re;
    return t;
}

KilnTransform *kiln_transform_new(KilnTransformKind kind)
{
    g_return_val_if_fail(kind == KILN_TRANSFORM_COLLAPSE_RECURSION || kind == KILN_TRANSFORM_INVERT,
                         NULL);
    return transform_alloc(kind);
}

KilnTransform *kiln_transform_new_granularity(KilnGranularity granularity)
{
    KilnTransform *t = transform_alloc(KILN_TRANSFORM_GRANULARITY);
    t->granularity = granularity;
    return t;
}

KilnTransform *kiln_transform_new_time_range(uint64_t t0, uint64_t t1)
{
    KilnTransform *t = transform_alloc(KILN_TRANSFORM_TIME_RANGE);
    t->t0 = t0;
    t->t1 = t1;
    return t;
}

KilnTransform *kiln_transform_new_threads(const uint32_t *threads, guint n_threads)
{
    KilnTransform *t = transform_alloc(KILN_TRANSFORM_THREADS);
    t->threads = g_memdup2(threads, sizeof(uint32_t) * n_threads + 1);
    t->n_threads = n_threads;
    return t;
}

KilnTransform *kiln_transform_new_merge(KilnProfile *const *others, guint n_others)
{
    KilnTransform *t = transform_alloc(KILN_TRANSFORM_MERGE);
    t->profiles = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_profile_unref);
    for (guint i = 0; i < n_others; i++)
        g_ptr_array_add(t->profiles, kiln_profile_ref(others[i]));
    return t;
}

KilnTransform *kiln_transform_new_diff(KilnProfile *before, uint32_t before_type,
                                       uint32_t after_type, gboolean normalize)
{
    KilnTransform *t = transform_alloc(KILN_TRANSFORM_DIFF);
    t->profiles = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_profile_unref);
    g_ptr_array_add(t->profiles, kiln_profile_ref(before));
    t->before_type = before_type;
    t->after_type = after_type;
    t->normalize = normalize;
    return t;
}

static gboolean parse_u64(const char *s, const char *end, uint64_t *out)
{
    if (s == end || !g_ascii_isdigit(*s))
        return FALSE;
    char *stop = NULL;
    errno = 0;
    guint64 v = g_ascii_strtoull(s, &stop, 10);
    if (errno || stop != end)
        return FALSE;
    *out = v;
    return TRUE;
}

static KilnTransform *parse_threads(const char *value, GError **error)
{
    g_auto(GStrv) parts = g_strsplit(value, ",", -1);
    guint n = g_strv_length(parts);
    g_autofree uint32_t *tids = g_new(uint32_t, n + 1);
    for (guint i = 0; i < n; i++) {
        uint64_t v;
        const char *s = g_strstrip(parts[i]);
        if (!parse_u64(s, s + strlen(s), &v) || v > G_MAXUINT32) {
            g_set_error(error, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID,
                        /* Translators: %s is what the user gave */
                        _("“%s” is not a list of thread ids (expected numbers separated by commas, "
                          "such as 12,13)"),
                        value);
            return NULL;
        }
        tids[i] = (uint32_t)v;
    }
    if (n == 0) {
        g_set_error_literal(error, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID,
                            _("Name at least one thread id"));
        return NULL;
    }
    return kiln_transform_new_threads(tids, n);
}

KilnTransform *kiln_transform_parse(const char *option, const char *value, GError **error)
{
    g_return_val_if_fail(option != NULL, NULL);
    while (*option == '-')
        option++;
    int kind = -1;
    for (guint i = 0; i < G_N_ELEMENTS(options); i++)
        if (strcmp(options[i].option, option) == 0 ||
            (options[i].kind == KILN_TRANSFORM_THREADS && strcmp(option, "threads") == 0) ||
            (options[i].kind == KILN_TRANSFORM_PRUNE_FROM && strcmp(option, "prune_from") == 0) ||
            (options[i].kind == KILN_TRANSFORM_SHOW_FROM && strcmp(option, "show_from") == 0))
            kind = (int)options[i].kind;
    if (kind < 0) {
        /* Translators: %s is an option name */
        g_set_error(error, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID,
                    _("There is no filter named “%s”"), option);
        return NULL;
    }
    if (kind == KILN_TRANSFORM_COLLAPSE_RECURSION || kind == KILN_TRANSFORM_INVERT)
        return kiln_transform_new((KilnTransformKind)kind);
    if (!value || !*value) {
        /* Translators: %s is an option name */
        g_set_error(error, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID,
                    _("The filter “%s” needs a value"), option);
        return NULL;
    }
    if (is_filter((KilnTransformKind)kind))
        return kiln_transform_new_filter((KilnTransformKind)kind, value, error);
    if (kind == KILN_TRANSFORM_GRANULARITY) {
        KilnGranularity g;
        if (!kiln_granularity_parse(value, &g)) {
            g_set_error(error, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID,
                        /* Translators: %s is what the user gave */
                        _("“%s” is not a granularity (expected functions, lines or addresses)"),
                        value);
            return NULL;
        }
        return kiln_transform_new_granularity(g);
    }
    if (kind == KILN_TRANSFORM_THREADS)
        return parse_threads(value, error);
    /* TIME_RANGE: "T0:T1" */
    const char *colon = strchr(value, ':');
    uint64_t t0, t1;
    if (!colon || !parse_u64(value, colon, &t0) ||
        !parse_u64(colon + 1, colon + 1 + strlen(colon + 1), &t1) || t1 <= t0) {
        g_set_error(error, KILN_ANALYSIS_ERROR, KILN_ANALYSIS_ERROR_INVALID,
                    /* Translators: %s is what the user gave; keep T0:T1 */
                    _("“%s” is not a time range (expected T0:T1 in nanoseconds, T0 before T1)"),
                    value);
        return NULL;
    }
    return kiln_transform_new_time_range(t0, t1);
}

KilnTransform *kiln_transform_parse_string(const char *text, GError **error)
{
    const char *eq = strchr(text, '=');
    if (!eq)
        return kiln_transform_parse(text, NULL, error);
    g_autofree char *option = g_strndup(text, (gsize)(eq - text));
    return kiln_transform_parse(option, eq + 1, error);
}

static const char *option_of(KilnTransformKind kind)
{
    for (guint i = 0; i < G_N_ELEMENTS(options); i++)
        if (options[i].kind == kind)
            return options[i].option;
    return kind == KILN_TRANSFORM_MERGE ? "merge" : "diff";
}

static char *thread_list(const KilnTransform *t)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < t->n_threads; i++)
        g_string_append_printf(s, i ? ",%u" : "%u", t->threads[i]);
    return g_string_free(s, FALSE);
}

char *kiln_transform_to_string(const KilnTransform *t)
{
    const char *opt = option_of(t->kind);
    switch (t->kind) {
    case KILN_TRANSFORM_COLLAPSE_RECURSION:
    case KILN_TRANSFORM_INVERT:
    case KILN_TRANSFORM_MERGE:
    case KILN_TRANSFORM_DIFF:
        return g_strdup(opt);
    case KILN_TRANSFORM_GRANULARITY:
        return g_strdup_printf("%s=%s", opt, kiln_granularity_name(t->granularity));
    case KILN_TRANSFORM_TIME_RANGE:
        return g_strdup_printf("%s=%" PRIu64 ":%" PRIu64, opt, t->t0, t->t1);
    case KILN_TRANSFORM_THREADS: {
        g_autofree char *list = thread_list(t);
        return g_strdup_printf("%s=%s", opt, list);
    }
    default:
        return g_strdup_printf("%s=%s", opt, t->pattern);
    }
}

KilnTransformKind kiln_transform_get_kind(const KilnTransform *t)
{
    return t->kind;
}

const char *kiln_transform_get_pattern(const KilnTransform *t)
{
    return t->pattern;
}

char *kiln_transform_describe(const KilnTransform *t)
{
    switch (t->kind) {
    case KILN_TRANSFORM_FOCUS:
        /* Translators: a filter chip; %s is a pattern */
        return g_strdup_printf(_("Focus: %s"), t->pattern);
    case KILN_TRANSFORM_IGNORE:
        /* Translators: a filter chip; %s is a pattern */
        return g_strdup_printf(_("Ignore: %s"), t->pattern);
    case KILN_TRANSFORM_HIDE:
        /* Translators: a filter chip; %s is a pattern */
        return g_strdup_printf(_("Hide: %s"), t->pattern);
    case KILN_TRANSFORM_SHOW:
        /* Translators: a filter chip; %s is a pattern */
        return g_strdup_printf(_("Show only: %s"), t->pattern);
    case KILN_TRANSFORM_PRUNE_FROM:
        /* Translators: a filter chip; %s is a pattern */
        return g_strdup_printf(_("Prune below: %s"), t->pattern);
    case KILN_TRANSFORM_SHOW_FROM:
        /* Translators: a filter chip; %s is a pattern */
        return g_strdup_printf(_("Show from: %s"), t->pattern);
    case KILN_TRANSFORM_COLLAPSE_RECURSION:
        return g_strdup(_("Recursion collapsed"));
    case KILN_TRANSFORM_INVERT:
        return g_strdup(_("Bottom-up"));
    case KILN_TRANSFORM_GRANULARITY:
        switch (t->granularity) {
        case KILN_GRANULARITY_LINES:
            return g_strdup(_("By source line"));
        case KILN_GRANULARITY_ADDRESSES:
            return g_strdup(_("By address"));
        default:
            return g_strdup(_("By function"));
        }
    case KILN_TRANSFORM_TIME_RANGE:
        /* Translators: a filter chip; the numbers are seconds */
        return g_strdup_printf(_("Time: %.3f s to %.3f s"), (double)t->t0 / 1e9,
                               (double)t->t1 / 1e9);
    case KILN_TRANSFORM_THREADS: {
        g_autofree char *list = thread_list(t);
        /* Translators: a filter chip; %s is a list of thread ids */
        return g_strdup_printf(
            g_dngettext(GETTEXT_PACKAGE, "Thread: %s", "Threads: %s", t->n_threads), list);
    }
    case KILN_TRANSFORM_MERGE:
        /* Translators: a chip; %u is how many other profiles */
        return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "Merged with %u profile",
                                           "Merged with %u profiles", t->profiles->len),
                               t->profiles->len);
    case KILN_TRANSFORM_DIFF:
        return g_strdup(t->normalize ? _("Compared with the baseline, normalised")
                                     : _("Compared with the baseline"));
    }
    return g_strdup("");
}

static bool cancel_func(gpointer data)
{
    return g_cancellable_is_cancelled(data);
}

KilnProfile *kiln_transform_apply(const KilnTransform *t, KilnProfile *profile, uint32_t **node_map,
                                  GCancellable *cancellable, GError **error)
{
    KilnDeriveCancel cancel = {cancellable ? cancel_func : NULL, cancellable};
    GError *err = NULL;
    KilnProfile *result = NULL;
    if (g_cancellable_set_error_if_cancelled(cancellable, error))
        return NULL;
    if (t->kind == KILN_TRANSFORM_MERGE) {
        guint n = t->profiles->len + 1;
        g_autofree KilnProfile **all = g_new(KilnProfile *, n);
        g_autofree uint32_t **maps = g_new0(uint32_t *, n);
        all[0] = profile;
        for (guint i = 1; i < n; i++)
            all[i] = t->profiles->pdata[i - 1];
        result = kiln_derive_merge(all, n, maps, &cancel, &err);
        for (guint i = 1; i < n; i++)
            g_free(maps[i]);
        if (node_map && result)
            *node_map = maps[0];
        else
            g_free(maps[0]);
    } else if (t->kind == KILN_TRANSFORM_DIFF) {
        KilnProfile *before = t->profiles->pdata[0];
        result = kiln_derive_diff(before, t->before_type, profile, t->after_type, t->normalize,
                                  NULL, node_map);
    } else {
        static const KilnDeriveOp ops[] = {
            [KILN_TRANSFORM_FOCUS] = KILN_DERIVE_FOCUS,
            [KILN_TRANSFORM_IGNORE] = KILN_DERIVE_IGNORE,
            [KILN_TRANSFORM_HIDE] = KILN_DERIVE_HIDE,
            [KILN_TRANSFORM_SHOW] = KILN_DERIVE_SHOW,
            [KILN_TRANSFORM_PRUNE_FROM] = KILN_DERIVE_PRUNE_FROM,
            [KILN_TRANSFORM_COLLAPSE_RECURSION] = KILN_DERIVE_COLLAPSE_RECURSION,
            [KILN_TRANSFORM_TIME_RANGE] = KILN_DERIVE_TIME_RANGE,
            [KILN_TRANSFORM_THREADS] = KILN_DERIVE_THREADS,
            [KILN_TRANSFORM_INVERT] = KILN_DERIVE_INVERT,
            [KILN_TRANSFORM_GRANULARITY] = KILN_DERIVE_PROJECT,
            [KILN_TRANSFORM_SHOW_FROM] = KILN_DERIVE_SHOW_FROM,
        };
        KilnDeriveStep step = {
            .op = ops[t->kind],
            .granularity = t->granularity,
            .regex = t->regex,
            .t0 = t->t0,
            .t1 = t->t1,
            .threads = t->threads,
            .n_threads = t->n_threads,
        };
        result = kiln_derive(profile, &step, node_map, &cancel, &err);
    }
    if (err)
        g_propagate_error(error, err);
    return result;
}

KilnProfile *kiln_transform_apply_stack(KilnTransform *const *stack, guint n, KilnProfile *profile,
                                        uint32_t **node_map, GCancellable *cancellable,
                                        GError **error)
{
    uint32_t *map = NULL;
    if (node_map) {
        map = g_new(uint32_t, profile->n_nodes ? profile->n_nodes : 1);
        for (uint32_t i = 0; i < profile->n_nodes; i++)
            map[i] = i;
    }
    uint32_t n_map = profile->n_nodes;
    KilnProfile *cur = kiln_profile_ref(profile);
    for (guint i = 0; i < n; i++) {
        uint32_t *step_map = NULL;
        KilnProfile *next =
            kiln_transform_apply(stack[i], cur, map ? &step_map : NULL, cancellable, error);
        if (!next) {
            kiln_profile_unref(cur);
            g_free(map);
            return NULL;
        }
        if (map)
            kiln_derive_compose_maps(map, n_map, step_map, cur->n_nodes);
        g_free(step_map);
        kiln_profile_unref(cur);
        cur = next;
    }
    if (node_map)
        *node_map = map;
    return cur;
}
