/* kiln-heat-map-view.c — KilnHeatMapView: input and drawing of the heat map. */
#include "kiln-heat-map-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "render/kiln-heat-map-painter.h"

struct _KilnHeatMapView {
    GtkWidget parent_instance;
    KilnProfile *profile;
    KilnHeatMap *map;
    KilnHeatMapOptions options;
    KilnHeatMapStyle style;
    gulong dark_handler;
    /* The drag (or keyboard extension) in progress: from the anchor cell
     * to the cursor cell. */
    gboolean dragging, has_anchor;
    guint anchor_column, anchor_row;
    guint cursor_column, cursor_row;
    guint64 sel_start, sel_end; /* the range in force, absolute ns */
};

G_DEFINE_FINAL_TYPE(KilnHeatMapView, kiln_heat_map_view, GTK_TYPE_WIDGET)

enum { SIGNAL_RANGE_SELECTED, SIGNAL_RANGE_CLEARED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void geometry(KilnHeatMapView *self, KilnHeatMapGeometry *g)
{
    kiln_heat_map_geometry(self->map, &self->style, gtk_widget_get_width(GTK_WIDGET(self)),
                           gtk_widget_get_height(GTK_WIDGET(self)), g);
}

static void format_seconds(guint64 ns, char *buf, gsize size)
{
    /* Milliseconds are what a cell's edges need at 50 rows and up to
     * 1000 rows; microseconds would be noise. */
    g_snprintf(buf, size, "%.3f", (double)ns / 1e9);
}

char *kiln_heat_map_view_describe_cell(KilnHeatMapView *self, guint column, guint row)
{
    if (!self->map)
        return NULL;
    guint64 s, e;
    kiln_heat_map_cell_span(self->map, column, row, &s, &e);
    char a[32], b[32];
    format_seconds(s, a, sizeof a);
    format_seconds(e, b, sizeof b);
    guint n = kiln_heat_map_count(self->map, column, row);
    /* Translators: a heat map cell: its start and end in seconds since the
     * first sample, then how many samples fell in it */
    return g_strdup_printf(
        g_dngettext(GETTEXT_PACKAGE, "%s s – %s s: %u sample", "%s s – %s s: %u samples", n), a, b,
        n);
}

/* The accessible description: what the map shows and what is chosen, so
 * a screen reader hears the picture's content, not just "image". */
static void update_description(KilnHeatMapView *self)
{
    GString *d = g_string_new(NULL);
    if (!self->map) {
        g_string_append(d, _("No sample times: this profile has no heat map."));
    } else {
        g_string_append_printf(
            d, _("%u seconds in %u rows per second; the busiest cell has %u samples."),
            kiln_heat_map_columns(self->map), kiln_heat_map_rows(self->map),
            kiln_heat_map_max_count(self->map));
        if (self->style.sel_end > self->style.sel_start) {
            char a[32], b[32];
            format_seconds(self->style.sel_start, a, sizeof a);
            format_seconds(self->style.sel_end, b, sizeof b);
            g_string_append_c(d, ' ');
            /* Translators: the chosen time range, in seconds since the first sample */
            g_string_append_printf(d, _("Selected: %s s to %s s."), a, b);
        }
    }
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                   d->str, -1);
    g_string_free(d, TRUE);
}

