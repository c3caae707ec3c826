/* kiln-loader.h — opening a file or buffer as a KilnProfile.
 *
 * Maps the file, unwraps gzip (with a size limit against bombs), sniffs the
 * format and runs its importer. Blocking: the app calls it on a worker
 * thread (GTask) and cancels through the GCancellable.
 */
#pragma once

#include "formats/kiln-importer.h"

G_BEGIN_DECLS

KilnProfile *kiln_load_file(const char *path, const KilnLoadOptions *options,
                            GCancellable *cancellable, KilnProgressFunc progress,
                            gpointer progress_data, GError **error);

KilnProfile *kiln_load_bytes(const guint8 *data, gsize len, const char *name,
                             const KilnLoadOptions *options, GCancellable *cancellable,
                             KilnProgressFunc progress, gpointer progress_data, GError **error);

/* A file read as `importer`, skipping the sniffing (format forced by the
 * user); mapped and streamed like kiln_load_file(). */
KilnProfile *kiln_load_file_as(const KilnImporter *importer, const char *path,
                               const KilnLoadOptions *options, GCancellable *cancellable,
                               KilnProgressFunc progress, gpointer progress_data, GError **error);

/* Runs one named importer, skipping the sniffing (format forced by the user). */
KilnProfile *kiln_load_bytes_as(const KilnImporter *importer, const guint8 *data, gsize len,
                                const char *name, const KilnLoadOptions *options,
                                GCancellable *cancellable, KilnProgressFunc progress,
                                gpointer progress_data, GError **error);

G_END_DECLS
