#include "kiln-legend.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/kiln-builder.h"

/* One row per kind of frame; the first shows three functions' colours to
 * say "each name has its own". */
enum { ROW_FUNCTIONS, ROW_KERNEL, ROW_JIT, ROW_INLINED, ROW_UNKNOWN, ROW_MATCH, N_ROWS };
#define N_SWATCHES 3

struct _KilnLegend {
    GtkBox parent_instance;
    KilnProfile *sample; /* frames of each kind to colour */
    uint32_t frames[N_ROWS][N_SWATCHES];
    GtkWidget *swatches[N_ROWS][N_SWATCHES];
    GtkLabel *labels[N_ROWS];
    KilnPaletteKind palette;
    gboolean dark;
};

G_DEFINE_FINAL_TYPE(KilnLegend, kiln_legend, GTK_TYPE_BOX)

static KilnRgb swatch_color(KilnLegend *self, int row, int i)
{
    /* Search matches are painted over any palette: the same colours as
     * kiln-flame-painter.c's highlight. */
    if (row == ROW_MATCH)
        return self->dark ? (KilnRgb){0.75, 0.3, 0.85} : (KilnRgb){0.9, 0.35, 0.9};
    return kiln_palette_frame_color(self->sample, self->frames[row][i], self->palette, self->dark);
}

static void draw_swatch(GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data)
{
    KilnLegend *self = KILN_LEGEND(gtk_widget_get_ancestor(GTK_WIDGET(area), KILN_TYPE_LEGEND));
    int row = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(area), "kiln-row"));
    int i = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(area), "kiln-index"));
    KilnRgb c = swatch_color(self, row, i);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);
}

static const char *row_text(KilnLegend *self, int row)
{
    switch (row) {
    case ROW_FUNCTIONS:
        return self->palette == KILN_PALETTE_MODULE
                   ? _("Code: one colour per module or package")
                   : _("Code: a colour per function name, the same in every profile");
    case ROW_KERNEL:
        return _("Kernel");
    case ROW_JIT:
        return _("JIT-compiled code (Java, JavaScript, perf-PID.map)");
    case ROW_INLINED:
        return _("Inlined into its caller (cyan)");
    case ROW_UNKNOWN:
        return _("No symbols: install the library’s debug symbols");
    case ROW_MATCH:
        return _("Matches the search");
    default:
        return "";
    }
}

static void refresh(KilnLegend *self)
{
    for (int r = 0; r < N_ROWS; r++) {
        gtk_label_set_text(self->labels[r], row_text(self, r));
        for (int i = 0; i < N_SWATCHES; i++)
            if (self->swatches[r][i])
                gtk_widget_queue_draw(self->swatches[r][i]);
    }
}

static void kiln_legend_finalize(GObject *object)
{
    KilnLegend *self = KILN_LEGEND(object);
    kiln_profile_unref(self->sample);
    G_OBJECT_CLASS(kiln_legend_parent_class)->finalize(object);
}

static void kiln_legend_class_init(KilnLegendClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = kiln_legend_finalize;
    gtk_widget_class_set_css_name(GTK_WIDGET_CLASS(klass), "kiln-legend");
    /* A titled group of rows, each a swatch (presentation only) and its
     * label, which is what a screen reader reads. */
    gtk_widget_class_set_accessible_role(GTK_WIDGET_CLASS(klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

/* A throw-away profile whose frames are coloured like real ones: names
 * chosen to spread over the palette's range. */
static void make_sample(KilnLegend *self)
{
    static const char *const names[N_SWATCHES] = {"main", "parse_input", "malloc"};
    static const KilnFrameKind kinds[N_ROWS] = {
        KILN_FRAME_NORMAL,  KILN_FRAME_KERNEL,  KILN_FRAME_JIT,
        KILN_FRAME_INLINED, KILN_FRAME_UNKNOWN, KILN_FRAME_NORMAL,
    };
    g_autoptr(KilnBuilder) b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "samples", "count");
    for (int r = 0; r < N_ROWS; r++)
        for (int i = 0; i < N_SWATCHES; i++) {
            uint32_t f = kiln_builder_frame_named(b, names[i], strlen(names[i]), kinds[r]);
            kiln_builder_add_value(b, kiln_builder_child(b, KILN_ROOT_NODE, f), 0, 1);
            self->frames[r][i] = f;
        }
    self->sample = kiln_builder_finish(b);
}

static void kiln_legend_init(KilnLegend *self)
{
    make_sample(self);
    gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing(GTK_BOX(self), 8);
    gtk_widget_set_margin_top(GTK_WIDGET(self), 6);
    gtk_widget_set_margin_bottom(GTK_WIDGET(self), 6);
    gtk_widget_set_margin_start(GTK_WIDGET(self), 6);
    gtk_widget_set_margin_end(GTK_WIDGET(self), 6);
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   _("Colour legend"), -1);
    GtkWidget *title = gtk_label_new(_("Colours"));
    gtk_widget_add_css_class(title, "heading");
    gtk_label_set_xalign(GTK_LABEL(title), 0);
    gtk_box_append(GTK_BOX(self), title);
    for (int r = 0; r < N_ROWS; r++) {
        GtkWidget *row =
            g_object_new(GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_HORIZONTAL, "spacing", 10,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM, NULL);
        GtkWidget *swatches = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 2);
        gtk_widget_set_size_request(swatches, 3 * 14 + 4, -1);
        int n = r == ROW_FUNCTIONS ? N_SWATCHES : 1;
        for (int i = 0; i < n; i++) {
            GtkWidget *a = g_object_new(GTK_TYPE_DRAWING_AREA, "accessible-role",
                                        GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
            gtk_drawing_area_set_content_width(GTK_DRAWING_AREA(a), r == ROW_FUNCTIONS ? 14 : 46);
            gtk_drawing_area_set_content_height(GTK_DRAWING_AREA(a), 16);
            g_object_set_data(G_OBJECT(a), "kiln-row", GINT_TO_POINTER(r));
            g_object_set_data(G_OBJECT(a), "kiln-index", GINT_TO_POINTER(i));
            gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(a), draw_swatch, NULL, NULL);
            gtk_widget_set_valign(a, GTK_ALIGN_CENTER);
            gtk_box_append(GTK_BOX(swatches), a);
            self->swatches[r][i] = a;
        }
        gtk_box_append(GTK_BOX(row), swatches);
        GtkWidget *label = gtk_label_new(NULL);
        gtk_label_set_xalign(GTK_LABEL(label), 0);
        /* No wrapping: a popover sized for wrapped labels cuts rows off. */
        self->labels[r] = GTK_LABEL(label);
        gtk_box_append(GTK_BOX(row), label);
        gtk_box_append(GTK_BOX(self), row);
    }
    refresh(self);
}

GtkWidget *kiln_legend_new(void)
{
    return g_object_new(KILN_TYPE_LEGEND, NULL);
}

void kiln_legend_set_palette(KilnLegend *self, KilnPaletteKind palette)
{
    self->palette = palette;
    refresh(self);
}

void kiln_legend_set_dark(KilnLegend *self, gboolean dark)
{
    self->dark = !!dark;
    refresh(self);
}

char *kiln_legend_get_text(KilnLegend *self)
{
    GString *s = g_string_new(NULL);
    for (int r = 0; r < N_ROWS; r++)
        g_string_append_printf(s, "%s\n", gtk_label_get_text(self->labels[r]));
    return g_string_free(s, FALSE);
}
