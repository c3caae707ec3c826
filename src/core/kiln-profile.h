/* kiln-profile.h — KilnProfile, the read-only profile model.
 *
 * Built once by a KilnBuilder, immutable afterwards, shared by reference
 * between the loader thread, the views and the exporters. Fields are public
 * for fast read access in hot loops; never write to them.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "kiln-frame.h"
#include "kiln-granularity.h"
#include "kiln-label.h"
#include "kiln-node.h"
#include "kiln-sample-type.h"
#include "kiln-strings.h"

G_BEGIN_DECLS

/* A property is text, or a quantity: a number and its unit ("nanoseconds",
 * "bytes", "count"), for the consumer to show as it likes (kiln-cli info and
 * the summary page through kiln_format_property()). A quantity's value is its
 * number written out exactly ("10000000"), for readers that want text. */
typedef struct {
    char *key;
    char *value;
    char *unit;      /* NULL: a text property */
    double quantity; /* the number when unit is set, else 0 */
} KilnProperty;

typedef struct _KilnProfile {
    gint ref_count;

    char *format; /* importer id: "folded", "pprof", "perf-data", ... */
    KilnStrings *strings;

    KilnFrame *frames;
    uint32_t n_frames;

    KilnNode *nodes; /* preorder, node 0 = root */
    uint32_t n_nodes;

    KilnSampleType *types;
    uint32_t n_types;
    uint32_t default_type;

    /* What the tree's frames are keyed by: at FUNCTIONS, every frame's line,
     * address and inline depth are 0; at LINES, every address is. ADDRESSES
     * (the builder's default) means "as imported": nothing was dropped. */
    KilnGranularity granularity;

    /* self[t * n_nodes + node], total likewise: total = self + children.
     * The totals are summed on first use (a folded export never reads
     * them, and they are 8 bytes a node): total is NULL until then, so read
     * them only through kiln_profile_total() or kiln_profile_totals(). */
    double *self;
    double *total;

    /* Optional per-sample table (time-based views); n_samples may be 0. */
    uint64_t n_samples;
    uint64_t *sample_time;    /* nanoseconds, or NULL */
    uint32_t *sample_thread;  /* thread/tid, or NULL */
    uint32_t *sample_node;    /* leaf node id */
    uint32_t *sample_labels;  /* label-set id, or NULL */
    double *sample_values;    /* [sample * n_types + t] */

    /* Set by the builder: time, thread, labels and values are
     * KilnSharedArray blocks, possibly shared with the builder and its
     * snapshots; the profile drops its hold instead of freeing them. */
    bool sample_rows_shared;

    /* Label sets: set i is labels[label_start[i] .. label_start[i+1]). */
    KilnLabel *labels;
    uint32_t *label_start;
    uint32_t n_label_sets;

    uint64_t samples_seen; /* stacks/samples fed to the builder */
    uint64_t time_start;   /* ns; time_end == 0 means unknown */
    uint64_t time_end;

    GPtrArray *warnings; /* char*, human readable */
    GArray *properties;  /* KilnProperty, in insertion order */
} KilnProfile;

KilnProfile *kiln_profile_ref(KilnProfile *profile);
void kiln_profile_unref(KilnProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnProfile, kiln_profile_unref)

static inline const KilnFrame *kiln_profile_node_frame(const KilnProfile *p, uint32_t node)
{
    return &p->frames[p->nodes[node].frame];
}

static inline const char *kiln_profile_node_name(const KilnProfile *p, uint32_t node)
{
    if (node == KILN_ROOT_NODE)
        return "all";
    return kiln_strings_get(p->strings, p->frames[p->nodes[node].frame].name);
}

static inline const char *kiln_profile_string(const KilnProfile *p, uint32_t id)
{
    return kiln_strings_get(p->strings, id);
}

static inline double kiln_profile_self(const KilnProfile *p, uint32_t type, uint32_t node)
{
    return p->self[(size_t)type * p->n_nodes + node];
}

const double *kiln_profile_sum_totals(const KilnProfile *profile);

/* The whole total column, [type * n_nodes + node]; summed by the first
 * caller. Profiles are shared read-only between threads, so the column is
 * published with an atomic compare-and-swap (a racing loser frees its own). */
static inline const double *kiln_profile_totals(const KilnProfile *p)
{
    const double *t = g_atomic_pointer_get((double **)&p->total);
    return G_LIKELY(t != NULL) ? t : kiln_profile_sum_totals(p);
}

static inline double kiln_profile_total(const KilnProfile *p, uint32_t type, uint32_t node)
{
    return kiln_profile_totals(p)[(size_t)type * p->n_nodes + node];
}

/* For the builder: totals = self + children's totals, into total_out
 * (n_types * n_nodes), saturating at ±DBL_MAX like self values do. Returns
 * whether any saturated. */
bool kiln_profile_fill_totals(const KilnNode *nodes, uint32_t n, uint32_t nt, const double *self,
                              double *total_out);

/* For the builder: whether summing `self` (nt columns of n) in any order
 * can saturate; when it cannot, the totals can wait for their first use. */
bool kiln_profile_totals_may_overflow(const double *self, uint32_t n, uint32_t nt);

/* Sample type by name ("cpu", "alloc_space"); -1 when there is none. */
int kiln_profile_find_type(const KilnProfile *profile, const char *name);

const char *kiln_profile_get_property(const KilnProfile *profile, const char *key);

/* Distinct functions (distinct frame names) and distinct stacks (nodes with
 * non-zero self value in any type). */
uint32_t kiln_profile_count_functions(const KilnProfile *profile);
uint32_t kiln_profile_count_stacks(const KilnProfile *profile);

/* Writes the root-first frame ids of `node` into a new array (length in
 * *n_out, root excluded). */
uint32_t *kiln_profile_stack(const KilnProfile *profile, uint32_t node, uint32_t *n_out);

/* The child of `node` whose frame is `frame`, or KILN_NO_NODE. */
uint32_t kiln_profile_find_child(const KilnProfile *profile, uint32_t node, uint32_t frame);

G_END_DECLS
