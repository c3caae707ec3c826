/* kiln-builder-private.h — KilnBuilder's fields, shared by kiln-builder.c
 * and kiln-builder-finish.c only. */
#pragma once

#include "kiln-builder.h"

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

    GArray *frames; /* KilnFrame */
    uint32_t *frame_slots;
    uint32_t frame_mask;
    uint32_t truncated_frame;

    uint32_t n_nodes, node_cap;
    uint32_t *node_parent;
    uint32_t *node_frame;
    uint32_t *node_depth;
    KilnChildSlot *child_slots;
    uint32_t child_mask;

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
