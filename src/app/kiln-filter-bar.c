/* kiln-filter-bar.c — filter chips and the views' filter actions. */
#include "kiln-filter-bar.h"

#include <glib/gi18n.h>
#include <string.h>

struct _KilnFilterBar {
    GtkWidget parent_instance;
    KilnDocument *document;
    gulong handler;
    GtkWidget *box;
    guint n_chips;
};

G_DEFINE_FINAL_TYPE(KilnFilterBar, kiln_filter_bar, GTK_TYPE_WIDGET)

static void on_chip_close(GtkButton *button, KilnFilterBar *self)
{
    kiln_filter_bar_remove(self, GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(button), "index")));
}

/* Rebuilt whenever the derived profile changes: the stack changed with it. */
static void rebuild(KilnFilterBar *self)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(self->box)))
        gtk_box_remove(GTK_BOX(self->box), child);
    guint n = self->document ? kiln_document_get_n_transforms(self->document) : 0;
    for (guint i = 0; i < n; i++) {
        g_autofree char *text =
            kiln_transform_describe(kiln_document_get_transform(self->document, i));
        GtkWidget *chip = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
        gtk_widget_add_css_class(chip, "linked");
        GtkWidget *label = gtk_label_new(text);
        gtk_widget_add_css_class(label, "kiln-chip");
        gtk_widget_set_margin_start(label, 8);
        gtk_widget_set_margin_end(label, 4);
        GtkWidget *close = gtk_button_new_from_icon_name("window-close-symbolic");
        gtk_widget_add_css_class(close, "flat");
        gtk_widget_add_css_class(close, "circular");
        g_autofree char *tip = g_strdup_printf(_("Remove the filter “%s”"), text);
        gtk_widget_set_tooltip_text(close, tip);
        gtk_accessible_update_property(GTK_ACCESSIBLE(close), GTK_ACCESSIBLE_PROPERTY_LABEL, tip,
                                       -1);
        g_object_set_data(G_OBJECT(close), "index", GUINT_TO_POINTER(i));
        g_signal_connect(close, "clicked", G_CALLBACK(on_chip_close), self);
        gtk_box_append(GTK_BOX(chip), label);
        gtk_box_append(GTK_BOX(chip), close);
        gtk_widget_add_css_class(chip, "card");
        gtk_box_append(GTK_BOX(self->box), chip);
    }
    self->n_chips = n;
    gtk_widget_set_visible(GTK_WIDGET(self), n > 0);
}

void kiln_filter_bar_remove(KilnFilterBar *self, guint i)
{
    guint n = kiln_document_get_n_transforms(self->document);
    if (i >= n)
        return;
    /* The document's stack is a stack: pop down to i, push the rest back. */
    GPtrArray *rest = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_transform_unref);
    for (guint k = i + 1; k < n; k++)
        g_ptr_array_add(rest, kiln_transform_ref(kiln_document_get_transform(self->document, k)));
    for (guint k = i; k < n; k++)
        kiln_document_pop_transform(self->document);
    for (guint k = 0; k < rest->len; k++)
        kiln_document_push_transform(self->document, rest->pdata[k]);
    g_ptr_array_unref(rest);
    rebuild(self);
}

guint kiln_filter_bar_get_n_chips(KilnFilterBar *self)
{
    return self->n_chips;
}

static void kiln_filter_bar_dispose(GObject *object)
{
    KilnFilterBar *self = KILN_FILTER_BAR(object);
    kiln_filter_bar_set_document(self, NULL);
    g_clear_pointer(&self->box, gtk_widget_unparent);
    G_OBJECT_CLASS(kiln_filter_bar_parent_class)->dispose(object);
}

