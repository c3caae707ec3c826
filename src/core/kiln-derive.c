/* kiln-derive.c — one derive step over a single profile.
 *
 * The tree-shaped steps share one preorder pass. Each source node is
 * either "own" (it has a node of its own in the derived tree, a child of
 * its parent's) or folded into its nearest own ancestor (a hidden frame, a
 * recursive call): canon[n] names the own node standing for n. target[n]
 * is the own node that receives n's self value, or KILN_NO_NODE when the
 * value is dropped (a stack outside the focus, an ignored one). Derived
 * nodes are created only when a value reaches them (ensure()), so nothing
 * zero-valued is built; a node's whole path is created then, once.
 *
 * Values come from the tree's self values, or, when the per-sample table
 * holds exactly those, from the samples, which then carry over with their
 * times, threads and labels.
 */
#include "kiln-derive-private.h"
#include "kiln-core-error.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#define CANCEL_EVERY 0xffffu

typedef struct {
    KilnProfile *src;
    const KilnDeriveStep *step;
    const KilnDeriveCancel *cancel;
    KilnBuilder *b;
    KilnDeriveCopy copy;
    uint8_t *fmatch;   /* per source frame: 0 unknown, 1 no, 2 matches */
    uint32_t *canon;   /* per node */
    uint32_t *out;     /* per own node: its builder node, UNSET until needed */
    uint32_t *target;  /* per node */
    GArray *chain;     /* ensure()'s path scratch */
    double *values;    /* one row of self values */
    uint32_t *threads; /* THREADS, sorted */
} Derive;

static uint32_t out_frame(Derive *d, uint32_t f)
{
    if (d->step->op != KILN_DERIVE_RENAME)
        return kiln_derive_copy_frame(&d->copy, f);
    if (d->copy.frame_map[f] == KILN_DERIVE_UNSET) {
        size_t len = 0;
        const char *name = d->step->rename(d->src, f, &len, d->step->rename_data);
        d->copy.frame_map[f] = kiln_builder_frame(d->b, kiln_builder_intern(d->b, name, len), 0, 0,
                                                  0, KILN_FRAME_NORMAL);
    }
    return d->copy.frame_map[f];
}

static bool regex_matches(const GRegex *re, const char *s, size_t len)
{
    return g_regex_match_full(re, s, (gssize)len, 0, 0, NULL, NULL);
}

/* pprof's -prune_from looks at the bare function name: no leading '.'
 * (PPC64 ELFv1), no argument list, but "(anonymous namespace)" and
 * "operator()" keep their parentheses. */
static bool prune_name_matches(const GRegex *re, const char *name, size_t len)
{
    if (len && *name == '.') {
        name++;
        len--;
    }
    const char *paren = memchr(name, '(', len);
    if (paren && paren > name && strncmp(paren, "(anonymous namespace)", 21) != 0 &&
        strncmp(paren, "()", 2) != 0)
        len = (size_t)(paren - name);
    return regex_matches(re, name, len);
}

static bool frame_matches(Derive *d, uint32_t f)
{
    if (d->fmatch[f])
        return d->fmatch[f] == 2;
    const KilnProfile *p = d->src;
    const KilnFrame *fr = &p->frames[f];
    const GRegex *re = d->step->regex;
    bool hit;
    if (d->step->op == KILN_DERIVE_PRUNE_FROM) {
        hit = prune_name_matches(re, kiln_profile_string(p, fr->name),
                                 kiln_strings_length(p->strings, fr->name));
    } else if (d->step->op == KILN_DERIVE_SHOW_FROM) {
        hit = regex_matches(re, kiln_profile_string(p, fr->name),
                            kiln_strings_length(p->strings, fr->name)) ||
              (fr->module && regex_matches(re, kiln_profile_string(p, fr->module),
                                           kiln_strings_length(p->strings, fr->module)));
    } else {
        hit = regex_matches(re, kiln_profile_string(p, fr->name),
                            kiln_strings_length(p->strings, fr->name)) ||
              (fr->file && regex_matches(re, kiln_profile_string(p, fr->file),
                                         kiln_strings_length(p->strings, fr->file))) ||
              (fr->module && regex_matches(re, kiln_profile_string(p, fr->module),
                                           kiln_strings_length(p->strings, fr->module)));
    }
    d->fmatch[f] = hit ? 2 : 1;
    return hit;
}

/* The builder node of own node `c`, creating it and whichever of its own
 * ancestors do not exist yet. */
