/* kiln-flame-view-input.c — how KilnFlameView answers the pointer, the
 * wheel and the keyboard. Every gesture ends in one of the public
 * functions of kiln-flame-view.h, so tests drive the same code paths. */
#include "kiln-flame-view-private.h"
#include "kiln-source-view.h"

#include <glib/gi18n.h>
#include <math.h>

static void pressed(GtkGestureClick *gesture, int n_press, double x, double y,
                    KilnFlameView *self)
{
    guint button = gtk_gesture_single_get_current_button(GTK_GESTURE_SINGLE(gesture));
    gtk_widget_grab_focus(GTK_WIDGET(self));
    uint32_t node = kiln_flame_view_node_at(self, x, y);
    if (node == KILN_NO_NODE)
        return;
    if (button == GDK_BUTTON_SECONDARY) {
        kiln_flame_view_select(self, node);
        gtk_popover_set_pointing_to(GTK_POPOVER(self->menu), &(GdkRectangle){(int)x, (int)y, 1, 1});
        kiln_flame_view_popup_menu(self);
        gtk_gesture_set_state(GTK_GESTURE(gesture), GTK_EVENT_SEQUENCE_CLAIMED);
        return;
    }
    if (button == GDK_BUTTON_PRIMARY) {
        kiln_flame_view_select(self, node);
        kiln_flame_view_zoom_to(self, node);
    }
}

static void motion(GtkEventControllerMotion *m, double x, double y, KilnFlameView *self)
{
    self->pointer_x = x;
    self->pointer_y = y;
    uint32_t node = kiln_flame_view_node_at(self, x, y);
    if (node != self->hovered) {
        self->hovered = node;
        gtk_widget_queue_draw(GTK_WIDGET(self));
    }
}

static void leave(GtkEventControllerMotion *m, KilnFlameView *self)
{
    if (self->hovered != KILN_NO_NODE) {
        self->hovered = KILN_NO_NODE;
        gtk_widget_queue_draw(GTK_WIDGET(self));
    }
}

/* Ctrl+wheel zooms around the pointer, Shift+wheel and horizontal wheels
 * pan, a plain wheel scrolls a graph taller than the widget. */
static gboolean scroll(GtkEventControllerScroll *c, double dx, double dy, KilnFlameView *self)
{
    GdkModifierType state = gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(c));
    if (state & GDK_CONTROL_MASK) {
        if (dy != 0)
            kiln_flame_view_zoom_by(self, pow(1.25, -dy), self->pointer_x);
        return TRUE;
    }
    if (state & GDK_SHIFT_MASK) {
        dx = dx != 0 ? dx : dy;
        dy = 0;
    }
    if (dx != 0)
        kiln_flame_view_pan_by(self, dx * 40);
    if (dy != 0 && self->layout) {
        /* Wheel down moves towards the root in a flame graph (root at
         * the bottom) and away from it in an icicle. */
        self->y_scroll += (self->style.icicle ? dy : -dy) * 3 * self->style.row_height;
        gtk_widget_queue_allocate(GTK_WIDGET(self)); /* clamps it, moves the scrollbar */
        gtk_widget_queue_draw(GTK_WIDGET(self));
    }
    return TRUE;
}

static gboolean query_tooltip(GtkWidget *widget, int x, int y, gboolean keyboard,
                              GtkTooltip *tooltip)
{
    KilnFlameView *self = KILN_FLAME_VIEW(widget);
    uint32_t node = keyboard ? self->selected : kiln_flame_view_node_at(self, x, y);
    if (node == KILN_NO_NODE || gtk_widget_get_visible(self->menu))
        return FALSE;
    g_autofree char *text = kiln_flame_view_describe(self, node);
    gtk_tooltip_set_text(tooltip, text);
    /* GTK places a tooltip beside its tip area, by default the whole
     * widget: far from the pointer over a wide frame. A small area at the
     * pointer puts it there, and moving out of it asks again, so the
     * tooltip follows the pointer. */
    if (!keyboard)
        gtk_tooltip_set_tip_area(tooltip, &(GdkRectangle){x - 4, y - 4, 8, 8});
    return TRUE;
}

