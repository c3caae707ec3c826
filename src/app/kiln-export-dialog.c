#include "kiln-export-dialog.h"

#include <glib/gi18n.h>

#include "kiln-window.h"

struct _KilnExportDialog {
    GObject parent_instance;
    GtkWindow *window; /* weak */
    GtkFileChooserNative *chooser;
    KilnProfilePage *page; /* weak: the page the chooser was opened for */
    KilnPaletteKind palette;
    GCancellable *cancellable;    /* of the exports running now */
    KilnExportFormat last_format; /* offered first next time */
    guint n_running;
};

G_DEFINE_FINAL_TYPE(KilnExportDialog, kiln_export_dialog, G_TYPE_OBJECT)

static void kiln_export_dialog_dispose(GObject *object)
{
    KilnExportDialog *self = KILN_EXPORT_DIALOG(object);
    if (self->chooser) {
        gtk_native_dialog_destroy(GTK_NATIVE_DIALOG(self->chooser));
        g_clear_object(&self->chooser);
    }
    /* Running exports finish on their own and only drop their result. */
    if (self->cancellable)
        g_cancellable_cancel(self->cancellable);
    g_clear_object(&self->cancellable);
    g_clear_weak_pointer(&self->window);
    g_clear_weak_pointer(&self->page);
    G_OBJECT_CLASS(kiln_export_dialog_parent_class)->dispose(object);
}

static void kiln_export_dialog_class_init(KilnExportDialogClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = kiln_export_dialog_dispose;
}

static void kiln_export_dialog_init(KilnExportDialog *self) {}

KilnExportDialog *kiln_export_dialog_new(GtkWindow *window)
{
    KilnExportDialog *self = g_object_new(KILN_TYPE_EXPORT_DIALOG, NULL);
    g_set_weak_pointer(&self->window, window);
    return self;
}

void kiln_export_dialog_options(KilnProfilePage *page, KilnPaletteKind palette,
                                KilnExportOptions *o)
{
    KilnFlameView *view = kiln_profile_page_get_flame_view(page);
    kiln_export_options_init(o);
    o->type = kiln_flame_view_get_sample_type(view);
    o->zoom = kiln_flame_view_get_zoom(view);
    o->icicle = kiln_flame_view_get_icicle(view);
    o->dark = kiln_flame_view_get_dark(view);
    o->palette = palette;
    o->search = g_strdup(kiln_flame_view_get_search_text(view));
    /* What is on screen, at least as wide as kiln-cli's default. */
    o->width = MAX(gtk_widget_get_width(GTK_WIDGET(view)), 1200);
}

/* What the graph shows: the document's profile through its transforms. */
static KilnProfile *view_profile(KilnProfilePage *page)
{
    return kiln_flame_view_get_profile(kiln_profile_page_get_flame_view(page));
}

static void toast(KilnExportDialog *self, const char *message)
{
    if (self->window)
        kiln_window_toast(KILN_WINDOW(self->window), message);
}

/* ---- saving --------------------------------------------------------- */

typedef struct {
    KilnExportDialog *self;
    char *name;
    guint progress_toast; /* source: "Exporting…" for slow exports */
} SaveData;

/* Only an export that takes a while gets a toast with Cancel: a quick one
 * would flash it just before "Exported". */
static gboolean show_progress(gpointer data)
{
    SaveData *d = data;
    d->progress_toast = 0;
    /* Translators: %s is a file name */
    g_autofree char *msg = g_strdup_printf(_("Exporting %s…"), d->name);
    if (d->self->window)
        kiln_window_toast_with_button(KILN_WINDOW(d->self->window), msg, _("Cancel"),
                                      "win.cancel-export");
    return G_SOURCE_REMOVE;
}

static void saved(GObject *source, GAsyncResult *result, gpointer data)
{
    SaveData *d = data;
    KilnExportDialog *self = d->self;
    g_autoptr(GError) error = NULL;
    self->n_running--;
    g_clear_handle_id(&d->progress_toast, g_source_remove);
    if (kiln_export_to_path_finish(result, &error)) {
        /* Translators: %s is a file name */
        g_autofree char *msg = g_strdup_printf(_("Exported %s"), d->name);
        toast(self, msg);
    } else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        /* Translators: %s is a file name */
        g_autofree char *msg = g_strdup_printf(_("Export cancelled: %s was not written"), d->name);
        toast(self, msg);
    } else {
        /* Translators: %s says why, e.g. “Cannot write /x/y.svg: No space left on device” */
        g_autofree char *msg = g_strdup_printf(_("Could not export: %s"), error->message);
        toast(self, msg);
    }
    g_free(d->name);
    g_free(d);
    g_object_unref(self);
}

static GCancellable *running_cancellable(KilnExportDialog *self)
{
    if (!self->cancellable || g_cancellable_is_cancelled(self->cancellable)) {
        g_clear_object(&self->cancellable);
        self->cancellable = g_cancellable_new();
    }
    return self->cancellable;
}

