#include "kiln-export.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/kiln-builder.h"
#include "formats/kiln-exporter.h"
#include "core/kiln-atomic-file.h"
#include "kiln-cancellable-stream.h"
#include "render/kiln-image-export.h"

static const struct {
    const char *extension;
    const char *name;
} formats[KILN_EXPORT_N_FORMATS] = {
    [KILN_EXPORT_SVG] = {".svg", N_("SVG Image")},
    [KILN_EXPORT_PNG] = {".png", N_("PNG Image")},
    [KILN_EXPORT_PDF] = {".pdf", N_("PDF Document")},
    [KILN_EXPORT_FOLDED] = {".folded", N_("Folded Stacks")},
    [KILN_EXPORT_PPROF] = {".pb.gz", N_("pprof Profile")},
};

void kiln_export_options_init(KilnExportOptions *o)
{
    memset(o, 0, sizeof *o);
    o->format = KILN_EXPORT_SVG;
    o->zoom = KILN_ROOT_NODE;
    o->palette = KILN_PALETTE_HOT;
}

void kiln_export_options_clear(KilnExportOptions *o)
{
    g_clear_pointer(&o->search, g_free);
    g_clear_pointer(&o->title, g_free);
}

static void options_copy(KilnExportOptions *to, const KilnExportOptions *from)
{
    *to = *from;
    to->search = g_strdup(from->search);
    to->title = g_strdup(from->title);
}

gboolean kiln_export_format_from_name(const char *name, KilnExportFormat *format)
{
    /* Other spellings people use for the same formats. */
    static const struct {
        const char *suffix;
        KilnExportFormat format;
    } aliases[] = {
        {".collapsed", KILN_EXPORT_FOLDED},
        {".txt", KILN_EXPORT_FOLDED},
        {".pprof", KILN_EXPORT_PPROF},
        {".pb", KILN_EXPORT_PPROF},
    };
    g_autofree char *lower = g_ascii_strdown(name, -1);
    for (int f = 0; f < KILN_EXPORT_N_FORMATS; f++)
        if (g_str_has_suffix(lower, formats[f].extension)) {
            *format = (KilnExportFormat)f;
            return TRUE;
        }
    for (gsize i = 0; i < G_N_ELEMENTS(aliases); i++)
        if (g_str_has_suffix(lower, aliases[i].suffix)) {
            *format = aliases[i].format;
            return TRUE;
        }
    return FALSE;
}

const char *kiln_export_format_extension(KilnExportFormat format)
{
    return formats[format].extension;
}

const char *kiln_export_format_name(KilnExportFormat format)
{
    return _(formats[format].name);
}

/* ---- the zoomed profile --------------------------------------------- */

static uint32_t copy_frame(KilnBuilder *b, const KilnProfile *p, uint32_t *frame_map,
                           uint32_t frame)
{
    if (frame_map[frame] != UINT32_MAX)
        return frame_map[frame];
    const KilnFrame *f = &p->frames[frame];
    const char *name = kiln_profile_string(p, f->name);
    const char *module = f->module ? kiln_profile_string(p, f->module) : NULL;
    const char *file = f->file ? kiln_profile_string(p, f->file) : NULL;
    uint32_t id = kiln_builder_frame(b, kiln_builder_intern_name(b, name, strlen(name)),
                                     module ? kiln_builder_intern(b, module, strlen(module)) : 0,
                                     file ? kiln_builder_intern(b, file, strlen(file)) : 0, f->line,
                                     (KilnFrameKind)f->kind);
    frame_map[frame] = id;
    return id;
}