static void kiln_filter_bar_class_init(KilnFilterBarClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = kiln_filter_bar_dispose;
    gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
    gtk_widget_class_set_accessible_role(GTK_WIDGET_CLASS(klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

static void kiln_filter_bar_init(KilnFilterBar *self)
{
    self->box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_set_margin_start(self->box, 6);
    gtk_widget_set_margin_end(self->box, 6);
    gtk_widget_set_margin_top(self->box, 4);
    gtk_widget_set_margin_bottom(self->box, 4);
    gtk_widget_set_parent(self->box, GTK_WIDGET(self));
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   _("Active filters"), -1);
    gtk_widget_set_visible(GTK_WIDGET(self), FALSE);
}

KilnFilterBar *kiln_filter_bar_new(void)
{
    return g_object_new(KILN_TYPE_FILTER_BAR, NULL);
}

void kiln_filter_bar_set_document(KilnFilterBar *self, KilnDocument *document)
{
    if (self->document) {
        g_clear_signal_handler(&self->handler, self->document);
        g_clear_object(&self->document);
    }
    if (document) {
        self->document = g_object_ref(document);
        self->handler =
            g_signal_connect_swapped(document, "notify::profile", G_CALLBACK(rebuild), self);
    }
    if (self->box)
        rebuild(self);
}

/* ---- actions ---- */

static const struct {
    const char *action;
    const char *label;
    KilnTransformKind kind;
} filters[] = {
    {"focus", N_("_Focus on Function"), KILN_TRANSFORM_FOCUS},
    {"ignore", N_("_Ignore Function"), KILN_TRANSFORM_IGNORE},
    {"hide", N_("_Hide Function"), KILN_TRANSFORM_HIDE},
    {"show", N_("_Show Only Function"), KILN_TRANSFORM_SHOW},
    {"prune-from", N_("_Prune Below Function"), KILN_TRANSFORM_PRUNE_FROM},
    {"collapse-recursion", N_("_Collapse Recursion"), KILN_TRANSFORM_COLLAPSE_RECURSION},
};

GMenuModel *kiln_filter_menu_new(void)
{
    GMenu *menu = g_menu_new();
    for (gsize i = 0; i < G_N_ELEMENTS(filters); i++) {
        g_autofree char *detailed = g_strdup_printf("filter.%s", filters[i].action);
        g_menu_append(menu, _(filters[i].label), detailed);
    }
    return G_MENU_MODEL(menu);
}

gboolean kiln_filter_push(KilnDocument *document, const char *action, const char *function)
{
    for (gsize i = 0; i < G_N_ELEMENTS(filters); i++) {
        if (strcmp(filters[i].action, action) != 0)
            continue;
        g_autoptr(KilnTransform) t = NULL;
        if (filters[i].kind == KILN_TRANSFORM_COLLAPSE_RECURSION) {
            t = kiln_transform_new(filters[i].kind);
        } else {
            if (!function)
                return FALSE;
            /* Exactly this function, not every name it is a part of. */
            g_autofree char *quoted = g_regex_escape_string(function, -1);
            g_autofree char *re = g_strdup_printf("^%s$", quoted);
            t = kiln_transform_new_filter(filters[i].kind, re, NULL);
        }
        if (!t)
            return FALSE;
        kiln_document_push_transform(document, t);
        return TRUE;
    }
    return FALSE;
}

typedef struct {
    KilnDocument *(*get_document)(gpointer);
    const char *(*get_function)(gpointer);
    gpointer data;
} Source;

static void on_filter_action(GSimpleAction *action, GVariant *param, gpointer data)
{
    Source *src = data;
    KilnDocument *doc = src->get_document(src->data);
    if (doc)
        kiln_filter_push(doc, g_action_get_name(G_ACTION(action)), src->get_function(src->data));
}

GActionGroup *kiln_filter_actions_new(KilnDocument *(*get_document)(gpointer),
                                      const char *(*get_function)(gpointer), gpointer data)
{
    GSimpleActionGroup *group = g_simple_action_group_new();
    Source *src = g_new(Source, 1);
    *src = (Source){get_document, get_function, data};
    g_object_set_data_full(G_OBJECT(group), "source", src, g_free);
    for (gsize i = 0; i < G_N_ELEMENTS(filters); i++) {
        GSimpleAction *a = g_simple_action_new(filters[i].action, NULL);
        g_signal_connect(a, "activate", G_CALLBACK(on_filter_action), src);
        g_action_map_add_action(G_ACTION_MAP(group), G_ACTION(a));
        g_object_unref(a);
    }
    return G_ACTION_GROUP(group);
}
