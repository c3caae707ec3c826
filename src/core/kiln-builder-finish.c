/* kiln-builder-finish.c — turns the builder's creation-ordered trie into the
 * profile's preorder layout.
 *
 * Siblings are ordered by frame name (then module, file, line, kind,
 * address, inline depth), the
 * flame-graph convention, so that the same stacks give the same picture
 * whatever order they arrived in. Everything here is iterative: a
 * million-frame stack must not touch the C stack.
 */
#include "kiln-builder-private.h"
#include "kiln-shared-array.h"

#include <float.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

typedef struct {
    const KilnStrings *strings;
    const KilnFrame *frames;
} FrameSortCtx;

static int cmp_frames(gconstpointer a, gconstpointer b, gpointer data)
{
    const FrameSortCtx *ctx = data;
    const KilnFrame *fa = &ctx->frames[*(const uint32_t *)a];
    const KilnFrame *fb = &ctx->frames[*(const uint32_t *)b];
    int c =
        strcmp(kiln_strings_get(ctx->strings, fa->name), kiln_strings_get(ctx->strings, fb->name));
    if (c)
        return c;
    c = strcmp(kiln_strings_get(ctx->strings, fa->module),
               kiln_strings_get(ctx->strings, fb->module));
    if (c)
        return c;
    c = strcmp(kiln_strings_get(ctx->strings, fa->file), kiln_strings_get(ctx->strings, fb->file));
    if (c)
        return c;
    if (fa->line != fb->line)
        return fa->line < fb->line ? -1 : 1;
    if (fa->kind != fb->kind)
        return fa->kind < fb->kind ? -1 : 1;
    if (fa->address != fb->address)
        return fa->address < fb->address ? -1 : 1;
    if (fa->inline_depth != fb->inline_depth)
        return fa->inline_depth < fb->inline_depth ? -1 : 1;
    return 0;
}

typedef struct {
    const uint32_t *rank;       /* per frame */
    const uint32_t *node_frame; /* per build-time node */
} KidSortCtx;

static int cmp_kids(gconstpointer a, gconstpointer b, gpointer data)
{
    const KidSortCtx *c = data;
    uint32_t ra = c->rank[c->node_frame[*(const uint32_t *)a]];
    uint32_t rb = c->rank[c->node_frame[*(const uint32_t *)b]];
    return ra < rb ? -1 : ra > rb;
}

/* Sibling order: frames ranked by display order once, so that the sorts
 * below compare integers. The sorted order is kept in the builder between
 * snapshots: frames never change once interned, so only the new ones are
 * sorted and merged in (an address-level live recording can have hundreds
 * of thousands of frames, whose full string sort would cost more than the
 * rest of a snapshot). That cache is the one thing a snapshot writes in
 * the builder it is given as const. */
static uint32_t *rank_frames(const KilnBuilder *cb)
{
    KilnBuilder *b = (KilnBuilder *)cb;
    uint32_t nf = b->frames->len, old = b->rank_n;
    FrameSortCtx ctx = {b->strings, (const KilnFrame *)b->frames->data};
    if (old < nf) {
        uint32_t nn = nf - old;
        uint32_t *fresh = g_new(uint32_t, nn);
        for (uint32_t i = 0; i < nn; i++)
            fresh[i] = old + i;
        g_qsort_with_data(fresh, (gint)nn, sizeof(uint32_t), cmp_frames, &ctx);
        uint32_t *order = g_new(uint32_t, nf);
        uint32_t i = 0, j = 0, k = 0;
        while (i < old && j < nn)
            order[k++] = cmp_frames(&b->rank_order[i], &fresh[j], &ctx) < 0 ? b->rank_order[i++]
                                                                            : fresh[j++];
        while (i < old)
            order[k++] = b->rank_order[i++];
        while (j < nn)
            order[k++] = fresh[j++];
        g_free(fresh);
        g_free(b->rank_order);
        b->rank_order = order;
        b->rank_n = nf;
    }
    uint32_t *rank = g_new(uint32_t, nf ? nf : 1);
    for (uint32_t i = 0; i < nf; i++)
        rank[b->rank_order[i]] = i;
    return rank;
}

