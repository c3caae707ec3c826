/* kiln-export.h — KilnExportOptions: writing what a graph shows (its
 * profile, zoom, sample type, colours and search highlight) as SVG, PNG,
 * PDF, folded stacks or pprof, for the window's Export… and Copy Image.
 *
 * No GTK here: the window gathers the options from the view and runs the
 * write on a worker; files are written through KilnAtomicFile, so they
 * appear whole or not at all. */
#pragma once

#include <gio/gio.h>
#include <stdio.h>

#include "core/kiln-profile.h"
#include "render/kiln-palette.h"

G_BEGIN_DECLS

typedef enum {
    KILN_EXPORT_SVG,
    KILN_EXPORT_PNG,
    KILN_EXPORT_PDF,
    KILN_EXPORT_FOLDED,
    KILN_EXPORT_PPROF,
    KILN_EXPORT_N_FORMATS
} KilnExportFormat;

typedef struct {
    KilnExportFormat format;
    uint32_t type;
    /* The node drawn across the full width; exports keep only the stacks
     * through it, as the zoomed graph does. */
    uint32_t zoom;
    gboolean icicle;
    gboolean dark;
    KilnPaletteKind palette;
    char *search; /* highlighted pattern, or NULL */
    char *title;  /* image title, or NULL for the default */
    int width;    /* image width in pixels; 0: 1200 */
} KilnExportOptions;

void kiln_export_options_init(KilnExportOptions *options);
void kiln_export_options_clear(KilnExportOptions *options);

/* The format a file name's extension asks for (".svg", ".folded", ".pb.gz"…). */
gboolean kiln_export_format_from_name(const char *name, KilnExportFormat *format);
/* ".svg", ".png", ".pdf", ".folded", ".pb.gz". */
const char *kiln_export_format_extension(KilnExportFormat format);
/* A name for the file chooser's filter ("SVG Image"), translated. */
const char *kiln_export_format_name(KilnExportFormat format);

/* A new profile holding only the stacks through `zoom` (its ancestors and
 * its subtree), with the same sample types and properties; for
 * KILN_ROOT_NODE a new reference to `profile` itself. */
KilnProfile *kiln_export_zoomed_profile(KilnProfile *profile, uint32_t zoom);

/* Writes the export to `out`. */
gboolean kiln_export_write(KilnProfile *profile, const KilnExportOptions *options, FILE *out,
                           GError **error);
/* Writes it to `path` atomically; G_IO_ERROR_CANCELLED when cancelled. */
gboolean kiln_export_to_path(KilnProfile *profile, const KilnExportOptions *options,
                             const char *path, GCancellable *cancellable, GError **error);
/* The same on a worker; `options` is copied. */
void kiln_export_to_path_async(KilnProfile *profile, const KilnExportOptions *options,
                               const char *path, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
gboolean kiln_export_to_path_finish(GAsyncResult *result, GError **error);
/* PNG bytes in memory (Copy Image), on a worker. */
void kiln_export_png_async(KilnProfile *profile, const KilnExportOptions *options,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data);
GBytes *kiln_export_png_finish(GAsyncResult *result, GError **error);

G_END_DECLS