static uint32_t ensure(Derive *d, uint32_t c)
{
    const KilnNode *nodes = d->src->nodes;
    g_array_set_size(d->chain, 0);
    uint32_t x = c;
    while (d->out[x] == KILN_DERIVE_UNSET) {
        g_array_append_val(d->chain, x);
        x = d->canon[nodes[x].parent];
    }
    uint32_t o = d->out[x];
    for (guint i = d->chain->len; i-- > 0;) {
        x = g_array_index(d->chain, uint32_t, i);
        o = d->out[x] = kiln_builder_child(d->b, o, out_frame(d, nodes[x].frame));
    }
    return o;
}

/* Feeds node n's self values to own node t. */
static void feed_self(Derive *d, uint32_t n, uint32_t t)
{
    const KilnProfile *p = d->src;
    bool any = false;
    for (uint32_t k = 0; k < p->n_types; k++)
        any |= (d->values[k] = kiln_profile_self(p, k, n)) != 0;
    if (any)
        kiln_builder_add_values(d->b, ensure(d, t), d->values);
}

static bool drops_empty(KilnDeriveOp op)
{
    return op == KILN_DERIVE_FOCUS || op == KILN_DERIVE_IGNORE || op == KILN_DERIVE_HIDE ||
           op == KILN_DERIVE_SHOW || op == KILN_DERIVE_SHOW_FROM;
}