/* Scratch arrays for layout_order(), each of at least n entries (start:
 * n + 1). start and kids live in the not yet written final node array
 * (2n + 1 of its 4n words): no allocation, and no freed block the process
 * keeps resident while the node array is filled. */
typedef struct {
    uint32_t *size;  /* per build id: subtree size */
    uint32_t *start; /* per build id + 1: where its children begin in kids */
    uint32_t *kids;  /* build ids grouped by parent */
} LayoutScratch;

/* Preorder numbering without a walk. Build ids are in creation order, so a
 * parent always precedes its children: subtree sizes are one reverse pass,
 * and once each parent's children are sorted by frame rank, a child's
 * preorder id is its parent's + 1 + the sizes of the siblings before it,
 * one forward pass. Every pass streams through arrays or makes independent
 * accesses the memory system can overlap; following sibling lists in a
 * depth-first walk made one dependent cache miss per node instead.
 * Writes new_id[build id] = preorder id and the subtree sizes; reads only
 * the builder's parents and frames, and does not modify it. */
static void layout_order(const KilnBuilder *b, const uint32_t *rank, uint32_t *new_id,
                         const LayoutScratch *sc)
{
    uint32_t n = b->n_nodes;
    const uint32_t *parent = b->node_parent;
    const uint32_t *node_frame = b->node_frame;
    uint32_t *size = sc->size, *start = sc->start, *kids = sc->kids;

    for (uint32_t x = 0; x < n; x++)
        size[x] = 1;
    for (uint32_t x = n; x-- > 1;)
        size[parent[x]] += size[x];

    /* Children grouped by parent: a counting sort on the parent id. */
    memset(start, 0, sizeof(uint32_t) * ((size_t)n + 1));
    for (uint32_t x = 1; x < n; x++)
        start[parent[x] + 1]++;
    for (uint32_t x = 0; x < n; x++)
        start[x + 1] += start[x];
    /* new_id doubles as each parent's fill cursor, then holds offsets. */
    memcpy(new_id, start, sizeof(uint32_t) * n);
    for (uint32_t x = 1; x < n; x++)
        kids[new_id[parent[x]]++] = x;

    KidSortCtx kc = {rank, node_frame};
    new_id[0] = 0;
    for (uint32_t p = 0; p < n; p++) {
        uint32_t *k = kids + start[p];
        uint32_t nk = start[p + 1] - start[p];
        if (nk > 24) {
            g_qsort_with_data(k, nk, sizeof(uint32_t), cmp_kids, &kc);
        } else {
            /* The usual handful of siblings: insertion sort. */
            for (uint32_t i = 1; i < nk; i++) {
                uint32_t x = k[i], rx = rank[node_frame[x]], j = i;
                while (j > 0 && rank[node_frame[k[j - 1]]] > rx) {
                    k[j] = k[j - 1];
                    j--;
                }
                k[j] = x;
            }
        }
        uint32_t off = 1;
        for (uint32_t i = 0; i < nk; i++) {
            new_id[k[i]] = off;
            off += size[k[i]];
        }
    }
    for (uint32_t x = 1; x < n; x++)
        new_id[x] += new_id[parent[x]];
}

/* The final nodes from the order: parents, frames, sizes and depths. A
 * parent's node is written before its children's (creation order), so
 * depths come from it and finish() can free the builder's depths first. */
static void layout_nodes(const KilnBuilder *b, const uint32_t *new_id, const uint32_t *size,
                         KilnNode *nodes)
{
    uint32_t n = b->n_nodes;
    nodes[0] = (KilnNode){.parent = KILN_NO_NODE, .frame = 0, .size = size[0], .depth = 0};
    for (uint32_t x = 1; x < n; x++)
        nodes[new_id[x]] = (KilnNode){
            .parent = new_id[b->node_parent[x]],
            .frame = b->node_frame[x],
            .size = size[x],
            .depth = nodes[new_id[b->node_parent[x]]].depth + 1,
        };
}

