/* kiln-views.c — puts the table views and the filter bar on a page. */
#include "kiln-views.h"

#include <glib/gi18n.h>

#include "kiln-call-tree-view.h"
#include "kiln-filter-bar.h"
#include "kiln-top-view.h"

static void show_graph(KilnProfilePage *page)
{
    kiln_profile_page_show_view(page, "graph");
}

void kiln_views_attach(KilnProfilePage *page, AdwViewStack *stack, KilnDocument *document)
{
    KilnFilterBar *bar = kiln_filter_bar_new();
    gtk_widget_set_name(GTK_WIDGET(bar), "filter-bar");
    gtk_widget_insert_before(GTK_WIDGET(bar), gtk_widget_get_parent(GTK_WIDGET(stack)),
                             GTK_WIDGET(stack));
    kiln_filter_bar_set_document(bar, document);

    KilnCallTreeView *tree = kiln_call_tree_view_new(FALSE);
    KilnCallTreeView *bottom = kiln_call_tree_view_new(TRUE);
    KilnTopView *top = kiln_top_view_new();
    kiln_call_tree_view_set_document(tree, document);
    kiln_call_tree_view_set_document(bottom, document);
    kiln_top_view_set_document(top, document);
    const struct {
        GtkWidget *view;
        const char *name, *title, *icon;
    } pages[] = {
        {GTK_WIDGET(tree), "call-tree", N_("Call Tree"), "view-list-symbolic"},
        {GTK_WIDGET(bottom), "bottom-up", N_("Bottom-Up"), "view-sort-descending-symbolic"},
        {GTK_WIDGET(top), "top", N_("Top Functions"), "view-grid-symbolic"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(pages); i++) {
        adw_view_stack_add_titled_with_icon(stack, pages[i].view, pages[i].name, _(pages[i].title),
                                            pages[i].icon);
        g_signal_connect_swapped(pages[i].view, "activated", G_CALLBACK(show_graph), page);
    }
}
