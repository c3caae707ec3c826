/* kiln-decompress.h — bounded decompression of gzip and zstd wrappers.
 *
 * Both refuse to expand past `limit` bytes, with a KILN_FORMAT_ERROR_TOO_LARGE
 * error that names the limit: a 40 KB file that inflates to 100 GB is an
 * attack or an accident, and either way must not take the machine down.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean kiln_is_gzip(const guint8 *data, gsize len);
gboolean kiln_is_zstd(const guint8 *data, gsize len);

/* On success returns a newly allocated buffer (*out_len bytes). When the
 * stream is truncated or corrupt after some output, returns what was
 * decoded and sets *partial_warning (free with g_free) when non-NULL;
 * without any output it fails. */
guint8 *kiln_gunzip(const guint8 *data, gsize len, guint64 limit, gsize *out_len,
                    char **partial_warning, GError **error);
guint8 *kiln_unzstd(const guint8 *data, gsize len, guint64 limit, gsize *out_len,
                    char **partial_warning, GError **error);

G_END_DECLS
