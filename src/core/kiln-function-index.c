/* kiln-function-index.c — nodes grouped by function, flat and cum.
 *
 * One counting sort over the preorder nodes groups them by function (so
 * each group stays in preorder); one preorder pass with an explicit stack
 * of open nodes and a per-function count of open occurrences decides which
 * nodes are outermost occurrences, whose totals make up cum.
 */
#include "kiln-function-index.h"

#include <string.h>

struct _KilnFunctionIndex {
    KilnProfile *profile;
    KilnFunctionKey key;
    uint32_t n_functions, nt;
    uint32_t *start; /* n_functions + 1 offsets into nodes */
    uint32_t *nodes; /* n_nodes - 1 node ids, grouped by function */
    double *self;    /* [t * n_functions + f] */
    double *total;
};

static inline uint32_t function_of(const KilnProfile *p, KilnFunctionKey key, uint32_t node)
{
    uint32_t frame = p->nodes[node].frame;
    return key == KILN_FUNCTION_BY_NAME ? p->frames[frame].name : frame;
}

KilnFunctionIndex *kiln_function_index_new(KilnProfile *profile, KilnFunctionKey key)
{
    const KilnProfile *p = profile;
    KilnFunctionIndex *idx = g_new0(KilnFunctionIndex, 1);
    idx->profile = kiln_profile_ref(profile);
    idx->key = key;
    uint32_t nf = key == KILN_FUNCTION_BY_NAME ? kiln_strings_count(p->strings) : p->n_frames;
    uint32_t n = p->n_nodes, nt = p->n_types;
    idx->n_functions = nf;
    idx->nt = nt;

    idx->start = g_new0(uint32_t, (size_t)nf + 1);
    for (uint32_t i = 1; i < n; i++)
        idx->start[function_of(p, key, i) + 1]++;
    for (uint32_t f = 0; f < nf; f++)
        idx->start[f + 1] += idx->start[f];
    uint32_t *fill = g_memdup2(idx->start, sizeof(uint32_t) * MAX(nf, 1u));
    idx->nodes = g_new(uint32_t, n > 1 ? n - 1 : 1);
    for (uint32_t i = 1; i < n; i++)
        idx->nodes[fill[function_of(p, key, i)]++] = i;

    /* fill is reused as the count of open occurrences per function. */
    memset(fill, 0, sizeof(uint32_t) * MAX(nf, 1u));
    uint32_t *open = fill;
    idx->self = g_new0(double, MAX((size_t)nt * nf, (size_t)1));
    idx->total = g_new0(double, MAX((size_t)nt * nf, (size_t)1));
    uint32_t *stack = g_new(uint32_t, 256), cap = 256, sp = 0;
    for (uint32_t i = 1; i < n; i++) {
        while (sp && stack[sp - 1] + p->nodes[stack[sp - 1]].size <= i)
            open[function_of(p, key, stack[--sp])]--;
        uint32_t f = function_of(p, key, i);
        bool outermost = open[f]++ == 0;
        for (uint32_t t = 0; t < nt; t++) {
            idx->self[(size_t)t * nf + f] += kiln_profile_self(p, t, i);
            if (outermost)
                idx->total[(size_t)t * nf + f] += kiln_profile_total(p, t, i);
        }
        if (sp == cap) {
            cap *= 2;
            stack = g_renew(uint32_t, stack, cap);
        }
        stack[sp++] = i;
    }
    g_free(stack);
    g_free(fill);
    return idx;
}

void kiln_function_index_free(KilnFunctionIndex *idx)
{
    if (!idx)
        return;
    kiln_profile_unref(idx->profile);
    g_free(idx->start);
    g_free(idx->nodes);
    g_free(idx->self);
    g_free(idx->total);
    g_free(idx);
}

KilnProfile *kiln_function_index_profile(const KilnFunctionIndex *idx)
{
    return idx->profile;
}

KilnFunctionKey kiln_function_index_key(const KilnFunctionIndex *idx)
{
    return idx->key;
}

uint32_t kiln_function_index_n_functions(const KilnFunctionIndex *idx)
{
    return idx->n_functions;
}

uint32_t kiln_function_index_of_node(const KilnFunctionIndex *idx, uint32_t node)
{
    if (node == KILN_ROOT_NODE || node >= idx->profile->n_nodes)
        return KILN_NO_FUNCTION;
    return function_of(idx->profile, idx->key, node);
}

const char *kiln_function_index_name(const KilnFunctionIndex *idx, uint32_t function)
{
    const KilnProfile *p = idx->profile;
    if (function >= idx->n_functions)
        return "";
    uint32_t name = idx->key == KILN_FUNCTION_BY_NAME ? function : p->frames[function].name;
    return kiln_strings_get(p->strings, name);
}

const uint32_t *kiln_function_index_nodes(const KilnFunctionIndex *idx, uint32_t function,
                                          uint32_t *n)
{
    if (function >= idx->n_functions) {
        *n = 0;
        return idx->nodes;
    }
    *n = idx->start[function + 1] - idx->start[function];
    return idx->nodes + idx->start[function];
}

double kiln_function_index_self(const KilnFunctionIndex *idx, uint32_t function, uint32_t type)
{
    if (function >= idx->n_functions || type >= idx->nt)
        return 0;
    return idx->self[(size_t)type * idx->n_functions + function];
}

double kiln_function_index_total(const KilnFunctionIndex *idx, uint32_t function, uint32_t type)
{
    if (function >= idx->n_functions || type >= idx->nt)
        return 0;
    return idx->total[(size_t)type * idx->n_functions + function];
}

uint32_t kiln_function_index_lookup(const KilnFunctionIndex *idx, const char *name)
{
    const KilnProfile *p = idx->profile;
    uint32_t id = kiln_strings_lookup(p->strings, name, strlen(name));
    if (id == UINT32_MAX)
        return KILN_NO_FUNCTION;
    if (idx->key == KILN_FUNCTION_BY_NAME)
        return idx->start[id + 1] > idx->start[id] ? id : KILN_NO_FUNCTION;
    uint32_t best = KILN_NO_FUNCTION;
    double best_total = 0;
    for (uint32_t f = 0; f < p->n_frames; f++) {
        if (p->frames[f].name != id || idx->start[f + 1] == idx->start[f])
            continue;
        double t = kiln_function_index_total(idx, f, p->default_type);
        if (best == KILN_NO_FUNCTION || t > best_total) {
            best = f;
            best_total = t;
        }
    }
    return best;
}
