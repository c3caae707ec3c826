/* kiln-decompress.c — gzip (zlib) and zstd, streamed into a growing buffer
 * with a hard output limit. */
#include "kiln-decompress.h"
#include "formats/kiln-format-error.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <zlib.h>
#include <zstd.h>

gboolean kiln_is_gzip(const guint8 *data, gsize len)
{
    return len >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

gboolean kiln_is_zstd(const guint8 *data, gsize len)
{
    return len >= 4 && data[0] == 0x28 && data[1] == 0xb5 && data[2] == 0x2f && data[3] == 0xfd;
}

typedef struct {
    guint8 *buf;
    gsize len, cap;
    guint64 limit;
} OutBuf;

/* Grows the buffer; FALSE when the limit is reached or memory runs out. */
static gboolean out_reserve(OutBuf *o, gsize want, GError **error)
{
    if (o->cap - o->len >= want)
        return TRUE;
    if ((guint64)o->len >= o->limit) {
        char *lim = g_format_size_full(o->limit, G_FORMAT_SIZE_IEC_UNITS);
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TOO_LARGE,
                    _("Decompressed data exceeds the limit of %s; refusing to expand it further "
                      "(raise it with --max-decompressed if the file is genuine)"),
                    lim);
        g_free(lim);
        return FALSE;
    }
    gsize ncap = o->cap ? o->cap * 2 : 1 << 16;
    if (ncap < o->len + want)
        ncap = o->len + want;
    if ((guint64)ncap > o->limit)
        ncap = (gsize)o->limit;
    guint8 *nb = g_try_realloc(o->buf, ncap);
    if (!nb) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TOO_LARGE,
                    _("Out of memory while decompressing (%" PRIu64 " bytes so far)"),
                    (uint64_t)o->len);
        return FALSE;
    }
    o->buf = nb;
    o->cap = ncap;
    return TRUE;
}

/* zstd rejects a bad frame header without consuming it, so its input
 * position can still be 0: "at byte 0" would read as an off-by-one, not as
 * "the very first frame is bad". Each case is a whole sentence, so that a
 * translation can order it freely. */
static guint8 *finish(OutBuf *o, gsize *out_len, GError *err, const char *what, gsize at,
                      gsize total, char **partial_warning, GError **error)
{
    if (!err) {
        *out_len = o->len;
        return o->buf ? o->buf : g_malloc0(1);
    }
    if (o->len > 0 && partial_warning && err->code != KILN_FORMAT_ERROR_TOO_LARGE) {
        if (at == 0)
            *partial_warning = g_strdup_printf(
                /* Translators: the first %s is “gzip” or “zstd”, the last one
                 * describes the damage (zlib's and zstd's own words are English) */
                _("%s data is damaged from its start (%" PRIu64 " bytes) (%s): showing what "
                  "decoded before it"),
                what, (uint64_t)total, err->message);
        else
            *partial_warning = g_strdup_printf(
                /* Translators: the first %s is “gzip” or “zstd”, the last one
                 * describes the damage (zlib's and zstd's own words are English) */
                _("%s data is damaged at byte %" PRIu64 " of %" PRIu64 " (%s): showing what "
                  "decoded before it"),
                what, (uint64_t)at, (uint64_t)total, err->message);
        g_error_free(err);
        *out_len = o->len;
        return o->buf;
    }
    /* zlib's "invalid code lengths set" alone says nothing useful */
    if (err->code == KILN_FORMAT_ERROR_TOO_LARGE)
        g_propagate_error(error, err);
    else if (at == 0)
        g_propagate_prefixed_error(error, err,
                                   /* Translators: %s is “gzip” or “zstd”; what went wrong follows
                                    * the colon (zlib's and zstd's own words are English) */
                                   _("The %s data is damaged from its start (%" PRIu64
                                     " bytes), before anything could be read: "),
                                   what, (uint64_t)total);
    else
        g_propagate_prefixed_error(error, err,
                                   /* Translators: %s is “gzip” or “zstd”; what went wrong follows
                                    * the colon (zlib's and zstd's own words are English) */
                                   _("The %s data is damaged at byte %" PRIu64 " of %" PRIu64
                                     ", before anything could be read: "),
                                   what, (uint64_t)at, (uint64_t)total);
    g_free(o->buf);
    *out_len = 0;
    return NULL;
}

