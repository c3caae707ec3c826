#include "kiln-profile-page.h"

#include <glib/gi18n.h>

#include "analysis/kiln-units.h"
#include "kiln-breadcrumbs.h"
#include "kiln-load-job.h"

struct _KilnProfilePage {
    AdwBin parent_instance;

    KilnDocument *document;
    gulong doc_handlers[3];
    KilnPageState state;
    GCancellable *cancellable; /* the summary's workers; cancelled on dispose */
    KilnProfile *profile;      /* the document's, while shown */
    guint profile_serial;      /* stats for an older profile are dropped */
    /* The summary's numbers: the document's from loading, or own_stats. */
    const KilnProfileStats *stats;
    KilnProfileStats *own_stats;
    char *match_text;
    guint stats_updates;

    GtkStack *state_stack;
    AdwStatusPage *loading_page;
    GtkProgressBar *progress_bar;
    AdwStatusPage *error_page;
    GtkWidget *nav_box;
    GtkWidget *orientation_box;
    GtkWidget *back_button;
    GtkWidget *home_button;
    KilnBreadcrumbs *breadcrumbs;
    GtkDropDown *type_dropdown;
    GtkDropDown *granularity_dropdown;
    GtkToggleButton *flame_button;
    GtkToggleButton *icicle_button;
    GtkToggleButton *search_button;
    GtkRevealer *warnings_revealer;
    GtkLabel *warnings_label;
    GtkSearchBar *search_bar;
    GtkSearchEntry *search_entry;
    GtkLabel *match_label;
    AdwViewStack *view_stack;
    KilnFlameView *flame_view;
    KilnSummaryView *summary_view;
    GtkLabel *status_label;
    /* Time views (issue 13): the range and thread chosen there, shown by
     * their chips, are transforms on the document. */
    KilnTimeView *time_view;
    KilnTimeChip *time_chip;
    KilnTimeChip *thread_chip;
    guint64 range_start, range_end; /* absolute ns; end <= start: none */
    gboolean thread_on;
    guint32 thread_tid;
};

G_DEFINE_FINAL_TYPE(KilnProfilePage, kiln_profile_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_STATE, PROP_TITLE, PROP_LOADING, N_PROPS };
/* Status page descriptions are Pango markup in libadwaita 1.2, and file
 * names and importer messages may hold '&' or '<'. */
static void set_description(AdwStatusPage *page, const char *text)
{
    g_autofree char *escaped = g_markup_escape_text(text, -1);
    adw_status_page_set_description(page, escaped);
}

static GParamSpec *props[N_PROPS];
enum { SIGNAL_CLOSE_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void set_state(KilnProfilePage *self, KilnPageState state)
{
    self->state = state;
    static const char *const names[] = {"loading", "profile", "error", "error"};
    gtk_stack_set_visible_child_name(self->state_stack, names[state]);
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_STATE]);
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_LOADING]);
}

/* ---- loading -------------------------------------------------------- */

static void on_progress(KilnProfilePage *self)
{
    double fraction = kiln_document_get_progress(self->document);
    gtk_progress_bar_set_fraction(self->progress_bar, fraction);
    /* Past the last byte the builder still sorts and sums the tree. */
    if (fraction >= 1.0)
        gtk_progress_bar_set_text(self->progress_bar, _("Building the call tree…"));
}

static void update_selection_status(KilnProfilePage *self)
{
    uint32_t node = kiln_flame_view_get_selected(self->flame_view);
    if (!self->profile || node == KILN_NO_NODE) {
        gtk_label_set_text(self->status_label, "");
        return;
    }
    g_autofree char *text = kiln_flame_view_describe(self->flame_view, node);
    /* One line in the status bar: the tooltip's lines joined. */
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autofree char *line = g_strjoinv("  ·  ", lines);
    gtk_label_set_text(self->status_label, line);
}

static void update_zoom(KilnProfilePage *self)
{
    kiln_breadcrumbs_set_path(self->breadcrumbs, self->profile,
                              kiln_flame_view_get_zoom(self->flame_view));
    gtk_widget_set_sensitive(self->back_button, kiln_flame_view_can_go_back(self->flame_view));
    gtk_widget_set_sensitive(self->home_button,
                             kiln_flame_view_get_zoom(self->flame_view) != KILN_ROOT_NODE);
}

