/* kiln-pprof-writer.h — KilnPprofWriter, protobuf fields streamed through
 * gzip into a FILE. The top-level Profile is a flat sequence of fields, so
 * it is written as it is produced and never held whole in memory. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <zlib.h>

typedef struct {
    FILE *out;
    z_stream z;
    GByteArray *buf; /* raw protobuf bytes not yet compressed */
    guint8 *zbuf;
    gboolean failed;
} KilnPprofWriter;

gboolean kiln_pprof_writer_init(KilnPprofWriter *w, FILE *out);
/* Flushes and ends the gzip stream; FALSE if any write failed. */
gboolean kiln_pprof_writer_finish(KilnPprofWriter *w);

/* Appends to any byte array (the stream's buffer or a scratch message). */
void kiln_pprof_put_varint(GByteArray *a, uint64_t v);
void kiln_pprof_put_tag(GByteArray *a, uint32_t field, uint32_t wire_type);
/* A varint field, omitted when 0 as proto3 does. */
void kiln_pprof_put_uint(GByteArray *a, uint32_t field, uint64_t v);
void kiln_pprof_put_bytes(GByteArray *a, uint32_t field, const void *data, gsize len);

/* Top-level field of the Profile: writes it and compresses as needed. */
void kiln_pprof_writer_field(KilnPprofWriter *w, uint32_t field, const void *data, gsize len);
void kiln_pprof_writer_uint(KilnPprofWriter *w, uint32_t field, uint64_t v);