static void warn_overflow(KilnBuilder *b)
{
    if (!b->warned_overflow) {
        b->warned_overflow = true;
        kiln_builder_warn(b, _("Some values overflowed and were capped at the largest "
                               "representable value"));
    }
}

/* What finish and snapshot share past the tree: counts, time range, format. */
static void copy_scalars(const KilnBuilder *b, KilnProfile *p, uint32_t nt)
{
    p->n_types = nt;
    p->granularity = b->granularity;
    p->default_type = b->default_type < nt ? b->default_type : 0;
    p->samples_seen = b->samples_seen;
    if (b->time_end) {
        p->time_start = b->time_start;
        p->time_end = b->time_end;
    } else if (b->s_time_end) {
        p->time_start = b->s_time_start;
        p->time_end = b->s_time_end;
    }
}

/* Self values held sparsely through the layout: only the nodes where
 * stacks end carry values, which in a tree without shared prefixes is a few
 * hundred thousand of ten million nodes. While the layout's arrays are
 * alive, the dense column (8 bytes per node and type) is the largest thing
 * that does not need to be; as (node, values) pairs it is a small fraction,
 * and it is scattered into a fresh zeroed block once those arrays are
 * freed. NULL when the values are dense enough that pairs would not halve
 * the memory. */
typedef struct {
    uint32_t n;
    uint32_t *node;
    double *values; /* [i * nt + t] */
} SparseSelf;

static SparseSelf *sparse_self(const KilnBuilder *b, uint32_t n, uint32_t nt)
{
    /* Pairs take 4 + 8 nt bytes, the column 8 nt per node. */
    uint64_t limit = (uint64_t)n * 8 * nt / 2 / (4 + 8 * (uint64_t)nt);
    uint64_t count = 0;
    for (uint32_t x = 0; x < n; x++) {
        for (uint32_t t = 0; t < nt; t++) {
            if (b->self[(size_t)t * b->self_cap + x] != 0) {
                if (++count > limit)
                    return NULL;
                break;
            }
        }
    }
    SparseSelf *sp = g_new(SparseSelf, 1);
    sp->n = (uint32_t)count;
    sp->node = g_new(uint32_t, count ? count : 1);
    sp->values = g_new(double, count ? count *nt : 1);
    uint32_t i = 0;
    for (uint32_t x = 0; x < n; x++) {
        gboolean any = FALSE;
        for (uint32_t t = 0; t < nt; t++)
            any |= b->self[(size_t)t * b->self_cap + x] != 0;
        if (!any)
            continue;
        sp->node[i] = x;
        for (uint32_t t = 0; t < nt; t++)
            sp->values[(size_t)i * nt + t] = b->self[(size_t)t * b->self_cap + x];
        i++;
    }
    return sp;
}

KilnProfile *kiln_builder_finish(KilnBuilder *b)
{
    return kiln_builder_finish_mapped(b, NULL);
}

