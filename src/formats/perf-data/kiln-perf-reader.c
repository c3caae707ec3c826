/* kiln-perf-reader.c — KilnPerfReader: record framing and decompression. */
#include "kiln-perf-reader.h"

#include "kiln-perf-file-format.h"
#include "kiln-perf-zstd.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

typedef struct {
    KilnPerfReader *r;
    KilnImportContext *ctx;
    const KilnPerfHeader *h;
    KilnPerfRecordFunc fn;
    gpointer user;
    KilnPerfZstd *zstd;
    GByteArray *pending; /* decompressed bytes not yet cut into records */
} Run;

/* Hands on the complete records at the front of the decompressed buffer
 * and keeps the incomplete tail for the next chunk. */
static gboolean drain_pending(Run *run, GError **error)
{
    GByteArray *p = run->pending;
    gsize pos = 0;
    while (p->len - pos >= 8) {
        const guint8 *rec = p->data + pos;
        uint16_t size = kiln_perf_u16(rec + 6, run->h->swap);
        if (size < 8) {
            kiln_builder_warn(run->ctx->builder,
                              _("A record inside compressed data claims %u bytes (less than its "
                                "header); the rest of that compressed data was skipped"),
                              size);
            g_byte_array_set_size(p, 0);
            return TRUE;
        }
        if (size > p->len - pos)
            break;
        run->r->n_records++;
        if (!run->fn(run->user, rec, size, error))
            return FALSE;
        pos += size;
    }
    if (pos)
        g_byte_array_remove_range(p, 0, (guint)pos);
    return TRUE;
}

static gboolean decompress(Run *run, const guint8 *payload, gsize n, GError **error)
{
    if (!run->zstd) {
        const KilnLimits *lim = kiln_builder_limits(run->ctx->builder);
        uint64_t limit =
            lim->max_decompressed ? lim->max_decompressed : KILN_DEFAULT_MAX_DECOMPRESSED;
        run->zstd = kiln_perf_zstd_new(limit);
    }
    run->r->n_compressed++;
    GError *zerr = NULL;
    if (!kiln_perf_zstd_feed(run->zstd, payload, n, run->pending, &zerr)) {
        if (g_error_matches(zerr, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TOO_LARGE)) {
            g_propagate_error(error, zerr);
            return FALSE;
        }
        /* Translators: %s says what is wrong with a compressed chunk */
        kiln_builder_warn(run->ctx->builder, _("%s; later compressed data may be unreadable"),
                          zerr->message);
        g_error_free(zerr);
    }
    run->r->decompressed_bytes = kiln_perf_zstd_total(run->zstd);
    return drain_pending(run, error);
}

void kiln_perf_reader_clear(KilnPerfReader *r)
{
    g_free(r->stop_why);
    r->stop_why = NULL;
}

static void stop(KilnPerfReader *r, gsize at, gsize end, char *why)
{
    r->stop_at = at;
    r->stop_end = end;
    r->stop_why = why;
}

gboolean kiln_perf_reader_run(KilnPerfReader *r, KilnImportContext *ctx, const KilnPerfHeader *h,
                              KilnPerfRecordFunc fn, gpointer user, GError **error)
{
    Run run = {r, ctx, h, fn, user, NULL, g_byte_array_new()};
    gboolean ok = TRUE;
    gsize len = ctx->len;
    gsize pos = (gsize)h->data_offset;
    gsize end = len;
    if (!h->pipe) {
        if (h->data_size == 0 && len > pos) {
            kiln_builder_warn(ctx->builder,
                              _("The header says the data section is empty, as when perf record "
                                "was killed before it finished; reading the records up to the "
                                "end of the file"));
        } else if (h->data_size > len - pos) {
            kiln_builder_warn(ctx->builder,
                              _("The header says the data section holds %" PRIu64
                                " bytes from byte %" PRIu64 " but the file has only %" PRIu64
                                " bytes: it is truncated; reading what is there"),
                              (uint64_t)h->data_size, (uint64_t)pos, (uint64_t)len);
        } else {
            end = pos + (gsize)h->data_size;
        }
    }
    const guint8 *d = ctx->data;
    while (pos < end) {
        if (!kiln_import_progress(ctx, pos, error)) {
            ok = FALSE;
            break;
        }
        if (end - pos < 8) {
            /* Translators: this and the next reasons complete “Reading stopped at
             * byte 10 of 20: %s.” and “This perf.data is damaged at byte 10 of 20
             * (%s), before any sample” */
            stop(r, pos, end, g_strdup(_("a record header is cut off")));
            break;
        }
        uint32_t type = kiln_perf_u32(d + pos, h->swap);
        uint16_t size = kiln_perf_u16(d + pos + 6, h->swap);
        if (type > 4096) {
            /* No record type is that large: not perf data any more (a pipe
             * capture sometimes ends with perf's own messages). */
            stop(r, pos, end, g_strdup(_("the bytes there are not a perf record")));
            break;
        }
        if (size < 8) {
            /* A zero size would never advance: stop, as perf does. */
            stop(r, pos, end,
                 g_strdup_printf(_("a record (type %u) claims %u bytes, less than its own header"),
                                 type, size));
            break;
        }
        if (size > end - pos) {
            stop(r, pos, end, g_strdup(_("the last record is cut off")));
            break;
        }
        const guint8 *rec = d + pos;
        gsize extra = 0; /* payload after the record proper */
        if (type == PERF_RECORD_HEADER_TRACING_DATA && size >= 12)
            extra = kiln_perf_u32(rec + 8, h->swap);
        else if (type == PERF_RECORD_AUXTRACE && size >= 16)
            extra = (gsize)kiln_perf_u64(rec + 8, h->swap);

        if (type == PERF_RECORD_COMPRESSED) {
            ok = decompress(&run, rec + 8, size - 8u, error);
        } else if (type == PERF_RECORD_COMPRESSED2) {
            uint64_t n = size >= 16 ? kiln_perf_u64(rec + 8, h->swap) : 0;
            if (n > (uint64_t)size - 16u)
                n = size >= 16 ? size - 16u : 0;
            ok = decompress(&run, rec + 16, (gsize)n, error);
        } else {
            r->n_records++;
            ok = fn(user, rec, size, error);
        }
        if (!ok)
            break;
        pos += size;
        if (extra > end - pos) {
            stop(r, pos, end,
                 g_strdup_printf(_("trace data of %" PRIu64 " bytes is cut off"), (uint64_t)extra));
            break;
        }
        pos += extra;
        kiln_import_release(ctx, pos);
    }
    if (ok && run.pending->len > 0)
        kiln_builder_warn(ctx->builder,
                          _("The compressed data ends in the middle of a record (%u bytes left "
                            "over); that record was dropped"),
                          run.pending->len);
    kiln_perf_zstd_free(run.zstd);
    g_byte_array_unref(run.pending);
    return ok;
}
