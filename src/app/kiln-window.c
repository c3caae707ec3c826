#include "kiln-window.h"
#include "formats/kiln-url.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kiln-export-dialog.h"
#include "kiln-legend.h"
#include "kiln-settings.h"

#define MAX_RECENT 8

struct _KilnWindow {
    AdwApplicationWindow parent_instance;
    AdwToastOverlay *toast_overlay;
    AdwWindowTitle *title_widget;
    GtkStack *main_stack;
    AdwTabView *tab_view;
    GtkListBox *recent_list;
    AdwStatusPage *empty_page;
    GtkWidget *recent_group;
    GtkFileChooserNative *chooser;
    char *palette;
    gboolean icicle;
    char *last_toast;
    AdwToast *toast; /* weak: the one on screen */
    KilnExportDialog *exporter;
    GtkMenuButton *legend_button;
    KilnLegend *legend;
};

G_DEFINE_FINAL_TYPE(KilnWindow, kiln_window, ADW_TYPE_APPLICATION_WINDOW)

/* A toast that timed out or was closed is still animating away: it must
 * be neither dismissed again nor reused (libadwaita 1.2 would free it
 * twice), so the window forgets it as soon as it is dismissed. */
static void toast_dismissed(AdwToast *toast, KilnWindow *self)
{
    if (self->toast == toast)
        g_clear_weak_pointer(&self->toast);
}

static void show_toast(KilnWindow *self, const char *message, const char *button,
                       const char *action, GVariant *target)
{
    g_free(self->last_toast);
    self->last_toast = g_strdup(message);
    /* libadwaita 1.2 always parses toast titles as Pango markup, and file
     * names and importer messages may hold '&' or '<'. */
    g_autofree char *escaped = g_markup_escape_text(message, -1);
    /* A plain toast on screen takes the new text in place: dismissing
     * toasts in quick succession (one export after another) can crash
     * libadwaita 1.2's hide animation. */
    if (self->toast && !button && !adw_toast_get_button_label(self->toast)) {
        adw_toast_set_title(self->toast, escaped);
        return;
    }
    /* Toasts queue one after another; news about the file just opened
     * should not wait behind the previous file's, so it replaces it. */
    if (self->toast)
        adw_toast_dismiss(self->toast);
    AdwToast *toast = adw_toast_new(escaped);
    adw_toast_set_timeout(toast, 6);
    if (button) {
        adw_toast_set_button_label(toast, button);
        adw_toast_set_action_name(toast, action);
        if (target)
            adw_toast_set_action_target_value(toast, target);
    }
    g_set_weak_pointer(&self->toast, toast);
    g_signal_connect_object(toast, "dismissed", G_CALLBACK(toast_dismissed), self, 0);
    adw_toast_overlay_add_toast(self->toast_overlay, toast);
}

void kiln_window_toast(KilnWindow *self, const char *message)
{
    show_toast(self, message, NULL, NULL, NULL);
}

void kiln_window_toast_with_button(KilnWindow *self, const char *message, const char *button,
                                   const char *action)
{
    show_toast(self, message, button, action, NULL);
}

const char *kiln_window_get_toast_title(KilnWindow *self)
{
    return self->toast ? adw_toast_get_title(self->toast) : NULL;
}

const char *kiln_window_get_last_toast(KilnWindow *self)
{
    return self->last_toast;
}

/* ---- recent files --------------------------------------------------- */

static gint by_modified(gconstpointer a, gconstpointer b)
{
    GDateTime *ma = gtk_recent_info_get_modified(*(GtkRecentInfo **)a);
    GDateTime *mb = gtk_recent_info_get_modified(*(GtkRecentInfo **)b);
    return -g_date_time_compare(ma, mb);
}

static void recent_activated(GtkListBox *list, GtkListBoxRow *row, KilnWindow *self)
{
    const char *uri = g_object_get_data(G_OBJECT(row), "kiln-uri");
    g_autoptr(GFile) file = g_file_new_for_uri(uri);
    kiln_window_open(self, file);
}

