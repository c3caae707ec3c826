/* kiln-time-view.c — KilnTimeView: heat map, timeline, or "no times". */
#include "kiln-time-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _KilnTimeView {
    GtkWidget parent_instance;
    GtkWidget *stack; /* "times" or "none" */
    KilnHeatMapView *heat_map;
    KilnTimelineView *timeline;
    GtkSpinButton *rows;
    GtkDropDown *thread;
    GtkStringList *thread_names;
    GArray *thread_ids;   /* guint32 per dropdown item past "All threads" */
    KilnProfile *profile; /* the one shown, for identity only */
    gboolean has_times;
    gboolean filling; /* the thread list is being replaced: no signal */
};

G_DEFINE_FINAL_TYPE(KilnTimeView, kiln_time_view, GTK_TYPE_WIDGET)

enum { SIGNAL_RANGE_SELECTED, SIGNAL_RANGE_CLEARED, SIGNAL_THREAD_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void on_range(GtkWidget *source, guint64 start, guint64 end, KilnTimeView *self)
{
    kiln_time_view_set_selection(self, start, end);
    g_signal_emit(self, signals[SIGNAL_RANGE_SELECTED], 0, start, end);
}

static void on_cleared(GtkWidget *source, KilnTimeView *self)
{
    kiln_time_view_set_selection(self, 0, 0);
    g_signal_emit(self, signals[SIGNAL_RANGE_CLEARED], 0);
}

static void on_rows(GtkSpinButton *spin, KilnTimeView *self)
{
    kiln_heat_map_view_set_rows(self->heat_map, (guint)gtk_spin_button_get_value_as_int(spin));
}

static void on_thread(GtkDropDown *dd, GParamSpec *pspec, KilnTimeView *self)
{
    guint i = gtk_drop_down_get_selected(dd);
    gboolean one = i != 0 && i != GTK_INVALID_LIST_POSITION && i <= self->thread_ids->len;
    guint32 tid = one ? g_array_index(self->thread_ids, guint32, i - 1) : 0;
    kiln_heat_map_view_set_thread(self->heat_map, one, tid);
    if (!self->filling)
        g_signal_emit(self, signals[SIGNAL_THREAD_CHANGED], 0, one, (guint)tid);
}

void kiln_time_view_set_thread(KilnTimeView *self, gboolean one_thread, guint32 tid)
{
    guint pos = 0;
    for (guint i = 0; one_thread && i < self->thread_ids->len; i++)
        if (g_array_index(self->thread_ids, guint32, i) == tid)
            pos = i + 1;
    gtk_drop_down_set_selected(self->thread, pos);
}

const char *kiln_time_view_get_thread_label(KilnTimeView *self, guint32 tid)
{
    for (guint i = 0; i < self->thread_ids->len; i++)
        if (g_array_index(self->thread_ids, guint32, i) == tid)
            return kiln_timeline_view_get_lane_label(self->timeline, i, NULL);
    return NULL;
}

void kiln_time_view_set_profile(KilnTimeView *self, KilnProfile *profile)
{
    g_return_if_fail(KILN_IS_TIME_VIEW(self));
    /* The page passes the loaded profile on every derived one too: only a
     * new recording resets the views and the thread choice. */
    if (profile == self->profile)
        return;
    if (profile)
        kiln_profile_ref(profile);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    self->profile = profile;
    gboolean map = kiln_heat_map_view_set_profile(self->heat_map, profile);
    gboolean lanes = kiln_timeline_view_set_profile(self->timeline, profile);
    self->has_times = map && lanes;
    gtk_stack_set_visible_child_name(GTK_STACK(self->stack), self->has_times ? "times" : "none");

    /* The heat map's thread choice: all, or one lane's thread. */
    g_array_set_size(self->thread_ids, 0);
    guint n_old = g_list_model_get_n_items(G_LIST_MODEL(self->thread_names));
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_ptr_array_add(names, (gpointer)_("All threads"));
    for (guint i = 0; self->has_times && i < kiln_timeline_view_get_n_lanes(self->timeline); i++) {
        guint32 tid;
        const char *label = kiln_timeline_view_get_lane_label(self->timeline, i, &tid);
        g_ptr_array_add(names, (gpointer)label);
        g_array_append_val(self->thread_ids, tid);
    }
    g_ptr_array_add(names, NULL);
    self->filling = TRUE;
    gtk_string_list_splice(self->thread_names, 0, n_old, (const char *const *)names->pdata);
    gtk_drop_down_set_selected(self->thread, 0);
    self->filling = FALSE;
}

gboolean kiln_time_view_has_times(KilnTimeView *self)
{
    return self->has_times;
}

void kiln_time_view_set_selection(KilnTimeView *self, guint64 start, guint64 end)
{
    kiln_heat_map_view_set_selection(self->heat_map, start, end);
    kiln_timeline_view_set_selection(self->timeline, start, end);
}

KilnHeatMapView *kiln_time_view_get_heat_map(KilnTimeView *self)
{
    return self->heat_map;
}

KilnTimelineView *kiln_time_view_get_timeline(KilnTimeView *self)
{
    return self->timeline;
}

static GtkWidget *build_times(KilnTimeView *self)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_add_css_class(bar, "toolbar");
    GtkWidget *rows_label = gtk_label_new_with_mnemonic(_("_Rows per second"));
    self->rows = GTK_SPIN_BUTTON(gtk_spin_button_new_with_range(1, KILN_HEAT_MAP_MAX_ROWS, 1));
    gtk_spin_button_set_value(self->rows, KILN_HEAT_MAP_DEFAULT_ROWS);
    gtk_label_set_mnemonic_widget(GTK_LABEL(rows_label), GTK_WIDGET(self->rows));
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->rows),
                                _("How many slices of each second the heat map shows"));
    g_signal_connect(self->rows, "value-changed", G_CALLBACK(on_rows), self);
    GtkWidget *thread_label = gtk_label_new_with_mnemonic(_("_Thread"));
    self->thread_names = gtk_string_list_new(NULL);
    self->thread = GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(self->thread_names), NULL));
    gtk_label_set_mnemonic_widget(GTK_LABEL(thread_label), GTK_WIDGET(self->thread));
    g_signal_connect(self->thread, "notify::selected", G_CALLBACK(on_thread), self);
    GtkWidget *hint = gtk_label_new(
        _("Drag from one cell to another, or across the timeline, to show only that range"));
    gtk_widget_add_css_class(hint, "dim-label");
    gtk_label_set_ellipsize(GTK_LABEL(hint), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand(hint, TRUE);
    gtk_label_set_xalign(GTK_LABEL(hint), 1);
    gtk_box_append(GTK_BOX(bar), rows_label);
    gtk_box_append(GTK_BOX(bar), GTK_WIDGET(self->rows));
    gtk_box_append(GTK_BOX(bar), thread_label);
    gtk_box_append(GTK_BOX(bar), GTK_WIDGET(self->thread));
    gtk_box_append(GTK_BOX(bar), hint);
    gtk_box_append(GTK_BOX(box), bar);

    self->heat_map = KILN_HEAT_MAP_VIEW(kiln_heat_map_view_new());
    g_signal_connect(self->heat_map, "range-selected", G_CALLBACK(on_range), self);
    g_signal_connect(self->heat_map, "range-cleared", G_CALLBACK(on_cleared), self);
    gtk_box_append(GTK_BOX(box), GTK_WIDGET(self->heat_map));

    self->timeline = KILN_TIMELINE_VIEW(kiln_timeline_view_new());
    g_signal_connect(self->timeline, "range-selected", G_CALLBACK(on_range), self);
    g_signal_connect(self->timeline, "range-cleared", G_CALLBACK(on_cleared), self);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_NEVER,
                                   GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_max_content_height(GTK_SCROLLED_WINDOW(scroll), 260);
    gtk_scrolled_window_set_propagate_natural_height(GTK_SCROLLED_WINDOW(scroll), TRUE);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), GTK_WIDGET(self->timeline));
    gtk_box_append(GTK_BOX(box), scroll);
    return box;
}

