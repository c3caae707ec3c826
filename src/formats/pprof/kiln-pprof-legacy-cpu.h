/* kiln-pprof-legacy-cpu.h — KilnPprofLegacyCpu: gperftools' binary CPU
 * profile (pprof's "legacy" CPU format, also written by old Go runtimes).
 *
 * Header words 0, 3, 0, period (µs), 0 in 32- or 64-bit words of either
 * byte order; then records (count, depth, pcs...) up to the (0, 1, 0)
 * marker; then the process's /proc/self/maps as text. Read the way pprof's
 * legacy parser reads it, so the stacks and values match its output. */
#pragma once

#include "formats/kiln-importer.h"

G_BEGIN_DECLS

/* TRUE when the bytes start with a binary CPU profile header (C++/Go, or
 * the Java agent's variant, whose symbol section KilnPprofLegacyJava
 * reads). */
gboolean kiln_pprof_legacy_cpu_detect(const guint8 *data, gsize len);

gboolean kiln_pprof_legacy_cpu_import(KilnImportContext *ctx, GError **error);

G_END_DECLS
