/* kiln-timeline-view.c — KilnTimelineView: lanes, axis, zoom and range. */
#include "kiln-timeline-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "core/kiln-time-index.h"
#include "render/kiln-heat-map-painter.h"

#define LABEL_W  180.0
#define AXIS_H   26.0
#define LANE_H   26.0
#define RIGHT    10.0
#define SLICE_PX 2.0
#define MAX_ZOOM 1e6

typedef struct {
    guint32 tid;
    char *label;
} Lane;

struct _KilnTimelineView {
    GtkWidget parent_instance;
    KilnProfile *profile;
    KilnTimeIndex *index;
    GArray *lanes;            /* Lane, in the index's thread order */
    guint64 first, span;      /* recording: first sample time, last - first + 1 */
    guint64 view_lo, view_hi; /* visible window, ns since first */
    gboolean dragging;
    double drag_x0, drag_x1;
    guint64 sel_start, sel_end; /* absolute ns; end <= start: none */
    double pointer_x;           /* where Ctrl+scroll zooms about */
    gboolean dark;
    gulong dark_handler;
};

G_DEFINE_FINAL_TYPE(KilnTimelineView, kiln_timeline_view, GTK_TYPE_WIDGET)

enum { SIGNAL_RANGE_SELECTED, SIGNAL_RANGE_CLEARED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void clear_lane(gpointer p)
{
    g_free(((Lane *)p)->label);
}

static double plot_w(KilnTimelineView *self)
{
    return MAX(gtk_widget_get_width(GTK_WIDGET(self)) - LABEL_W - RIGHT, 1.0);
}

double kiln_timeline_view_time_to_x(KilnTimelineView *self, guint64 t)
{
    double off = (double)t - (double)self->first - (double)self->view_lo;
    return LABEL_W + off / (double)(self->view_hi - self->view_lo) * plot_w(self);
}

/* ns since the first sample at widget x, clamped to the recording. */
static guint64 x_to_offset(KilnTimelineView *self, double x)
{
    double f = CLAMP((x - LABEL_W) / plot_w(self), 0.0, 1.0);
    return self->view_lo + (guint64)(f * (double)(self->view_hi - self->view_lo));
}

/* A thread's name: perf's importers put the thread's command name as the
 * outermost frame of each of its stacks. */
static char *lane_label(KilnProfile *p, KilnTimeIndex *index, guint i, guint32 tid)
{
    guint32 n = 0;
    const guint32 *ids = kiln_time_index_thread_samples(index, i, &n);
    const char *name = NULL;
    if (n && g_str_has_prefix(p->format, "perf")) {
        guint32 node = p->sample_node[ids[0]];
        while (node != KILN_ROOT_NODE && node < p->n_nodes && p->nodes[node].depth > 1)
            node = p->nodes[node].parent;
        if (node != KILN_ROOT_NODE && node < p->n_nodes)
            name = kiln_profile_node_name(p, node);
    }
    /* Translators: a timeline lane: a thread's name and its id */
    return name ? g_strdup_printf(_("%s (%u)"), name, tid)
                /* Translators: a timeline lane of a thread without a name */
                : g_strdup_printf(_("Thread %u"), tid);
}

static void update_description(KilnTimelineView *self)
{
    g_autofree char *d = NULL;
    if (!self->index)
        d = g_strdup(_("No sample times: this profile has no timeline."));
    else
        d = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u thread over %.3f seconds.",
                                        "%u threads over %.3f seconds.", self->lanes->len),
                            self->lanes->len, (double)self->span / 1e9);
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, d,
                                   -1);
}

