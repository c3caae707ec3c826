/* kiln-loader.c — file → bytes → importer → profile. */
#include "kiln-loader.h"
#include "kiln-decompress.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void kiln_load_options_init(KilnLoadOptions *opts)
{
    memset(opts, 0, sizeof *opts);
    kiln_limits_init_default(&opts->limits);
}

gboolean kiln_import_progress(KilnImportContext *ctx, gsize offset, GError **error)
{
    if (G_LIKELY(offset < ctx->next_check))
        return TRUE;
    ctx->next_check = offset + (1 << 20);
    if (g_cancellable_is_cancelled(ctx->cancellable)) {
        g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Loading was cancelled"));
        return FALSE;
    }
    if (ctx->progress && ctx->len)
        ctx->progress((double)MIN(offset, ctx->len) / (double)ctx->len, ctx->progress_data);
    return TRUE;
}

/* Streaming readers walk a mapping front to back. Mapping the next window
 * in one call (MADV_POPULATE_READ) costs far less than a page fault per
 * 4 KiB, and dropping what is behind keeps the resident set to about three
 * windows whatever the file's size. */
#define STREAM_WINDOW ((gsize)4 << 20)

void kiln_import_release(KilnImportContext *ctx, gsize offset)
{
    if (!ctx->is_mapped)
        return;
    offset = MIN(offset, ctx->len);
    const guint8 *base = ctx->data - ctx->release_base;
    gsize end = ctx->release_base + ctx->len;
    gsize pos = ctx->release_base + offset;
    if (pos + STREAM_WINDOW / 2 >= ctx->populated && ctx->populated < end) {
        gsize from = MAX(ctx->populated, pos & ~(STREAM_WINDOW - 1));
        gsize to = MIN(from + STREAM_WINDOW, end);
#ifdef MADV_POPULATE_READ
        /* Best effort: older kernels say EINVAL and we fault as usual. */
        madvise((void *)(base + from), to - from, MADV_POPULATE_READ);
#endif
        ctx->populated = to;
    }
    gsize page = (gsize)sysconf(_SC_PAGESIZE);
    /* Release only what is a whole window behind the reader. Released
     * right up to it, the last megabyte of every window came back into
     * the mapping (seen on Linux 6.18 with ext4, whose page cache holds
     * large folios), and a 430 MB file kept ~100 MB resident. */
    gsize upto = pos >= STREAM_WINDOW ? (pos - STREAM_WINDOW) & ~(page - 1) : 0;
    if (upto >= ctx->released + STREAM_WINDOW) {
        madvise((void *)(base + ctx->released), upto - ctx->released, MADV_DONTNEED);
        ctx->released = upto;
    }
}

/* `owned` is the decompressed input, if any: it is freed as soon as the
 * importer is done, before finishing, since that is when memory peaks. */
static KilnProfile *run_importer(const KilnImporter *imp, gboolean forced, KilnImportContext *ctx,
                                 const char *extra_warning, guint8 **owned, GError **error)
{
    /* A forced format skips the sniffing, which is the point (a file the
     * sniffer misjudges), but bytes its importer recognises nothing in are
     * still not that format: pprof reads almost anything as a protobuf
     * with no samples, and an empty profile with exit status 0 would hide
     * the mistake. */
    gboolean looks_right = !forced || imp->sniff(ctx->data, MIN(ctx->len, (gsize)64 << 10)) > 0;
    g_autoptr(KilnBuilder) b = kiln_builder_new(&ctx->options->limits);
    ctx->builder = b;
    kiln_builder_set_format(b, imp->id);
    kiln_builder_set_granularity(b, (unsigned)ctx->options->granularity < KILN_GRANULARITY_N
                                        ? ctx->options->granularity
                                        : KILN_GRANULARITY_FUNCTIONS);
    if (extra_warning)
        kiln_builder_warn(b, "%s", extra_warning);
    gboolean ok = imp->import(ctx, error);
    g_clear_pointer(owned, g_free);
    ctx->data = NULL;
    ctx->len = 0;
    if (!ok)
        return NULL;
    if (!looks_right && kiln_builder_samples_seen(b) == 0 && kiln_builder_n_nodes(b) <= 1) {
        if (ctx->path)
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT,
                        /* Translators: the first %s is a file name, the second a format
                         * (“pprof”, “perf.data”) */
                        _("%s is not a %s file: nothing in it reads as one"), ctx->path,
                        _(imp->name));
        else
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT,
                        /* Translators: %s is a format (“pprof”, “perf.data”) */
                        _("The input is not a %s file: nothing in it reads as one"), _(imp->name));
        return NULL;
    }
    if (ctx->progress)
        ctx->progress(1.0, ctx->progress_data);
    return kiln_builder_finish(b);
}