KilnProfile *kiln_builder_finish_mapped(KilnBuilder *b, uint32_t **build_to_final)
{
    uint32_t n = b->n_nodes;
    uint32_t nt;
    KilnProfile *p = g_new0(KilnProfile, 1);
    p->ref_count = 1;

    if (b->types->len == 0)
        kiln_builder_add_sample_type(b, "samples", "count");
    if (!b->self) {
        b->self_cap = b->node_cap;
        b->self = g_new0(double, (size_t)b->types->len * b->self_cap);
    }
    nt = b->types->len;
    uint32_t nf = b->frames->len;
    uint32_t *rank = rank_frames(b);
    g_clear_pointer(&b->rank_order, g_free);
    b->rank_n = 0;

    /* Memory peaks here on big trees, so each build-time array is freed as
     * soon as its last use is over, and the sibling lists (which the layout
     * does not read) serve as its scratch: nothing below holds two copies of
     * the tree at once. */
    g_clear_pointer(&b->child_slots, g_free);
    g_clear_pointer(&b->named_slots, g_free);
    g_clear_pointer(&b->frame_slots, g_free);
    g_clear_pointer(&b->node_depth, g_free);
    SparseSelf *sparse = sparse_self(b, n, nt);
    if (sparse)
        g_clear_pointer(&b->self, g_free);
    /* Growth leaves up to half a node array of slack: give it back first
     * (shrinking a large block is a cheap remap), so the scratch arrays fit
     * in it. */
    b->node_parent = g_renew(uint32_t, b->node_parent, n);
    b->node_frame = g_renew(uint32_t, b->node_frame, n);
    /* The sibling lists are not read by the layout: they become its sizes
     * and the id map. */
    uint32_t *new_id = g_renew(uint32_t, b->node_next_sibling, n);
    p->n_nodes = n;
    p->nodes = g_new(KilnNode, n);
    LayoutScratch sc = {
        .size = g_renew(uint32_t, b->node_first_child, n),
        .start = (uint32_t *)p->nodes,
        .kids = (uint32_t *)p->nodes + n + 1,
    };
    b->node_first_child = b->node_next_sibling = NULL;
    layout_order(b, rank, new_id, &sc);
    g_free(rank);

    /* The nodes are not scattered straight from the build arrays: that
     * holds them (parents, frames, ids, sizes: 16 bytes a node) and the
     * whole node array (16) at once. Instead parents and frames go into
     * preorder first, through the sizes' array as the scratch column (sizes
     * are summed again from the final parents), then the ids are dropped
     * and the nodes written in one forward pass: 24 bytes a node at most. */
    uint32_t *parent = b->node_parent, *frame = b->node_frame, *col = sc.size;
    b->node_parent = b->node_frame = NULL;
    for (uint32_t x = 1; x < n; x++)
        parent[x] = new_id[parent[x]];
    for (uint32_t x = 1; x < n; x++)
        col[new_id[x]] = parent[x];
    uint32_t *final_parent = col;
    col = parent;
    for (uint32_t x = 1; x < n; x++)
        col[new_id[x]] = frame[x];
    uint32_t *final_frame = col;
    g_free(frame);

    if (b->n_samples) {
        p->n_samples = b->n_samples;
        p->sample_rows_shared = true;
        p->sample_time = b->s_time;
        p->sample_thread = b->s_thread;
        p->sample_labels = b->s_labels;
        p->sample_values = b->s_values;
        p->sample_node = b->s_node;
        for (uint64_t i = 0; i < b->n_samples; i++)
            p->sample_node[i] = new_id[p->sample_node[i]];
        b->s_time = NULL;
        b->s_thread = b->s_node = b->s_labels = NULL;
        b->s_values = NULL;
        b->n_samples = b->s_cap = 0;
    }

    if (sparse) {
        for (uint32_t i = 0; i < sparse->n; i++)
            sparse->node[i] = new_id[sparse->node[i]];
    } else {
        /* Self values into preorder, in place, one column at a time through
         * a scratch column: a scatter's stores are independent, so the
         * memory system overlaps them (following permutation cycles in
         * place would not). */
        double *scratch = g_new(double, n);
        for (uint32_t t = 0; t < nt; t++) {
            const double *from = b->self + (size_t)t * b->self_cap;
            for (uint32_t o = 0; o < n; o++)
                scratch[new_id[o]] = from[o];
            memcpy(b->self + (size_t)t * n, scratch, sizeof(double) * n);
        }
        g_free(scratch);
        p->self = g_renew(double, b->self, (size_t)nt *n);
        b->self = NULL;
    }
    if (build_to_final)
        *build_to_final = new_id;
    else
        g_free(new_id);

    /* Parents precede their children in preorder: depths forward, subtree
     * sizes backward. */
    KilnNode *nodes = p->nodes;
    nodes[0] = (KilnNode){.parent = KILN_NO_NODE, .frame = 0, .size = 1, .depth = 0};
    for (uint32_t i = 1; i < n; i++)
        nodes[i] = (KilnNode){
            .parent = final_parent[i],
            .frame = final_frame[i],
            .size = 1,
            .depth = nodes[final_parent[i]].depth + 1,
        };
    g_free(final_parent);
    g_free(final_frame);
    for (uint32_t i = n; i-- > 1;)
        nodes[nodes[i].parent].size += nodes[i].size;

    if (sparse) {
        p->self = g_new0(double, (size_t)nt *n);
        for (uint32_t i = 0; i < sparse->n; i++)
            for (uint32_t t = 0; t < nt; t++)
                p->self[(size_t)t * n + sparse->node[i]] = sparse->values[(size_t)i * nt + t];
        g_free(sparse->node);
        g_free(sparse->values);
        g_free(sparse);
    }

    /* Totals wait for their first reader unless they may saturate, which
     * must be known now for the warning. */
    if (kiln_profile_totals_may_overflow(p->self, n, nt)) {
        p->total = g_new(double, MAX((size_t)nt * n, (size_t)1));
        if (kiln_profile_fill_totals(p->nodes, n, nt, p->self, p->total))
            warn_overflow(b);
    }

    p->n_label_sets = b->label_start->len - 1;
    p->label_start = (uint32_t *)g_array_free(b->label_start, FALSE);
    p->labels = (KilnLabel *)g_array_free(b->label_data, FALSE);
    b->label_start = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    b->label_data = g_array_new(FALSE, FALSE, sizeof(KilnLabel));

    copy_scalars(b, p, nt);
    p->types = (KilnSampleType *)g_array_free(b->types, FALSE);
    b->types = g_array_new(FALSE, FALSE, sizeof(KilnSampleType));
    p->n_frames = nf;
    p->frames = (KilnFrame *)g_array_free(b->frames, FALSE);
    b->frames = g_array_new(FALSE, FALSE, sizeof(KilnFrame));
    p->strings = b->strings;
    b->strings = kiln_strings_new();

    p->format = b->format ? b->format : g_strdup("unknown");
    b->format = NULL;
    p->properties = b->properties;
    b->properties = NULL;
    p->warnings = b->warnings;
    b->warnings = NULL;

    b->n_nodes = 0;
    return p;
}