static void update_match(KilnProfilePage *self)
{
    g_clear_pointer(&self->match_text, g_free);
    if (self->profile && kiln_flame_view_get_search_text(self->flame_view)) {
        uint32_t t = kiln_flame_view_get_sample_type(self->flame_view);
        char buf[64];
        kiln_format_quantity(kiln_flame_view_get_matched_value(self->flame_view),
                             kiln_profile_string(self->profile, self->profile->types[t].unit),
                             buf, sizeof buf);
        self->match_text = g_strdup_printf(_("Matched %.2f %% of total (%s)"),
                                           100 * kiln_flame_view_get_matched_fraction(self->flame_view),
                                           buf);
    }
    gtk_label_set_text(self->match_label, self->match_text ? self->match_text : "");
}

static void on_type_selected(KilnProfilePage *self);
static void on_granularity_selected(KilnProfilePage *self);

static void fill_types(KilnProfilePage *self)
{
    const KilnProfile *p = self->profile;
    GtkStringList *list = gtk_string_list_new(NULL);
    for (uint32_t t = 0; t < p->n_types; t++) {
        g_autofree char *s = g_strdup_printf("%s (%s)", kiln_profile_string(p, p->types[t].name),
                                             kiln_profile_string(p, p->types[t].unit));
        gtk_string_list_append(list, s);
    }
    /* A new model selects its first item: not a choice of the user's. */
    g_signal_handlers_block_by_func(self->type_dropdown, on_type_selected, self);
    gtk_drop_down_set_model(self->type_dropdown, G_LIST_MODEL(list));
    g_object_unref(list);
    gtk_drop_down_set_selected(self->type_dropdown, kiln_document_get_sample_type(self->document));
    g_signal_handlers_unblock_by_func(self->type_dropdown, on_type_selected, self);
    /* A selector with one entry says nothing: show it only when it chooses. */
    gtk_widget_set_visible(GTK_WIDGET(self->type_dropdown), p->n_types > 1);
    /* Folded stacks name functions only: lines and addresses would be
     * the same tree. */
    gtk_widget_set_visible(GTK_WIDGET(self->granularity_dropdown),
                           g_strcmp0(p->format, "folded") != 0);
    g_signal_handlers_block_by_func(self->granularity_dropdown, on_granularity_selected, self);
    gtk_drop_down_set_selected(self->granularity_dropdown,
                               kiln_document_get_granularity(self->document));
    g_signal_handlers_unblock_by_func(self->granularity_dropdown, on_granularity_selected, self);
}

static void show_warnings(KilnProfilePage *self)
{
    const KilnProfile *p = self->profile;
    guint n = p->warnings ? p->warnings->len : 0;
    if (!n)
        return;
    /* Short enough for the default width; the importer's own words are
     * in the tooltip and, all of them, under Details (the summary). */
    g_autofree char *text = g_strdup_printf(
        ngettext("Kiln found %u problem in this file; the graph may be incomplete.",
                 "Kiln found %u problems in this file; the graph may be incomplete.", n),
        n);
    gtk_label_set_text(self->warnings_label, text);
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->warnings_label),
                                (const char *)p->warnings->pdata[0]);
    gtk_revealer_set_reveal_child(self->warnings_revealer, TRUE);
}

static gboolean fill_summary(gpointer data)
{
    KilnProfilePage *self = data;
    if (!g_cancellable_is_cancelled(self->cancellable) && self->profile && self->stats) {
        GFile *file = kiln_document_get_file(self->document);
        g_autofree char *path = file ? g_file_get_path(file) : NULL;
        kiln_summary_view_set_profile(self->summary_view, self->profile, path, self->stats);
    }
    return G_SOURCE_REMOVE;
}

static void stats_ready(GObject *source, GAsyncResult *result, gpointer data);

