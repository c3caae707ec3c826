/* kiln-peek.c — callers and callees of functions, over the whole tree.
 *
 * One preorder walk. Along the current path we keep, per function of
 * interest and per call pair (caller name, callee name), how many nodes of
 * the path have it: a node adds its total only when it is the outermost of
 * the path to have it, which counts each sample once (pprof's graph marks
 * a node or an edge seen per sample the same way). */
#include "kiln-peek.h"

#include <string.h>

typedef struct {
    uint32_t caller, callee;
    uint32_t active;
    double value;
} Pair;

typedef struct {
    int32_t fn;   /* entry whose active count this node raised, or -1 */
    int32_t pair; /* pair likewise */
    uint32_t depth;
} Level;

static int edge_cmp(const void *a, const void *b, void *data)
{
    const KilnProfile *p = data;
    const KilnPeekEdge *x = a, *y = b;
    if (x->value != y->value)
        return x->value > y->value ? -1 : 1;
    return strcmp(kiln_profile_string(p, x->name), kiln_profile_string(p, y->name));
}

static int entry_cmp(const void *a, const void *b, void *data)
{
    const KilnProfile *p = data;
    const KilnPeekEntry *x = a, *y = b;
    if (x->self != y->self)
        return x->self > y->self ? -1 : 1;
    if (x->total != y->total)
        return x->total > y->total ? -1 : 1;
    return strcmp(kiln_profile_string(p, x->name), kiln_profile_string(p, y->name));
}

/* Computes the entries of the names with entry_of[name] set. */
static KilnPeek *compute(const KilnProfile *p, uint32_t type, uint32_t *entry_of, GArray *entries)
{
    uint32_t *fn_active = g_new0(uint32_t, entries->len ? entries->len : 1);
    GArray *pairs = g_array_new(FALSE, TRUE, sizeof(Pair));
    GArray *path = g_array_new(FALSE, FALSE, sizeof(Level));
    /* (caller << 32 | callee) -> index into `pairs`. */
    GHashTable *pair_index = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);

    for (uint32_t i = 1; i < p->n_nodes; i++) {
        uint32_t depth = p->nodes[i].depth;
        while (path->len && g_array_index(path, Level, path->len - 1).depth >= depth) {
            Level *l = &g_array_index(path, Level, path->len - 1);
            if (l->fn >= 0)
                fn_active[l->fn]--;
            if (l->pair >= 0)
                g_array_index(pairs, Pair, l->pair).active--;
            g_array_set_size(path, path->len - 1);
        }
        Level level = {-1, -1, depth};
        uint32_t name = p->frames[p->nodes[i].frame].name;
        uint32_t parent = p->nodes[i].parent;
        double total = kiln_profile_total(p, type, i);
        uint32_t e = entry_of[name];
        if (e != KILN_NO_NODE) {
            KilnPeekEntry *en = &g_array_index(entries, KilnPeekEntry, e);
            en->self += kiln_profile_self(p, type, i);
            if (fn_active[e]++ == 0)
                en->total += total;
            level.fn = (int32_t)e;
        }
        if (parent != KILN_ROOT_NODE) {
            uint32_t pname = p->frames[p->nodes[parent].frame].name;
            if (pname != name && (e != KILN_NO_NODE || entry_of[pname] != KILN_NO_NODE)) {
                gint64 key = ((gint64)pname << 32) | name;
                gpointer found;
                uint32_t idx;
                if (g_hash_table_lookup_extended(pair_index, &key, NULL, &found)) {
                    idx = GPOINTER_TO_UINT(found);
                } else {
                    idx = pairs->len;
                    Pair pr = {pname, name, 0, 0};
                    g_array_append_val(pairs, pr);
                    g_hash_table_insert(pair_index, g_memdup2(&key, sizeof key),
                                        GUINT_TO_POINTER(idx));
                }
                Pair *pr = &g_array_index(pairs, Pair, idx);
                if (pr->active++ == 0)
                    pr->value += total;
                level.pair = (int32_t)idx;
            }
        }
        g_array_append_val(path, level);
    }

    GArray **callers = g_new0(GArray *, entries->len ? entries->len : 1);
    GArray **callees = g_new0(GArray *, entries->len ? entries->len : 1);
    for (guint k = 0; k < pairs->len; k++) {
        const Pair *pr = &g_array_index(pairs, Pair, k);
        if (pr->value == 0)
            continue;
        uint32_t a = entry_of[pr->caller], b = entry_of[pr->callee];
        if (a != KILN_NO_NODE) {
            if (!callees[a])
                callees[a] = g_array_new(FALSE, FALSE, sizeof(KilnPeekEdge));
            KilnPeekEdge edge = {pr->callee, pr->value};
            g_array_append_val(callees[a], edge);
        }
        if (b != KILN_NO_NODE) {
            if (!callers[b])
                callers[b] = g_array_new(FALSE, FALSE, sizeof(KilnPeekEdge));
            KilnPeekEdge edge = {pr->caller, pr->value};
            g_array_append_val(callers[b], edge);
        }
    }
    for (guint k = 0; k < entries->len; k++) {
        KilnPeekEntry *en = &g_array_index(entries, KilnPeekEntry, k);
        if (callers[k]) {
            g_array_sort_with_data(callers[k], edge_cmp, (gpointer)p);
            en->n_callers = callers[k]->len;
            en->callers = (KilnPeekEdge *)(void *)g_array_free(callers[k], FALSE);
        }
        if (callees[k]) {
            g_array_sort_with_data(callees[k], edge_cmp, (gpointer)p);
            en->n_callees = callees[k]->len;
            en->callees = (KilnPeekEdge *)(void *)g_array_free(callees[k], FALSE);
        }
    }
    g_free(callers);
    g_free(callees);
    g_array_sort_with_data(entries, entry_cmp, (gpointer)p);

    g_hash_table_unref(pair_index);
    g_array_free(pairs, TRUE);
    g_array_free(path, TRUE);
    g_free(fn_active);
    KilnPeek *peek = g_new0(KilnPeek, 1);
    peek->n_entries = entries->len;
    peek->entries = (KilnPeekEntry *)(void *)g_array_free(entries, FALSE);
    return peek;
}

