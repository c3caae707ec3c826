/* kiln-perf-reader.h — KilnPerfReader: cuts a perf.data's data section (or
 * a pipe stream) into records.
 *
 * Every record size is checked against the bytes left; a record that runs
 * past the end, or claims fewer bytes than its own header, stops the read
 * with a warning that says where, and what was read so far still counts.
 * PERF_RECORD_COMPRESSED/COMPRESSED2 payloads are decompressed and the
 * records inside handed on as if they had been in the file, including
 * records that straddle two compressed chunks. Payloads that follow a
 * record outside its declared size (tracing data, AUX trace data) are
 * skipped.
 */
#pragma once

#include "formats/kiln-importer.h"
#include "kiln-perf-header.h"

G_BEGIN_DECLS

/* Called for each record, in file order; return FALSE to stop with *error. */
typedef gboolean (*KilnPerfRecordFunc)(gpointer user, const guint8 *rec, gsize size,
                                       GError **error);

typedef struct {
    uint64_t n_records;
    uint64_t n_compressed; /* compressed chunks */
    uint64_t decompressed_bytes;
    /* Where and why reading stopped before the end (stop_why NULL when it
     * did not); the caller words the warning, once it knows how many
     * samples came before. */
    uint64_t stop_at, stop_end;
    char *stop_why;
} KilnPerfReader;

void kiln_perf_reader_clear(KilnPerfReader *r);

/* Reads all records of ctx->data from h->data_offset on. Damage stops the
 * read (see stop_why) or becomes a builder warning; only cancellation and
 * limits fail. */
gboolean kiln_perf_reader_run(KilnPerfReader *r, KilnImportContext *ctx, const KilnPerfHeader *h,
                              KilnPerfRecordFunc fn, gpointer user, GError **error);

G_END_DECLS