static void fill_recent(KilnWindow *self)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->recent_list))))
        gtk_list_box_remove(self->recent_list, child);
    GList *items = gtk_recent_manager_get_items(gtk_recent_manager_get_default());
    GPtrArray *mine = g_ptr_array_new();
    for (GList *l = items; l; l = l->next)
        if (gtk_recent_info_has_application(l->data, "kiln") && gtk_recent_info_exists(l->data))
            g_ptr_array_add(mine, l->data);
    g_ptr_array_sort(mine, by_modified);
    for (guint i = 0; i < mine->len && i < MAX_RECENT; i++) {
        GtkRecentInfo *info = mine->pdata[i];
        GtkWidget *row = adw_action_row_new();
        /* Rows take markup in libadwaita 1.2: escape file names. */
        g_autofree char *title = g_markup_escape_text(gtk_recent_info_get_display_name(info), -1);
        adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), title);
        g_autofree char *where = gtk_recent_info_get_uri_display(info);
        if (where) {
            g_autofree char *sub = g_markup_escape_text(where, -1);
            adw_action_row_set_subtitle(ADW_ACTION_ROW(row), sub);
        }
        gtk_list_box_row_set_activatable(GTK_LIST_BOX_ROW(row), TRUE);
        adw_action_row_add_suffix(ADW_ACTION_ROW(row), gtk_image_new_from_icon_name("go-next-symbolic"));
        g_object_set_data_full(G_OBJECT(row), "kiln-uri", g_strdup(gtk_recent_info_get_uri(info)), g_free);
        gtk_list_box_append(self->recent_list, row);
    }
    gtk_widget_set_visible(self->recent_group, mine->len > 0);
    g_ptr_array_unref(mine);
    g_list_free_full(items, (GDestroyNotify)gtk_recent_info_unref);
}

static void add_recent(GFile *file)
{
    g_autofree char *uri = g_file_get_uri(file);
    g_autofree char *name = g_file_get_basename(file);
    GtkRecentData data = {
        .display_name = name,
        .mime_type = (char *)"application/octet-stream",
        .app_name = (char *)"kiln",
        .app_exec = (char *)"kiln %u",
    };
    gtk_recent_manager_add_full(gtk_recent_manager_get_default(), uri, &data);
}

/* ---- tabs ----------------------------------------------------------- */

/* Export and Copy Image need a loaded graph in the current tab. */
static void update_actions(KilnWindow *self)
{
    KilnProfilePage *page = kiln_window_get_current_page(self);
    gboolean loaded = page && kiln_profile_page_get_state(page) == KILN_PAGE_LOADED;
    static const char *const names[] = {"export", "copy-image"};
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
        g_simple_action_set_enabled(
            G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(self), names[i])), loaded);
    gtk_widget_set_visible(GTK_WIDGET(self->legend_button), page != NULL);
}

static void update_title(KilnWindow *self)
{
    KilnProfilePage *page = kiln_window_get_current_page(self);
    update_actions(self);
    gtk_stack_set_visible_child_name(self->main_stack, page ? "tabs" : "empty");
    adw_window_title_set_subtitle(self->title_widget, page ? kiln_profile_page_get_title(page) : "");
    if (!page)
        fill_recent(self);
}

static void page_state_changed(KilnProfilePage *page, GParamSpec *pspec, KilnWindow *self)
{
    KilnPageState state = kiln_profile_page_get_state(page);
    const char *title = kiln_profile_page_get_title(page);
    update_actions(self);
    if (state == KILN_PAGE_LOADED) {
        /* Warnings are the page's banner: a toast would cover the graph's
         * bottom rows and say it twice. */
        add_recent(kiln_profile_page_get_file(page));
    } else if (state == KILN_PAGE_FAILED) {
        /* The importer's whole message is on the tab's error page; a toast
         * only has room for which file failed. */
        g_autofree char *msg = g_strdup_printf(_("Could not open %s"), title);
        kiln_window_toast(self, msg);
    }
}