static GArray *copy_properties(const GArray *from)
{
    GArray *to = g_array_sized_new(FALSE, FALSE, sizeof(KilnProperty), from->len);
    for (guint i = 0; i < from->len; i++) {
        const KilnProperty *f = &g_array_index(from, KilnProperty, i);
        KilnProperty c = {g_strdup(f->key), g_strdup(f->value)};
        g_array_append_val(to, c);
    }
    return to;
}

static void *dup_or_null(const void *mem, size_t size)
{
    return size ? g_memdup2(mem, size) : NULL;
}

/* The big arrays of a snapshot the caller is done with, for the next one:
 * fresh memory costs a page fault per 4 KiB, over a third of a snapshot's
 * time at a million nodes. */
typedef struct {
    void *nodes, *self, *total, *sample_node;
} Recycled;

static void *reuse(void **slot, size_t bytes)
{
    void *mem = *slot;
    *slot = NULL;
    return mem ? g_realloc(mem, MAX(bytes, (size_t)1)) : g_malloc(MAX(bytes, (size_t)1));
}

static void recycle(KilnProfile *previous, Recycled *r)
{
    if (!previous)
        return;
    /* Only when ours is the last reference: then nobody else can see it. */
    if (g_atomic_int_get(&previous->ref_count) == 1) {
        *r = (Recycled){previous->nodes, previous->self, previous->total, previous->sample_node};
        previous->nodes = NULL;
        previous->self = previous->total = NULL;
        previous->sample_node = NULL;
    }
    kiln_profile_unref(previous);
}

KilnProfile *kiln_builder_snapshot(const KilnBuilder *b)
{
    return kiln_builder_snapshot_reusing(b, NULL);
}

