/* kiln-function-index.h — KilnFunctionIndex, function -> the tree's nodes.
 *
 * Where does a function occur in the call tree, and what does it cost?
 * Callers/callees views, the top table, "select every box of this
 * function" and search need it; the tree alone answers only by a scan.
 *
 * A function is either a frame (KILN_FUNCTION_BY_FRAME: function ids are
 * frame ids; on a profile at function granularity a frame is a function) or
 * a name (KILN_FUNCTION_BY_NAME: function ids are the string ids of frame
 * names, so frames of one name at several lines or addresses are one
 * function, as pprof's -functions sees them). Built in O(nodes) (a counting
 * sort of the nodes by function); each function's nodes are in preorder.
 *
 * Per function and sample type it holds self (pprof's flat: the sum of its
 * nodes' self values) and total counted once per stack (pprof's cum: a
 * node's total counts unless an ancestor has the same function, so
 * recursion is not counted twice). The root is no function's node.
 * Memory: 4 bytes per node, plus per function 4 bytes and 16 per type.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "kiln-profile.h"

G_BEGIN_DECLS

typedef enum {
    KILN_FUNCTION_BY_FRAME = 0,
    KILN_FUNCTION_BY_NAME,
} KilnFunctionKey;

#define KILN_NO_FUNCTION UINT32_MAX

typedef struct _KilnFunctionIndex KilnFunctionIndex;

/* Indexes `profile` (holding a reference to it). */
KilnFunctionIndex *kiln_function_index_new(KilnProfile *profile, KilnFunctionKey key);
void kiln_function_index_free(KilnFunctionIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnFunctionIndex, kiln_function_index_free)

KilnProfile *kiln_function_index_profile(const KilnFunctionIndex *index);
KilnFunctionKey kiln_function_index_key(const KilnFunctionIndex *index);
/* Function ids are 0 .. n_functions - 1 (frame ids or string ids); some
 * may occur nowhere (n_nodes 0). */
uint32_t kiln_function_index_n_functions(const KilnFunctionIndex *index);

/* The function of a node (KILN_NO_FUNCTION for the root). */
uint32_t kiln_function_index_of_node(const KilnFunctionIndex *index, uint32_t node);
/* Display name of a function. */
const char *kiln_function_index_name(const KilnFunctionIndex *index, uint32_t function);

/* The nodes where `function` occurs, in preorder (*n of them). */
const uint32_t *kiln_function_index_nodes(const KilnFunctionIndex *index, uint32_t function,
                                          uint32_t *n);

/* pprof's flat and cum of `function` for sample type `type`. */
double kiln_function_index_self(const KilnFunctionIndex *index, uint32_t function, uint32_t type);
double kiln_function_index_total(const KilnFunctionIndex *index, uint32_t function, uint32_t type);

/* The function named `name` that occurs in the tree; when several frames
 * share the name (BY_FRAME: other modules, kinds, lines), the one with the
 * largest total in the profile's default type, the lowest id on ties.
 * KILN_NO_FUNCTION when none does. */
uint32_t kiln_function_index_lookup(const KilnFunctionIndex *index, const char *name);

G_END_DECLS
