/* kiln-window.h — KilnWindow: the main window, one tab per profile. */
#pragma once

#include <adwaita.h>

#include "kiln-export-dialog.h"
#include "kiln-profile-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_WINDOW (kiln_window_get_type())
G_DECLARE_FINAL_TYPE(KilnWindow, kiln_window, KILN, WINDOW, AdwApplicationWindow)

KilnWindow *kiln_window_new(GtkApplication *app);

/* Opens `file` in a new tab and selects it; a file already open only has
 * its tab selected. A folder or a pipe opens no tab (NULL): a toast says
 * what to do instead. */
KilnProfilePage *kiln_window_open(KilnWindow *self, GFile *file);
/* A tab comparing two files: AFTER's shape coloured by the change from
 * BEFORE (`kiln --compare BEFORE AFTER`). */
KilnProfilePage *kiln_window_open_comparison(KilnWindow *self, GFile *before, GFile *after);
/* The Open dialog (GtkFileChooserNative). */
void kiln_window_show_open_dialog(KilnWindow *self);

AdwTabView *kiln_window_get_tab_view(KilnWindow *self);
guint kiln_window_get_n_pages(KilnWindow *self);
KilnProfilePage *kiln_window_get_page(KilnWindow *self, guint index);
KilnProfilePage *kiln_window_get_current_page(KilnWindow *self);
/* Shows a transient message at the bottom of the window. */
void kiln_window_toast(KilnWindow *self, const char *message);
/* Likewise, with a button that activates `action` ("win.cancel-export"). */
void kiln_window_toast_with_button(KilnWindow *self, const char *message, const char *button,
                                   const char *action);
/* The last toast's text (for tests), or NULL. */
const char *kiln_window_get_last_toast(KilnWindow *self);
/* The markup title of the toast on screen (NULL when none), for tests. */
const char *kiln_window_get_toast_title(KilnWindow *self);

KilnPaletteKind kiln_window_get_palette(KilnWindow *self);
KilnExportDialog *kiln_window_get_export_dialog(KilnWindow *self);

G_END_DECLS