KilnPeek *kiln_peek_compute(const KilnProfile *p, uint32_t type, KilnPeekMatchFunc match,
                            gpointer data)
{
    uint32_t n_strings = kiln_strings_count(p->strings);
    uint32_t *entry_of = g_new(uint32_t, n_strings ? n_strings : 1);
    memset(entry_of, 0xff, sizeof(uint32_t) * n_strings);
    guint8 *tried = g_new0(guint8, n_strings ? n_strings : 1);
    GArray *entries = g_array_new(FALSE, TRUE, sizeof(KilnPeekEntry));
    /* Only names that occur in the tree: some frames may be unused. */
    for (uint32_t i = 1; i < p->n_nodes; i++) {
        uint32_t name = p->frames[p->nodes[i].frame].name;
        if (name >= n_strings || tried[name])
            continue;
        tried[name] = 1;
        if (match(kiln_profile_string(p, name), data)) {
            entry_of[name] = entries->len;
            KilnPeekEntry en = {.name = name};
            g_array_append_val(entries, en);
        }
    }
    g_free(tried);
    KilnPeek *peek = compute(p, type, entry_of, entries);
    g_free(entry_of);
    return peek;
}

static gboolean match_regex(const char *name, gpointer data)
{
    return g_regex_match((const GRegex *)data, name, 0, NULL);
}

KilnPeek *kiln_peek_compute_regex(const KilnProfile *p, uint32_t type, const GRegex *regex)
{
    return kiln_peek_compute(p, type, match_regex, (gpointer)regex);
}

typedef struct {
    const char *name;
} ByName;

static gboolean match_name(const char *name, gpointer data)
{
    return strcmp(name, ((ByName *)data)->name) == 0;
}

KilnPeek *kiln_peek_compute_name(const KilnProfile *p, uint32_t type, uint32_t name)
{
    ByName by = {kiln_profile_string(p, name)};
    return kiln_peek_compute(p, type, match_name, &by);
}

void kiln_peek_free(KilnPeek *peek)
{
    if (!peek)
        return;
    for (uint32_t i = 0; i < peek->n_entries; i++) {
        g_free(peek->entries[i].callers);
        g_free(peek->entries[i].callees);
    }
    g_free(peek->entries);
    g_free(peek);
}
