/* kiln-child-cache.h — KilnChildCache, (parent, frame) -> child in front of
 * kiln_builder_child() for importers.
 *
 * The builder finds a child through its parent's sibling list: for trees
 * that share prefixes only near the root (unsorted folded stacks, random
 * pprof samples), every stack walks those shared levels again, and each
 * step of each list is a cache miss in a node array hundreds of megabytes
 * long. This table answers such a repeated step with one probe. It only
 * replays what the builder returned (kiln_builder_child is a pure function
 * of the tree it has built), so it can never change a profile; it skips
 * the steps the builder answers at once (children of the newest node) and
 * stops growing at KILN_CHILD_CACHE_MAX_SLOTS. Free it before finishing:
 * it is import-time memory only.
 */
#pragma once

#include "core/kiln-builder.h"
#include "core/kiln-hash.h"

G_BEGIN_DECLS

#define KILN_CHILD_CACHE_MAX_SLOTS (1u << 22)

typedef struct {
    uint32_t parent;
    uint32_t frame;
    uint32_t node; /* 0 = empty: the root is nobody's child */
    uint32_t key;  /* where the probe starts (see kiln_child_cache_child_keyed) */
} KilnChildCacheSlot;

typedef struct {
    KilnBuilder *builder;
    KilnChildCacheSlot *slots;
    uint32_t mask, used;
    uint32_t next_new; /* id the builder gives its next new node, as far as seen */
} KilnChildCache;

void kiln_child_cache_init(KilnChildCache *cache, KilnBuilder *builder);
void kiln_child_cache_clear(KilnChildCache *cache);
/* Inserts a result (the slot was found empty by the caller's probe). */
void kiln_child_cache_insert(KilnChildCache *cache, uint32_t slot, uint32_t parent, uint32_t frame,
                             uint32_t node, uint32_t key);

/* Keys for kiln_child_cache_child_keyed(): a rolling hash of a stack's
 * frames from the root (start from 0). Any key works as long as a given
 * (parent, frame) gets the same one whenever it is likely to be asked
 * again; a different key only costs a second copy of the entry. */
static inline uint64_t kiln_child_cache_next_key(uint64_t key, uint32_t frame)
{
    return kiln_hash_u64(key ^ ((uint64_t)frame << 1 | 1));
}

/* A stack's keys are known before its nodes are: prefetch the probes of
 * its top levels so that their cache misses overlap. */
static inline void kiln_child_cache_prefetch(const KilnChildCache *c, uint64_t key)
{
    __builtin_prefetch(&c->slots[(uint32_t)key & c->mask]);
}

static inline uint32_t kiln_child_cache_child_keyed(KilnChildCache *c, uint32_t parent,
                                                    uint32_t frame, uint64_t key)
{
    /* The newest node has no children: the builder answers without a walk. */
    if (parent + 1 == c->next_new) {
        uint32_t node = kiln_builder_child(c->builder, parent, frame);
        if (node >= c->next_new)
            c->next_new = node + 1;
        return node;
    }
    uint32_t i = (uint32_t)key & c->mask;
    for (;; i = (i + 1) & c->mask) {
        const KilnChildCacheSlot *s = &c->slots[i];
        if (!s->node)
            break;
        if (s->parent == parent && s->frame == frame)
            return s->node;
    }
    uint32_t node = kiln_builder_child(c->builder, parent, frame);
    if (node >= c->next_new)
        c->next_new = node + 1;
    if (node != KILN_ROOT_NODE)
        kiln_child_cache_insert(c, i, parent, frame, node, (uint32_t)key);
    return node;
}

static inline uint32_t kiln_child_cache_child(KilnChildCache *c, uint32_t parent, uint32_t frame)
{
    return kiln_child_cache_child_keyed(c, parent, frame,
                                        kiln_hash_u64(((uint64_t)parent << 32) | frame));
}

G_END_DECLS
