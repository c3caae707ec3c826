#include "kiln-shared-array.h"

#include <glib.h>
#include <string.h>

/* 16 bytes keep the data as aligned as malloc's own (doubles, uint64_t). */
typedef union {
    gint ref;
    char align[16];
} Header;

static inline Header *header(void *data)
{
    return (Header *)((char *)data - sizeof(Header));
}

void *kiln_shared_array_new(size_t size)
{
    Header *h = g_malloc(sizeof(Header) + size);
    h->ref = 1;
    return (char *)h + sizeof(Header);
}

void *kiln_shared_array_ref(void *data)
{
    g_atomic_int_inc(&header(data)->ref);
    return data;
}

void kiln_shared_array_unref(void *data)
{
    if (data && g_atomic_int_dec_and_test(&header(data)->ref))
        g_free(header(data));
}

void *kiln_shared_array_resize(void *data, size_t used, size_t size)
{
    if (!data)
        return kiln_shared_array_new(size);
    /* Only the growing thread takes references, so a count of 1 cannot
     * rise under us: nobody else can be reading the block. */
    if (g_atomic_int_get(&header(data)->ref) == 1) {
        Header *h = g_realloc(header(data), sizeof(Header) + size);
        return (char *)h + sizeof(Header);
    }
    void *moved = kiln_shared_array_new(size);
    memcpy(moved, data, MIN(used, size));
    kiln_shared_array_unref(data);
    return moved;
}
