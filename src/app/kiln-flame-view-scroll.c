/* kiln-flame-view-scroll.c — KilnFlameView as a GtkScrollable, so that a
 * GtkScrolledWindow around it shows where the view is: the vertical
 * scrollbar when the graph is taller than the widget, the horizontal one
 * when Ctrl+wheel has magnified it. The adjustments mirror the view state
 * (offset, y_scroll); they are configured in size_allocate, which every
 * state change queues, and dragging them moves the view. */
#include "kiln-flame-view-private.h"

static void h_changed(GtkAdjustment *adj, KilnFlameView *self)
{
    if (self->syncing_adjustments)
        return;
    self->offset = gtk_adjustment_get_value(adj);
    kiln_flame_view_invalidate(self);
}

static void v_changed(GtkAdjustment *adj, KilnFlameView *self)
{
    if (self->syncing_adjustments || !self->layout)
        return;
    double h = gtk_widget_get_height(GTK_WIDGET(self));
    double content = kiln_flame_content_height(self->layout, &self->style);
    double max_scroll = MAX(content - h, 0);
    double top = gtk_adjustment_get_value(adj);
    /* y_scroll counts from the root's end: the top in an icicle, the
     * bottom in a flame graph. */
    self->y_scroll = self->style.icicle ? top : max_scroll - top;
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

void kiln_flame_view_set_adjustment(KilnFlameView *self, GtkOrientation o, GtkAdjustment *adj)
{
    GtkAdjustment **slot = o == GTK_ORIENTATION_HORIZONTAL ? &self->hadjustment : &self->vadjustment;
    if (*slot == adj && adj)
        return;
    if (*slot) {
        g_signal_handlers_disconnect_by_data(*slot, self);
        g_clear_object(slot);
    }
    if (!adj)
        adj = gtk_adjustment_new(0, 0, 0, 0, 0, 0);
    *slot = g_object_ref_sink(adj);
    g_signal_connect(adj, "value-changed",
                     G_CALLBACK(o == GTK_ORIENTATION_HORIZONTAL ? h_changed : v_changed), self);
    gtk_widget_queue_allocate(GTK_WIDGET(self));
}

void kiln_flame_view_sync_adjustments(KilnFlameView *self, int width, int height)
{
    if (!self->hadjustment || !self->vadjustment)
        return;
    self->syncing_adjustments = TRUE;
    if (kiln_flame_view_ensure_layout(self, width)) {
        kiln_flame_view_sync_style(self, height);
        double content = kiln_flame_content_height(self->layout, &self->style);
        gtk_adjustment_configure(self->hadjustment, self->offset, 0, width * self->scale,
                                 width * 0.1, width * 0.9, width);
        gtk_adjustment_configure(self->vadjustment, self->style.y_offset, 0, MAX(content, height),
                                 self->style.row_height * 3, height * 0.9, height);
    } else {
        gtk_adjustment_configure(self->hadjustment, 0, 0, 0, 0, 0, 0);
        gtk_adjustment_configure(self->vadjustment, 0, 0, 0, 0, 0, 0);
    }
    self->syncing_adjustments = FALSE;
}

void kiln_flame_view_dispose_adjustments(KilnFlameView *self)
{
    GtkAdjustment **slots[] = {&self->hadjustment, &self->vadjustment};
    for (gsize i = 0; i < G_N_ELEMENTS(slots); i++) {
        if (*slots[i]) {
            g_signal_handlers_disconnect_by_data(*slots[i], self);
            g_clear_object(slots[i]);
        }
    }
}