static KilnProfile *load(const KilnImporter *forced, const guint8 *data, gsize len, gboolean mapped,
                         const char *name, const KilnLoadOptions *options,
                         GCancellable *cancellable, KilnProgressFunc progress,
                         gpointer progress_data, GError **error)
{
    KilnLoadOptions defaults;
    if (!options) {
        kiln_load_options_init(&defaults);
        options = &defaults;
    } else if (!options->limits.max_decompressed || !options->limits.max_depth ||
               !options->limits.max_name_len) {
        /* "Zeroed = defaults" (kiln-importer.h) holds for each limit too:
         * a zero depth limit must not mean a depth of 2. */
        KilnLimits d;
        kiln_limits_init_default(&d);
        defaults = *options;
        if (!defaults.limits.max_decompressed)
            defaults.limits.max_decompressed = d.max_decompressed;
        if (!defaults.limits.max_depth)
            defaults.limits.max_depth = d.max_depth;
        if (!defaults.limits.max_name_len)
            defaults.limits.max_name_len = d.max_name_len;
        options = &defaults;
    }
    KilnImportContext ctx = {
        .data = data,
        .len = len,
        .path = name,
        .options = options,
        .cancellable = cancellable,
        .progress = progress,
        .progress_data = progress_data,
        .is_mapped = mapped,
    };

    /* A compressed wrapper (pprof's .pb.gz, perf.data.gz, stacks.txt.gz):
     * unwrap, then sniff what is inside. */
    g_autofree guint8 *inflated = NULL;
    g_autofree char *partial = NULL;
    gboolean is_gz = kiln_is_gzip(data, len);
    if (is_gz || kiln_is_zstd(data, len)) {
        gsize out_len = 0;
        guint64 limit = options->limits.max_decompressed ? options->limits.max_decompressed
                                                         : KILN_DEFAULT_MAX_DECOMPRESSED;
        inflated = is_gz ? kiln_gunzip(data, len, limit, &out_len, &partial, error)
                         : kiln_unzstd(data, len, limit, &out_len, &partial, error);
        if (!inflated)
            return NULL;
        /* The compressed bytes are spent: hand a mapped file's pages back
         * now rather than keep them resident through the whole import. */
        if (mapped && len >= (gsize)sysconf(_SC_PAGESIZE))
            madvise((void *)data, len & ~((gsize)sysconf(_SC_PAGESIZE) - 1), MADV_DONTNEED);
        ctx.data = inflated;
        ctx.len = out_len;
        ctx.is_mapped = FALSE;
    }

    /* Empty is empty whatever the format asked for. */
    const KilnImporter *imp = forced && ctx.len ? forced : kiln_importer_sniff(ctx.data, ctx.len);
    if (!imp) {
        if (ctx.len == 0 && name)
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_EMPTY,
                        /* Translators: %s is a file name */
                        _("%s is empty: there is nothing to show"), name);
        else if (ctx.len == 0)
            g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_EMPTY,
                                _("The input is empty: there is nothing to show"));
        else if (name)
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT,
                        /* Translators: %s is a file name */
                        _("%s is not a profile Kiln can read (expected pprof, perf.data, "
                          "perf script text or folded stacks)"),
                        name);
        else
            g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT,
                                _("The input is not a profile Kiln can read (expected pprof, "
                                  "perf.data, perf script text or folded stacks)"));
        return NULL;
    }
    return run_importer(imp, forced != NULL, &ctx, partial, &inflated, error);
}

KilnProfile *kiln_load_bytes_as(const KilnImporter *importer, const guint8 *data, gsize len,
                                const char *name, const KilnLoadOptions *options,
                                GCancellable *cancellable, KilnProgressFunc progress,
                                gpointer progress_data, GError **error)
{
    return load(importer, data, len, FALSE, name, options, cancellable, progress, progress_data,
                error);
}

KilnProfile *kiln_load_bytes(const guint8 *data, gsize len, const char *name,
                             const KilnLoadOptions *options, GCancellable *cancellable,
                             KilnProgressFunc progress, gpointer progress_data, GError **error)
{
    return load(NULL, data, len, FALSE, name, options, cancellable, progress, progress_data, error);
}

static KilnProfile *load_file(const KilnImporter *forced, const char *path,
                              const KilnLoadOptions *options, GCancellable *cancellable,
                              KilnProgressFunc progress, gpointer progress_data, GError **error)
{
    GError *err = NULL;
    /* Opening a FIFO or a device would block or never end: only regular
     * files are mapped (kiln-cli reads a pipe with "-"). */
    GStatBuf st;
    if (g_stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                    /* Translators: %s is a file name; “-” is a kiln-cli argument */
                    _("Cannot open %s: not a regular file (to read a pipe, give “-” and "
                      "redirect it to standard input)"),
                    path);
        return NULL;
    }
    GMappedFile *map = g_mapped_file_new(path, FALSE, &err);
    if (!map) {
        /* Translators: the first %s is a file name, the second why it failed */
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED, _("Cannot open %s: %s"),
                    path, err->message);
        g_error_free(err);
        return NULL;
    }
    const guint8 *data = (const guint8 *)g_mapped_file_get_contents(map);
    gsize len = g_mapped_file_get_length(map);
    KilnProfile *p = load(forced, data ? data : (const guint8 *)"", len, data != NULL, path,
                          options, cancellable, progress, progress_data, error);
    g_mapped_file_unref(map);
    return p;
}

KilnProfile *kiln_load_file(const char *path, const KilnLoadOptions *options,
                            GCancellable *cancellable, KilnProgressFunc progress,
                            gpointer progress_data, GError **error)
{
    return load_file(NULL, path, options, cancellable, progress, progress_data, error);
}

KilnProfile *kiln_load_file_as(const KilnImporter *importer, const char *path,
                               const KilnLoadOptions *options, GCancellable *cancellable,
                               KilnProgressFunc progress, gpointer progress_data, GError **error)
{
    return load_file(importer, path, options, cancellable, progress, progress_data, error);
}