static void page_close_requested(KilnProfilePage *page, KilnWindow *self)
{
    AdwTabPage *tp = adw_tab_view_get_page(self->tab_view, GTK_WIDGET(page));
    if (tp)
        adw_tab_view_close_page(self->tab_view, tp);
}

static void icicle_changed(KilnFlameView *view, GParamSpec *pspec, KilnWindow *self)
{
    self->icicle = kiln_flame_view_get_icicle(view);
    kiln_settings_set_string("graph-mode", self->icicle ? "icicle" : "flame");
}

static void show_open_dialog(KilnWindow *self, GFile *folder);

/* The loader refuses anything but a regular file, with advice for
 * kiln-cli; in the window, say what to do here instead. */
static gboolean refuse_special(KilnWindow *self, GFile *file)
{
    GFileType type = g_file_query_file_type(file, G_FILE_QUERY_INFO_NONE, NULL);
    if (type != G_FILE_TYPE_DIRECTORY && type != G_FILE_TYPE_SPECIAL)
        return FALSE;
    g_autofree char *name = g_file_get_basename(file);
    if (type == G_FILE_TYPE_DIRECTORY) {
        g_autofree char *msg = g_strdup_printf(
            /* Translators: %s is a folder's name */
            _("“%s” is a folder: open one of the profiles in it, or drop the file itself here"),
            name);
        g_autofree char *uri = g_file_get_uri(file);
        show_toast(self, msg, _("Open…"), "win.open-folder", g_variant_new_string(uri));
    } else {
        g_autofree char *msg = g_strdup_printf(
            /* Translators: %s is a file name */
            _("“%s” is a pipe or a device, not a file: save its data to a file, then open that"),
            name);
        kiln_window_toast(self, msg);
    }
    return TRUE;
}

/* A tab for `doc`, loading; `file` names it in the tab's tooltip. */
static KilnProfilePage *add_page(KilnWindow *self, KilnDocument *doc, GFile *file)
{
    KilnProfilePage *page = kiln_profile_page_new(doc);
    kiln_profile_page_set_icicle(page, self->icicle);
    kiln_profile_page_set_palette(page, self->palette);
    g_signal_connect(page, "notify::state", G_CALLBACK(page_state_changed), self);
    g_signal_connect(page, "close-requested", G_CALLBACK(page_close_requested), self);
    g_signal_connect(kiln_profile_page_get_flame_view(page), "notify::icicle",
                     G_CALLBACK(icicle_changed), self);
    AdwTabPage *tp = adw_tab_view_append(self->tab_view, GTK_WIDGET(page));
    adw_tab_page_set_title(tp, kiln_profile_page_get_title(page));
    g_autofree char *where = g_file_get_parse_name(file);
    g_autofree char *tip = g_markup_escape_text(where, -1); /* tooltips are markup */
    adw_tab_page_set_tooltip(tp, tip);
    g_object_bind_property(page, "loading", tp, "loading", G_BINDING_SYNC_CREATE);
    adw_tab_view_set_selected_page(self->tab_view, tp);
    /* A file that failed before loading started reports no state change. */
    if (kiln_profile_page_get_state(page) == KILN_PAGE_FAILED)
        page_state_changed(page, NULL, self);
    /* Loading starts once the window watches the page's state. */
    kiln_document_load(doc);
    update_title(self);
    return page;
}

KilnProfilePage *kiln_window_open(KilnWindow *self, GFile *file)
{
    if (refuse_special(self, file))
        return NULL;
    guint n = kiln_window_get_n_pages(self);
    for (guint i = 0; i < n; i++) {
        KilnProfilePage *page = kiln_window_get_page(self, i);
        GFile *shown = kiln_profile_page_get_file(page); /* NULL for a URL */
        if (shown && g_file_equal(shown, file) &&
            kiln_profile_page_get_state(page) != KILN_PAGE_FAILED &&
            kiln_profile_page_get_state(page) != KILN_PAGE_CANCELLED) {
            adw_tab_view_set_selected_page(self->tab_view, adw_tab_view_get_nth_page(self->tab_view, i));
            return page;
        }
    }
    g_autofree char *uri = g_file_get_uri(file);
    g_autoptr(KilnDocument) doc =
        kiln_is_url(uri) ? kiln_document_new_for_url(uri) : kiln_document_new_for_file(file);
    return add_page(self, doc, file);
}