gboolean kiln_timeline_view_set_profile(KilnTimelineView *self, KilnProfile *profile)
{
    g_return_val_if_fail(KILN_IS_TIMELINE_VIEW(self), FALSE);
    if (profile == self->profile)
        return self->index != NULL;
    g_clear_pointer(&self->index, kiln_time_index_free);
    g_array_set_size(self->lanes, 0);
    if (profile)
        kiln_profile_ref(profile);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    self->profile = profile;
    self->sel_start = self->sel_end = 0;
    if (profile && kiln_profile_has_sample_times(profile))
        self->index = kiln_time_index_new(profile, NULL);
    if (self->index && !kiln_time_index_has_times(self->index))
        g_clear_pointer(&self->index, kiln_time_index_free);
    if (self->index) {
        self->first = kiln_time_index_first_time(self->index);
        self->span = kiln_time_index_last_time(self->index) - self->first + 1;
        self->view_lo = 0;
        self->view_hi = self->span;
        for (guint i = 0; i < kiln_time_index_n_threads(self->index); i++) {
            const KilnTimeThread *t = kiln_time_index_thread(self->index, i);
            Lane lane = {t->thread, lane_label(profile, self->index, i, t->thread)};
            g_array_append_val(self->lanes, lane);
        }
    }
    update_description(self);
    gtk_widget_queue_resize(GTK_WIDGET(self));
    return self->index != NULL;
}

guint kiln_timeline_view_get_n_lanes(KilnTimelineView *self)
{
    return self->lanes->len;
}

const char *kiln_timeline_view_get_lane_label(KilnTimelineView *self, guint lane, guint32 *tid)
{
    if (lane >= self->lanes->len)
        return NULL;
    const Lane *l = &g_array_index(self->lanes, Lane, lane);
    if (tid)
        *tid = l->tid;
    return l->label;
}

