/* kiln-export-dialog.h — KilnExportDialog: the window's Export… and Copy
 * Image. Asks for a file with GtkFileChooserNative (the format comes from
 * the chosen filter or the name's extension), gathers what the current
 * graph shows into KilnExportOptions and writes on a worker, so the window
 * stays responsive; reports through the window's toasts. One per window. */
#pragma once

#include <gtk/gtk.h>

#include "kiln-export.h"
#include "kiln-profile-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_EXPORT_DIALOG (kiln_export_dialog_get_type())
G_DECLARE_FINAL_TYPE(KilnExportDialog, kiln_export_dialog, KILN, EXPORT_DIALOG, GObject)

/* `window` is a KilnWindow, not referenced (it owns the dialog). */
KilnExportDialog *kiln_export_dialog_new(GtkWindow *window);

/* What `page`'s graph shows: its profile's zoom, sample type, orientation,
 * colours and search. */
void kiln_export_dialog_options(KilnProfilePage *page, KilnPaletteKind palette,
                                KilnExportOptions *options);

void kiln_export_dialog_show(KilnExportDialog *self, KilnProfilePage *page,
                             KilnPaletteKind palette);
/* What the dialog does with the chosen file: `format` < 0 takes it from
 * the name's extension (SVG when it has none). */
void kiln_export_dialog_save(KilnExportDialog *self, KilnProfilePage *page, KilnPaletteKind palette,
                             GFile *file, int format);
void kiln_export_dialog_copy_image(KilnExportDialog *self, KilnProfilePage *page,
                                   KilnPaletteKind palette);
/* Stops the running export; its file is not written. */
void kiln_export_dialog_cancel(KilnExportDialog *self);
/* Exports and copies still running (tests wait for 0). */
guint kiln_export_dialog_get_n_running(KilnExportDialog *self);

G_END_DECLS