static bool tree_pass(Derive *d, bool feed_tree, GError **error)
{
    const KilnProfile *p = d->src;
    const KilnNode *nodes = p->nodes;
    KilnDeriveOp op = d->step->op;
    uint32_t n_nodes = p->n_nodes;
    uint8_t *flag = NULL;
    if (op == KILN_DERIVE_FOCUS || op == KILN_DERIVE_PRUNE_FROM || op == KILN_DERIVE_SHOW_FROM)
        flag = g_new0(uint8_t, n_nodes);
    d->canon[0] = 0;
    d->out[0] = KILN_ROOT_NODE;
    /* Values of empty stacks (the root's own) go wherever pprof's sample
     * filters are applied: it keeps a sample only if it has a location. */
    d->target[0] = drops_empty(op) ? KILN_NO_NODE : 0;
    if (feed_tree && d->target[0] != KILN_NO_NODE)
        feed_self(d, 0, 0);
    for (uint32_t n = 1; n < n_nodes; n++) {
        if ((n & CANCEL_EVERY) == 0 && kiln_derive_is_cancelled(d->cancel)) {
            g_free(flag);
            return kiln_derive_set_cancelled(error);
        }
        uint32_t par = nodes[n].parent, f = nodes[n].frame;
        bool own = true;
        uint32_t t = n;
        switch (op) {
        case KILN_DERIVE_HIDE:
            own = !frame_matches(d, f);
            break;
        case KILN_DERIVE_SHOW:
            own = frame_matches(d, f);
            break;
        case KILN_DERIVE_COLLAPSE_RECURSION: {
            uint32_t cp = d->canon[par];
            own = cp == 0 || out_frame(d, nodes[cp].frame) != out_frame(d, f);
            break;
        }
        case KILN_DERIVE_FOCUS:
            flag[n] = flag[par] || frame_matches(d, f);
            if (!flag[n])
                t = KILN_NO_NODE;
            break;
        case KILN_DERIVE_SHOW_FROM:
            /* Frames until the outermost match are dropped, with their values. */
            flag[n] = flag[par] || frame_matches(d, f);
            own = flag[n];
            if (!own)
                t = KILN_NO_NODE;
            break;
        case KILN_DERIVE_IGNORE:
            if (frame_matches(d, f)) {
                /* The whole subtree's stacks pass through this frame. */
                uint32_t end = n + nodes[n].size;
                for (uint32_t m = n; m < end; m++)
                    d->target[m] = KILN_NO_NODE;
                n = end - 1;
                continue;
            }
            break;
        case KILN_DERIVE_PRUNE_FROM: {
            bool hit = frame_matches(d, f);
            flag[n] = hit || flag[par];
            if (!hit && flag[par])
                t = d->target[par]; /* below the deepest match so far */
            break;
        }
        default:
            break;
        }
        d->canon[n] = own ? n : d->canon[par];
        d->out[n] = KILN_DERIVE_UNSET;
        if (op == KILN_DERIVE_HIDE || op == KILN_DERIVE_SHOW)
            t = d->canon[n] ? d->canon[n] : KILN_NO_NODE; /* nothing left: dropped */
        else if (op == KILN_DERIVE_COLLAPSE_RECURSION)
            t = d->canon[n];
        d->target[n] = t;
        if (feed_tree && t != KILN_NO_NODE)
            feed_self(d, n, t);
    }
    g_free(flag);
    return true;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static bool sample_kept(const Derive *d, uint64_t s)
{
    const KilnProfile *p = d->src;
    switch (d->step->op) {
    case KILN_DERIVE_TIME_RANGE:
        return p->sample_time[s] >= d->step->t0 && p->sample_time[s] < d->step->t1;
    case KILN_DERIVE_THREADS:
        return bsearch(&p->sample_thread[s], d->threads, d->step->n_threads, sizeof(uint32_t),
                       cmp_u32) != NULL;
    default:
        return true;
    }
}

/* Bottom-up: the derived node of n is its stack read leaf first. */
static uint32_t inverted(Derive *d, uint32_t n)
{
    if (d->out[n] != KILN_DERIVE_UNSET)
        return d->out[n];
    const KilnNode *nodes = d->src->nodes;
    uint32_t o = KILN_ROOT_NODE;
    for (uint32_t x = n; x != KILN_ROOT_NODE; x = nodes[x].parent)
        o = kiln_builder_child(d->b, o, out_frame(d, nodes[x].frame));
    return d->out[n] = o;
}

static bool invert_pass(Derive *d, bool feed_tree, GError **error)
{
    const KilnProfile *p = d->src;
    d->out[0] = KILN_ROOT_NODE;
    for (uint32_t n = 0; n < p->n_nodes; n++) {
        if ((n & CANCEL_EVERY) == 0 && kiln_derive_is_cancelled(d->cancel))
            return kiln_derive_set_cancelled(error);
        if (n)
            d->out[n] = KILN_DERIVE_UNSET;
        d->target[n] = n;
        if (!feed_tree)
            continue;
        bool any = false;
        for (uint32_t k = 0; k < p->n_types; k++)
            any |= (d->values[k] = kiln_profile_self(p, k, n)) != 0;
        if (any)
            kiln_builder_add_values(d->b, inverted(d, n), d->values);
    }
    return true;
}

static bool feed_samples(Derive *d, uint64_t *kept, GError **error)
{
    const KilnProfile *p = d->src;
    bool invert = d->step->op == KILN_DERIVE_INVERT;
    for (uint64_t s = 0; s < p->n_samples; s++) {
        if ((s & CANCEL_EVERY) == 0 && kiln_derive_is_cancelled(d->cancel))
            return kiln_derive_set_cancelled(error);
        uint32_t n = p->sample_node[s];
        if (n >= p->n_nodes || !sample_kept(d, s))
            continue;
        uint32_t t = d->target[n];
        if (t == KILN_NO_NODE)
            continue;
        /* A sample of zeros would only add an empty node (pprof drops them too). */
        const double *v = p->sample_values + s * p->n_types;
        bool any = false;
        for (uint32_t k = 0; k < p->n_types && !any; k++)
            any = v[k] != 0;
        if (!any)
            continue;
        uint32_t o = invert ? inverted(d, t) : ensure(d, t);
        kiln_builder_record_sample(
            d->b, o, p->sample_values + s * p->n_types, p->sample_time ? p->sample_time[s] : 0,
            p->sample_thread ? p->sample_thread[s] : 0,
            p->sample_labels ? kiln_derive_copy_labels(&d->copy, p->sample_labels[s]) : 0);
        (*kept)++;
    }
    return true;
}

static uint32_t *identity_map(uint32_t n)
{
    uint32_t *map = g_new(uint32_t, n ? n : 1);
    for (uint32_t i = 0; i < n; i++)
        map[i] = i;
    return map;
}

/* Steps that would change nothing return the profile itself. */
static bool changes_nothing(Derive *d)
{
    const KilnProfile *p = d->src;
    if (drops_empty(d->step->op))
        for (uint32_t t = 0; t < p->n_types; t++)
            if (kiln_profile_self(p, t, KILN_ROOT_NODE) != 0)
                return false;
    switch (d->step->op) {
    case KILN_DERIVE_PROJECT:
        for (uint32_t f = 0; f < p->n_frames; f++) {
            KilnFrame pf;
            kiln_frame_project(&p->frames[f], d->step->granularity, &pf);
            if (memcmp(&pf, &p->frames[f], sizeof pf) != 0)
                return false;
        }
        return true;
    case KILN_DERIVE_HIDE:
    case KILN_DERIVE_IGNORE:
    case KILN_DERIVE_PRUNE_FROM:
        for (uint32_t f = 0; f < p->n_frames; f++)
            if (frame_matches(d, f))
                return false;
        return true;
    case KILN_DERIVE_SHOW:
        for (uint32_t f = 0; f < p->n_frames; f++)
            if (!frame_matches(d, f))
                return false;
        return true;
    default:
        return false;
    }
}

static bool check_step(const KilnProfile *p, const KilnDeriveStep *step, GError **error)
{
    switch (step->op) {
    case KILN_DERIVE_HIDE:
    case KILN_DERIVE_SHOW:
    case KILN_DERIVE_FOCUS:
    case KILN_DERIVE_IGNORE:
    case KILN_DERIVE_PRUNE_FROM:
    case KILN_DERIVE_SHOW_FROM:
        g_return_val_if_fail(step->regex != NULL, false);
        return true;
    case KILN_DERIVE_RENAME:
        g_return_val_if_fail(step->rename != NULL, false);
        return true;
    case KILN_DERIVE_TIME_RANGE:
        if (!p->n_samples || !p->sample_time) {
            g_set_error_literal(error, KILN_CORE_ERROR, KILN_CORE_ERROR_INVALID,
                                _("This profile has no sample times, so it cannot be limited to "
                                  "a time range; record with timestamps (perf record, perf "
                                  "script) to use one"));
            return false;
        }
        return true;
    case KILN_DERIVE_THREADS:
        if (!p->n_samples || !p->sample_thread) {
            g_set_error_literal(error, KILN_CORE_ERROR, KILN_CORE_ERROR_INVALID,
                                _("This profile does not say which thread took each sample, so "
                                  "it cannot be limited to threads"));
            return false;
        }
        return true;
    default:
        return true;
    }
}

KilnProfile *kiln_derive(KilnProfile *profile, const KilnDeriveStep *step, uint32_t **node_map,
                         const KilnDeriveCancel *cancel, GError **error)
{
    g_return_val_if_fail(profile != NULL && step != NULL, NULL);
    if (!check_step(profile, step, error))
        return NULL;
    Derive d = {.src = profile, .step = step, .cancel = cancel};
    uint32_t nn = profile->n_nodes;
    d.fmatch = g_new0(uint8_t, profile->n_frames ? profile->n_frames : 1);
    if (changes_nothing(&d)) {
        g_free(d.fmatch);
        if (node_map)
            *node_map = identity_map(nn);
        return kiln_profile_ref(profile);
    }

    KilnGranularity g = profile->granularity;
    if (step->op == KILN_DERIVE_PROJECT && step->granularity < g)
        g = step->granularity;
    else if (step->op == KILN_DERIVE_RENAME)
        g = KILN_GRANULARITY_FUNCTIONS;
    d.b = kiln_derive_builder_new(g);
    kiln_derive_copy_init(&d.copy, d.b, profile);
    kiln_derive_copy_metadata(&d.copy);
    d.canon = g_new(uint32_t, nn);
    d.out = g_new(uint32_t, nn);
    d.target = g_new(uint32_t, nn);
    d.chain = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    d.values = g_new0(double, profile->n_types + 1);
    if (step->op == KILN_DERIVE_THREADS) {
        d.threads = g_memdup2(step->threads, sizeof(uint32_t) * step->n_threads + 1);
        qsort(d.threads, step->n_threads, sizeof(uint32_t), cmp_u32);
    }

    bool by_samples = step->op == KILN_DERIVE_TIME_RANGE || step->op == KILN_DERIVE_THREADS ||
                      (!step->drop_samples && kiln_derive_samples_cover_tree(profile));
    uint64_t kept = 0;
    bool ok = step->op == KILN_DERIVE_INVERT ? invert_pass(&d, !by_samples, error)
                                             : tree_pass(&d, !by_samples, error);
    if (ok && by_samples)
        ok = feed_samples(&d, &kept, error);

    KilnProfile *result = NULL;
    uint32_t *map = NULL;
    if (ok) {
        map = d.target; /* reused in place: target -> builder node */
        for (uint32_t n = 0; n < nn; n++) {
            uint32_t t = map[n];
            map[n] = t == KILN_NO_NODE || d.out[t] == KILN_DERIVE_UNSET ? KILN_NO_NODE : d.out[t];
        }
        d.target = NULL;
        result = kiln_derive_builder_finish(d.b, map, nn);
        if (step->op == KILN_DERIVE_TIME_RANGE || step->op == KILN_DERIVE_THREADS)
            result->samples_seen = kept;
        else
            result->samples_seen = profile->samples_seen;
    }
    kiln_builder_free(d.b);
    kiln_derive_copy_clear(&d.copy);
    g_free(d.fmatch);
    g_free(d.canon);
    g_free(d.out);
    g_free(d.target);
    g_array_unref(d.chain);
    g_free(d.values);
    g_free(d.threads);
    if (node_map && result)
        *node_map = map;
    else
        g_free(map);
    return result;
}
