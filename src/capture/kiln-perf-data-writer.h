/* kiln-perf-data-writer.h — KilnPerfDataWriter: a perf.data file (file
 * mode) written while recording, as `perf record` writes it, so that perf
 * report, perf script, Hotspot and Kiln's own reader read it.
 *
 * Layout: the 104-byte header, the attr's sample ids, the attr section,
 * the data section (the kernel's records unchanged, with FINISHED_ROUND
 * after each pass over the rings), then the feature sections: build-ids
 * of the mapped files, hostname, OS release, version, architecture, CPU
 * counts, the command line, the event description and the sample times.
 * The header is written last, when the sizes are known; a file cut short
 * (a crash mid-recording) has a zero data size and reads as empty.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct _KilnPerfDataWriter KilnPerfDataWriter;

/* Creates `path` and writes the attr (attr_size bytes of perf_event_attr)
 * with its ids; `event_name` goes into the event description. */
KilnPerfDataWriter *kiln_perf_data_writer_new(const char *path, const guint8 *attr,
                                              uint32_t attr_size, const uint64_t *ids, guint n_ids,
                                              const char *event_name, GError **error);
/* One record, as the kernel wrote it (type, misc, size first). */
void kiln_perf_data_writer_record(KilnPerfDataWriter *w, const guint8 *rec, gsize size);
/* The end of one pass over every ring. */
void kiln_perf_data_writer_round(KilnPerfDataWriter *w);
/* Writes the features and the header; `cmdline` is the recording's own
 * command line. FALSE when the file could not be written. */
gboolean kiln_perf_data_writer_finish(KilnPerfDataWriter *w, const char *const *cmdline,
                                      GError **error);
void kiln_perf_data_writer_free(KilnPerfDataWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnPerfDataWriter, kiln_perf_data_writer_free)

G_END_DECLS
