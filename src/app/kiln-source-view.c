/* kiln-source-view.c — KilnSourceView.
 *
 * The gutter is a GtkSourceGutterRendererText whose text is set per line
 * in "query-data" (self and total, formatted in the sample type's unit);
 * the heat is one of HEAT_STEPS paragraph-background tags per line, by
 * its total against the function's hottest line, so it shows as a bar
 * across the whole line in light and dark schemes alike.
 */
#include "kiln-source-view.h"

#include "analysis/kiln-annotation.h"
#include "analysis/kiln-units.h"
#include "kiln-disassembly-view.h"
#include "formats/kiln-loader.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#define HEAT_STEPS 8

struct _KilnSourceView {
    GtkBox parent_instance;
    KilnProfile *profile;
    GtkSourceView *view;
    GtkSourceBuffer *buffer;
    char *path;
    char *unit;
    double *self, *total; /* per line of the file, 1-based (index 0 unused) */
    uint32_t n_lines, hottest;
    gboolean forced_style;
};

G_DEFINE_FINAL_TYPE(KilnSourceView, kiln_source_view, GTK_TYPE_BOX)

static void kiln_source_view_finalize(GObject *o)
{
    KilnSourceView *self = KILN_SOURCE_VIEW(o);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    g_free(self->path);
    g_free(self->unit);
    g_free(self->self);
    g_free(self->total);
    G_OBJECT_CLASS(kiln_source_view_parent_class)->finalize(o);
}

static void kiln_source_view_class_init(KilnSourceViewClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = kiln_source_view_finalize;
}

static void kiln_source_view_init(KilnSourceView *self)
{
    gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
}

static void apply_scheme(KilnSourceView *self, gboolean dark)
{
    GtkSourceStyleSchemeManager *m = gtk_source_style_scheme_manager_get_default();
    GtkSourceStyleScheme *s =
        gtk_source_style_scheme_manager_get_scheme(m, dark ? "Adwaita-dark" : "Adwaita");
    if (!s)
        s = gtk_source_style_scheme_manager_get_scheme(m, dark ? "classic-dark" : "classic");
    if (self->buffer && s)
        gtk_source_buffer_set_style_scheme(self->buffer, s);
}

static void on_dark(AdwStyleManager *sm, GParamSpec *ps, KilnSourceView *self)
{
    if (!self->forced_style)
        apply_scheme(self, adw_style_manager_get_dark(sm));
}

void kiln_source_view_set_dark(KilnSourceView *self, gboolean dark)
{
    g_return_if_fail(KILN_IS_SOURCE_VIEW(self));
    self->forced_style = TRUE;
    apply_scheme(self, dark);
}

static void query_data(GtkSourceGutterRenderer *r, GtkSourceGutterLines *lines, guint line,
                       KilnSourceView *self)
{
    guint n = line + 1;
    if (n >= self->n_lines || (self->self[n] == 0 && self->total[n] == 0)) {
        gtk_source_gutter_renderer_text_set_text(GTK_SOURCE_GUTTER_RENDERER_TEXT(r), "", -1);
        return;
    }
    char a[64], b[64], text[160];
    g_snprintf(text, sizeof text, "%s  %s",
               self->self[n] ? kiln_format_quantity(self->self[n], self->unit, a, sizeof a) : ".",
               kiln_format_quantity(self->total[n], self->unit, b, sizeof b));
    gtk_source_gutter_renderer_text_set_text(GTK_SOURCE_GUTTER_RENDERER_TEXT(r), text, -1);
}

static void show_message(KilnSourceView *self, const char *title, const char *text)
{
    GtkWidget *page = adw_status_page_new();
    adw_status_page_set_icon_name(ADW_STATUS_PAGE(page), "text-x-generic-symbolic");
    adw_status_page_set_title(ADW_STATUS_PAGE(page), title);
    adw_status_page_set_description(ADW_STATUS_PAGE(page), text);
    gtk_widget_set_vexpand(page, TRUE);
    gtk_box_append(GTK_BOX(self), page);
}

/* Lines of `file` from the annotation; the file with the hottest line is
 * the function's own. */
static const char *pick_file(KilnAnnotation *a)
{
    const KilnAnnotationLine *best = NULL;
    for (guint i = 0; i < kiln_annotation_n_lines(a); i++) {
        const KilnAnnotationLine *l = kiln_annotation_line(a, i);
        if (l->file[0] && (!best || l->total > best->total))
            best = l;
    }
    return best ? best->file : NULL;
}

