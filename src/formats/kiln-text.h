/* kiln-text.h — helpers shared by the text importers (folded, perf script):
 * byte-order marks, UTF-16 transcoding, line iteration. */
#pragma once

#include <glib.h>

#include "formats/kiln-importer.h"

G_BEGIN_DECLS

typedef enum {
    KILN_TEXT_UTF8,
    KILN_TEXT_UTF8_BOM,
    KILN_TEXT_UTF16LE,
    KILN_TEXT_UTF16BE,
} KilnTextEncoding;

KilnTextEncoding kiln_text_detect(const guint8 *data, gsize len);

/* Transcodes UTF-16 (BOM included or not) to UTF-8; unpaired surrogates
 * become U+FFFD. Returns a new buffer of *out_len bytes, or NULL when the
 * result would exceed `limit`. */
guint8 *kiln_text_utf16_to_utf8(const guint8 *data, gsize len, gboolean big_endian,
                                guint64 limit, gsize *out_len);

/* The bytes as UTF-8 text: UTF-16 (with BOM) transcoded into a new buffer
 * returned in *owned (g_free it), a UTF-8 BOM skipped, anything else as
 * is. Updates *data and *len; FALSE when the UTF-16 text would exceed
 * `limit` bytes once converted. Shared by the text importers and their
 * sniffers so that every text format accepts the same encodings. */
gboolean kiln_text_utf8_view(const guint8 **data, gsize *len, guint64 limit, guint8 **owned);

/* kiln_text_utf8_view() for an importer: the limit is the load's
 * decompression limit, a UTF-16 file says so in the profile's properties,
 * and a conversion too large fails with a KILN_FORMAT_ERROR_TOO_LARGE. */
gboolean kiln_text_import_view(KilnImportContext *ctx, const guint8 **data, gsize *len,
                               guint8 **owned, GError **error);

/* Next line from *pos on: sets line and line_len without the "\n" or
 * "\r\n", advances *pos past it. FALSE at the end. */
static inline gboolean kiln_text_next_line(const guint8 *data, gsize len, gsize *pos,
                                           const char **line, gsize *line_len)
{
    if (*pos >= len)
        return FALSE;
    const guint8 *start = data + *pos;
    const guint8 *nl = memchr(start, '\n', len - *pos);
    gsize n = nl ? (gsize)(nl - start) : len - *pos;
    *pos += n + (nl ? 1 : 0);
    if (n > 0 && start[n - 1] == '\r')
        n--;
    *line = (const char *)start;
    *line_len = n;
    return TRUE;
}

G_END_DECLS
