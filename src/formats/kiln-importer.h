/* kiln-importer.h — KilnImporter, the contract every file format meets.
 *
 * An importer turns bytes into builder calls. It is picked by content
 * (kiln_importer_sniff scores), never by file name. Importers read through
 * bounds-checked helpers, report progress and honour cancellation through
 * the KilnImportContext, and either return a profile (possibly partial,
 * with warnings) or a GError in KILN_FORMAT_ERROR.
 */
#pragma once

#include <gio/gio.h>

#include "core/kiln-builder.h"
#include "formats/kiln-format-error.h"

G_BEGIN_DECLS

typedef void (*KilnProgressFunc)(double fraction, gpointer user_data);

/* Options that change what an importer produces. Zeroed = defaults. */
typedef struct {
    KilnLimits limits;
    /* perf (script text and perf.data): root frame shape and annotations,
     * as stackcollapse-perf.pl's --pid, --tid, --kernel, --jit, --addrs. */
    gboolean perf_pid;
    gboolean perf_tid;
    gboolean perf_kernel;
    gboolean perf_jit;
    gboolean perf_addrs;
    gboolean perf_no_comm; /* no process-name root frame */
    /* symbols: extra directories searched for binaries/debug files */
    const char *const *symbol_paths;
    /* symbols: no lookup at all; perf.data frames show as [file] or
     * [unknown], as perf script prints them without binaries */
    gboolean no_symbols;
    /* The caller wants only the call tree and totals (folded export), not
     * the per-sample table of times and threads that time views need:
     * importers that keep one may skip it (perf: 36 bytes per sample). */
    gboolean tree_only;
    /* What the call tree is keyed by: functions (0, the default), lines or
     * addresses, like pprof's -functions/-lines/-addresses. The builder
     * projects each location as it is interned, so a coarser tree costs no
     * second pass and a folded file (no lines) is built exactly as before. */
    KilnGranularity granularity;
} KilnLoadOptions;

void kiln_load_options_init(KilnLoadOptions *opts);

typedef struct {
    const guint8 *data;
    gsize len;
    const char *path;   /* for messages and symbol lookup; may be NULL */
    const KilnLoadOptions *options;
    KilnBuilder *builder;
    GCancellable *cancellable;
    KilnProgressFunc progress;
    gpointer progress_data;
    /* private */
    gsize release_base;  /* page-aligned offset of data in its mapping */
    gsize released;      /* bytes already handed back to the kernel */
    gsize populated;     /* bytes already mapped in ahead of the reader */
    gboolean is_mapped;
    gsize next_check; /* offset of the next cancellation/progress check */
} KilnImportContext;

/* Reports progress at byte `offset` of ctx->data; returns FALSE (and sets
 * error) once the load was cancelled. Cheap enough to call per line. */
gboolean kiln_import_progress(KilnImportContext *ctx, gsize offset, GError **error);

/* Tells the loader that bytes before `offset` will never be read again, so a
 * memory-mapped file's pages can be dropped from the resident set: a 1 GB
 * text profile must not cost 1 GB of RSS. */
void kiln_import_release(KilnImportContext *ctx, gsize offset);

typedef struct {
    const char *id;   /* "folded", "pprof", "perf-data", "perf-script" */
    const char *name; /* human-readable, translatable at the call site */
    /* 0 = not this format; higher = more confident. Sees at most the first
     * 64 KiB (already decompressed). */
    int (*sniff)(const guint8 *data, gsize len);
    gboolean (*import)(KilnImportContext *ctx, GError **error);
} KilnImporter;

/* The built-in importers, NULL-terminated. */
const KilnImporter *const *kiln_importers(void);
const KilnImporter *kiln_importer_find(const char *id);
/* Best importer for the bytes, or NULL. */
const KilnImporter *kiln_importer_sniff(const guint8 *data, gsize len);

G_END_DECLS