static void build(KilnSourceView *self, const char *function, uint32_t type)
{
    g_autofree char *escaped = g_regex_escape_string(function, -1);
    g_autofree char *re = g_strdup_printf("^%s$", escaped);
    g_autoptr(KilnAnnotation) a = kiln_annotation_new(self->profile, re, type, NULL);
    const char *file = a ? pick_file(a) : NULL;
    if (!file) {
        show_message(self, _("No Source Lines"),
                     _("The samples of this function carry no source lines. For perf.data, "
                       "build the program with -g; for pprof, keep its line table."));
        return;
    }
    g_autofree char *text = NULL;
    gsize len = 0;
    g_autoptr(GError) error = NULL;
    if (!g_file_get_contents(file, &text, &len, &error) ||
        !g_utf8_validate(text, (gssize)len, NULL)) {
        g_autofree char *msg = g_strdup_printf(
            _("The source file “%s” is not on this computer (%s). Copy the sources to that "
              "path to see them here."),
            file, error ? error->message : _("not UTF-8 text"));
        show_message(self, _("Source Not Found"), msg);
        return;
    }
    self->path = g_strdup(file);
    self->unit = g_strdup(self->profile->n_types
                              ? kiln_profile_string(self->profile, self->profile->types[type].unit)
                              : "");
    self->buffer = gtk_source_buffer_new(NULL);
    gtk_text_buffer_set_text(GTK_TEXT_BUFFER(self->buffer), text, (int)len);
    GtkSourceLanguageManager *lm = gtk_source_language_manager_get_default();
    GtkSourceLanguage *lang = gtk_source_language_manager_guess_language(lm, file, NULL);
    if (lang)
        gtk_source_buffer_set_language(self->buffer, lang);
    self->n_lines = (uint32_t)gtk_text_buffer_get_line_count(GTK_TEXT_BUFFER(self->buffer)) + 1;
    self->self = g_new0(double, self->n_lines);
    self->total = g_new0(double, self->n_lines);
    double max = 0;
    for (guint i = 0; i < kiln_annotation_n_lines(a); i++) {
        const KilnAnnotationLine *l = kiln_annotation_line(a, i);
        if (strcmp(l->file, file) != 0 || l->line == 0 || l->line >= self->n_lines)
            continue;
        self->self[l->line] += l->self;
        self->total[l->line] += l->total;
        if (self->total[l->line] > max) {
            max = self->total[l->line];
            self->hottest = l->line;
        }
    }
    GtkTextTag *heat[HEAT_STEPS];
    for (int i = 0; i < HEAT_STEPS; i++) {
        GdkRGBA c = {0.95, 0.35, 0.1, 0.08 + 0.42 * i / (HEAT_STEPS - 1)};
        heat[i] = gtk_text_buffer_create_tag(GTK_TEXT_BUFFER(self->buffer), NULL,
                                             "paragraph-background-rgba", &c, NULL);
    }
    for (uint32_t n = 1; n < self->n_lines && max > 0; n++) {
        if (self->total[n] == 0)
            continue;
        int step = (int)((HEAT_STEPS - 1) * self->total[n] / max + 0.5);
        GtkTextIter s, e;
        gtk_text_buffer_get_iter_at_line(GTK_TEXT_BUFFER(self->buffer), &s, (int)n - 1);
        e = s;
        gtk_text_iter_forward_line(&e);
        gtk_text_buffer_apply_tag(GTK_TEXT_BUFFER(self->buffer), heat[step], &s, &e);
    }
    self->view = GTK_SOURCE_VIEW(gtk_source_view_new_with_buffer(self->buffer));
    g_object_unref(self->buffer);
    gtk_text_view_set_editable(GTK_TEXT_VIEW(self->view), FALSE);
    gtk_text_view_set_monospace(GTK_TEXT_VIEW(self->view), TRUE);
    gtk_source_view_set_show_line_numbers(self->view, TRUE);
    gtk_source_view_set_highlight_current_line(self->view, TRUE);
    GtkSourceGutter *g = gtk_source_view_get_gutter(self->view, GTK_TEXT_WINDOW_LEFT);
    GtkSourceGutterRenderer *r = gtk_source_gutter_renderer_text_new();
    g_signal_connect(r, "query-data", G_CALLBACK(query_data), self);
    /* Room for the widest "self  total" pair, in the view's own font. */
    int w = 0, h = 0;
    PangoLayout *pl =
        gtk_widget_create_pango_layout(GTK_WIDGET(self->view), "0000.00 ms  0000.00 ms");
    pango_layout_get_pixel_size(pl, &w, &h);
    g_object_unref(pl);
    gtk_widget_set_size_request(GTK_WIDGET(r), w + 12, -1);
    gtk_source_gutter_renderer_set_xalign(r, 1.0);
    gtk_source_gutter_insert(g, r, -100);
    AdwStyleManager *sm = adw_style_manager_get_default();
    apply_scheme(self, adw_style_manager_get_dark(sm));
    g_signal_connect_object(sm, "notify::dark", G_CALLBACK(on_dark), self, 0);

    GtkWidget *sw = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(sw), GTK_WIDGET(self->view));
    gtk_widget_set_vexpand(sw, TRUE);
    gtk_box_append(GTK_BOX(self), sw);
    if (self->hottest) {
        GtkTextIter it;
        gtk_text_buffer_get_iter_at_line(GTK_TEXT_BUFFER(self->buffer), &it,
                                         (int)self->hottest - 1);
        gtk_text_buffer_place_cursor(GTK_TEXT_BUFFER(self->buffer), &it);
        GtkTextMark *m =
            gtk_text_buffer_create_mark(GTK_TEXT_BUFFER(self->buffer), NULL, &it, TRUE);
        gtk_text_view_scroll_to_mark(GTK_TEXT_VIEW(self->view), m, 0.0, TRUE, 0.0, 0.4);
    }
}

