/* kiln-cancellable-stream.h — a stdio stream over another whose writes
 * fail (ECANCELED) once a GCancellable is cancelled.
 *
 * The engine's exporters write to FILE * and know nothing of GIO; wrapped
 * in this stream, an export running on a worker stops at its next write
 * when the user cancels, and the caller aborts the KilnAtomicFile
 * (core/kiln-atomic-file.h) it was writing, so no half file is left. */
#pragma once

#include <gio/gio.h>
#include <stdio.h>

G_BEGIN_DECLS

/* Writes go to `inner` (not closed with the new stream) while
 * `cancellable` is not cancelled. fclose() the result when done; it
 * flushes into `inner`. */
FILE *kiln_cancellable_stream_new(FILE *inner, GCancellable *cancellable);

G_END_DECLS
