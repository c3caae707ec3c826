#include "kiln-exporter.h"

#include <math.h>
#include <string.h>

extern const KilnExporter kiln_folded_exporter;
extern const KilnExporter kiln_pprof_exporter;

static const KilnExporter *const exporters[] = {
    &kiln_folded_exporter,
    &kiln_pprof_exporter,
    NULL,
};

const KilnExporter *const *kiln_exporters(void)
{
    return exporters;
}

const KilnExporter *kiln_exporter_find(const char *id)
{
    for (const KilnExporter *const *e = exporters; *e; e++)
        if (strcmp((*e)->id, id) == 0)
            return *e;
    return NULL;
}

const char *kiln_format_value(double v, char *buf)
{
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        /* Integral values are the common case: format them by hand, it is
         * several times faster than printf's floating-point path. */
        char tmp[24];
        int n = 0;
        uint64_t u = (uint64_t)fabs(v);
        do {
            tmp[n++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        int o = 0;
        if (v < 0)
            buf[o++] = '-';
        while (n)
            buf[o++] = tmp[--n];
        buf[o] = 0;
        return buf;
    }
    if (v == floor(v) && fabs(v) < 1e21) {
        /* Up to 2^64 and a little past (folded counts saturate at 2^64):
         * digits, never "1.8e+19", which no folded reader parses. */
        g_snprintf(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.0f", v);
        return buf;
    }
    g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.15g", v);
    if (g_ascii_strtod(buf, NULL) != v)
        g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", v);
    return buf;
}
