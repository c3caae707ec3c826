/* kiln-perf-zstd.c — KilnPerfZstd, streaming zstd for compressed records. */
#include "kiln-perf-zstd.h"

#include "formats/kiln-format-error.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <zstd.h>

struct _KilnPerfZstd {
    ZSTD_DStream *ds;
    uint64_t limit;
    uint64_t total;
};

KilnPerfZstd *kiln_perf_zstd_new(uint64_t limit)
{
    KilnPerfZstd *z = g_new0(KilnPerfZstd, 1);
    z->ds = ZSTD_createDStream();
    ZSTD_initDStream(z->ds);
    z->limit = limit;
    return z;
}

void kiln_perf_zstd_free(KilnPerfZstd *z)
{
    if (!z)
        return;
    ZSTD_freeDStream(z->ds);
    g_free(z);
}

uint64_t kiln_perf_zstd_total(const KilnPerfZstd *z)
{
    return z->total;
}

gboolean kiln_perf_zstd_feed(KilnPerfZstd *z, const guint8 *in, gsize len, GByteArray *out,
                             GError **error)
{
    ZSTD_inBuffer ib = {in, len, 0};
    gboolean full = TRUE;
    /* Loop while input is left, or while the last turn filled the output
     * (zstd may still hold decoded bytes). */
    while (ib.pos < ib.size || full) {
        gsize old = out->len;
        gsize room = MAX(ZSTD_DStreamOutSize(), (ib.size - ib.pos) * 4);
        g_byte_array_set_size(out, (guint)(old + room));
        ZSTD_outBuffer ob = {out->data + old, room, 0};
        size_t r = ZSTD_decompressStream(z->ds, &ob, &ib);
        g_byte_array_set_size(out, (guint)(old + ob.pos));
        if (ZSTD_isError(r)) {
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID,
                        /* Translators: %s is zstd's own (English) description */
                        _("A compressed (perf record -z) chunk is damaged: %s"),
                        ZSTD_getErrorName(r));
            return FALSE;
        }
        z->total += ob.pos;
        if (z->total > z->limit) {
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TOO_LARGE,
                        _("The compressed records expand past the limit of %" PRIu64
                          " bytes (see --max-decompressed)"),
                        z->limit);
            return FALSE;
        }
        full = ob.pos == ob.size;
    }
    return TRUE;
}