static void focus_enter(GtkEventControllerFocus *f, KilnFlameView *self)
{
    if (self->selected == KILN_NO_NODE)
        kiln_flame_view_select(self, self->zoom);
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* ---- actions (keyboard bindings and the context menu) --------------- */

static void act_back(GtkWidget *w, const char *name, GVariant *p)
{
    kiln_flame_view_go_back(KILN_FLAME_VIEW(w));
}

static void act_reset(GtkWidget *w, const char *name, GVariant *p)
{
    kiln_flame_view_reset(KILN_FLAME_VIEW(w));
}

static void act_activate(GtkWidget *w, const char *name, GVariant *p)
{
    kiln_flame_view_activate_selected(KILN_FLAME_VIEW(w));
}

/* Up and Down follow the picture: in a flame graph children are drawn
 * above their parent, in an icicle below. */
static void act_up(GtkWidget *w, const char *name, GVariant *p)
{
    KilnFlameView *self = KILN_FLAME_VIEW(w);
    kiln_flame_view_move(self, self->style.icicle ? KILN_FLAME_MOVE_PARENT : KILN_FLAME_MOVE_CHILD);
}

static void act_down(GtkWidget *w, const char *name, GVariant *p)
{
    KilnFlameView *self = KILN_FLAME_VIEW(w);
    kiln_flame_view_move(self, self->style.icicle ? KILN_FLAME_MOVE_CHILD : KILN_FLAME_MOVE_PARENT);
}

static void act_left(GtkWidget *w, const char *name, GVariant *p)
{
    kiln_flame_view_move(KILN_FLAME_VIEW(w), KILN_FLAME_MOVE_PREV);
}

static void act_right(GtkWidget *w, const char *name, GVariant *p)
{
    kiln_flame_view_move(KILN_FLAME_VIEW(w), KILN_FLAME_MOVE_NEXT);
}

static void act_zoom_in(GtkWidget *w, const char *name, GVariant *p)
{
    kiln_flame_view_zoom_by(KILN_FLAME_VIEW(w), 1.5, gtk_widget_get_width(w) / 2.0);
}

static void act_zoom_out(GtkWidget *w, const char *name, GVariant *p)
{
    kiln_flame_view_zoom_by(KILN_FLAME_VIEW(w), 1 / 1.5, gtk_widget_get_width(w) / 2.0);
}

static void act_copy_name(GtkWidget *w, const char *name, GVariant *p)
{
    kiln_flame_view_copy_name(KILN_FLAME_VIEW(w));
}

static void act_copy_stack(GtkWidget *w, const char *name, GVariant *p)
{
    kiln_flame_view_copy_stack(KILN_FLAME_VIEW(w));
}

/* Source annotation (issue 15): the selected frame's function in a
 * window of its own (kiln-source-view.c). */
static void open_annotation(GtkWidget *w, gboolean disassembly)
{
    KilnFlameView *self = KILN_FLAME_VIEW(w);
    KilnProfile *p = kiln_flame_view_get_profile(self);
    uint32_t node = self->selected;
    if (!p || node == KILN_NO_NODE || node == KILN_ROOT_NODE || node >= p->n_nodes)
        return;
    kiln_source_view_present(w, kiln_flame_view_get_document(self), kiln_profile_node_name(p, node),
                             kiln_flame_view_get_sample_type(self), disassembly);
}

static void act_source(GtkWidget *w, const char *name, GVariant *p)
{
    open_annotation(w, FALSE);
}

static void act_disassembly(GtkWidget *w, const char *name, GVariant *p)
{
    open_annotation(w, TRUE);
}

/* Menu key / Shift+F10: the context menu at the selected frame. */
static void act_menu(GtkWidget *w, const char *name, GVariant *p)
{
    KilnFlameView *self = KILN_FLAME_VIEW(w);
    if (self->selected == KILN_NO_NODE ||
        !kiln_flame_view_ensure_layout(self, gtk_widget_get_width(w)))
        return;
    const KilnFlameRect *r = kiln_flame_layout_find(self->layout, self->selected);
    GdkRectangle at = {gtk_widget_get_width(w) / 2, gtk_widget_get_height(w) / 2, 1, 1};
    if (r) {
        int h = gtk_widget_get_height(w);
        kiln_flame_view_sync_style(self, h);
        at.x = (int)(r->x + MIN(r->w / 2, 40));
        at.y = (int)(kiln_flame_row_y(self->layout, &self->style, h, r->row) +
                     self->style.row_height / 2);
    }
    gtk_popover_set_pointing_to(GTK_POPOVER(self->menu), &at);
    kiln_flame_view_popup_menu(self);
}

/* A tooltip left over the menu would hide its items: none while it is
 * open (query_tooltip declines then). */
void kiln_flame_view_popup_menu(KilnFlameView *self)
{
    gtk_popover_popup(GTK_POPOVER(self->menu));
    gtk_widget_trigger_tooltip_query(GTK_WIDGET(self));
}

void kiln_flame_view_class_init_input(GtkWidgetClass *wc)
{
    wc->query_tooltip = query_tooltip;
    gtk_widget_class_install_action(wc, "flame.back", NULL, act_back);
    gtk_widget_class_install_action(wc, "flame.reset", NULL, act_reset);
    gtk_widget_class_install_action(wc, "flame.activate", NULL, act_activate);
    gtk_widget_class_install_action(wc, "flame.up", NULL, act_up);
    gtk_widget_class_install_action(wc, "flame.down", NULL, act_down);
    gtk_widget_class_install_action(wc, "flame.left", NULL, act_left);
    gtk_widget_class_install_action(wc, "flame.right", NULL, act_right);
    gtk_widget_class_install_action(wc, "flame.zoom-in", NULL, act_zoom_in);
    gtk_widget_class_install_action(wc, "flame.zoom-out", NULL, act_zoom_out);
    /* The context menu's "Zoom to Frame" is what Enter does. */
    gtk_widget_class_install_action(wc, "flame.zoom-selected", NULL, act_activate);
    gtk_widget_class_install_action(wc, "flame.copy-name", NULL, act_copy_name);
    gtk_widget_class_install_action(wc, "flame.copy-stack", NULL, act_copy_stack);
    gtk_widget_class_install_action(wc, "flame.menu", NULL, act_menu);
    gtk_widget_class_install_action(wc, "flame.source", NULL, act_source);
    gtk_widget_class_install_action(wc, "flame.disassembly", NULL, act_disassembly);

    static const struct {
        guint key;
        GdkModifierType mods;
        const char *action;
    } keys[] = {
        {GDK_KEY_BackSpace, 0, "flame.back"},
        {GDK_KEY_Left, GDK_ALT_MASK, "flame.back"},
        {GDK_KEY_Home, 0, "flame.reset"},
        {GDK_KEY_Escape, 0, "flame.reset"},
        {GDK_KEY_Return, 0, "flame.activate"},
        {GDK_KEY_KP_Enter, 0, "flame.activate"},
        {GDK_KEY_space, 0, "flame.activate"},
        {GDK_KEY_Up, 0, "flame.up"},
        {GDK_KEY_KP_Up, 0, "flame.up"},
        {GDK_KEY_Down, 0, "flame.down"},
        {GDK_KEY_KP_Down, 0, "flame.down"},
        {GDK_KEY_Left, 0, "flame.left"},
        {GDK_KEY_KP_Left, 0, "flame.left"},
        {GDK_KEY_Right, 0, "flame.right"},
        {GDK_KEY_KP_Right, 0, "flame.right"},
        {GDK_KEY_plus, GDK_CONTROL_MASK, "flame.zoom-in"},
        {GDK_KEY_equal, GDK_CONTROL_MASK, "flame.zoom-in"},
        {GDK_KEY_KP_Add, GDK_CONTROL_MASK, "flame.zoom-in"},
        {GDK_KEY_minus, GDK_CONTROL_MASK, "flame.zoom-out"},
        {GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "flame.zoom-out"},
        {GDK_KEY_c, GDK_CONTROL_MASK, "flame.copy-name"},
        {GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "flame.copy-stack"},
        {GDK_KEY_Menu, 0, "flame.menu"},
        {GDK_KEY_u, GDK_CONTROL_MASK, "flame.source"},
        {GDK_KEY_U, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "flame.disassembly"},
        {GDK_KEY_F10, GDK_SHIFT_MASK, "flame.menu"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
        gtk_widget_class_add_binding_action(wc, keys[i].key, keys[i].mods, keys[i].action, NULL);
}

void kiln_flame_view_init_input(KilnFlameView *self)
{
    GtkWidget *w = GTK_WIDGET(self);
    GtkGesture *click = gtk_gesture_click_new();
    gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), 0);
    g_signal_connect(click, "pressed", G_CALLBACK(pressed), self);
    gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(click));

    GtkEventController *m = gtk_event_controller_motion_new();
    g_signal_connect(m, "motion", G_CALLBACK(motion), self);
    g_signal_connect(m, "leave", G_CALLBACK(leave), self);
    gtk_widget_add_controller(w, m);

    GtkEventController *s = gtk_event_controller_scroll_new(GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
    g_signal_connect(s, "scroll", G_CALLBACK(scroll), self);
    gtk_widget_add_controller(w, s);

    GtkEventController *f = gtk_event_controller_focus_new();
    g_signal_connect(f, "enter", G_CALLBACK(focus_enter), self);
    gtk_widget_add_controller(w, f);
}
