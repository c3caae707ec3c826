/* kiln-disassembly-view.c — KilnDisassemblyView.
 *
 * A read-only GtkSourceView of plain text: "self  address:  instruction"
 * rows with "file:line" rows before each run of one source line, and the
 * same heat tags as the source view, by self against the hottest
 * instruction.
 */
#include "kiln-disassembly-view.h"

#include "analysis/kiln-disassembly.h"
#include "analysis/kiln-units.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#define HEAT_STEPS 8

struct _KilnDisassemblyView {
    GtkBox parent_instance;
    GtkSourceBuffer *buffer;
    guint n_insns;
    gboolean forced_style;
};

G_DEFINE_FINAL_TYPE(KilnDisassemblyView, kiln_disassembly_view, GTK_TYPE_BOX)

static void kiln_disassembly_view_class_init(KilnDisassemblyViewClass *klass) {}

static void kiln_disassembly_view_init(KilnDisassemblyView *self)
{
    gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
}

static void apply_scheme(KilnDisassemblyView *self, gboolean dark)
{
    GtkSourceStyleSchemeManager *m = gtk_source_style_scheme_manager_get_default();
    GtkSourceStyleScheme *s =
        gtk_source_style_scheme_manager_get_scheme(m, dark ? "Adwaita-dark" : "Adwaita");
    if (self->buffer && s)
        gtk_source_buffer_set_style_scheme(self->buffer, s);
}

static void on_dark(AdwStyleManager *sm, GParamSpec *ps, KilnDisassemblyView *self)
{
    if (!self->forced_style)
        apply_scheme(self, adw_style_manager_get_dark(sm));
}

void kiln_disassembly_view_set_dark(KilnDisassemblyView *self, gboolean dark)
{
    g_return_if_fail(KILN_IS_DISASSEMBLY_VIEW(self));
    self->forced_style = TRUE;
    apply_scheme(self, dark);
}

GtkWidget *kiln_disassembly_view_new(KilnProfile *profile, const char *function, uint32_t type)
{
    g_return_val_if_fail(profile != NULL && function != NULL, NULL);
    KilnDisassemblyView *self = g_object_new(KILN_TYPE_DISASSEMBLY_VIEW, NULL);
    g_autofree char *escaped = g_regex_escape_string(function, -1);
    g_autofree char *re = g_strdup_printf("^%s$", escaped);
    g_autoptr(KilnDisassembly) d = kiln_disassembly_new(profile, re, type, NULL);
    if (!d || kiln_disassembly_n_functions(d) == 0) {
        GtkWidget *page = adw_status_page_new();
        adw_status_page_set_title(ADW_STATUS_PAGE(page), _("No Instructions"));
        const GPtrArray *w = d ? kiln_disassembly_warnings(d) : NULL;
        adw_status_page_set_description(
            ADW_STATUS_PAGE(page),
            w && w->len ? g_ptr_array_index(w, 0)
                        : _("Instructions need a perf.data whose programs are on this computer."));
        gtk_widget_set_vexpand(page, TRUE);
        gtk_box_append(GTK_BOX(self), page);
        return GTK_WIDGET(self);
    }
    const char *unit =
        profile->n_types ? kiln_profile_string(profile, profile->types[type].unit) : "";
    GString *text = g_string_new(NULL);
    GArray *row_self = g_array_new(FALSE, TRUE, sizeof(double)); /* per text line */
    double max = 0;
    int hottest = -1;
    for (guint f = 0; f < kiln_disassembly_n_functions(d); f++) {
        const KilnDisassemblyFunction *fn = kiln_disassembly_function(d, f);
        g_string_append_printf(text, "%s (%s)\n", fn->function, fn->module);
        g_array_set_size(row_self, row_self->len + 1);
        const char *file = NULL;
        uint32_t line = 0;
        for (guint i = 0; i < fn->insns->len; i++) {
            const KilnDisassemblyInsn *in = &g_array_index(fn->insns, KilnDisassemblyInsn, i);
            if (in->line && (in->line != line || g_strcmp0(in->file, file) != 0)) {
                g_string_append_printf(text, "%*s%s:%u\n", 26, "", in->file, in->line);
                g_array_set_size(row_self, row_self->len + 1);
                file = in->file;
                line = in->line;
            }
            char b[64];
            g_string_append_printf(text, "%12s  %8" G_GINT64_MODIFIER "x:  %s\n",
                                   in->self ? kiln_format_quantity(in->self, unit, b, sizeof b)
                                            : ".",
                                   in->address, in->text);
            g_array_append_val(row_self, in->self);
            if (in->self > max) {
                max = in->self;
                hottest = (int)row_self->len - 1;
            }
            self->n_insns++;
        }
    }
    self->buffer = gtk_source_buffer_new(NULL);
    GtkTextBuffer *tb = GTK_TEXT_BUFFER(self->buffer);
    gtk_text_buffer_set_text(tb, text->str, (int)text->len);
    g_string_free(text, TRUE);
    GtkTextTag *heat[HEAT_STEPS];
    for (int i = 0; i < HEAT_STEPS; i++) {
        GdkRGBA c = {0.95, 0.35, 0.1, 0.08 + 0.42 * i / (HEAT_STEPS - 1)};
        heat[i] = gtk_text_buffer_create_tag(tb, NULL, "paragraph-background-rgba", &c, NULL);
    }
    for (guint n = 0; n < row_self->len && max > 0; n++) {
        double v = g_array_index(row_self, double, n);
        if (v == 0)
            continue;
        GtkTextIter s, e;
        gtk_text_buffer_get_iter_at_line(tb, &s, (int)n);
        e = s;
        gtk_text_iter_forward_line(&e);
        gtk_text_buffer_apply_tag(tb, heat[(int)((HEAT_STEPS - 1) * v / max + 0.5)], &s, &e);
    }
    g_array_unref(row_self);
    GtkWidget *view = gtk_source_view_new_with_buffer(self->buffer);
    g_object_unref(self->buffer);
    gtk_text_view_set_editable(GTK_TEXT_VIEW(view), FALSE);
    gtk_text_view_set_monospace(GTK_TEXT_VIEW(view), TRUE);
    gtk_source_view_set_highlight_current_line(GTK_SOURCE_VIEW(view), TRUE);
    AdwStyleManager *sm = adw_style_manager_get_default();
    apply_scheme(self, adw_style_manager_get_dark(sm));
    g_signal_connect_object(sm, "notify::dark", G_CALLBACK(on_dark), self, 0);
    GtkWidget *sw = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(sw), view);
    gtk_widget_set_vexpand(sw, TRUE);
    gtk_box_append(GTK_BOX(self), sw);
    if (hottest >= 0) {
        GtkTextIter it;
        gtk_text_buffer_get_iter_at_line(tb, &it, hottest);
        gtk_text_buffer_place_cursor(tb, &it);
        GtkTextMark *m = gtk_text_buffer_create_mark(tb, NULL, &it, TRUE);
        gtk_text_view_scroll_to_mark(GTK_TEXT_VIEW(view), m, 0.0, TRUE, 0.0, 0.4);
    }
    return GTK_WIDGET(self);
}

guint kiln_disassembly_view_get_n_instructions(KilnDisassemblyView *self)
{
    g_return_val_if_fail(KILN_IS_DISASSEMBLY_VIEW(self), 0);
    return self->n_insns;
}
