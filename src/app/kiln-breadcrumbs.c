#include "kiln-breadcrumbs.h"

#include <glib/gi18n.h>

/* Longest label before eliding: deep C++ names would push the rest away. */
#define MAX_CRUMB_CHARS 32

struct _KilnBreadcrumbs {
    GtkWidget parent_instance;
    GtkWidget *scroller;
    GtkWidget *box;
    guint n_crumbs;
};

G_DEFINE_FINAL_TYPE(KilnBreadcrumbs, kiln_breadcrumbs, GTK_TYPE_WIDGET)

enum { SIGNAL_NODE_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void kiln_breadcrumbs_dispose(GObject *object)
{
    gtk_widget_dispose_template(GTK_WIDGET(object), KILN_TYPE_BREADCRUMBS);
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(GTK_WIDGET(object))))
        gtk_widget_unparent(child);
    G_OBJECT_CLASS(kiln_breadcrumbs_parent_class)->dispose(object);
}

static void kiln_breadcrumbs_class_init(KilnBreadcrumbsClass *klass)
{
    GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
    G_OBJECT_CLASS(klass)->dispose = kiln_breadcrumbs_dispose;
    signals[SIGNAL_NODE_ACTIVATED] =
        g_signal_new("node-activated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
    gtk_widget_class_set_template_from_resource(wc, "/org/kiln/Kiln/kiln-breadcrumbs.ui");
    gtk_widget_class_bind_template_child(wc, KilnBreadcrumbs, scroller);
    gtk_widget_class_bind_template_child(wc, KilnBreadcrumbs, box);
    gtk_widget_class_set_layout_manager_type(wc, GTK_TYPE_BIN_LAYOUT);
    gtk_widget_class_set_css_name(wc, "breadcrumbs");
    gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void kiln_breadcrumbs_init(KilnBreadcrumbs *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   _("Zoom path"), -1);
}

GtkWidget *kiln_breadcrumbs_new(void)
{
    return g_object_new(KILN_TYPE_BREADCRUMBS, NULL);
}

static void crumb_clicked(GtkButton *button, KilnBreadcrumbs *self)
{
    guint node = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(button), "kiln-node"));
    g_signal_emit(self, signals[SIGNAL_NODE_ACTIVATED], 0, node);
}

static gboolean scroll_to_end(gpointer data)
{
    KilnBreadcrumbs *self = data;
    GtkAdjustment *adj =
        gtk_scrolled_window_get_hadjustment(GTK_SCROLLED_WINDOW(self->scroller));
    gtk_adjustment_set_value(adj, gtk_adjustment_get_upper(adj));
    g_object_unref(self);
    return G_SOURCE_REMOVE;
}

void kiln_breadcrumbs_set_path(KilnBreadcrumbs *self, const KilnProfile *p, uint32_t zoom)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(self->box)))
        gtk_box_remove(GTK_BOX(self->box), child);
    self->n_crumbs = 0;
    if (!p || zoom >= p->n_nodes)
        return;
    uint32_t depth = p->nodes[zoom].depth;
    g_autofree uint32_t *path = g_new(uint32_t, depth + 1);
    for (uint32_t n = zoom, d = depth;; n = p->nodes[n].parent, d--) {
        path[d] = n;
        if (n == KILN_ROOT_NODE)
            break;
    }
    for (uint32_t d = 0; d <= depth; d++) {
        if (d) {
            GtkWidget *sep = gtk_image_new_from_icon_name("go-next-symbolic");
            gtk_widget_add_css_class(sep, "dim-label");
            gtk_box_append(GTK_BOX(self->box), sep);
        }
        const char *name = d == 0 ? _("All") : kiln_profile_node_name(p, path[d]);
        /* Shortened here, not ellipsized by the label: the scroller's
         * viewport gives a child only its minimum width, which would turn
         * every crumb of a deep path into "…". At their full width they
         * scroll, the end (the zoom) in view. */
        g_autofree char *shown = NULL;
        if (g_utf8_strlen(name, -1) > MAX_CRUMB_CHARS) {
            /* g_utf8_substring() needs the string to reach its end. */
            g_autofree char *head = g_utf8_substring(name, 0, MAX_CRUMB_CHARS - 1);
            shown = g_strconcat(head, "…", NULL);
        } else {
            shown = g_strdup(name);
        }
        GtkWidget *label = gtk_label_new(shown);
        GtkWidget *b = gtk_button_new();
        gtk_button_set_child(GTK_BUTTON(b), label);
        gtk_widget_add_css_class(b, "flat");
        gtk_widget_set_tooltip_text(b, name);
        g_object_set_data(G_OBJECT(b), "kiln-node", GUINT_TO_POINTER(path[d]));
        if (d == depth) {
            gtk_widget_add_css_class(label, "heading");
            gtk_widget_set_sensitive(b, FALSE);
        }
        g_signal_connect(b, "clicked", G_CALLBACK(crumb_clicked), self);
        gtk_box_append(GTK_BOX(self->box), b);
        self->n_crumbs++;
    }
    /* The adjustment learns the new width only after the next layout. */
    g_idle_add_full(G_PRIORITY_LOW, scroll_to_end, g_object_ref(self), NULL);
}

guint kiln_breadcrumbs_get_n_crumbs(KilnBreadcrumbs *self)
{
    return self->n_crumbs;
}