KilnProfilePage *kiln_window_open_comparison(KilnWindow *self, GFile *before, GFile *after)
{
    if (refuse_special(self, before) || refuse_special(self, after))
        return NULL;
    g_autoptr(KilnDocument) doc = kiln_document_new_for_comparison(before, after);
    return add_page(self, doc, after);
}

AdwTabView *kiln_window_get_tab_view(KilnWindow *self)
{
    return self->tab_view;
}

guint kiln_window_get_n_pages(KilnWindow *self)
{
    return (guint)adw_tab_view_get_n_pages(self->tab_view);
}

KilnProfilePage *kiln_window_get_page(KilnWindow *self, guint index)
{
    if (index >= kiln_window_get_n_pages(self))
        return NULL;
    return KILN_PROFILE_PAGE(adw_tab_page_get_child(adw_tab_view_get_nth_page(self->tab_view, index)));
}

KilnProfilePage *kiln_window_get_current_page(KilnWindow *self)
{
    AdwTabPage *tp = adw_tab_view_get_selected_page(self->tab_view);
    return tp ? KILN_PROFILE_PAGE(adw_tab_page_get_child(tp)) : NULL;
}

/* ---- open dialog, drag and drop ------------------------------------- */

static void chooser_response(GtkNativeDialog *dialog, int response, KilnWindow *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        GListModel *files = gtk_file_chooser_get_files(GTK_FILE_CHOOSER(dialog));
        for (guint i = 0; i < g_list_model_get_n_items(files); i++) {
            g_autoptr(GFile) f = g_list_model_get_item(files, i);
            kiln_window_open(self, f);
        }
        g_object_unref(files);
    }
    g_clear_object(&self->chooser);
}

void kiln_window_show_open_dialog(KilnWindow *self)
{
    show_open_dialog(self, NULL);
}

static void show_open_dialog(KilnWindow *self, GFile *folder)
{
    if (self->chooser)
        return;
    self->chooser = gtk_file_chooser_native_new(_("Open Profile"), GTK_WINDOW(self),
                                                GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                                _("_Cancel"));
    gtk_file_chooser_set_select_multiple(GTK_FILE_CHOOSER(self->chooser), TRUE);
    /* Formats are sniffed from content, so the filter only orders the
     * choices; "All files" stays available for odd extensions. */
    GtkFileFilter *profiles = gtk_file_filter_new();
    gtk_file_filter_set_name(profiles, _("Profiles"));
    const char *const patterns[] = {"*.pb", "*.pb.gz", "*.pprof", "*.prof", "*.data", "perf.data*",
                                    "*.perf", "*.txt", "*.folded", "*.collapsed", "*.gz", NULL};
    for (const char *const *p = patterns; *p; p++)
        gtk_file_filter_add_pattern(profiles, *p);
    gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(self->chooser), profiles);
    g_object_unref(profiles);
    GtkFileFilter *all = gtk_file_filter_new();
    gtk_file_filter_set_name(all, _("All Files"));
    gtk_file_filter_add_pattern(all, "*");
    gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(self->chooser), all);
    g_object_unref(all);
    if (folder)
        gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(self->chooser), folder, NULL);
    g_signal_connect(self->chooser, "response", G_CALLBACK(chooser_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(self->chooser));
}

static gboolean on_drop(GtkDropTarget *target, const GValue *value, double x, double y,
                        KilnWindow *self)
{
    if (!G_VALUE_HOLDS(value, GDK_TYPE_FILE_LIST))
        return FALSE;
    GSList *files = g_value_get_boxed(value);
    for (GSList *l = files; l; l = l->next)
        kiln_window_open(self, l->data);
    return files != NULL;
}

/* ---- actions -------------------------------------------------------- */

