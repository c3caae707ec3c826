/* kiln-time-chip.c — KilnTimeChip: a label and a close button. */
#include "kiln-time-chip.h"

#include <glib/gi18n.h>

struct _KilnTimeChip {
    GtkWidget parent_instance;
    GtkWidget *box;
    GtkLabel *label;
};

G_DEFINE_FINAL_TYPE(KilnTimeChip, kiln_time_chip, GTK_TYPE_WIDGET)

enum { SIGNAL_CLEAR, N_SIGNALS };
static guint signals[N_SIGNALS];

void kiln_time_chip_set_range(KilnTimeChip *self, guint64 start, guint64 end)
{
    /* Translators: a time range chip, in seconds since the first sample */
    g_autofree char *text =
        g_strdup_printf(_("Time %.3f s – %.3f s"), (double)start / 1e9, (double)end / 1e9);
    gtk_label_set_text(self->label, text);
}

void kiln_time_chip_set_text(KilnTimeChip *self, const char *text)
{
    gtk_label_set_text(self->label, text);
}

const char *kiln_time_chip_get_text(KilnTimeChip *self)
{
    return gtk_label_get_text(self->label);
}

void kiln_time_chip_clear(KilnTimeChip *self)
{
    g_signal_emit(self, signals[SIGNAL_CLEAR], 0);
}

static void dispose(GObject *object)
{
    KilnTimeChip *self = KILN_TIME_CHIP(object);
    g_clear_pointer(&self->box, gtk_widget_unparent);
    G_OBJECT_CLASS(kiln_time_chip_parent_class)->dispose(object);
}

static void kiln_time_chip_class_init(KilnTimeChipClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
    gtk_widget_class_set_css_name(GTK_WIDGET_CLASS(klass), "timechip");
    signals[SIGNAL_CLEAR] = g_signal_new("clear", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void kiln_time_chip_init(KilnTimeChip *self)
{
    self->box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_add_css_class(self->box, "linked");
    gtk_widget_set_parent(self->box, GTK_WIDGET(self));
    GtkWidget *label_button = gtk_button_new();
    self->label = GTK_LABEL(gtk_label_new(NULL));
    gtk_button_set_child(GTK_BUTTON(label_button), GTK_WIDGET(self->label));
    /* The label half does nothing itself; it is a button so both halves
     * look like one chip. */
    gtk_widget_set_can_target(label_button, FALSE);
    gtk_widget_set_focusable(label_button, FALSE);
    GtkWidget *close = gtk_button_new_from_icon_name("window-close-symbolic");
    gtk_widget_set_tooltip_text(close, _("Show the whole recording"));
    gtk_accessible_update_property(GTK_ACCESSIBLE(close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   _("Clear the time range"), -1);
    g_signal_connect_swapped(close, "clicked", G_CALLBACK(kiln_time_chip_clear), self);
    gtk_box_append(GTK_BOX(self->box), label_button);
    gtk_box_append(GTK_BOX(self->box), close);
}

GtkWidget *kiln_time_chip_new(void)
{
    return g_object_new(KILN_TYPE_TIME_CHIP, NULL);
}
