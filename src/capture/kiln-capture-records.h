/* kiln-capture-records.h — splitting a perf ring buffer into records.
 *
 * The kernel writes records of `struct perf_event_header` (u32 type, u16
 * misc, u16 size) into a power-of-two ring; the reader owns [tail, head).
 * Records are kernel data, but a reader that trusts them can be walked off
 * the ring by one bad size, so every size is checked against what is left
 * and the ring; a record that wraps is copied whole into a scratch buffer.
 * The fuzz target fuzz/fuzz-capture-records.c drives this with any bytes.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* One record, 8-aligned, size >= 8, valid only during the call. */
typedef void (*KilnCaptureRecordFunc)(gpointer user, const guint8 *rec, gsize size);

/* Walks [tail, head) of `ring` (ring_size bytes, a power of two) and calls
 * `fn` per record. Returns the number of records; a malformed header (size
 * under 8, not a multiple of 8, or past head) ends the walk and counts one
 * in *n_bad: the caller then skips to head, as the rest cannot be framed. */
guint kiln_capture_records_split(const guint8 *ring, gsize ring_size, uint64_t tail, uint64_t head,
                                 GByteArray *scratch, KilnCaptureRecordFunc fn, gpointer user,
                                 uint64_t *n_bad);

G_END_DECLS