static void show_profile(KilnProfilePage *self)
{
    KilnProfile *p = kiln_document_get_profile(self->document);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    g_clear_pointer(&self->own_stats, kiln_profile_stats_free);
    self->stats = NULL;
    self->profile = kiln_profile_ref(p);
    self->profile_serial++;
    /* The loader's numbers are for the loaded profile's default type;
     * other types and derived profiles get theirs from a worker. */
    KilnProfileStats *stats = kiln_document_get_stats(self->document);
    uint32_t type = kiln_document_get_sample_type(self->document);
    if (stats && p == kiln_document_get_loaded_profile(self->document) && stats->type == type)
        self->stats = stats;
    else
        kiln_load_job_stats_async(G_OBJECT(self), p, type, self->cancellable, stats_ready,
                                  GUINT_TO_POINTER(self->profile_serial));
    fill_types(self);
    /* The time views map the whole recording, whatever the transforms. */
    kiln_time_view_set_profile(self->time_view, kiln_document_get_loaded_profile(self->document));
    /* The summary is not on screen yet: fill it in a later iteration so
     * the graph's first frame is not delayed by its rows. */
    g_idle_add_full(G_PRIORITY_LOW, fill_summary, g_object_ref(self), g_object_unref);
    show_warnings(self);
    update_zoom(self);
    update_match(self);
    update_selection_status(self);
}

static void on_state(KilnProfilePage *self)
{
    KilnDocumentState state = kiln_document_get_state(self->document);
    const GError *error = kiln_document_get_error(self->document);
    switch (state) {
    case KILN_DOCUMENT_IDLE:
    case KILN_DOCUMENT_LOADING: set_state(self, KILN_PAGE_LOADING); return;
    case KILN_DOCUMENT_FAILED:
        set_description(self->error_page, error->message);
        set_state(self, KILN_PAGE_FAILED);
        return;
    case KILN_DOCUMENT_CANCELLED:
        adw_status_page_set_title(self->error_page, _("Loading Cancelled"));
        set_description(self->error_page, error->message);
        set_state(self, KILN_PAGE_CANCELLED);
        return;
    case KILN_DOCUMENT_LOADED: break;
    }
    show_profile(self);
    set_state(self, KILN_PAGE_LOADED);
    /* Ready for the keyboard at once, unless the user is typing elsewhere
     * (another tab, a search box). */
    GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
    GtkWidget *focus = root ? gtk_root_get_focus(root) : NULL;
    if (gtk_widget_get_mapped(GTK_WIDGET(self)) && (!focus || !GTK_IS_EDITABLE(focus)))
        gtk_widget_grab_focus(GTK_WIDGET(self->flame_view));
}

/* A new derived profile while loaded (a transform, a reload). */
static void on_profile(KilnProfilePage *self)
{
    if (self->state == KILN_PAGE_LOADED && kiln_document_get_profile(self->document) &&
        kiln_document_get_profile(self->document) != self->profile)
        show_profile(self);
}

void kiln_profile_page_cancel(KilnProfilePage *self)
{
    kiln_document_cancel(self->document);
}

/* ---- toolbar and search -------------------------------------------- */

static void on_back(KilnProfilePage *self)
{
    kiln_flame_view_go_back(self->flame_view);
}

static void on_home(KilnProfilePage *self)
{
    kiln_flame_view_reset(self->flame_view);
}

static void on_crumb(KilnBreadcrumbs *crumbs, guint node, KilnProfilePage *self)
{
    kiln_flame_view_zoom_to(self->flame_view, node);
    gtk_widget_grab_focus(GTK_WIDGET(self->flame_view));
}

/* The summary's top list follows the selected sample type; its numbers
 * walk the whole tree, so they come from a worker. */
static void stats_ready(GObject *source, GAsyncResult *result, gpointer data)
{
    KilnProfilePage *self = KILN_PROFILE_PAGE(source);
    KilnProfileStats *stats = kiln_load_job_stats_finish(result, NULL);
    if (!stats)
        return;
    if (g_cancellable_is_cancelled(self->cancellable) ||
        stats->type != kiln_flame_view_get_sample_type(self->flame_view) ||
        GPOINTER_TO_UINT(data) != self->profile_serial) {
        kiln_profile_stats_free(stats);
        return;
    }
    g_clear_pointer(&self->own_stats, kiln_profile_stats_free);
    self->stats = self->own_stats = stats;
    GFile *file = kiln_document_get_file(self->document);
    g_autofree char *path = file ? g_file_get_path(file) : NULL;
    kiln_summary_view_set_profile(self->summary_view, self->profile, path, stats);
    self->stats_updates++;
}

static void on_type_selected(KilnProfilePage *self)
{
    guint t = gtk_drop_down_get_selected(self->type_dropdown);
    if (!self->profile || t == GTK_INVALID_LIST_POSITION)
        return;
    kiln_flame_view_set_sample_type(self->flame_view, t);
    if (!self->stats || self->stats->type != t)
        kiln_load_job_stats_async(G_OBJECT(self), self->profile, t, self->cancellable, stats_ready,
                                  GUINT_TO_POINTER(self->profile_serial));
    update_match(self);
    update_selection_status(self);
}

