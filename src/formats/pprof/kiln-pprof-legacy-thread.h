/* kiln-pprof-legacy-thread.h — KilnPprofLegacyThread: pprof's legacy
 * "--- threadz N ---" thread listings (one stack per thread, optional
 * "creator:" stacks, "same as previous thread" runs), read as pprof's
 * legacy parser reads them, into the sample type thread/count. */
#pragma once

#include "formats/kiln-importer.h"

G_BEGIN_DECLS

gboolean kiln_pprof_legacy_thread_detect(const guint8 *data, gsize len);
gboolean kiln_pprof_legacy_thread_import(KilnImportContext *ctx, GError **error);

G_END_DECLS
