/* kiln-pprof-import.c — placeholder until the perf.data reader lands (issue 5). */
#include "formats/kiln-importer.h"

static int perf_data_sniff(const guint8 *data, gsize len)
{
    (void)data;
    (void)len;
    return 0;
}

static gboolean perf_data_import(KilnImportContext *ctx, GError **error)
{
    (void)ctx;
    g_set_error(error, KILN_ERROR, KILN_ERROR_UNSUPPORTED, "perf.data is not supported yet");
    return FALSE;
}

const KilnImporter kiln_perf_data_importer = {"perf-data", "perf.data", perf_data_sniff, perf_data_import};