KilnProfile *kiln_export_zoomed_profile(KilnProfile *p, uint32_t zoom)
{
    if (zoom == KILN_ROOT_NODE || zoom >= p->n_nodes)
        return kiln_profile_ref(p);
    g_autoptr(KilnBuilder) b = kiln_builder_new(NULL);
    for (uint32_t t = 0; t < p->n_types; t++)
        kiln_builder_add_sample_type(b, kiln_profile_string(p, p->types[t].name),
                                     kiln_profile_string(p, p->types[t].unit));
    kiln_builder_set_default_sample_type(b, p->default_type);
    if (p->format)
        kiln_builder_set_format(b, p->format);
    for (guint i = 0; p->properties && i < p->properties->len; i++) {
        KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        kiln_builder_set_property(b, prop->key, prop->value);
    }
    if (p->time_end > p->time_start)
        kiln_builder_set_time_range(b, p->time_start, p->time_end);

    uint32_t *frame_map = g_new(uint32_t, MAX(p->n_frames, 1));
    memset(frame_map, 0xff, sizeof(uint32_t) * MAX(p->n_frames, 1));
    /* The path down to the zoomed node, then its subtree in preorder,
     * where every parent comes before its children. */
    uint32_t n_path = 0;
    g_autofree uint32_t *path = kiln_profile_stack(p, zoom, &n_path);
    uint32_t above = KILN_ROOT_NODE;
    for (uint32_t i = 0; i + 1 < n_path; i++)
        above = kiln_builder_child(b, above, copy_frame(b, p, frame_map, path[i]));
    uint32_t size = p->nodes[zoom].size;
    uint32_t *node_map = g_new(uint32_t, size);
    double *values = g_new(double, MAX(p->n_types, 1));
    for (uint32_t k = 0; k < size; k++) {
        uint32_t node = zoom + k;
        uint32_t parent = k == 0 ? above : node_map[p->nodes[node].parent - zoom];
        node_map[k] =
            kiln_builder_child(b, parent, copy_frame(b, p, frame_map, p->nodes[node].frame));
        gboolean any = FALSE;
        for (uint32_t t = 0; t < p->n_types; t++) {
            values[t] = kiln_profile_self(p, t, node);
            any |= values[t] != 0;
        }
        if (any)
            kiln_builder_add_values(b, node_map[k], values);
    }
    g_free(values);
    g_free(node_map);
    g_free(frame_map);
    return kiln_builder_finish(b);
}

/* ---- writing -------------------------------------------------------- */

gboolean kiln_export_write(KilnProfile *profile, const KilnExportOptions *o, FILE *out,
                           GError **error)
{
    g_autoptr(KilnProfile) p = kiln_export_zoomed_profile(profile, o->zoom);
    uint32_t type = o->type < p->n_types ? o->type : p->default_type;
    if (o->format == KILN_EXPORT_FOLDED || o->format == KILN_EXPORT_PPROF) {
        const KilnExporter *e =
            kiln_exporter_find(o->format == KILN_EXPORT_FOLDED ? "folded" : "pprof");
        return e->write(p, type, out, error);
    }
    KilnImageOptions io;
    kiln_image_options_init(&io);
    io.format = o->format == KILN_EXPORT_PNG   ? KILN_IMAGE_PNG
                : o->format == KILN_EXPORT_PDF ? KILN_IMAGE_PDF
                                               : KILN_IMAGE_SVG;
    io.type = type;
    if (o->width > 0)
        io.width = o->width;
    io.icicle = o->icicle;
    io.dark = o->dark;
    io.palette = o->palette;
    io.search = o->search && *o->search ? o->search : NULL;
    io.title = o->title;
    return kiln_image_export(p, &io, out, error);
}

static gboolean cancelled_error(GError **error)
{
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The export was cancelled"));
    return FALSE;
}

