/* kiln-node.h — KilnNode, one node of the call-tree trie.
 *
 * Nodes are stored in depth-first preorder with children sorted by name, so
 * a subtree is the contiguous range [id, id + size): walks are plain loops
 * (no recursion, no child lists) and "skip this subtree" is `id += size`.
 * Node 0 is the synthetic root.
 */
#pragma once

#include <stdint.h>

#define KILN_ROOT_NODE 0u
#define KILN_NO_NODE   UINT32_MAX

typedef struct {
    uint32_t parent; /* KILN_NO_NODE for the root */
    uint32_t frame;  /* frame id; meaningless for the root */
    uint32_t size;   /* nodes in this subtree, this one included */
    uint32_t depth;  /* 0 for the root, 1 for the outermost frames */
} KilnNode;