/* Another granularity reloads the file (the document keeps the zoom and
 * selection as frame paths, so they come back in the new tree). */
static void on_granularity_selected(KilnProfilePage *self)
{
    guint g = gtk_drop_down_get_selected(self->granularity_dropdown);
    if (g <= KILN_GRANULARITY_ADDRESSES)
        kiln_document_set_granularity(self->document, (KilnGranularity)g);
}

static void on_icicle_toggled(KilnProfilePage *self)
{
    kiln_flame_view_set_icicle(self->flame_view, gtk_toggle_button_get_active(self->icicle_button));
}

static void on_view_icicle(KilnProfilePage *self)
{
    gboolean icicle = kiln_flame_view_get_icicle(self->flame_view);
    gtk_toggle_button_set_active(icicle ? self->icicle_button : self->flame_button, TRUE);
}

static void apply_search(KilnProfilePage *self)
{
    const char *text = gtk_editable_get_text(GTK_EDITABLE(self->search_entry));
    g_autoptr(GError) error = NULL;
    if (kiln_flame_view_set_search(self->flame_view, text, &error)) {
        gtk_widget_remove_css_class(GTK_WIDGET(self->search_entry), "error");
        update_match(self);
        return;
    }
    gtk_widget_add_css_class(GTK_WIDGET(self->search_entry), "error");
    g_clear_pointer(&self->match_text, g_free);
    /* GLib's message already says it is the regular expression that
     * failed; a prefix would only push it onto a third line. */
    self->match_text = g_strdup(error->message);
    gtk_label_set_text(self->match_label, self->match_text);
}

static void on_search_mode(KilnProfilePage *self)
{
    if (!gtk_search_bar_get_search_mode(self->search_bar)) {
        gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
        apply_search(self);
        gtk_widget_grab_focus(GTK_WIDGET(self->flame_view));
    }
}

/* Enter in the search box: back to the graph, highlights kept, so the
 * keyboard user can walk the matches with the arrows. */
static void on_search_activate(KilnProfilePage *self)
{
    gtk_widget_grab_focus(GTK_WIDGET(self->flame_view));
}

/* The status line describes the graph's selection: only under the graph.
 * Zoom, breadcrumbs, orientation and search act on the graph alone, so
 * they rest on the Summary; the sample type stays, as it chooses the
 * summary's top functions too. */
static void on_view_changed(KilnProfilePage *self)
{
    const char *name = adw_view_stack_get_visible_child_name(self->view_stack);
    gboolean graph = g_strcmp0(name, "graph") == 0;
    gtk_widget_set_visible(GTK_WIDGET(self->status_label), graph);
    GtkWidget *graph_only[] = {self->nav_box, GTK_WIDGET(self->breadcrumbs),
                               self->orientation_box, GTK_WIDGET(self->search_button)};
    for (gsize i = 0; i < G_N_ELEMENTS(graph_only); i++)
        gtk_widget_set_sensitive(graph_only[i], graph);
    if (!graph)
        gtk_search_bar_set_search_mode(self->search_bar, FALSE);
}

static void on_details(KilnProfilePage *self)
{
    kiln_profile_page_show_view(self, "summary");
}

static void on_dismiss_warnings(KilnProfilePage *self)
{
    gtk_revealer_set_reveal_child(self->warnings_revealer, FALSE);
}

static void on_close(KilnProfilePage *self)
{
    g_signal_emit(self, signals[SIGNAL_CLOSE_REQUESTED], 0);
}

/* ---- GObject -------------------------------------------------------- */

