/* kiln-perf-options.h — KilnPerfOptions: everything the perf event model
 * is told about a recording and about the profile wanted from it.
 *
 * The perf.data reader fills it from the file header (attrs, build-ids,
 * osrelease) and the load options; live capture from the perf_event_attr
 * it opened and the running kernel. Pointers are borrowed and must outlive
 * the session; `events` may grow (pipe mode) between records.
 */
#pragma once

#include <glib.h>

#include "kiln-perf-build-id.h"
#include "kiln-perf-events.h"

G_BEGIN_DECLS

typedef struct {
    /* The recording. */
    const KilnPerfEvents *events; /* attrs and sample layout per event id */
    GHashTable *build_ids;        /* file name -> KilnPerfBuildId*; NULL = none */
    const char *osrelease;        /* the recording's kernel (uname -r); NULL = unknown */
    /* The profile's shape, as stackcollapse-perf.pl's --pid, --tid,
     * --kernel, --jit, --addrs; no_comm leaves out the process root. */
    gboolean pid, tid, kernel, jit, addrs, no_comm;
    /* Symbols: extra directories for binaries and debug files; no_symbols
     * looks nothing up (frames show as [file] or [unknown], as perf
     * script prints them without binaries). */
    const char *const *symbol_paths;
    gboolean no_symbols;
    /* No per-sample rows (times, threads): only the call tree and totals,
     * for callers that want nothing else (a folded export). */
    gboolean no_sample_rows;
} KilnPerfOptions;

G_END_DECLS
