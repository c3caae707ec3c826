/* kiln-shared-array.h — KilnSharedArray, a reference-counted, growable block.
 *
 * The builder's per-sample columns only ever grow by appending, and a row
 * never changes once written, so a snapshot can read the first n rows of
 * the very block the builder goes on appending to instead of copying them
 * (millions of rows, several snapshots a second). The block is freed when
 * its last holder lets go. Growing reallocates in place while the builder
 * is the only holder (as g_renew() would: no copy, no extra peak memory)
 * and moves to a new block otherwise, leaving the old one to the snapshots.
 *
 * The pointer handed out is the data itself; the count lives before it.
 * Only the thread that grows a block may take new references to it (the
 * builder's); any thread may drop one.
 */
#pragma once

#include <stddef.h>

/* A new block of `size` bytes (uninitialised), held once. */
void *kiln_shared_array_new(size_t size);
void *kiln_shared_array_ref(void *data);
/* Drops one hold; frees the block with the last. NULL is ignored. */
void kiln_shared_array_unref(void *data);
/* The block grown (or shrunk) to `size` bytes, of which the first `used`
 * are kept; may return another block, releasing this one. NULL data is a
 * new block. */
void *kiln_shared_array_resize(void *data, size_t used, size_t size);