GtkWidget *kiln_source_view_new(KilnProfile *profile, const char *function, uint32_t type)
{
    g_return_val_if_fail(profile != NULL && function != NULL, NULL);
    KilnSourceView *self = g_object_new(KILN_TYPE_SOURCE_VIEW, NULL);
    self->profile = kiln_profile_ref(profile);
    build(self, function, type);
    return GTK_WIDGET(self);
}

const char *kiln_source_view_get_path(KilnSourceView *self)
{
    g_return_val_if_fail(KILN_IS_SOURCE_VIEW(self), NULL);
    return self->path;
}

uint32_t kiln_source_view_get_hottest_line(KilnSourceView *self)
{
    g_return_val_if_fail(KILN_IS_SOURCE_VIEW(self), 0);
    return self->hottest;
}

typedef struct {
    GtkWindow *window;
    char *path, *function;
    uint32_t type;
    gboolean disassembly;
} Job;

static void job_free(gpointer p)
{
    Job *j = p;
    g_clear_object(&j->window);
    g_free(j->path);
    g_free(j->function);
    g_free(j);
}

static void load_thread(GTask *task, gpointer src, gpointer data, GCancellable *cancellable)
{
    Job *j = data;
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.granularity = KILN_GRANULARITY_ADDRESSES;
    GError *error = NULL;
    KilnProfile *p = kiln_load_file(j->path, &o, cancellable, NULL, NULL, &error);
    if (p)
        g_task_return_pointer(task, p, (GDestroyNotify)kiln_profile_unref);
    else
        g_task_return_error(task, error);
}

static void loaded(GObject *src, GAsyncResult *res, gpointer data)
{
    Job *j = g_task_get_task_data(G_TASK(res));
    g_autoptr(GError) error = NULL;
    g_autoptr(KilnProfile) p = g_task_propagate_pointer(G_TASK(res), &error);
    GtkWidget *child;
    if (!p) {
        child = adw_status_page_new();
        adw_status_page_set_title(ADW_STATUS_PAGE(child), _("Could Not Read the Profile"));
        adw_status_page_set_description(ADW_STATUS_PAGE(child), error->message);
    } else if (j->disassembly) {
        child = kiln_disassembly_view_new(p, j->function, j->type);
    } else {
        child = kiln_source_view_new(p, j->function, j->type);
    }
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    gtk_box_append(GTK_BOX(box), adw_header_bar_new());
    gtk_widget_set_vexpand(child, TRUE);
    gtk_box_append(GTK_BOX(box), child);
    adw_window_set_content(ADW_WINDOW(j->window), box);
}

void kiln_source_view_present(GtkWidget *parent, KilnDocument *document, const char *function,
                              uint32_t type, gboolean disassembly)
{
    GFile *file = document ? kiln_document_get_file(document) : NULL;
    g_autofree char *path = file ? g_file_get_path(file) : NULL;
    GtkWidget *win = adw_window_new();
    /* Translators: a window title, %s is a function name */
    g_autofree char *title =
        g_strdup_printf(disassembly ? _("Instructions of %s") : _("Source of %s"), function);
    gtk_window_set_title(GTK_WINDOW(win), title);
    gtk_window_set_default_size(GTK_WINDOW(win), 900, 700);
    GtkRoot *root = parent ? gtk_widget_get_root(parent) : NULL;
    if (GTK_IS_WINDOW(root))
        gtk_window_set_transient_for(GTK_WINDOW(win), GTK_WINDOW(root));
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    gtk_box_append(GTK_BOX(box), adw_header_bar_new());
    GtkWidget *spinner = gtk_spinner_new();
    gtk_spinner_start(GTK_SPINNER(spinner));
    gtk_widget_set_vexpand(spinner, TRUE);
    gtk_box_append(GTK_BOX(box), spinner);
    adw_window_set_content(ADW_WINDOW(win), box);
    gtk_window_present(GTK_WINDOW(win));
    if (!path) {
        GtkWidget *page = adw_status_page_new();
        adw_status_page_set_title(ADW_STATUS_PAGE(page), _("No File to Annotate"));
        adw_status_page_set_description(
            ADW_STATUS_PAGE(page),
            _("Source annotation rereads the profile's file; this profile has none."));
        adw_window_set_content(ADW_WINDOW(win), page);
        return;
    }
    Job *j = g_new0(Job, 1);
    j->window = g_object_ref(GTK_WINDOW(win));
    j->path = g_steal_pointer(&path);
    j->function = g_strdup(function);
    j->type = type;
    j->disassembly = disassembly;
    GTask *task = g_task_new(NULL, NULL, loaded, NULL);
    g_task_set_task_data(task, j, job_free);
    g_task_run_in_thread(task, load_thread);
    g_object_unref(task);
}