static void kiln_profile_page_get_property(GObject *object, guint id, GValue *value,
                                           GParamSpec *pspec)
{
    KilnProfilePage *self = KILN_PROFILE_PAGE(object);
    switch (id) {
    case PROP_STATE: g_value_set_int(value, self->state); break;
    case PROP_TITLE: g_value_set_string(value, kiln_document_get_title(self->document)); break;
    case PROP_LOADING: g_value_set_boolean(value, self->state == KILN_PAGE_LOADING); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static gboolean is_time_filter(KilnTransform *t)
{
    KilnTransformKind kind = kiln_transform_get_kind(t);
    return kind == KILN_TRANSFORM_TIME_RANGE || kind == KILN_TRANSFORM_THREADS;
}

/* The document's stack with the Time view's thread and range in place of
 * the ones it had: the transforms above the first of those are popped,
 * the others among them pushed back, then the new ones, so every view
 * shows the thread and range together with any other filter. */
static void apply_time_filters(KilnProfilePage *self)
{
    KilnDocument *doc = self->document;
    guint n = kiln_document_get_n_transforms(doc), first = n;
    for (guint i = 0; i < n; i++)
        if (is_time_filter(kiln_document_get_transform(doc, i))) {
            first = i;
            break;
        }
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_transform_unref);
    for (guint i = first; i < n; i++) {
        KilnTransform *t = kiln_document_get_transform(doc, i);
        if (!is_time_filter(t))
            g_ptr_array_add(keep, kiln_transform_ref(t));
    }
    g_autoptr(GPtrArray) push = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_transform_unref);
    for (guint i = 0; i < keep->len; i++)
        g_ptr_array_add(push, kiln_transform_ref(keep->pdata[i]));
    if (self->thread_on)
        g_ptr_array_add(push, kiln_transform_new_threads(&self->thread_tid, 1));
    if (self->range_end > self->range_start)
        g_ptr_array_add(push, kiln_transform_new_time_range(self->range_start, self->range_end));
    if (first == n && push->len == 0)
        return; /* nothing was there, nothing to add */
    for (guint i = first; i < n; i++)
        kiln_document_pop_transform(doc);
    for (guint i = 0; i < push->len; i++)
        kiln_document_push_transform(doc, push->pdata[i]);
}

static void on_time_range(KilnTimeView *view, guint64 start, guint64 end, KilnProfilePage *self)
{
    self->range_start = start;
    self->range_end = end;
    const KilnHeatMap *map = kiln_heat_map_view_get_map(kiln_time_view_get_heat_map(view));
    guint64 t0 = map ? kiln_heat_map_t0(map) : start;
    kiln_time_chip_set_range(self->time_chip, start - t0, end - t0);
    gtk_widget_set_visible(GTK_WIDGET(self->time_chip), TRUE);
    apply_time_filters(self);
}

static void on_time_cleared(KilnProfilePage *self)
{
    self->range_start = self->range_end = 0;
    gtk_widget_set_visible(GTK_WIDGET(self->time_chip), FALSE);
    kiln_time_view_set_selection(self->time_view, 0, 0);
    apply_time_filters(self);
}

static void on_thread_changed(KilnTimeView *view, gboolean one, guint tid, KilnProfilePage *self)
{
    self->thread_on = one;
    self->thread_tid = tid;
    if (one) {
        const char *label = kiln_time_view_get_thread_label(view, tid);
        /* Translators: the thread chip: a thread's name and id, as in the timeline */
        g_autofree char *text = g_strdup_printf(_("Thread %s"), label ? label : "");
        kiln_time_chip_set_text(self->thread_chip, text);
    }
    gtk_widget_set_visible(GTK_WIDGET(self->thread_chip), one);
    apply_time_filters(self);
}

static void on_thread_cleared(KilnProfilePage *self)
{
    /* Back to all threads; the view's "thread-changed" re-derives. */
    kiln_time_view_set_thread(self->time_view, FALSE, 0);
}

KilnTimeView *kiln_profile_page_get_time_view(KilnProfilePage *self)
{
    return self->time_view;
}

KilnTimeChip *kiln_profile_page_get_time_chip(KilnProfilePage *self)
{
    return self->time_chip;
}

KilnTimeChip *kiln_profile_page_get_thread_chip(KilnProfilePage *self)
{
    return self->thread_chip;
}


static void kiln_profile_page_dispose(GObject *object)
{
    KilnProfilePage *self = KILN_PROFILE_PAGE(object);
    /* Stops the worker and any queued progress report from touching us. */
    if (self->cancellable)
        g_cancellable_cancel(self->cancellable);
    if (self->document)
        for (gsize i = 0; i < G_N_ELEMENTS(self->doc_handlers); i++)
            g_clear_signal_handler(&self->doc_handlers[i], self->document);
    /* The bin's child is a template child: let AdwBin drop it first, or
     * both would unparent it. */
    adw_bin_set_child(ADW_BIN(self), NULL);
    gtk_widget_dispose_template(GTK_WIDGET(object), KILN_TYPE_PROFILE_PAGE);
    G_OBJECT_CLASS(kiln_profile_page_parent_class)->dispose(object);
}

