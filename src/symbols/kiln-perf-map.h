/* kiln-perf-map.h — JIT symbols from /tmp/perf-PID.map.
 *
 * The text format JIT runtimes (V8, the JVM through perf-map-agent, .NET,
 * LuaJIT…) write for perf: one "START SIZE name" line per compiled
 * function, addresses in hex, the first line winning for one address.
 */
#pragma once

#include <glib.h>

#include "kiln-symbol-table.h"

G_BEGIN_DECLS

/* NULL when the file cannot be read or holds no usable line. */
KilnSymbolTable *kiln_perf_map_load(const char *path);

G_END_DECLS