void kiln_timeline_view_set_zoom(KilnTimelineView *self, double zoom, guint64 centre)
{
    if (!self->index)
        return;
    zoom = CLAMP(zoom, 1.0, MAX_ZOOM);
    guint64 width = MAX((guint64)((double)self->span / zoom), 1000);
    guint64 c = centre > self->first ? centre - self->first : 0;
    guint64 lo = c > width / 2 ? c - width / 2 : 0;
    if (lo + width > self->span)
        lo = self->span > width ? self->span - width : 0;
    self->view_lo = lo;
    self->view_hi = MIN(lo + width, self->span);
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

double kiln_timeline_view_get_zoom(KilnTimelineView *self)
{
    if (!self->index)
        return 1.0;
    return (double)self->span / (double)(self->view_hi - self->view_lo);
}

void kiln_timeline_view_set_selection(KilnTimelineView *self, guint64 start, guint64 end)
{
    self->sel_start = start;
    self->sel_end = end;
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* Zooms by `factor` keeping the time under x where it is. */
static void zoom_at(KilnTimelineView *self, double factor, double x)
{
    guint64 under = x_to_offset(self, x);
    double f = CLAMP((x - LABEL_W) / plot_w(self), 0.0, 1.0);
    double zoom = CLAMP(kiln_timeline_view_get_zoom(self) * factor, 1.0, MAX_ZOOM);
    guint64 width = MAX((guint64)((double)self->span / zoom), 1000);
    double lo = (double)under - f * (double)width;
    lo = CLAMP(lo, 0.0, (double)(self->span > width ? self->span - width : 0));
    self->view_lo = (guint64)lo;
    self->view_hi = MIN(self->view_lo + width, self->span);
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void pan(KilnTimelineView *self, double fraction)
{
    guint64 width = self->view_hi - self->view_lo;
    double lo = (double)self->view_lo + fraction * (double)width;
    lo = CLAMP(lo, 0.0, (double)(self->span - width));
    self->view_lo = (guint64)lo;
    self->view_hi = self->view_lo + width;
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void paint_axis(KilnTimelineView *self, cairo_t *cr, double fg, double height)
{
    double w = plot_w(self);
    double window = (double)(self->view_hi - self->view_lo);
    /* A 1-2-5 step (in ns) giving labels at least 70 px apart. */
    static const double mult[] = {1, 2, 5};
    double step = 1;
    for (double base = 1; base < 1e15 && step / window * w < 70; base *= 10)
        for (guint m = 0; m < G_N_ELEMENTS(mult); m++) {
            step = base * mult[m];
            if (step / window * w >= 70)
                break;
        }
    double first = ceil((double)self->view_lo / step) * step;
    cairo_set_font_size(cr, 11);
    cairo_set_line_width(cr, 1);
    for (double t = first; t <= (double)self->view_hi; t += step) {
        double x = round(LABEL_W + (t - (double)self->view_lo) / window * w) + 0.5;
        cairo_set_source_rgba(cr, fg, fg, fg, 0.25);
        cairo_move_to(cr, x, AXIS_H - 6);
        cairo_line_to(cr, x, height);
        cairo_stroke(cr);
        char buf[32];
        /* Seconds with as many decimals as the step needs. */
        int decimals = step >= 1e9 ? 0 : (int)ceil(9 - log10(step) - 1e-9);
        g_snprintf(buf, sizeof buf, "%.*f s", MIN(decimals, 9), t / 1e9);
        cairo_set_source_rgb(cr, fg, fg, fg);
        cairo_move_to(cr, x + 3, AXIS_H - 10);
        cairo_show_text(cr, buf);
    }
}

static void snapshot(GtkWidget *widget, GtkSnapshot *snap)
{
    KilnTimelineView *self = KILN_TIMELINE_VIEW(widget);
    if (!self->index)
        return;
    int wi = gtk_widget_get_width(widget), hi = gtk_widget_get_height(widget);
    cairo_t *cr = gtk_snapshot_append_cairo(snap, &GRAPHENE_RECT_INIT(0, 0, wi, hi));
    double fg = self->dark ? 0.92 : 0.12;
    cairo_select_font_face(cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);

    double w = plot_w(self);
    guint slices = MAX((guint)(w / SLICE_PX), 1);
    guint64 window = self->view_hi - self->view_lo;
    /* Counts first, for one scale over every visible lane. */
    guint n = self->lanes->len;
    guint32 *counts = g_new(guint32, (gsize)n * slices);
    guint32 max = 0;
    for (guint l = 0; l < n; l++)
        for (guint s = 0; s < slices; s++) {
            guint64 a = self->first + self->view_lo + window * s / slices;
            guint64 b = self->first + self->view_lo + window * (s + 1) / slices;
            guint32 c = kiln_time_index_thread_range(self->index, l, a, b, NULL, NULL);
            counts[(gsize)l * slices + s] = c;
            max = MAX(max, c);
        }
    for (guint l = 0; l < n; l++) {
        double y = AXIS_H + l * LANE_H;
        double shade = self->dark ? 0.17 : 0.93;
        cairo_set_source_rgb(cr, shade, shade, shade);
        cairo_rectangle(cr, LABEL_W, y + 1, w, LANE_H - 2);
        cairo_fill(cr);
        for (guint s = 0; s < slices; s++) {
            guint32 c = counts[(gsize)l * slices + s];
            if (!c)
                continue;
            KilnRgb col = kiln_heat_map_color((double)c / max, self->dark);
            cairo_set_source_rgb(cr, col.r, col.g, col.b);
            cairo_rectangle(cr, LABEL_W + s * w / slices, y + 1, w / slices + 0.5, LANE_H - 2);
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, fg, fg, fg);
        cairo_set_font_size(cr, 12);
        cairo_save(cr);
        cairo_rectangle(cr, 0, y, LABEL_W - 6, LANE_H);
        cairo_clip(cr);
        cairo_move_to(cr, 6, y + LANE_H / 2 + 4);
        cairo_show_text(cr, g_array_index(self->lanes, Lane, l).label);
        cairo_restore(cr);
    }
    g_free(counts);
    paint_axis(self, cr, fg, AXIS_H + n * LANE_H);

    /* The range in force, or the one being dragged. */
    double x0 = 0, x1 = 0;
    if (self->dragging) {
        x0 = MIN(self->drag_x0, self->drag_x1);
        x1 = MAX(self->drag_x0, self->drag_x1);
    } else if (self->sel_end > self->sel_start) {
        x0 = kiln_timeline_view_time_to_x(self, self->sel_start);
        x1 = kiln_timeline_view_time_to_x(self, self->sel_end);
    }
    x0 = MAX(x0, LABEL_W);
    x1 = MIN(x1, LABEL_W + w);
    if (x1 > x0) {
        cairo_set_source_rgba(cr, fg, fg, fg, 0.25);
        cairo_rectangle(cr, x0, AXIS_H, MAX(x1 - x0, 1), n * LANE_H);
        cairo_fill(cr);
    }
    cairo_destroy(cr);
}

static void measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                    int *natural, int *minimum_baseline, int *natural_baseline)
{
    KilnTimelineView *self = KILN_TIMELINE_VIEW(widget);
    if (orientation == GTK_ORIENTATION_HORIZONTAL) {
        *minimum = (int)LABEL_W + 120;
        *natural = 800;
    } else {
        *minimum = *natural = (int)(AXIS_H + self->lanes->len * LANE_H + 6);
    }
}

static void on_motion(GtkEventControllerMotion *c, double x, double y, KilnTimelineView *self)
{
    self->pointer_x = x;
}

static gboolean drag_begin_at(KilnTimelineView *self, double x)
{
    if (!self->index || x < LABEL_W)
        return FALSE;
    gtk_widget_grab_focus(GTK_WIDGET(self));
    self->dragging = TRUE;
    self->drag_x0 = self->drag_x1 = x;
    return TRUE;
}

static void drag_to(KilnTimelineView *self, double x)
{
    if (!self->dragging)
        return;
    self->drag_x1 = CLAMP(x, LABEL_W, LABEL_W + plot_w(self));
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void drag_end_at(KilnTimelineView *self, double x)
{
    if (!self->dragging)
        return;
    drag_to(self, x);
    self->dragging = FALSE;
    if (fabs(self->drag_x1 - self->drag_x0) < 3)
        return; /* a click, not a range */
    guint64 a = x_to_offset(self, MIN(self->drag_x0, self->drag_x1));
    guint64 b = x_to_offset(self, MAX(self->drag_x0, self->drag_x1));
    kiln_timeline_view_set_selection(self, self->first + a, self->first + b);
    g_signal_emit(self, signals[SIGNAL_RANGE_SELECTED], 0, (guint64)(self->first + a),
                  (guint64)(self->first + b));
}

static void on_drag_begin(GtkGestureDrag *g, double x, double y, KilnTimelineView *self)
{
    if (!drag_begin_at(self, x))
        gtk_gesture_set_state(GTK_GESTURE(g), GTK_EVENT_SEQUENCE_DENIED);
}

static void on_drag_update(GtkGestureDrag *g, double dx, double dy, KilnTimelineView *self)
{
    double x0, y0;
    gtk_gesture_drag_get_start_point(g, &x0, &y0);
    drag_to(self, x0 + dx);
}

static void on_drag_end(GtkGestureDrag *g, double dx, double dy, KilnTimelineView *self)
{
    double x0, y0;
    gtk_gesture_drag_get_start_point(g, &x0, &y0);
    drag_end_at(self, x0 + dx);
}

gboolean kiln_timeline_view_drag(KilnTimelineView *self, double x0, double x1)
{
    if (!drag_begin_at(self, x0))
        return FALSE;
    drag_to(self, (x0 + x1) / 2);
    drag_end_at(self, x1);
    return TRUE;
}

static gboolean on_scroll(GtkEventControllerScroll *c, double dx, double dy, KilnTimelineView *self)
{
    if (!self->index)
        return FALSE;
    GdkModifierType mods = gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(c));
    if (mods & GDK_CONTROL_MASK) {
        double x = self->pointer_x > LABEL_W ? self->pointer_x : LABEL_W + plot_w(self) / 2;
        zoom_at(self, dy < 0 ? 1.25 : 0.8, x);
        return TRUE;
    }
    if (kiln_timeline_view_get_zoom(self) > 1.0 && dx != 0) {
        pan(self, dx * 0.1);
        return TRUE;
    }
    return FALSE;
}

static gboolean on_key(GtkEventControllerKey *c, guint keyval, guint keycode, GdkModifierType state,
                       KilnTimelineView *self)
{
    if (!self->index)
        return FALSE;
    double mid = LABEL_W + plot_w(self) / 2;
    switch (keyval) {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
        zoom_at(self, 1.5, mid);
        return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
        zoom_at(self, 1 / 1.5, mid);
        return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
        kiln_timeline_view_set_zoom(self, 1.0, 0);
        return TRUE;
    case GDK_KEY_Left:
        pan(self, -0.2);
        return TRUE;
    case GDK_KEY_Right:
        pan(self, 0.2);
        return TRUE;
    case GDK_KEY_Escape:
        if (self->sel_end > self->sel_start) {
            kiln_timeline_view_set_selection(self, 0, 0);
            g_signal_emit(self, signals[SIGNAL_RANGE_CLEARED], 0);
            return TRUE;
        }
        return FALSE;
    default:
        return FALSE;
    }
}

static void dark_changed(KilnTimelineView *self)
{
    self->dark = adw_style_manager_get_dark(adw_style_manager_get_default());
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void dispose(GObject *object)
{
    KilnTimelineView *self = KILN_TIMELINE_VIEW(object);
    if (self->dark_handler) {
        g_signal_handler_disconnect(adw_style_manager_get_default(), self->dark_handler);
        self->dark_handler = 0;
    }
    g_clear_pointer(&self->index, kiln_time_index_free);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    g_clear_pointer(&self->lanes, g_array_unref);
    G_OBJECT_CLASS(kiln_timeline_view_parent_class)->dispose(object);
}

static void kiln_timeline_view_class_init(KilnTimelineViewClass *klass)
{
    GObjectClass *oc = G_OBJECT_CLASS(klass);
    GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
    oc->dispose = dispose;
    wc->snapshot = snapshot;
    wc->measure = measure;
    gtk_widget_class_set_css_name(wc, "timeline");
    gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_IMG);
    signals[SIGNAL_RANGE_SELECTED] =
        g_signal_new("range-selected", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
    signals[SIGNAL_RANGE_CLEARED] =
        g_signal_new("range-cleared", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 0);
}

static void kiln_timeline_view_init(KilnTimelineView *self)
{
    GtkWidget *w = GTK_WIDGET(self);
    self->lanes = g_array_new(FALSE, TRUE, sizeof(Lane));
    g_array_set_clear_func(self->lanes, clear_lane);
    gtk_widget_set_focusable(w, TRUE);
    gtk_widget_set_hexpand(w, TRUE);
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   _("Timeline of samples per thread"), -1);
    update_description(self);

    GtkGesture *drag = gtk_gesture_drag_new();
    gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(drag), GDK_BUTTON_PRIMARY);
    g_signal_connect(drag, "drag-begin", G_CALLBACK(on_drag_begin), self);
    g_signal_connect(drag, "drag-update", G_CALLBACK(on_drag_update), self);
    g_signal_connect(drag, "drag-end", G_CALLBACK(on_drag_end), self);
    gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(drag));
    GtkEventController *scroll = gtk_event_controller_scroll_new(
        GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
    g_signal_connect(scroll, "scroll", G_CALLBACK(on_scroll), self);
    gtk_widget_add_controller(w, scroll);
    GtkEventController *keys = gtk_event_controller_key_new();
    g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key), self);
    gtk_widget_add_controller(w, keys);
    GtkEventController *motion = gtk_event_controller_motion_new();
    g_signal_connect(motion, "motion", G_CALLBACK(on_motion), self);
    gtk_widget_add_controller(w, motion);

    AdwStyleManager *sm = adw_style_manager_get_default();
    self->dark = adw_style_manager_get_dark(sm);
    self->dark_handler =
        g_signal_connect_swapped(sm, "notify::dark", G_CALLBACK(dark_changed), self);
}

GtkWidget *kiln_timeline_view_new(void)
{
    return g_object_new(KILN_TYPE_TIMELINE_VIEW, NULL);
}