static void act_open(GSimpleAction *a, GVariant *p, gpointer data)
{
    kiln_window_show_open_dialog(data);
}

static void act_open_folder(GSimpleAction *a, GVariant *p, gpointer data)
{
    g_autoptr(GFile) folder = g_file_new_for_uri(g_variant_get_string(p, NULL));
    show_open_dialog(data, folder);
}

static void act_export(GSimpleAction *a, GVariant *p, gpointer data)
{
    KilnWindow *self = data;
    kiln_export_dialog_show(self->exporter, kiln_window_get_current_page(self),
                            kiln_window_get_palette(self));
}

static void act_copy_image(GSimpleAction *a, GVariant *p, gpointer data)
{
    KilnWindow *self = data;
    kiln_export_dialog_copy_image(self->exporter, kiln_window_get_current_page(self),
                                  kiln_window_get_palette(self));
}

static void act_cancel_export(GSimpleAction *a, GVariant *p, gpointer data)
{
    kiln_export_dialog_cancel(KILN_WINDOW(data)->exporter);
}

static void act_close_tab(GSimpleAction *a, GVariant *p, gpointer data)
{
    KilnWindow *self = data;
    AdwTabPage *tp = adw_tab_view_get_selected_page(self->tab_view);
    if (tp)
        adw_tab_view_close_page(self->tab_view, tp);
    else
        gtk_window_close(GTK_WINDOW(self));
}

static void act_find(GSimpleAction *a, GVariant *p, gpointer data)
{
    KilnProfilePage *page = kiln_window_get_current_page(data);
    if (page)
        kiln_profile_page_start_search(page);
}

static void act_palette(GSimpleAction *a, GVariant *value, gpointer data)
{
    KilnWindow *self = data;
    const char *palette = g_variant_get_string(value, NULL);
    bool ok = false;
    kiln_palette_from_string(palette, &ok);
    if (!ok)
        return;
    g_simple_action_set_state(a, value);
    g_free(self->palette);
    self->palette = g_strdup(palette);
    for (guint i = 0; i < kiln_window_get_n_pages(self); i++)
        kiln_profile_page_set_palette(kiln_window_get_page(self, i), palette);
    kiln_legend_set_palette(self->legend, kiln_window_get_palette(self));
    kiln_settings_set_string("palette", palette);
}

/* ---- window-wide keys ----------------------------------------------- */

/* Home, Backspace and Esc act on the current graph wherever the focus is
 * (a toolbar button just clicked, the tab bar), not only when the graph
 * itself has it. */

static KilnFlameView *current_graph(KilnWindow *self)
{
    KilnProfilePage *page = kiln_window_get_current_page(self);
    if (!page || kiln_profile_page_get_state(page) != KILN_PAGE_LOADED)
        return NULL;
    return kiln_profile_page_get_flame_view(page);
}

static void act_reset_zoom(GSimpleAction *a, GVariant *p, gpointer data)
{
    KilnFlameView *view = current_graph(data);
    if (view)
        kiln_flame_view_reset(view);
}

static void act_back(GSimpleAction *a, GVariant *p, gpointer data)
{
    KilnFlameView *view = current_graph(data);
    if (view)
        kiln_flame_view_go_back(view);
}

/* Esc: in the page's search entry it first clears the search, then closes
 * the search bar (which returns the focus to the graph); elsewhere it
 * resets the zoom. Other text fields keep Esc for themselves. */
static gboolean on_escape(GtkWidget *widget, GVariant *args, gpointer data)
{
    KilnWindow *self = KILN_WINDOW(widget);
    KilnProfilePage *page = kiln_window_get_current_page(self);
    GtkWidget *focus = gtk_root_get_focus(GTK_ROOT(self));
    GtkWidget *entry = focus ? gtk_widget_get_ancestor(focus, GTK_TYPE_SEARCH_ENTRY) : NULL;
    if (entry && page && gtk_widget_is_ancestor(entry, GTK_WIDGET(page))) {
        const char *text = gtk_editable_get_text(GTK_EDITABLE(entry));
        if (text && *text)
            kiln_profile_page_set_search(page, "");
        else
            kiln_profile_page_stop_search(page);
        return TRUE;
    }
    if (focus && (GTK_IS_EDITABLE(focus) || gtk_widget_get_ancestor(focus, GTK_TYPE_EDITABLE)))
        return FALSE;
    KilnFlameView *view = current_graph(self);
    if (!view)
        return FALSE;
    kiln_flame_view_reset(view);
    return TRUE;
}