gboolean kiln_export_to_path(KilnProfile *profile, const KilnExportOptions *o, const char *path,
                             GCancellable *cancellable, GError **error)
{
    if (g_cancellable_is_cancelled(cancellable))
        return cancelled_error(error);
    KilnAtomicFile *f = kiln_atomic_file_open(path, error);
    if (!f)
        return FALSE;
    FILE *out = kiln_cancellable_stream_new(kiln_atomic_file_stream(f), cancellable);
    if (!out) {
        kiln_atomic_file_abort(f);
        g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, g_strerror(errno));
        return FALSE;
    }
    GError *err = NULL;
    gboolean ok = kiln_export_write(profile, o, out, &err);
    int write_errno = 0;
    if (fflush(out) != 0 || ferror(out))
        write_errno = errno ? errno : EIO;
    fclose(out);
    /* A write refused because of the cancel surfaces as the exporter's
     * I/O error: report the cancel, not "could not write". */
    if (g_cancellable_is_cancelled(cancellable)) {
        g_clear_error(&err);
        kiln_atomic_file_abort(f);
        return cancelled_error(error);
    }
    if (!ok) {
        kiln_atomic_file_abort(f);
        g_propagate_error(error, err);
        return FALSE;
    }
    if (write_errno) {
        kiln_atomic_file_abort(f);
        g_autofree char *shown = g_filename_display_name(path);
        /* Translators: %s is a file name, then why it could not be written */
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(write_errno), _("Cannot write %s: %s"),
                    shown, g_strerror(write_errno));
        return FALSE;
    }
    return kiln_atomic_file_commit(f, error);
}

typedef struct {
    KilnProfile *profile;
    KilnExportOptions options;
    char *path;
} ExportData;

static void export_data_free(gpointer data)
{
    ExportData *d = data;
    kiln_profile_unref(d->profile);
    kiln_export_options_clear(&d->options);
    g_free(d->path);
    g_free(d);
}

static GTask *export_task(KilnProfile *profile, const KilnExportOptions *o, const char *path,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data, gpointer tag)
{
    GTask *task = g_task_new(NULL, cancellable, callback, user_data);
    g_task_set_source_tag(task, tag);
    ExportData *d = g_new0(ExportData, 1);
    d->profile = kiln_profile_ref(profile);
    options_copy(&d->options, o);
    d->path = g_strdup(path);
    g_task_set_task_data(task, d, export_data_free);
    /* The result is for the caller's callback only, even if it was
     * cancelled meanwhile: it says what happened to the file. */
    g_task_set_check_cancellable(task, FALSE);
    return task;
}

static void to_path_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    ExportData *d = data;
    GError *error = NULL;
    if (kiln_export_to_path(d->profile, &d->options, d->path, cancellable, &error))
        g_task_return_boolean(task, TRUE);
    else
        g_task_return_error(task, error);
}

void kiln_export_to_path_async(KilnProfile *profile, const KilnExportOptions *o, const char *path,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
    GTask *task =
        export_task(profile, o, path, cancellable, callback, user_data, kiln_export_to_path_async);
    g_task_run_in_thread(task, to_path_thread);
    g_object_unref(task);
}

gboolean kiln_export_to_path_finish(GAsyncResult *result, GError **error)
{
    return g_task_propagate_boolean(G_TASK(result), error);
}

static void png_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    ExportData *d = data;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    GError *error = NULL;
    KilnExportOptions o = d->options;
    o.format = KILN_EXPORT_PNG;
    gboolean ok = out && kiln_export_write(d->profile, &o, out, &error);
    if (out)
        fclose(out);
    if (!ok) {
        free(buf);
        if (!error)
            g_set_error_literal(&error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, g_strerror(ENOMEM));
        g_task_return_error(task, error);
        return;
    }
    g_task_return_pointer(task, g_bytes_new_with_free_func(buf, len, free, buf),
                          (GDestroyNotify)g_bytes_unref);
}

void kiln_export_png_async(KilnProfile *profile, const KilnExportOptions *o,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
    GTask *task =
        export_task(profile, o, NULL, cancellable, callback, user_data, kiln_export_png_async);
    g_task_run_in_thread(task, png_thread);
    g_object_unref(task);
}

GBytes *kiln_export_png_finish(GAsyncResult *result, GError **error)
{
    return g_task_propagate_pointer(G_TASK(result), error);
}
