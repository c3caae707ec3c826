/* kiln-load-job.h — KilnLoadJob: kiln_load_file() on a worker thread
 * (and the summary numbers, which walk the whole tree, with it).
 *
 * The importer reports progress many times a second from the worker; the
 * job coalesces those reports into at most one pending idle callback on
 * the caller's main context, so a fast importer cannot flood the main loop
 * and the window stays responsive however large the file is.
 */
#pragma once

#include <gio/gio.h>

#include "analysis/kiln-profile-stats.h"
#include "formats/kiln-loader.h"

G_BEGIN_DECLS

/* Called on the main context with `progress_data`; not called once
 * `cancellable` is cancelled, so `progress_data` need only live until
 * then. `user_data` goes to `done` alone. */
typedef void (*KilnLoadJobProgress)(double fraction, gpointer user_data);

typedef struct _KilnLoadJob KilnLoadJob;

/* The tree is keyed by `granularity` (kiln-cli's --granularity). */
void kiln_load_job_start(GObject *source, const char *path, KilnGranularity granularity,
                         GCancellable *cancellable,
                         KilnLoadJobProgress progress, gpointer progress_data,
                         GAsyncReadyCallback done, gpointer user_data);
/* The same for a pair to compare (kiln-compare-load.h): one profile with
 * the sample types "before" and "after", the roots aligned by default. */
void kiln_load_job_start_pair(GObject *source, const char *before, const char *after,
                              KilnGranularity granularity, GCancellable *cancellable,
                              KilnLoadJobProgress progress, gpointer progress_data,
                              GAsyncReadyCallback done, gpointer user_data);
/* The profile, and its summary numbers for the default sample type (also
 * computed on the worker) in *stats. */
KilnProfile *kiln_load_job_finish(GAsyncResult *result, KilnProfileStats **stats, GError **error);

/* Summary numbers for another sample type, on a worker. */
void kiln_load_job_stats_async(GObject *source, KilnProfile *profile, uint32_t type,
                               GCancellable *cancellable, GAsyncReadyCallback done,
                               gpointer user_data);
KilnProfileStats *kiln_load_job_stats_finish(GAsyncResult *result, GError **error);

G_END_DECLS