static void kiln_profile_page_finalize(GObject *object)
{
    KilnProfilePage *self = KILN_PROFILE_PAGE(object);
    g_clear_object(&self->document);
    g_clear_object(&self->cancellable);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    g_clear_pointer(&self->own_stats, kiln_profile_stats_free);
    g_free(self->match_text);
    G_OBJECT_CLASS(kiln_profile_page_parent_class)->finalize(object);
}

static void kiln_profile_page_class_init(KilnProfilePageClass *klass)
{
    GObjectClass *oc = G_OBJECT_CLASS(klass);
    GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
    oc->get_property = kiln_profile_page_get_property;
    oc->dispose = kiln_profile_page_dispose;
    oc->finalize = kiln_profile_page_finalize;

    GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
    props[PROP_STATE] = g_param_spec_int("state", NULL, NULL, 0, KILN_PAGE_CANCELLED, 0, ro);
    props[PROP_TITLE] = g_param_spec_string("title", NULL, NULL, NULL, ro);
    props[PROP_LOADING] = g_param_spec_boolean("loading", NULL, NULL, TRUE, ro);
    g_object_class_install_properties(oc, N_PROPS, props);
    signals[SIGNAL_CLOSE_REQUESTED] =
        g_signal_new("close-requested", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                     NULL, NULL, G_TYPE_NONE, 0);

    g_type_ensure(KILN_TYPE_FLAME_VIEW);
    g_type_ensure(KILN_TYPE_SUMMARY_VIEW);
    g_type_ensure(KILN_TYPE_BREADCRUMBS);
    g_type_ensure(KILN_TYPE_TIME_VIEW);
    g_type_ensure(KILN_TYPE_TIME_CHIP);
    gtk_widget_class_set_template_from_resource(wc, "/org/kiln/Kiln/kiln-profile-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child(wc, KilnProfilePage, name)
    BIND(state_stack);
    BIND(loading_page);
    BIND(progress_bar);
    BIND(error_page);
    BIND(nav_box);
    BIND(orientation_box);
    BIND(back_button);
    BIND(home_button);
    BIND(breadcrumbs);
    BIND(type_dropdown);
    BIND(granularity_dropdown);
    BIND(flame_button);
    BIND(icicle_button);
    BIND(search_button);
    BIND(warnings_revealer);
    BIND(warnings_label);
    BIND(search_bar);
    BIND(search_entry);
    BIND(match_label);
    BIND(view_stack);
    BIND(flame_view);
    BIND(summary_view);
    BIND(status_label);
    BIND(time_view);
    BIND(time_chip);
    BIND(thread_chip);
#undef BIND
    gtk_widget_class_bind_template_callback(wc, kiln_profile_page_cancel);
    gtk_widget_class_bind_template_callback(wc, on_back);
    gtk_widget_class_bind_template_callback(wc, on_home);
    gtk_widget_class_bind_template_callback(wc, on_crumb);
    gtk_widget_class_bind_template_callback(wc, on_type_selected);
    gtk_widget_class_bind_template_callback(wc, on_granularity_selected);
    gtk_widget_class_bind_template_callback(wc, on_icicle_toggled);
    gtk_widget_class_bind_template_callback(wc, on_view_icicle);
    gtk_widget_class_bind_template_callback(wc, apply_search);
    gtk_widget_class_bind_template_callback(wc, on_search_mode);
    gtk_widget_class_bind_template_callback(wc, on_search_activate);
    gtk_widget_class_bind_template_callback(wc, on_details);
    gtk_widget_class_bind_template_callback(wc, on_view_changed);
    gtk_widget_class_bind_template_callback(wc, on_dismiss_warnings);
    gtk_widget_class_bind_template_callback(wc, on_close);
    gtk_widget_class_bind_template_callback(wc, on_time_range);
    gtk_widget_class_bind_template_callback(wc, on_time_cleared);
    gtk_widget_class_bind_template_callback(wc, on_thread_changed);
    gtk_widget_class_bind_template_callback(wc, on_thread_cleared);
    gtk_widget_class_bind_template_callback(wc, update_zoom);
    gtk_widget_class_bind_template_callback(wc, update_match);
    gtk_widget_class_bind_template_callback(wc, update_selection_status);
}

static void kiln_profile_page_init(KilnProfilePage *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    self->cancellable = g_cancellable_new();
    g_object_bind_property(self->search_button, "active", self->search_bar, "search-mode-enabled",
                           G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

KilnProfilePage *kiln_profile_page_new(KilnDocument *document)
{
    g_return_val_if_fail(KILN_IS_DOCUMENT(document), NULL);
    KilnProfilePage *self = g_object_new(KILN_TYPE_PROFILE_PAGE, NULL);
    self->document = g_object_ref(document);
    set_description(self->loading_page, kiln_document_get_title(document));
    kiln_flame_view_set_document(self->flame_view, document);
    self->doc_handlers[0] = g_signal_connect_swapped(document, "notify::state",
                                                     G_CALLBACK(on_state), self);
    self->doc_handlers[1] = g_signal_connect_swapped(document, "notify::progress",
                                                     G_CALLBACK(on_progress), self);
    self->doc_handlers[2] = g_signal_connect_swapped(document, "notify::profile",
                                                     G_CALLBACK(on_profile), self);
    on_state(self);
    return self;
}

KilnDocument *kiln_profile_page_get_document(KilnProfilePage *self)
{
    return self->document;
}

GFile *kiln_profile_page_get_file(KilnProfilePage *self)
{
    return kiln_document_get_file(self->document);
}

const char *kiln_profile_page_get_title(KilnProfilePage *self)
{
    return kiln_document_get_title(self->document);
}

KilnPageState kiln_profile_page_get_state(KilnProfilePage *self)
{
    return self->state;
}

const char *kiln_profile_page_get_error_message(KilnProfilePage *self)
{
    const GError *error = kiln_document_get_error(self->document);
    return error ? error->message : NULL;
}

double kiln_profile_page_get_progress(KilnProfilePage *self)
{
    return kiln_document_get_progress(self->document);
}

KilnProfile *kiln_profile_page_get_profile(KilnProfilePage *self)
{
    return self->profile;
}

KilnFlameView *kiln_profile_page_get_flame_view(KilnProfilePage *self)
{
    return self->flame_view;
}

KilnSummaryView *kiln_profile_page_get_summary_view(KilnProfilePage *self)
{
    return self->summary_view;
}

KilnBreadcrumbs *kiln_profile_page_get_breadcrumbs(KilnProfilePage *self)
{
    return self->breadcrumbs;
}

void kiln_profile_page_start_search(KilnProfilePage *self)
{
    if (self->state != KILN_PAGE_LOADED)
        return;
    kiln_profile_page_show_view(self, "graph");
    gtk_search_bar_set_search_mode(self->search_bar, TRUE);
    gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
}

void kiln_profile_page_stop_search(KilnProfilePage *self)
{
    gtk_search_bar_set_search_mode(self->search_bar, FALSE);
}

void kiln_profile_page_set_search(KilnProfilePage *self, const char *text)
{
    gtk_search_bar_set_search_mode(self->search_bar, TRUE);
    /* Replacing the text passes through "" (which clears the search at
     * once); apply only the final text, as typing would. */
    g_signal_handlers_block_by_func(self->search_entry, apply_search, self);
    gtk_editable_set_text(GTK_EDITABLE(self->search_entry), text ? text : "");
    g_signal_handlers_unblock_by_func(self->search_entry, apply_search, self);
    apply_search(self);
}

const char *kiln_profile_page_get_warning_text(KilnProfilePage *self)
{
    return gtk_revealer_get_reveal_child(self->warnings_revealer)
               ? gtk_label_get_text(self->warnings_label)
               : NULL;
}

const char *kiln_profile_page_get_match_text(KilnProfilePage *self)
{
    return self->match_text;
}

void kiln_profile_page_set_icicle(KilnProfilePage *self, gboolean icicle)
{
    kiln_flame_view_set_icicle(self->flame_view, icicle);
}

void kiln_profile_page_set_palette(KilnProfilePage *self, const char *palette)
{
    bool ok = false;
    KilnPaletteKind kind = kiln_palette_from_string(palette, &ok);
    if (ok)
        kiln_flame_view_set_palette(self->flame_view, kind);
}

void kiln_profile_page_show_view(KilnProfilePage *self, const char *name)
{
    adw_view_stack_set_visible_child_name(self->view_stack, name);
}

guint kiln_profile_page_get_stats_updates(KilnProfilePage *self)
{
    return self->stats_updates;
}
