/* kiln-url.h — opening a profile from an http(s):// URL, as Go services
 * serve them with net/http/pprof (/debug/pprof/profile?seconds=N, /heap).
 *
 * Blocking, like kiln_load_file(): the app calls it on a worker thread.
 * The answer is read with the same size limit as a decompressed file
 * (limits.max_decompressed), then sniffed and imported as bytes. The I/O
 * timeout is 30 s beyond the `seconds` the URL asks the server to collect.
 * Refused connections, unknown hosts, timeouts, HTTP errors and answers
 * that are not profiles each fail with one sentence (KILN_FORMAT_ERROR, or
 * G_IO_ERROR_CANCELLED).
 */
#pragma once

#include "formats/kiln-importer.h"

G_BEGIN_DECLS

/* TRUE for "http://…" and "https://…" (case-insensitive scheme). */
gboolean kiln_is_url(const char *text);

/* The seconds a pprof URL asks the server to collect (?seconds=N), else 0. */
guint kiln_url_collect_seconds(const char *url);

/* Progress: -1 while waiting for the server's answer, then the fraction
 * received when the length is known. */
KilnProfile *kiln_load_url(const char *url, const KilnLoadOptions *options,
                           GCancellable *cancellable, KilnProgressFunc progress,
                           gpointer progress_data, GError **error);

G_END_DECLS