static void add_key(GtkShortcutController *c, guint key, GdkModifierType mods,
                    GtkShortcutAction *action)
{
    gtk_shortcut_controller_add_shortcut(c, gtk_shortcut_new(gtk_keyval_trigger_new(key, mods),
                                                             action));
}

static void init_keys(KilnWindow *self)
{
    /* Esc in the capture phase, before the search entry's own binding
     * (which only emits stop-search and leaves the text). */
    GtkEventController *capture = gtk_shortcut_controller_new();
    gtk_event_controller_set_name(capture, "kiln-window-escape");
    gtk_event_controller_set_propagation_phase(capture, GTK_PHASE_CAPTURE);
    add_key(GTK_SHORTCUT_CONTROLLER(capture), GDK_KEY_Escape, 0,
            gtk_callback_action_new(on_escape, NULL, NULL));
    gtk_widget_add_controller(GTK_WIDGET(self), capture);

    /* The rest in the bubble phase: a text field that has the focus keeps
     * Home and Backspace for its cursor. */
    GtkEventController *bubble = gtk_shortcut_controller_new();
    gtk_event_controller_set_name(bubble, "kiln-window-keys");
    GtkShortcutController *b = GTK_SHORTCUT_CONTROLLER(bubble);
    add_key(b, GDK_KEY_Home, 0, gtk_named_action_new("win.reset-zoom"));
    add_key(b, GDK_KEY_KP_Home, 0, gtk_named_action_new("win.reset-zoom"));
    add_key(b, GDK_KEY_BackSpace, 0, gtk_named_action_new("win.back"));
    add_key(b, GDK_KEY_Left, GDK_ALT_MASK, gtk_named_action_new("win.back"));
    gtk_widget_add_controller(GTK_WIDGET(self), bubble);
}

static const GActionEntry win_actions[] = {
    {"open", act_open, NULL, NULL, NULL, {0}},
    {"close-tab", act_close_tab, NULL, NULL, NULL, {0}},
    {"find", act_find, NULL, NULL, NULL, {0}},
    {"palette", NULL, "s", "'hot'", act_palette, {0}},
    {"reset-zoom", act_reset_zoom, NULL, NULL, NULL, {0}},
    {"back", act_back, NULL, NULL, NULL, {0}},
    {"open-folder", act_open_folder, "s", NULL, NULL, {0}},
    {"export", act_export, NULL, NULL, NULL, {0}},
    {"copy-image", act_copy_image, NULL, NULL, NULL, {0}},
    {"cancel-export", act_cancel_export, NULL, NULL, NULL, {0}},
};

/* ---- GObject -------------------------------------------------------- */

KilnPaletteKind kiln_window_get_palette(KilnWindow *self)
{
    bool ok = false;
    KilnPaletteKind kind = kiln_palette_from_string(self->palette, &ok);
    return ok ? kind : KILN_PALETTE_HOT;
}

KilnExportDialog *kiln_window_get_export_dialog(KilnWindow *self)
{
    return self->exporter;
}

static void dark_changed(KilnWindow *self)
{
    kiln_legend_set_dark(self->legend, adw_style_manager_get_dark(adw_style_manager_get_default()));
}

static void kiln_window_dispose(GObject *object)
{
    KilnWindow *self = KILN_WINDOW(object);
    g_signal_handlers_disconnect_by_func(adw_style_manager_get_default(), dark_changed, self);
    g_clear_object(&self->exporter);
    if (self->chooser) {
        gtk_native_dialog_destroy(GTK_NATIVE_DIALOG(self->chooser));
        g_clear_object(&self->chooser);
    }
    gtk_widget_dispose_template(GTK_WIDGET(object), KILN_TYPE_WINDOW);
    G_OBJECT_CLASS(kiln_window_parent_class)->dispose(object);
}

