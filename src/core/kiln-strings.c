/* kiln-strings.c — open-addressing intern table over an arena of bytes.
 *
 * Strings live in large arena blocks (never moved, so pointers stay valid);
 * the table stores ids and a copy of each string's hash so that probing
 * compares integers first and touches string bytes only on a likely hit.
 */
#include "kiln-strings.h"
#include "kiln-hash.h"

#include <glib.h>
#include <string.h>

#define ARENA_BLOCK (1u << 20)

struct _KilnStrings {
    /* per id */
    const char **ptr;
    uint32_t *len;
    uint32_t *hash; /* low 32 bits of the hash, to reject probes cheaply */
    uint32_t count, capacity;

    /* hash slots hold id + 1; 0 marks an empty slot */
    uint32_t *slots;
    uint32_t mask;

    GPtrArray *blocks;
    char *arena;
    size_t arena_left;
    size_t bytes;
};

static void grow_ids(KilnStrings *s)
{
    s->capacity = s->capacity ? s->capacity * 2 : 1024;
    s->ptr = g_renew(const char *, s->ptr, s->capacity);
    s->len = g_renew(uint32_t, s->len, s->capacity);
    s->hash = g_renew(uint32_t, s->hash, s->capacity);
}

static void rehash(KilnStrings *s)
{
    uint32_t n = (s->mask + 1) * 2;
    uint32_t *slots = g_new0(uint32_t, n);
    for (uint32_t id = 0; id < s->count; id++) {
        uint32_t i = s->hash[id] & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = id + 1;
    }
    g_free(s->slots);
    s->slots = slots;
    s->mask = n - 1;
}

static const char *store(KilnStrings *s, const char *bytes, size_t len)
{
    char *dst;
    if (len + 1 > ARENA_BLOCK / 4) {
        /* Large strings get their own block so they do not waste an arena. */
        dst = g_malloc(len + 1);
        g_ptr_array_add(s->blocks, dst);
    } else {
        if (s->arena_left < len + 1) {
            /* Blocks grow with the table (4 KiB up to ARENA_BLOCK): a tiny
             * profile, or the empty table finish() leaves in the builder,
             * must not cost a whole megabyte. */
            size_t block = MIN((size_t)ARENA_BLOCK, MAX(MAX(s->bytes, (size_t)4096), len + 1));
            s->arena = g_malloc(block);
            s->arena_left = block;
            g_ptr_array_add(s->blocks, s->arena);
        }
        dst = s->arena;
        s->arena += len + 1;
        s->arena_left -= len + 1;
    }
    if (len)
        memcpy(dst, bytes, len);
    dst[len] = '\0';
    s->bytes += len + 1;
    return dst;
}

KilnStrings *kiln_strings_new(void)
{
    KilnStrings *s = g_new0(KilnStrings, 1);
    s->blocks = g_ptr_array_new_with_free_func(g_free);
    s->mask = 1023;
    s->slots = g_new0(uint32_t, s->mask + 1);
    kiln_strings_intern(s, "", 0);
    return s;
}

KilnStrings *kiln_strings_copy(const KilnStrings *from)
{
    KilnStrings *s = g_new0(KilnStrings, 1);
    s->blocks = g_ptr_array_new_with_free_func(g_free);
    s->count = from->count;
    s->capacity = from->count;
    s->ptr = g_new(const char *, s->capacity);
    s->len = g_memdup2(from->len, sizeof(uint32_t) * s->count);
    s->hash = g_memdup2(from->hash, sizeof(uint32_t) * s->count);
    s->mask = from->mask;
    s->slots = g_memdup2(from->slots, sizeof(uint32_t) * (s->mask + 1));
    /* One block holds every string back to back: the copy is made once and
     * read many times (a snapshot's view), so packing beats reusing the
     * original's block layout. Later interning opens new blocks as usual. */
    char *block = g_malloc(MAX(from->bytes, (size_t)1));
    g_ptr_array_add(s->blocks, block);
    char *dst = block;
    for (uint32_t id = 0; id < s->count; id++) {
        size_t n = (size_t)s->len[id] + 1;
        memcpy(dst, from->ptr[id], n);
        s->ptr[id] = dst;
        dst += n;
    }
    s->bytes = from->bytes;
    return s;
}

void kiln_strings_free(KilnStrings *s)
{
    if (!s)
        return;
    g_free(s->ptr);
    g_free(s->len);
    g_free(s->hash);
    g_free(s->slots);
    g_ptr_array_unref(s->blocks);
    g_free(s);
}

uint32_t kiln_strings_intern_hashed(KilnStrings *s, const char *bytes, size_t len, uint64_t hash)
{
    uint32_t h = (uint32_t)hash;
    uint32_t i = h & s->mask;
    /* Strings longer than 4 GiB cannot be represented; callers cap names far
     * below that, so clamp rather than fail. */
    if (len > UINT32_MAX - 1)
        len = UINT32_MAX - 1;
    for (;;) {
        uint32_t slot = s->slots[i];
        if (!slot)
            break;
        uint32_t id = slot - 1;
        if (s->hash[id] == h && s->len[id] == len && memcmp(s->ptr[id], bytes, len) == 0)
            return id;
        i = (i + 1) & s->mask;
    }
    if (s->count == s->capacity)
        grow_ids(s);
    uint32_t id = s->count++;
    s->ptr[id] = store(s, bytes, len);
    s->len[id] = (uint32_t)len;
    s->hash[id] = h;
    s->slots[i] = id + 1;
    if ((uint64_t)s->count * 2 > s->mask)
        rehash(s);
    return id;
}

uint32_t kiln_strings_intern(KilnStrings *s, const char *bytes, size_t len)
{
    return kiln_strings_intern_hashed(s, bytes, len, kiln_hash_bytes(bytes, len));
}

uint32_t kiln_strings_lookup(const KilnStrings *s, const char *bytes, size_t len)
{
    uint32_t h = (uint32_t)kiln_hash_bytes(bytes, len);
    for (uint32_t i = h & s->mask;; i = (i + 1) & s->mask) {
        uint32_t slot = s->slots[i];
        if (!slot)
            return UINT32_MAX;
        uint32_t id = slot - 1;
        if (s->hash[id] == h && s->len[id] == len && memcmp(s->ptr[id], bytes, len) == 0)
            return id;
    }
}

const char *kiln_strings_get(const KilnStrings *s, uint32_t id)
{
    return id < s->count ? s->ptr[id] : "";
}

size_t kiln_strings_length(const KilnStrings *s, uint32_t id)
{
    return id < s->count ? s->len[id] : 0;
}

uint32_t kiln_strings_count(const KilnStrings *s)
{
    return s->count;
}

size_t kiln_strings_memory(const KilnStrings *s)
{
    return s->bytes + (size_t)s->capacity * (sizeof(char *) + 8) + (s->mask + 1) * 4u;
}
