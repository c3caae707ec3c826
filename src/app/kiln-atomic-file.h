/* kiln-atomic-file.h — KilnAtomicFile: writes a file so that it appears
 * whole or not at all.
 *
 * The data goes to a hidden temporary file in the target's folder (so the
 * final rename stays on one file system) and is renamed over the target
 * only when everything was written and flushed. A failed or cancelled
 * write removes the temporary file and leaves any existing target as it
 * was. The stream is a stdio FILE so the engine's exporters, which write
 * to FILE *, can use it unchanged; its writes fail once the cancellable is
 * cancelled, so a long export stops at its next write. */
#pragma once

#include <gio/gio.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct _KilnAtomicFile KilnAtomicFile;

/* Creates the temporary file next to `path`; NULL and a GIO error when the
 * folder cannot be written. */
KilnAtomicFile *kiln_atomic_file_new(const char *path, GCancellable *cancellable, GError **error);
FILE *kiln_atomic_file_stream(KilnAtomicFile *file);
/* Flushes, syncs and renames into place, then frees `file`. On failure
 * (or when cancelled) the temporary file is removed and the target is
 * untouched. */
gboolean kiln_atomic_file_commit(KilnAtomicFile *file, GError **error);
/* Removes the temporary file and frees `file`; NULL is ignored. */
void kiln_atomic_file_abort(KilnAtomicFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnAtomicFile, kiln_atomic_file_abort)

G_END_DECLS