/* Shown: the heat map takes the keyboard (arrows, Enter, Escape) rather
 * than the first control of the bar above it. */
static void map(GtkWidget *widget)
{
    KilnTimeView *self = KILN_TIME_VIEW(widget);
    GTK_WIDGET_CLASS(kiln_time_view_parent_class)->map(widget);
    if (self->has_times)
        gtk_widget_grab_focus(GTK_WIDGET(self->heat_map));
}

static void dispose(GObject *object)
{
    KilnTimeView *self = KILN_TIME_VIEW(object);
    g_clear_pointer(&self->stack, gtk_widget_unparent);
    g_clear_pointer(&self->thread_ids, g_array_unref);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    G_OBJECT_CLASS(kiln_time_view_parent_class)->dispose(object);
}

static void kiln_time_view_class_init(KilnTimeViewClass *klass)
{
    GObjectClass *oc = G_OBJECT_CLASS(klass);
    GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
    oc->dispose = dispose;
    wc->map = map;
    gtk_widget_class_set_layout_manager_type(wc, GTK_TYPE_BIN_LAYOUT);
    signals[SIGNAL_RANGE_SELECTED] =
        g_signal_new("range-selected", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
    signals[SIGNAL_RANGE_CLEARED] =
        g_signal_new("range-cleared", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_THREAD_CHANGED] =
        g_signal_new("thread-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_UINT);
}

static void kiln_time_view_init(KilnTimeView *self)
{
    self->thread_ids = g_array_new(FALSE, FALSE, sizeof(guint32));
    self->stack = gtk_stack_new();
    gtk_widget_set_parent(self->stack, GTK_WIDGET(self));
    gtk_stack_add_named(GTK_STACK(self->stack), build_times(self), "times");
    GtkWidget *none = adw_status_page_new();
    adw_status_page_set_icon_name(ADW_STATUS_PAGE(none), "document-open-recent-symbolic");
    adw_status_page_set_title(ADW_STATUS_PAGE(none), _("No Sample Times"));
    adw_status_page_set_description(
        ADW_STATUS_PAGE(none),
        _("This profile does not say when its samples were taken (pprof files and folded "
          "stacks usually do not), so there is no heat map or timeline. Record with perf "
          "(perf record -g) to see when the time was spent."));
    gtk_stack_add_named(GTK_STACK(self->stack), none, "none");
    gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "none");
}

GtkWidget *kiln_time_view_new(void)
{
    return g_object_new(KILN_TYPE_TIME_VIEW, NULL);
}
