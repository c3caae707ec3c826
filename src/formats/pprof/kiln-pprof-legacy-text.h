/* kiln-pprof-legacy-text.h — KilnPprofLegacyText: pprof's legacy text heap
 * profiles ("heap profile: ... @ heap_v2/524288", growthz, fragmentationz)
 * and Go count profiles ("threadcreate profile: total 7"), read as pprof's
 * legacy parser reads them: the same sample types, the same scaling of
 * sampled heap values, caller addresses moved back onto the call. */
#pragma once

#include "formats/kiln-importer.h"

G_BEGIN_DECLS

/* TRUE when the first line is a header this reader handles. */
gboolean kiln_pprof_legacy_text_detect(const guint8 *data, gsize len);

gboolean kiln_pprof_legacy_text_import(KilnImportContext *ctx, GError **error);

G_END_DECLS
