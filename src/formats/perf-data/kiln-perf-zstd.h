/* kiln-perf-zstd.h — KilnPerfZstd: the payload of PERF_RECORD_COMPRESSED
 * and COMPRESSED2 records (`perf record -z`).
 *
 * perf compresses the record stream with one zstd stream across all the
 * compressed records of a file, so a single decompression context is fed
 * every payload in order, and one record may start in one payload and end
 * in the next. Output is capped at the load limit against zstd bombs.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct _KilnPerfZstd KilnPerfZstd;

KilnPerfZstd *kiln_perf_zstd_new(uint64_t limit);
void kiln_perf_zstd_free(KilnPerfZstd *z);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnPerfZstd, kiln_perf_zstd_free)

/* Decompresses `len` bytes and appends the output to `out`. */
gboolean kiln_perf_zstd_feed(KilnPerfZstd *z, const guint8 *in, gsize len, GByteArray *out,
                             GError **error);

/* Total bytes produced so far. */
uint64_t kiln_perf_zstd_total(const KilnPerfZstd *z);

G_END_DECLS
