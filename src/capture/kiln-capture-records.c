/* kiln-capture-records.c — ring buffer record framing, bounds-checked. */
#include "kiln-capture-records.h"

#include <string.h>

/* Copies n bytes starting at ring offset `at` (mod ring_size) into dst. */
static void ring_copy(guint8 *dst, const guint8 *ring, gsize ring_size, uint64_t at, gsize n)
{
    gsize off = (gsize)(at & (ring_size - 1));
    gsize first = MIN(n, ring_size - off);
    memcpy(dst, ring + off, first);
    if (first < n)
        memcpy(dst + first, ring, n - first);
}

guint kiln_capture_records_split(const guint8 *ring, gsize ring_size, uint64_t tail, uint64_t head,
                                 GByteArray *scratch, KilnCaptureRecordFunc fn, gpointer user,
                                 uint64_t *n_bad)
{
    guint n = 0;
    /* A ring that is not a power of two, or a head that ran more than a
     * ring ahead, cannot be read at all. */
    if (ring_size < 8 || (ring_size & (ring_size - 1)) != 0 || head < tail ||
        head - tail > ring_size) {
        if (head != tail)
            (*n_bad)++;
        return 0;
    }
    while (head - tail >= 8) {
        guint8 hdr[8];
        ring_copy(hdr, ring, ring_size, tail, 8);
        uint16_t size;
        memcpy(&size, hdr + 6, 2);
        if (size < 8 || (size & 7) != 0 || size > head - tail) {
            (*n_bad)++;
            return n;
        }
        gsize off = (gsize)(tail & (ring_size - 1));
        if (off + size <= ring_size) {
            fn(user, ring + off, size);
        } else {
            g_byte_array_set_size(scratch, size);
            ring_copy(scratch->data, ring, ring_size, tail, size);
            fn(user, scratch->data, size);
        }
        tail += size;
        n++;
    }
    if (head != tail)
        (*n_bad)++;
    return n;
}
