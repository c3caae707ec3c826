/* kiln-pprof-import.c — placeholder until the pprof reader lands (issue 4). */
#include "formats/kiln-importer.h"

static int pprof_sniff(const guint8 *data, gsize len)
{
    (void)data;
    (void)len;
    return 0;
}

static gboolean pprof_import(KilnImportContext *ctx, GError **error)
{
    (void)ctx;
    g_set_error(error, KILN_ERROR, KILN_ERROR_UNSUPPORTED, "pprof is not supported yet");
    return FALSE;
}

const KilnImporter kiln_pprof_importer = {"pprof", "pprof", pprof_sniff, pprof_import};
