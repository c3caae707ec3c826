/* kiln-pprof-export.c — placeholder until the pprof writer lands (issue 4). */
#include "formats/kiln-exporter.h"

static gboolean pprof_write(const KilnProfile *p, uint32_t type, FILE *out, GError **error)
{
    (void)p;
    (void)type;
    (void)out;
    g_set_error(error, KILN_ERROR, KILN_ERROR_UNSUPPORTED, "pprof export is not supported yet");
    return FALSE;
}

const KilnExporter kiln_pprof_exporter = {"pprof", "pprof", TRUE, pprof_write};
