/* kiln-child-cache.c — KilnChildCache: growth and insertion. */
#include "kiln-child-cache.h"

void kiln_child_cache_init(KilnChildCache *c, KilnBuilder *b)
{
    c->builder = b;
    c->mask = 4095;
    c->used = 0;
    c->slots = g_new0(KilnChildCacheSlot, c->mask + 1);
    c->next_new = kiln_builder_n_nodes(b);
}

void kiln_child_cache_clear(KilnChildCache *c)
{
    g_clear_pointer(&c->slots, g_free);
}

static void grow(KilnChildCache *c)
{
    uint32_t n = (c->mask + 1) * 2;
    KilnChildCacheSlot *slots = g_new0(KilnChildCacheSlot, n);
    for (uint32_t j = 0; j <= c->mask; j++) {
        KilnChildCacheSlot s = c->slots[j];
        if (!s.node)
            continue;
        uint32_t k = s.key & (n - 1);
        while (slots[k].node)
            k = (k + 1) & (n - 1);
        slots[k] = s;
    }
    g_free(c->slots);
    c->slots = slots;
    c->mask = n - 1;
}

void kiln_child_cache_insert(KilnChildCache *c, uint32_t slot, uint32_t parent, uint32_t frame,
                             uint32_t node, uint32_t key)
{
    /* Full at the cap: keep what is cached, answer the rest through the
     * builder. */
    if ((c->used + 1) * 2 > c->mask + 1 && c->mask + 1 >= KILN_CHILD_CACHE_MAX_SLOTS)
        return;
    c->slots[slot] = (KilnChildCacheSlot){parent, frame, node, key};
    if (++c->used * 2 > c->mask + 1)
        grow(c);
}