void kiln_export_dialog_save(KilnExportDialog *self, KilnProfilePage *page, KilnPaletteKind palette,
                             GFile *file, int format)
{
    KilnProfile *profile = page ? view_profile(page) : NULL;
    g_autofree char *path = g_file_get_path(file);
    if (!profile)
        return;
    if (!path) {
        toast(self, _("Could not export: choose a folder on this computer"));
        return;
    }
    KilnExportFormat f = KILN_EXPORT_SVG;
    if (format >= 0 && format < KILN_EXPORT_N_FORMATS)
        f = (KilnExportFormat)format;
    else
        kiln_export_format_from_name(path, &f);
    KilnExportOptions o;
    kiln_export_dialog_options(page, palette, &o);
    o.format = f;
    self->last_format = f;
    SaveData *d = g_new0(SaveData, 1);
    d->self = g_object_ref(self);
    d->name = g_file_get_basename(file);
    self->n_running++;
    d->progress_toast = g_timeout_add(400, show_progress, d);
    kiln_export_to_path_async(profile, &o, path, running_cancellable(self), saved, d);
    kiln_export_options_clear(&o);
}

static void chooser_response(GtkNativeDialog *dialog, int response, KilnExportDialog *self)
{
    g_autoptr(GFile) file = NULL;
    int format = -1;
    if (response == GTK_RESPONSE_ACCEPT)
        file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    if (file) {
        /* The extension decides; a name without one gets the chosen
         * filter's format and extension. */
        g_autofree char *name = g_file_get_basename(file);
        KilnExportFormat by_name;
        GtkFileFilter *filter = gtk_file_chooser_get_filter(GTK_FILE_CHOOSER(dialog));
        if (!kiln_export_format_from_name(name, &by_name) && filter) {
            format = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(filter), "kiln-format")) - 1;
            if (format >= 0) {
                g_autoptr(GFile) parent = g_file_get_parent(file);
                g_autofree char *full =
                    g_strconcat(name, kiln_export_format_extension(format), NULL);
                g_object_unref(file);
                file = g_file_get_child(parent, full);
            }
        }
        if (self->page)
            kiln_export_dialog_save(self, self->page, self->palette, file, format);
    }
    g_clear_weak_pointer(&self->page);
    gtk_native_dialog_destroy(GTK_NATIVE_DIALOG(self->chooser));
    g_clear_object(&self->chooser);
}

/* "cpu.pb.gz" → "cpu"; a name that is only an extension stays whole. */
static char *stem(const char *title)
{
    const char *dot = strchr(title, '.');
    return dot && dot > title ? g_strndup(title, (gsize)(dot - title)) : g_strdup(title);
}

void kiln_export_dialog_show(KilnExportDialog *self, KilnProfilePage *page, KilnPaletteKind palette)
{
    if (self->chooser || !page || !view_profile(page))
        return;
    g_set_weak_pointer(&self->page, page);
    self->palette = palette;
    self->chooser = gtk_file_chooser_native_new(
        _("Export Graph"), self->window, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
    GtkFileChooser *fc = GTK_FILE_CHOOSER(self->chooser);
    for (int f = 0; f < KILN_EXPORT_N_FORMATS; f++) {
        GtkFileFilter *filter = gtk_file_filter_new();
        const char *ext = kiln_export_format_extension(f);
        g_autofree char *label = g_strdup_printf("%s (%s)", kiln_export_format_name(f), ext);
        gtk_file_filter_set_name(filter, label);
        g_autofree char *pattern = g_strconcat("*", ext, NULL);
        gtk_file_filter_add_pattern(filter, pattern);
        g_object_set_data(G_OBJECT(filter), "kiln-format", GINT_TO_POINTER(f + 1));
        gtk_file_chooser_add_filter(fc, filter);
        if ((KilnExportFormat)f == self->last_format)
            gtk_file_chooser_set_filter(fc, filter);
        g_object_unref(filter);
    }
    g_autofree char *base = stem(kiln_profile_page_get_title(page));
    g_autofree char *name =
        g_strconcat(base, kiln_export_format_extension(self->last_format), NULL);
    gtk_file_chooser_set_current_name(fc, name);
    /* Beside the profile, where its images usually belong. */
    g_autoptr(GFile) folder = g_file_get_parent(kiln_profile_page_get_file(page));
    if (folder)
        gtk_file_chooser_set_current_folder(fc, folder, NULL);
    g_signal_connect(self->chooser, "response", G_CALLBACK(chooser_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(self->chooser));
}

void kiln_export_dialog_cancel(KilnExportDialog *self)
{
    if (self->cancellable)
        g_cancellable_cancel(self->cancellable);
}

guint kiln_export_dialog_get_n_running(KilnExportDialog *self)
{
    return self->n_running;
}

/* ---- Copy Image ----------------------------------------------------- */

static void png_ready(GObject *source, GAsyncResult *result, gpointer data)
{
    KilnExportDialog *self = data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) png = kiln_export_png_finish(result, &error);
    self->n_running--;
    g_autoptr(GdkTexture) texture = png ? gdk_texture_new_from_bytes(png, &error) : NULL;
    if (texture && self->window) {
        gdk_clipboard_set_texture(gtk_widget_get_clipboard(GTK_WIDGET(self->window)), texture);
        toast(self, _("Image copied"));
    } else if (error && !g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        /* Translators: %s says why */
        g_autofree char *msg = g_strdup_printf(_("Could not copy the image: %s"), error->message);
        toast(self, msg);
    }
    g_object_unref(self);
}

void kiln_export_dialog_copy_image(KilnExportDialog *self, KilnProfilePage *page,
                                   KilnPaletteKind palette)
{
    KilnProfile *profile = page ? view_profile(page) : NULL;
    if (!profile)
        return;
    KilnExportOptions o;
    kiln_export_dialog_options(page, palette, &o);
    o.format = KILN_EXPORT_PNG;
    self->n_running++;
    kiln_export_png_async(profile, &o, running_cancellable(self), png_ready, g_object_ref(self));
    kiln_export_options_clear(&o);
}
