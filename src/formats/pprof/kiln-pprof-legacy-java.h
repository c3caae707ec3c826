/* kiln-pprof-legacy-java.h — KilnPprofLegacyJava: the Java agent's
 * variants of pprof's legacy formats: "--- heapz 1 ---" and
 * "--- contentionz 1 ---" text with "format = java", and the binary CPU
 * profile with header version 1; all end in a symbol section
 * ("0x<addr> <function> (<file>:<line>)") that names the addresses. */
#pragma once

#include "formats/kiln-importer.h"

G_BEGIN_DECLS

typedef struct _KilnPprofLegacyJava KilnPprofLegacyJava;

/* The symbol lines of [p, end); other lines are ignored. */
KilnPprofLegacyJava *kiln_pprof_legacy_java_symbols(KilnBuilder *b, const guint8 *p,
                                                    const guint8 *end);
void kiln_pprof_legacy_java_free(KilnPprofLegacyJava *j);
/* The frame of an address: its symbol, else the bare address. */
uint32_t kiln_pprof_legacy_java_frame(KilnPprofLegacyJava *j, uint64_t addr);

gboolean kiln_pprof_legacy_java_detect(const guint8 *data, gsize len);
gboolean kiln_pprof_legacy_java_import(KilnImportContext *ctx, GError **error);

G_END_DECLS
