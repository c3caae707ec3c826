/* kiln-pprof-import.c — placeholder until the perf script reader lands (issue 5). */
#include "formats/kiln-importer.h"

static int perf_script_sniff(const guint8 *data, gsize len)
{
    (void)data;
    (void)len;
    return 0;
}

static gboolean perf_script_import(KilnImportContext *ctx, GError **error)
{
    (void)ctx;
    g_set_error(error, KILN_ERROR, KILN_ERROR_UNSUPPORTED, "perf script text is not supported yet");
    return FALSE;
}

const KilnImporter kiln_perf_script_importer = {"perf-script", "perf script text", perf_script_sniff, perf_script_import};
