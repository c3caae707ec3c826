/* kiln-pprof-writer.c — KilnPprofWriter: protobuf encoding into gzip. */
#include "kiln-pprof-writer.h"
#include "kiln-pprof-wire.h"

#include <string.h>

#define ZCHUNK (256u << 10)

void kiln_pprof_put_varint(GByteArray *a, uint64_t v)
{
    guint8 b[10];
    guint n = 0;
    do {
        b[n++] = (guint8)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    g_byte_array_append(a, b, n);
}

void kiln_pprof_put_tag(GByteArray *a, uint32_t field, uint32_t wire_type)
{
    kiln_pprof_put_varint(a, ((uint64_t)field << 3) | wire_type);
}

void kiln_pprof_put_uint(GByteArray *a, uint32_t field, uint64_t v)
{
    if (!v)
        return;
    kiln_pprof_put_tag(a, field, KILN_WIRE_VARINT);
    kiln_pprof_put_varint(a, v);
}

void kiln_pprof_put_bytes(GByteArray *a, uint32_t field, const void *data, gsize len)
{
    kiln_pprof_put_tag(a, field, KILN_WIRE_LEN);
    kiln_pprof_put_varint(a, len);
    g_byte_array_append(a, data, (guint)len);
}

static void deflate_buf(KilnPprofWriter *w, int flush)
{
    w->z.next_in = w->buf->data;
    w->z.avail_in = w->buf->len;
    do {
        w->z.next_out = w->zbuf;
        w->z.avail_out = ZCHUNK;
        int rc = deflate(&w->z, flush);
        if (rc == Z_STREAM_ERROR)
            w->failed = TRUE;
        gsize have = ZCHUNK - w->z.avail_out;
        if (have && fwrite(w->zbuf, 1, have, w->out) != have)
            w->failed = TRUE;
    } while (w->z.avail_out == 0 && !w->failed);
    g_byte_array_set_size(w->buf, 0);
}

gboolean kiln_pprof_writer_init(KilnPprofWriter *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    /* 16 + MAX_WBITS: a gzip wrapper, as pprof writes. */
    if (deflateInit2(&w->z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return FALSE;
    w->buf = g_byte_array_sized_new(ZCHUNK * 2);
    w->zbuf = g_malloc(ZCHUNK);
    return TRUE;
}

gboolean kiln_pprof_writer_finish(KilnPprofWriter *w)
{
    deflate_buf(w, Z_FINISH);
    deflateEnd(&w->z);
    g_byte_array_unref(w->buf);
    g_free(w->zbuf);
    if (fflush(w->out) != 0 || ferror(w->out))
        w->failed = TRUE;
    return !w->failed;
}

static void maybe_flush(KilnPprofWriter *w)
{
    if (w->buf->len >= ZCHUNK)
        deflate_buf(w, Z_NO_FLUSH);
}

void kiln_pprof_writer_field(KilnPprofWriter *w, uint32_t field, const void *data, gsize len)
{
    kiln_pprof_put_bytes(w->buf, field, data, len);
    maybe_flush(w);
}

void kiln_pprof_writer_uint(KilnPprofWriter *w, uint32_t field, uint64_t v)
{
    kiln_pprof_put_uint(w->buf, field, v);
    maybe_flush(w);
}