static void kiln_window_finalize(GObject *object)
{
    KilnWindow *self = KILN_WINDOW(object);
    g_free(self->palette);
    g_free(self->last_toast);
    g_clear_weak_pointer(&self->toast);
    G_OBJECT_CLASS(kiln_window_parent_class)->finalize(object);
}

static void kiln_window_class_init(KilnWindowClass *klass)
{
    GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
    G_OBJECT_CLASS(klass)->dispose = kiln_window_dispose;
    G_OBJECT_CLASS(klass)->finalize = kiln_window_finalize;
    g_type_ensure(KILN_TYPE_PROFILE_PAGE);
    g_type_ensure(KILN_TYPE_LEGEND);
    gtk_widget_class_set_template_from_resource(wc, "/org/kiln/Kiln/kiln-window.ui");
    gtk_widget_class_bind_template_child(wc, KilnWindow, toast_overlay);
    gtk_widget_class_bind_template_child(wc, KilnWindow, title_widget);
    gtk_widget_class_bind_template_child(wc, KilnWindow, main_stack);
    gtk_widget_class_bind_template_child(wc, KilnWindow, tab_view);
    gtk_widget_class_bind_template_child(wc, KilnWindow, recent_list);
    gtk_widget_class_bind_template_child(wc, KilnWindow, recent_group);
    gtk_widget_class_bind_template_child(wc, KilnWindow, empty_page);
    gtk_widget_class_bind_template_child(wc, KilnWindow, legend_button);
    gtk_widget_class_bind_template_child(wc, KilnWindow, legend);
    gtk_widget_class_bind_template_callback(wc, update_title);
    gtk_widget_class_bind_template_callback(wc, recent_activated);
}

static void kiln_window_init(KilnWindow *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    g_action_map_add_action_entries(G_ACTION_MAP(self), win_actions, G_N_ELEMENTS(win_actions),
                                    self);
    self->palette = kiln_settings_get_string("palette", "hot");
    g_autofree char *mode = kiln_settings_get_string("graph-mode", "flame");
    self->icicle = g_str_equal(mode, "icicle");
    g_action_group_change_action_state(G_ACTION_GROUP(self), "palette",
                                       g_variant_new_string(self->palette));

    kiln_settings_bind("window-width", self, "default-width");
    kiln_settings_bind("window-height", self, "default-height");
    kiln_settings_bind("window-maximized", self, "maximized");

    /* KILN_WINDOW_SIZE=WxH: a fixed size for screenshots under Xvfb, where
     * no window manager can maximize the window. */
    const char *size = g_getenv("KILN_WINDOW_SIZE");
    int w, h;
    if (size && sscanf(size, "%dx%d", &w, &h) == 2 && w > 0 && h > 0)
        gtk_window_set_default_size(GTK_WINDOW(self), w, h);
    GtkIconTheme *theme = gtk_icon_theme_get_for_display(gtk_widget_get_display(GTK_WIDGET(self)));
    if (!gtk_icon_theme_has_icon(theme, APP_ID))
        adw_status_page_set_icon_name(self->empty_page, "applications-graphics-symbolic");

    GtkDropTarget *drop = gtk_drop_target_new(GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
    g_signal_connect(drop, "drop", G_CALLBACK(on_drop), self);
    gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(drop));
    init_keys(self);
    self->exporter = kiln_export_dialog_new(GTK_WINDOW(self));
    kiln_legend_set_palette(self->legend, kiln_window_get_palette(self));
    g_signal_connect_swapped(adw_style_manager_get_default(), "notify::dark",
                             G_CALLBACK(dark_changed), self);
    dark_changed(self);
    update_title(self);
}

KilnWindow *kiln_window_new(GtkApplication *app)
{
    return g_object_new(KILN_TYPE_WINDOW, "application", app, NULL);
}