guint8 *kiln_gunzip(const guint8 *data, gsize len, guint64 limit, gsize *out_len,
                    char **partial_warning, GError **error)
{
    OutBuf o = {NULL, 0, 0, limit};
    GError *err = NULL;
    z_stream zs = {0};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) {
        g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED, _("Cannot initialise zlib"));
        return NULL;
    }
    gsize fed = 0;
    for (;;) {
        if (zs.avail_in == 0 && fed < len) {
            /* zlib counts in uInt; feed at most 1 GiB at a time. */
            zs.next_in = (Bytef *)(data + fed);
            zs.avail_in = (uInt)MIN(len - fed, (gsize)1 << 30);
            fed += zs.avail_in;
        }
        if (!out_reserve(&o, 1 << 16, &err))
            break;
        gsize room = MIN(o.cap - o.len, (gsize)1 << 30);
        zs.next_out = o.buf + o.len;
        zs.avail_out = (uInt)room;
        int rc = inflate(&zs, Z_NO_FLUSH);
        o.len += room - zs.avail_out;
        if (rc == Z_STREAM_END) {
            /* Concatenated gzip members are one file (gzip -c a b > c);
             * anything else after the end is padding and ignored. */
            if (zs.avail_in == 0 && fed < len) {
                zs.next_in = (Bytef *)(data + fed);
                zs.avail_in = (uInt)MIN(len - fed, (gsize)1 << 30);
                fed += zs.avail_in;
            }
            if (!kiln_is_gzip(zs.next_in, zs.avail_in))
                break;
            inflateReset(&zs);
            continue;
        }
        if (rc == Z_OK)
            continue;
        if (rc == Z_BUF_ERROR && !(zs.avail_in == 0 && fed == len))
            continue;
        if (rc == Z_BUF_ERROR)
            g_set_error_literal(&err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TRUNCATED,
                                _("the gzip stream ends early"));
        else
            g_set_error(&err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID, "%s",
                        zs.msg ? zs.msg : _("corrupt gzip stream"));
        break;
    }
    gsize at = zs.next_in ? (gsize)((const guint8 *)zs.next_in - data) : 0;
    inflateEnd(&zs);
    return finish(&o, out_len, err, "gzip", at, len, partial_warning, error);
}

guint8 *kiln_unzstd(const guint8 *data, gsize len, guint64 limit, gsize *out_len,
                    char **partial_warning, GError **error)
{
    OutBuf o = {NULL, 0, 0, limit};
    GError *err = NULL;
    ZSTD_DStream *ds = ZSTD_createDStream();
    ZSTD_initDStream(ds);
    /* Bound the window too: a crafted frame header can ask for gigabytes. */
    ZSTD_DCtx_setParameter(ds, ZSTD_d_windowLogMax, 27);
    ZSTD_inBuffer in = {data, len, 0};
    size_t rc = 1;
    while (in.pos < in.size) {
        if (!out_reserve(&o, ZSTD_DStreamOutSize(), &err))
            break;
        ZSTD_outBuffer out = {o.buf + o.len, o.cap - o.len, 0};
        rc = ZSTD_decompressStream(ds, &out, &in);
        o.len += out.pos;
        if (ZSTD_isError(rc)) {
            g_set_error(&err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID, "%s", ZSTD_getErrorName(rc));
            break;
        }
        if (out.pos == 0 && rc != 0 && in.pos == in.size)
            break;
    }
    /* Drain what the decoder still holds. */
    while (!err && rc != 0) {
        if (!out_reserve(&o, ZSTD_DStreamOutSize(), &err))
            break;
        ZSTD_outBuffer out = {o.buf + o.len, o.cap - o.len, 0};
        rc = ZSTD_decompressStream(ds, &out, &in);
        o.len += out.pos;
        if (ZSTD_isError(rc)) {
            g_set_error(&err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID, "%s", ZSTD_getErrorName(rc));
            break;
        }
        if (out.pos == 0 && rc != 0) {
            g_set_error_literal(&err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TRUNCATED,
                                _("the zstd stream ends early"));
            break;
        }
    }
    ZSTD_freeDStream(ds);
    return finish(&o, out_len, err, "zstd", in.pos, len, partial_warning, error);
}
