#include "kiln-text.h"

#include <glib/gi18n-lib.h>

KilnTextEncoding kiln_text_detect(const guint8 *data, gsize len)
{
    if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
        return KILN_TEXT_UTF8_BOM;
    if (len >= 2 && data[0] == 0xff && data[1] == 0xfe)
        return KILN_TEXT_UTF16LE;
    if (len >= 2 && data[0] == 0xfe && data[1] == 0xff)
        return KILN_TEXT_UTF16BE;
    return KILN_TEXT_UTF8;
}

guint8 *kiln_text_utf16_to_utf8(const guint8 *data, gsize len, gboolean be, guint64 limit,
                                gsize *out_len)
{
    gsize i = 0;
    if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)))
        i = 2;
    /* Each UTF-16 unit becomes at most 3 UTF-8 bytes. */
    guint64 need = (guint64)(len / 2) * 3 + 1;
    if (need > limit)
        return NULL;
    guint8 *out = g_try_malloc(need);
    if (!out)
        return NULL;
    gsize o = 0;
    while (i + 1 < len) {
        gunichar u = be ? (data[i] << 8 | data[i + 1]) : (data[i + 1] << 8 | data[i]);
        i += 2;
        if (u >= 0xd800 && u <= 0xdbff && i + 1 < len) {
            gunichar lo = be ? (data[i] << 8 | data[i + 1]) : (data[i + 1] << 8 | data[i]);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
                u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                i += 2;
            } else {
                u = 0xfffd;
            }
        } else if (u >= 0xd800 && u <= 0xdfff) {
            u = 0xfffd;
        }
        o += g_unichar_to_utf8(u, (char *)out + o);
    }
    out[o] = 0;
    *out_len = o;
    return out;
}

gboolean kiln_text_utf8_view(const guint8 **data, gsize *len, guint64 limit, guint8 **owned)
{
    *owned = NULL;
    switch (kiln_text_detect(*data, *len)) {
    case KILN_TEXT_UTF16LE:
    case KILN_TEXT_UTF16BE:
        *owned = kiln_text_utf16_to_utf8(*data, *len & ~(gsize)1, (*data)[0] == 0xfe, limit, len);
        if (!*owned)
            return FALSE;
        *data = *owned;
        return TRUE;
    case KILN_TEXT_UTF8_BOM:
        *data += 3;
        *len -= 3;
        return TRUE;
    default:
        return TRUE;
    }
}

gboolean kiln_text_import_view(KilnImportContext *ctx, const guint8 **data, gsize *len,
                               guint8 **owned, GError **error)
{
    if (!kiln_text_utf8_view(data, len, ctx->options->limits.max_decompressed, owned)) {
        g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TOO_LARGE,
                            _("This UTF-16 file is too large to convert within the memory limit"));
        return FALSE;
    }
    if (*owned)
        kiln_builder_set_property(ctx->builder, "Encoding", "UTF-16");
    return TRUE;
}