KilnProfile *kiln_builder_snapshot_reusing(const KilnBuilder *b, KilnProfile *previous)
{
    if (G_UNLIKELY(!b->node_frame)) { /* finished already */
        kiln_profile_unref(previous);
        g_return_val_if_fail(b->node_frame != NULL, NULL);
    }
    Recycled r = {0};
    recycle(previous, &r);
    uint32_t n = b->n_nodes;
    KilnProfile *p = g_new0(KilnProfile, 1);
    p->ref_count = 1;
    p->strings = kiln_strings_copy(b->strings);

    uint32_t nt = b->types->len;
    if (nt == 0) {
        /* As finish() would, without adding the type to the builder. */
        KilnSampleType t = {kiln_strings_intern(p->strings, "samples", 7),
                            kiln_strings_intern(p->strings, "count", 5)};
        p->types = g_memdup2(&t, sizeof t);
        nt = 1;
    } else {
        p->types = g_memdup2(b->types->data, sizeof(KilnSampleType) * nt);
    }

    /* Until the totals are summed, their column (8 bytes a node or more)
     * holds the id map and the subtree sizes, and the node array the
     * layout's grouping scratch: no scratch allocations. */
    uint32_t nf = b->frames->len;
    uint32_t *rank = rank_frames(b);
    p->n_nodes = n;
    p->nodes = reuse(&r.nodes, sizeof(KilnNode) * n);
    p->total = reuse(&r.total, sizeof(double) * nt * n);
    uint32_t *new_id = (uint32_t *)p->total;
    LayoutScratch sc = {
        .size = new_id + n,
        .start = (uint32_t *)p->nodes,
        .kids = (uint32_t *)p->nodes + n + 1,
    };
    layout_order(b, rank, new_id, &sc);
    g_free(rank);
    layout_nodes(b, new_id, sc.size, p->nodes);

    /* Self values scattered straight into the profile's columns. */
    p->self = reuse(&r.self, sizeof(double) * nt * n);
    if (b->self) {
        for (uint32_t t = 0; t < nt; t++) {
            const double *col = b->self + (size_t)t * b->self_cap;
            double *dst = p->self + (size_t)t * n;
            for (uint32_t o = 0; o < n; o++)
                dst[new_id[o]] = col[o];
        }
    } else {
        memset(p->self, 0, sizeof(double) * nt * n);
    }

    uint64_t ns = b->n_samples;
    if (ns) {
        p->n_samples = ns;
        /* Rows never change once written: share the builder's columns. */
        p->sample_rows_shared = true;
        p->sample_time = kiln_shared_array_ref(b->s_time);
        p->sample_thread = kiln_shared_array_ref(b->s_thread);
        p->sample_labels = kiln_shared_array_ref(b->s_labels);
        p->sample_values = kiln_shared_array_ref(b->s_values);
        p->sample_node = reuse(&r.sample_node, sizeof(uint32_t) * ns);
        for (uint64_t i = 0; i < ns; i++)
            p->sample_node[i] = new_id[b->s_node[i]];
    }
    g_free(r.sample_node); /* recycled but not needed: no rows now */
    bool overflowed = kiln_profile_fill_totals(p->nodes, n, nt, p->self, p->total);

    p->n_label_sets = b->label_start->len - 1;
    p->label_start = g_memdup2(b->label_start->data, sizeof(uint32_t) * b->label_start->len);
    p->labels = dup_or_null(b->label_data->data, sizeof(KilnLabel) * b->label_data->len);

    copy_scalars(b, p, nt);
    p->n_frames = nf;
    p->frames = dup_or_null(b->frames->data, sizeof(KilnFrame) * nf);
    p->format = g_strdup(b->format ? b->format : "unknown");
    p->properties = copy_properties(b->properties);
    p->warnings = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < b->warnings->len; i++)
        g_ptr_array_add(p->warnings, g_strdup(g_ptr_array_index(b->warnings, i)));
    if (overflowed && !b->warned_overflow && p->warnings->len < 100)
        g_ptr_array_add(p->warnings, g_strdup(_("Some values overflowed and were capped at the "
                                                "largest representable value")));
    return p;
}