static void rebuild(KilnHeatMapView *self)
{
    g_clear_pointer(&self->map, kiln_heat_map_free);
    if (self->profile && kiln_profile_has_sample_times(self->profile))
        self->map = kiln_heat_map_new(self->profile, &self->options, NULL);
    self->style.has_hover = FALSE;
    self->has_anchor = self->dragging = FALSE;
    kiln_heat_map_view_set_selection(self, self->sel_start, self->sel_end);
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

gboolean kiln_heat_map_view_set_profile(KilnHeatMapView *self, KilnProfile *profile)
{
    g_return_val_if_fail(KILN_IS_HEAT_MAP_VIEW(self), FALSE);
    if (profile != self->profile) {
        if (profile)
            kiln_profile_ref(profile);
        g_clear_pointer(&self->profile, kiln_profile_unref);
        self->profile = profile;
        self->sel_start = self->sel_end = 0;
        rebuild(self);
    }
    return self->map != NULL;
}

const KilnHeatMap *kiln_heat_map_view_get_map(KilnHeatMapView *self)
{
    return self->map;
}

void kiln_heat_map_view_set_rows(KilnHeatMapView *self, guint rows)
{
    rows = CLAMP(rows, 1, KILN_HEAT_MAP_MAX_ROWS);
    if (rows == self->options.rows)
        return;
    self->options.rows = rows;
    rebuild(self);
}

void kiln_heat_map_view_set_thread(KilnHeatMapView *self, gboolean one_thread, guint32 tid)
{
    self->options.one_thread = one_thread;
    self->options.thread = tid;
    rebuild(self);
}

void kiln_heat_map_view_set_selection(KilnHeatMapView *self, guint64 start, guint64 end)
{
    self->sel_start = start;
    self->sel_end = end;
    if (self->map && end > start) {
        guint64 t0 = kiln_heat_map_t0(self->map);
        self->style.sel_start = start > t0 ? start - t0 : 0;
        self->style.sel_end = end > t0 ? end - t0 : 0;
    } else {
        self->style.sel_start = self->style.sel_end = 0;
    }
    update_description(self);
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

gboolean kiln_heat_map_view_cell_center(KilnHeatMapView *self, guint column, guint row, double *x,
                                        double *y)
{
    if (!self->map)
        return FALSE;
    KilnHeatMapGeometry g;
    geometry(self, &g);
    *x = g.plot_x + (column + 0.5) * g.cell_w;
    *y = g.plot_y + (row + 0.5) * g.cell_h;
    return TRUE;
}

/* While choosing: show the anchor-to-cursor span in place of the range in
 * force. */
static void show_pending(KilnHeatMapView *self)
{
    uint64_t s, e;
    kiln_heat_map_selection_span(self->map, self->anchor_column, self->anchor_row,
                                 self->cursor_column, self->cursor_row, &s, &e);
    self->style.sel_start = s;
    self->style.sel_end = e;
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void choose(KilnHeatMapView *self)
{
    uint64_t s, e;
    kiln_heat_map_selection_span(self->map, self->anchor_column, self->anchor_row,
                                 self->cursor_column, self->cursor_row, &s, &e);
    guint64 t0 = kiln_heat_map_t0(self->map);
    self->has_anchor = FALSE;
    kiln_heat_map_view_set_selection(self, t0 + s, t0 + e);
    g_signal_emit(self, signals[SIGNAL_RANGE_SELECTED], 0, (guint64)(t0 + s), (guint64)(t0 + e));
}

static void set_cursor(KilnHeatMapView *self, guint column, guint row)
{
    self->cursor_column = column;
    self->cursor_row = row;
    self->style.has_hover = TRUE;
    self->style.hover_column = column;
    self->style.hover_row = row;
    char *text = kiln_heat_map_view_describe_cell(self, column, row);
    gtk_widget_set_tooltip_text(GTK_WIDGET(self), text);
    g_free(text);
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void on_motion(GtkEventControllerMotion *c, double x, double y, KilnHeatMapView *self)
{
    KilnHeatMapGeometry g;
    guint32 col, row;
    if (!self->map)
        return;
    geometry(self, &g);
    if (kiln_heat_map_hit(&g, x, y, self->dragging, &col, &row)) {
        if (!self->style.has_hover || col != self->cursor_column || row != self->cursor_row)
            set_cursor(self, col, row);
    } else if (self->style.has_hover) {
        self->style.has_hover = FALSE;
        gtk_widget_set_tooltip_text(GTK_WIDGET(self), NULL);
        gtk_widget_queue_draw(GTK_WIDGET(self));
    }
}

static void on_leave(GtkEventControllerMotion *c, KilnHeatMapView *self)
{
    if (self->dragging)
        return;
    self->style.has_hover = FALSE;
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* The drag, apart from the gesture so tests can run the same steps. */
static gboolean drag_begin_at(KilnHeatMapView *self, double x, double y)
{
    KilnHeatMapGeometry g;
    guint32 col, row;
    if (!self->map)
        return FALSE;
    geometry(self, &g);
    if (!kiln_heat_map_hit(&g, x, y, FALSE, &col, &row))
        return FALSE;
    gtk_widget_grab_focus(GTK_WIDGET(self));
    self->dragging = self->has_anchor = TRUE;
    self->anchor_column = col;
    self->anchor_row = row;
    set_cursor(self, col, row);
    show_pending(self);
    return TRUE;
}

static void drag_to(KilnHeatMapView *self, double x, double y)
{
    KilnHeatMapGeometry g;
    guint32 col, row;
    if (!self->dragging)
        return;
    geometry(self, &g);
    kiln_heat_map_hit(&g, x, y, TRUE, &col, &row);
    if (col != self->cursor_column || row != self->cursor_row)
        set_cursor(self, col, row);
    show_pending(self);
}

static void drag_end_at(KilnHeatMapView *self, double x, double y)
{
    if (!self->dragging)
        return;
    drag_to(self, x, y);
    self->dragging = FALSE;
    choose(self);
}

static void on_drag_begin(GtkGestureDrag *gesture, double x, double y, KilnHeatMapView *self)
{
    if (!drag_begin_at(self, x, y))
        gtk_gesture_set_state(GTK_GESTURE(gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void on_drag_update(GtkGestureDrag *gesture, double dx, double dy, KilnHeatMapView *self)
{
    double x0, y0;
    gtk_gesture_drag_get_start_point(gesture, &x0, &y0);
    drag_to(self, x0 + dx, y0 + dy);
}

static void on_drag_end(GtkGestureDrag *gesture, double dx, double dy, KilnHeatMapView *self)
{
    double x0, y0;
    gtk_gesture_drag_get_start_point(gesture, &x0, &y0);
    drag_end_at(self, x0 + dx, y0 + dy);
}

gboolean kiln_heat_map_view_drag(KilnHeatMapView *self, double x0, double y0, double x1, double y1)
{
    if (!drag_begin_at(self, x0, y0))
        return FALSE;
    drag_to(self, (x0 + x1) / 2, (y0 + y1) / 2);
    drag_end_at(self, x1, y1);
    return TRUE;
}

static gboolean on_key(GtkEventControllerKey *c, guint keyval, guint keycode, GdkModifierType state,
                       KilnHeatMapView *self)
{
    if (!self->map)
        return FALSE;
    guint cols = kiln_heat_map_columns(self->map), rows = kiln_heat_map_rows(self->map);
    guint col = self->style.has_hover ? self->cursor_column : 0;
    guint row = self->style.has_hover ? self->cursor_row : 0;
    gboolean extend = (state & GDK_SHIFT_MASK) != 0;
    switch (keyval) {
    case GDK_KEY_Left:
        col = col ? col - 1 : 0;
        break;
    case GDK_KEY_Right:
        col = MIN(col + 1, cols - 1);
        break;
    case GDK_KEY_Up:
        row = row ? row - 1 : 0;
        break;
    case GDK_KEY_Down:
        row = MIN(row + 1, rows - 1);
        break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
        if (!self->has_anchor) {
            self->anchor_column = col;
            self->anchor_row = row;
        }
        self->cursor_column = col;
        self->cursor_row = row;
        choose(self);
        return TRUE;
    case GDK_KEY_Escape:
        if (self->has_anchor) {
            self->has_anchor = FALSE;
            kiln_heat_map_view_set_selection(self, self->sel_start, self->sel_end);
            return TRUE;
        }
        if (self->sel_end > self->sel_start) {
            kiln_heat_map_view_set_selection(self, 0, 0);
            g_signal_emit(self, signals[SIGNAL_RANGE_CLEARED], 0);
            return TRUE;
        }
        return FALSE;
    default:
        return FALSE;
    }
    if (extend && !self->has_anchor) {
        self->has_anchor = TRUE;
        self->anchor_column = self->cursor_column;
        self->anchor_row = self->cursor_row;
    } else if (!extend && self->has_anchor) {
        self->has_anchor = FALSE;
        kiln_heat_map_view_set_selection(self, self->sel_start, self->sel_end);
    }
    set_cursor(self, col, row);
    if (self->has_anchor)
        show_pending(self);
    return TRUE;
}

static void snapshot(GtkWidget *widget, GtkSnapshot *snap)
{
    KilnHeatMapView *self = KILN_HEAT_MAP_VIEW(widget);
    if (!self->map)
        return;
    int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
    cairo_t *cr = gtk_snapshot_append_cairo(snap, &GRAPHENE_RECT_INIT(0, 0, w, h));
    kiln_heat_map_paint(cr, self->map, &self->style, w, h);
    cairo_destroy(cr);
}

static void measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                    int *natural, int *minimum_baseline, int *natural_baseline)
{
    /* Room for the axes, the legend and a few cells; more is welcome. */
    *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
    *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 420;
}

static void dark_changed(KilnHeatMapView *self)
{
    self->style.dark = adw_style_manager_get_dark(adw_style_manager_get_default());
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void dispose(GObject *object)
{
    KilnHeatMapView *self = KILN_HEAT_MAP_VIEW(object);
    if (self->dark_handler) {
        g_signal_handler_disconnect(adw_style_manager_get_default(), self->dark_handler);
        self->dark_handler = 0;
    }
    g_clear_pointer(&self->map, kiln_heat_map_free);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    G_OBJECT_CLASS(kiln_heat_map_view_parent_class)->dispose(object);
}

static void kiln_heat_map_view_class_init(KilnHeatMapViewClass *klass)
{
    GObjectClass *oc = G_OBJECT_CLASS(klass);
    GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
    oc->dispose = dispose;
    wc->snapshot = snapshot;
    wc->measure = measure;
    gtk_widget_class_set_css_name(wc, "heatmap");
    /* A picture described in words (update_description()). */
    gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_IMG);
    signals[SIGNAL_RANGE_SELECTED] =
        g_signal_new("range-selected", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
    signals[SIGNAL_RANGE_CLEARED] =
        g_signal_new("range-cleared", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 0);
}

static void kiln_heat_map_view_init(KilnHeatMapView *self)
{
    GtkWidget *w = GTK_WIDGET(self);
    kiln_heat_map_options_init(&self->options);
    kiln_heat_map_style_init(&self->style);
    gtk_widget_set_focusable(w, TRUE);
    gtk_widget_set_hexpand(w, TRUE);
    gtk_widget_set_vexpand(w, TRUE);
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   _("Heat map of samples over time"),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                   _("No sample times: this profile has no heat map."), -1);

    GtkEventController *motion = gtk_event_controller_motion_new();
    g_signal_connect(motion, "motion", G_CALLBACK(on_motion), self);
    g_signal_connect(motion, "leave", G_CALLBACK(on_leave), self);
    gtk_widget_add_controller(w, motion);
    GtkGesture *drag = gtk_gesture_drag_new();
    gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(drag), GDK_BUTTON_PRIMARY);
    g_signal_connect(drag, "drag-begin", G_CALLBACK(on_drag_begin), self);
    g_signal_connect(drag, "drag-update", G_CALLBACK(on_drag_update), self);
    g_signal_connect(drag, "drag-end", G_CALLBACK(on_drag_end), self);
    gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(drag));
    GtkEventController *keys = gtk_event_controller_key_new();
    g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key), self);
    gtk_widget_add_controller(w, keys);

    AdwStyleManager *sm = adw_style_manager_get_default();
    self->style.dark = adw_style_manager_get_dark(sm);
    self->dark_handler =
        g_signal_connect_swapped(sm, "notify::dark", G_CALLBACK(dark_changed), self);
}

GtkWidget *kiln_heat_map_view_new(void)
{
    return g_object_new(KILN_TYPE_HEAT_MAP_VIEW, NULL);
}
