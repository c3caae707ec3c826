/* kiln-atomic-file.h — KilnAtomicFile, writing a file all or nothing.
 *
 * Exports (kiln-cli's -o, the app's Export…) write into a temporary file
 * beside the target and rename it into place only once everything was
 * written, so a failed or cancelled export never leaves half a file and an
 * existing file survives the failure. Targets that are not regular files
 * (/dev/null, a FIFO, a terminal) cannot be replaced and are written in
 * place; a symbolic link is followed, so the file it names is replaced and
 * the link stays.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct _KilnAtomicFile KilnAtomicFile;

/* Creates the temporary file for `path`. NULL with a G_FILE_ERROR when the
 * directory cannot be written. */
KilnAtomicFile *kiln_atomic_file_open(const char *path, GError **error);
/* The stream to write into (owned by the KilnAtomicFile). */
FILE *kiln_atomic_file_stream(KilnAtomicFile *file);
/* The temporary file's path (NULL when writing in place): what a signal
 * handler must unlink if the process dies before commit or abort. */
const char *kiln_atomic_file_temp_path(const KilnAtomicFile *file);
/* Flushes, closes and renames into place, keeping an existing file's
 * permissions; frees `file` whatever happens. FALSE (the temporary file
 * removed) if any write failed. */
gboolean kiln_atomic_file_commit(KilnAtomicFile *file, GError **error);
/* Closes and removes the temporary file; frees `file`. NULL is allowed. */
void kiln_atomic_file_abort(KilnAtomicFile *file);

/* Writes the whole content into `out`; FALSE with an error (for instance
 * G_IO_ERROR_CANCELLED) to give up. */
typedef gboolean (*KilnWriteFunc)(FILE *out, gpointer user_data, GError **error);

/* Open, write, commit (or abort on failure) in one call. */
gboolean kiln_atomic_file_write(const char *path, KilnWriteFunc write, gpointer user_data,
                                GError **error);

G_END_DECLS
