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
    int c = strcmp(kiln_strings_get(ctx->strings, fa->name), kiln_strings_get(ctx->strings, fb->name));
    if (c)
        return c;
    c = strcmp(kiln_strings_get(ctx->strings, fa->module), kiln_strings_get(ctx->strings, fb->module));
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

static void steal_properties(KilnBuilder *b, KilnProfile *p)
{
    p->properties = b->properties;
    b->properties = NULL;
    p->warnings = b->warnings;
    b->warnings = NULL;
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

    /* Rank frames by display order once, so sibling sorts compare ints. */
    uint32_t nf = b->frames->len;
    uint32_t *order = g_new(uint32_t, nf ? nf : 1);
    for (uint32_t i = 0; i < nf; i++)
        order[i] = i;
    FrameSortCtx ctx = {b->strings, (const KilnFrame *)b->frames->data};
    g_qsort_with_data(order, nf, sizeof(uint32_t), cmp_frames, &ctx);
    uint32_t *rank = g_new(uint32_t, nf ? nf : 1);
    for (uint32_t i = 0; i < nf; i++)
        rank[order[i]] = i;
    g_free(order);

    /* Memory peaks here on big trees, so each build-time array is freed as
     * soon as its last use is over; nothing below holds two copies of the
     * tree at once. Parents and depths are not needed: the walk knows them. */
    g_clear_pointer(&b->node_parent, g_free);
    g_clear_pointer(&b->node_depth, g_free);
    g_clear_pointer(&b->child_slots, g_free);
    g_clear_pointer(&b->named_slots, g_free);
    g_clear_pointer(&b->frame_slots, g_free);

    /* Preorder numbering with an explicit stack of (node, new parent id);
     * each node's children come from its sibling list, sorted by frame
     * rank. The final nodes are written as they are numbered. */
    typedef struct {
        uint32_t old, parent;
    } Pending;
    uint32_t *new_id = g_new(uint32_t, n);
    p->n_nodes = n;
    p->nodes = g_new(KilnNode, n);
    uint32_t stack_cap = 1024;
    Pending *stack = g_new(Pending, stack_cap);
    uint32_t *kids = g_new(uint32_t, 64);
    uint32_t kids_cap = 64;
    uint32_t sp = 0, next = 0;
    stack[sp++] = (Pending){0, KILN_NO_NODE};
    KidSortCtx kc = {rank, b->node_frame};
    while (sp) {
        Pending top = stack[--sp];
        uint32_t id = next++;
        new_id[top.old] = id;
        p->nodes[id] = (KilnNode){
            .parent = top.parent,
            .frame = id ? b->node_frame[top.old] : 0,
            .size = 1,
            .depth = id ? p->nodes[top.parent].depth + 1 : 0,
        };
        uint32_t nk = 0;
        for (uint32_t c = b->node_first_child[top.old]; c; c = b->node_next_sibling[c]) {
            if (nk == kids_cap) {
                kids_cap *= 2;
                kids = g_renew(uint32_t, kids, kids_cap);
            }
            kids[nk++] = c;
        }
        if (nk > 24) {
            g_qsort_with_data(kids, nk, sizeof(uint32_t), cmp_kids, &kc);
        } else {
            /* The usual handful of siblings: insertion sort. */
            for (uint32_t i = 1; i < nk; i++) {
                uint32_t x = kids[i], rx = rank[b->node_frame[x]], j = i;
                while (j > 0 && rank[b->node_frame[kids[j - 1]]] > rx) {
                    kids[j] = kids[j - 1];
                    j--;
                }
                kids[j] = x;
            }
        }
        if (sp + nk > stack_cap) {
            while (sp + nk > stack_cap)
                stack_cap *= 2;
            stack = g_renew(Pending, stack, stack_cap);
        }
        for (uint32_t k = nk; k > 0; k--)
            stack[sp++] = (Pending){kids[k - 1], id};
    }
    g_free(kids);
    g_free(stack);
    g_free(rank);
    g_clear_pointer(&b->node_first_child, g_free);
    g_clear_pointer(&b->node_next_sibling, g_free);
    g_clear_pointer(&b->node_frame, g_free);
    for (uint32_t i = n; i-- > 1;)
        p->nodes[p->nodes[i].parent].size += p->nodes[i].size;

    if (b->n_samples) {
        p->n_samples = b->n_samples;
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

    /* Self values into preorder, one column at a time through a scratch
     * column: a scatter's stores are independent, so the memory system
     * overlaps them (following permutation cycles in place would not). */
    double *scratch = g_new(double, n);
    for (uint32_t t = 0; t < nt; t++) {
        const double *col = b->self + (size_t)t * b->self_cap;
        for (uint32_t o = 0; o < n; o++)
            scratch[new_id[o]] = col[o];
        memcpy(b->self + (size_t)t * n, scratch, sizeof(double) * n);
    }
    g_free(scratch);
    if (build_to_final)
        *build_to_final = new_id;
    else
        g_free(new_id);
    p->self = g_renew(double, b->self, (size_t)nt * n);
    b->self = NULL;

    p->total = g_new(double, (size_t)nt * n);
    memcpy(p->total, p->self, sizeof(double) * nt * n);
    for (uint32_t t = 0; t < nt; t++) {
        double *total = p->total + (size_t)t * n;
        for (uint32_t i = n; i-- > 1;) {
            /* Totals saturate like self values do: an infinity here would
             * turn every width computed from it into NaN. */
            double r = total[p->nodes[i].parent] + total[i];
            if (G_UNLIKELY(!isfinite(r))) {
                r = r > 0 ? DBL_MAX : -DBL_MAX;
                if (!b->warned_overflow) {
                    b->warned_overflow = true;
                    kiln_builder_warn(b, _("Some values overflowed and were capped at the "
                                           "largest representable value"));
                }
            }
            total[p->nodes[i].parent] = r;
        }
    }

    p->n_label_sets = b->label_start->len - 1;
    p->label_start = (uint32_t *)g_array_free(b->label_start, FALSE);
    p->labels = (KilnLabel *)g_array_free(b->label_data, FALSE);
    b->label_start = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    b->label_data = g_array_new(FALSE, FALSE, sizeof(KilnLabel));

    p->n_types = nt;
    p->granularity = b->granularity;
    p->default_type = b->default_type < nt ? b->default_type : 0;
    p->types = (KilnSampleType *)g_array_free(b->types, FALSE);
    b->types = g_array_new(FALSE, FALSE, sizeof(KilnSampleType));
    p->n_frames = nf;
    p->frames = (KilnFrame *)g_array_free(b->frames, FALSE);
    b->frames = g_array_new(FALSE, FALSE, sizeof(KilnFrame));
    p->strings = b->strings;
    b->strings = kiln_strings_new();

    p->samples_seen = b->samples_seen;
    if (b->time_end) {
        p->time_start = b->time_start;
        p->time_end = b->time_end;
    } else if (b->s_time_end) {
        p->time_start = b->s_time_start;
        p->time_end = b->s_time_end;
    }
    p->format = b->format ? b->format : g_strdup("unknown");
    b->format = NULL;
    steal_properties(b, p);

    b->n_nodes = 0;
    return p;
}
