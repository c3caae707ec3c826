/* kiln-builder-private.h — KilnBuilder's fields, shared by kiln-builder.c
 * and kiln-builder-finish.c only. */
#pragma once

#include "kiln-builder.h"

#define KILN_NODE_WIDE       0x80000000u
#define KILN_NODE_DEPTH(d)   ((d) & ~KILN_NODE_WIDE)
#define KILN_WIDE_THRESHOLD  16

typedef struct {
    uint32_t hash;  /* high half of the name hash */
    uint32_t frame; /* frame id + 1; 0 = empty */
} KilnNamedSlot;

typedef struct {
    uint32_t parent;
    uint32_t frame;
    uint32_t node; /* 0 = empty slot (the root is never anyone's child) */
} KilnChildSlot;

struct _KilnBuilder {
    KilnLimits limits;
    KilnStrings *strings;
    GArray *types; /* KilnSampleType */
    uint32_t default_type;

    KilnGranularity granularity;
    GArray *frames;       /* KilnFrame */
    uint32_t *rank_order; /* frames 0 .. rank_n - 1 in sibling order, kept across snapshots */
    uint32_t rank_n;
    uint32_t *frame_slots;
    uint32_t frame_mask;
    uint32_t truncated_frame;
    KilnNamedSlot *named_slots; /* kiln_builder_frame_named() cache */
    uint32_t named_mask, named_used;

    /* Children are found through per-node sibling lists (newest first),
     * which stay in cache for the common case of a few children. Parents
     * with many children ("wide", flagged in node_depth's top bit) are
     * indexed in child_slots instead, so a 100k-child root stays O(1). */
    uint32_t n_nodes, node_cap;
    uint32_t *node_parent;
    uint32_t *node_frame;
    uint32_t *node_depth; /* depth | KILN_NODE_WIDE */
    uint32_t *node_first_child;
    uint32_t *node_next_sibling;
    KilnChildSlot *child_slots;
    uint32_t child_mask, child_used;

    double *self; /* [type * self_cap + node], allocated at the first value */
    uint32_t self_cap;

    uint64_t n_samples, s_cap;
    uint64_t *s_time;
    uint32_t *s_thread, *s_node, *s_labels;
    double *s_values;
    uint64_t s_time_start, s_time_end;

    GArray *label_data;  /* KilnLabel */
    GArray *label_start; /* uint32_t, n_sets + 1 entries */
    uint32_t *label_slots;
    uint32_t label_mask;

    uint64_t samples_seen;
    uint64_t time_start, time_end;
    char *format;
    GPtrArray *warnings;
    GArray *properties;

    bool warned_depth, warned_name_cap, warned_overflow;
};
