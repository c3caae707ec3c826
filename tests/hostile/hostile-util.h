/* hostile-util.h — inputs the hostile tests build for themselves: gzip
 * wrappers and highly compressible folded text (bomb payloads). Header-only,
 * like tests/kiln-test-util.h. */
#pragma once

#include <glib.h>
#include <zlib.h>

/* The bytes gzip-compressed (one member, best compression). */
G_GNUC_UNUSED static GByteArray *hostile_gzip(const guint8 *data, gsize len)
{
    z_stream zs = {0};
    g_assert_cmpint(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);
    GByteArray *out = g_byte_array_new();
    g_byte_array_set_size(out, (guint)deflateBound(&zs, len));
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)len;
    zs.next_out = out->data;
    zs.avail_out = out->len;
    g_assert_cmpint(deflate(&zs, Z_FINISH), ==, Z_STREAM_END);
    g_byte_array_set_size(out, (guint)zs.total_out);
    deflateEnd(&zs);
    return out;
}

/* About `n` bytes of one folded line repeated. */
G_GNUC_UNUSED static GByteArray *hostile_folded_text(gsize n)
{
    GByteArray *t = g_byte_array_sized_new((guint)n);
    static const char line[] = "main;work;leaf 1\n";
    while (t->len + sizeof line - 1 <= n)
        g_byte_array_append(t, (const guint8 *)line, sizeof line - 1);
    return t;
}
