/* kiln-flame-view.c — KilnFlameView: view state, drawing and public API.
 * Input (pointer, wheel, keys, context menu) is in kiln-flame-view-input.c. */
#include "kiln-flame-view-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "analysis/kiln-node-text.h"
#include "render/kiln-flame-nav.h"
#include "render/kiln-flame-viewport.h"

G_DEFINE_FINAL_TYPE_WITH_CODE(KilnFlameView, kiln_flame_view, GTK_TYPE_WIDGET,
                              G_IMPLEMENT_INTERFACE(GTK_TYPE_SCROLLABLE, NULL))

enum {
    PROP_0,
    PROP_ZOOM,
    PROP_SELECTED,
    PROP_SAMPLE_TYPE,
    PROP_ICICLE,
    PROP_MATCHED_FRACTION,
    PROP_SEARCH_TEXT,
    PROP_CAN_GO_BACK,
    N_PROPS,
    /* GtkScrollable's, overridden */
    PROP_HADJUSTMENT = N_PROPS,
    PROP_VADJUSTMENT,
    PROP_HSCROLL_POLICY,
    PROP_VSCROLL_POLICY,
};
static GParamSpec *props[N_PROPS];

/* Frames narrower than a pixel are culled with their subtree: drawing
 * them would only smear colour, and there can be a million of them. */
#define MIN_FRAME_WIDTH 1.0
#define MAX_SCALE 1e6

void kiln_flame_view_invalidate(KilnFlameView *self)
{
    g_clear_pointer(&self->layout, kiln_flame_layout_free);
    /* A new layout can change the content's height, so the scrollbar may
     * have to appear or go. That must be decided by the GtkScrolledWindow
     * in its own size_allocate, which loops until its scrollbars and our
     * adjustments agree: a resize. A mere queue_allocate would allocate
     * this widget directly; when its adjustments then flip the scrollbar's
     * visibility, the scrolled window queues a resize from inside that
     * allocation, which leaves the AdwViewStack above it marked
     * unallocated for the frame's snapshot — a blank graph (issue 18). */
    gtk_widget_queue_resize(GTK_WIDGET(self));
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void dark_changed(KilnFlameView *self)
{
    AdwStyleManager *sm = adw_style_manager_get_default();
    kiln_flame_view_set_dark(self, adw_style_manager_get_dark(sm));
}

static void kiln_flame_view_dispose(GObject *object)
{
    KilnFlameView *self = KILN_FLAME_VIEW(object);
    if (self->dark_handler) {
        g_signal_handler_disconnect(adw_style_manager_get_default(), self->dark_handler);
        self->dark_handler = 0;
    }
    g_clear_pointer(&self->menu, gtk_widget_unparent);
    /* Quietly: nothing is told about a widget going away. */
    if (self->document) {
        for (gsize i = 0; i < G_N_ELEMENTS(self->doc_handlers); i++)
            g_clear_signal_handler(&self->doc_handlers[i], self->document);
        g_clear_object(&self->document);
    }
    kiln_flame_view_dispose_adjustments(self);
    gtk_widget_dispose_template(GTK_WIDGET(self), KILN_TYPE_FLAME_VIEW);
    G_OBJECT_CLASS(kiln_flame_view_parent_class)->dispose(object);
}

static void kiln_flame_view_finalize(GObject *object)
{
    KilnFlameView *self = KILN_FLAME_VIEW(object);
    g_clear_pointer(&self->layout, kiln_flame_layout_free);
    g_clear_pointer(&self->search, kiln_search_free);
    g_clear_pointer(&self->search_text, g_free);
    g_clear_pointer(&self->a11y_text, g_free);
    g_clear_pointer(&self->profile, kiln_profile_unref);
    G_OBJECT_CLASS(kiln_flame_view_parent_class)->finalize(object);
}

static void kiln_flame_view_get_property(GObject *object, guint id, GValue *value,
                                         GParamSpec *pspec)
{
    KilnFlameView *self = KILN_FLAME_VIEW(object);
    switch (id) {
    case PROP_ZOOM: g_value_set_uint(value, self->zoom); break;
    case PROP_SELECTED: g_value_set_uint(value, self->selected); break;
    case PROP_SAMPLE_TYPE: g_value_set_uint(value, self->type); break;
    case PROP_ICICLE: g_value_set_boolean(value, self->style.icicle); break;
    case PROP_MATCHED_FRACTION: g_value_set_double(value, self->matched_fraction); break;
    case PROP_SEARCH_TEXT: g_value_set_string(value, self->search_text); break;
    case PROP_CAN_GO_BACK: g_value_set_boolean(value, kiln_flame_view_can_go_back(self)); break;
    case PROP_HADJUSTMENT: g_value_set_object(value, self->hadjustment); break;
    case PROP_VADJUSTMENT: g_value_set_object(value, self->vadjustment); break;
    case PROP_HSCROLL_POLICY:
    case PROP_VSCROLL_POLICY: g_value_set_enum(value, GTK_SCROLL_MINIMUM); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static void kiln_flame_view_set_property(GObject *object, guint id, const GValue *value,
                                         GParamSpec *pspec)
{
    KilnFlameView *self = KILN_FLAME_VIEW(object);
    switch (id) {
    case PROP_SAMPLE_TYPE: kiln_flame_view_set_sample_type(self, g_value_get_uint(value)); break;
    case PROP_ICICLE: kiln_flame_view_set_icicle(self, g_value_get_boolean(value)); break;
    case PROP_HADJUSTMENT:
        kiln_flame_view_set_adjustment(self, GTK_ORIENTATION_HORIZONTAL, g_value_get_object(value));
        break;
    case PROP_VADJUSTMENT:
        kiln_flame_view_set_adjustment(self, GTK_ORIENTATION_VERTICAL, g_value_get_object(value));
        break;
    case PROP_HSCROLL_POLICY:
    case PROP_VSCROLL_POLICY: break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static void kiln_flame_view_measure(GtkWidget *widget, GtkOrientation orientation, int for_size,
                                    int *min, int *nat, int *min_base, int *nat_base)
{
    *min = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 120;
    *nat = orientation == GTK_ORIENTATION_HORIZONTAL ? 960 : 480;
}

static void kiln_flame_view_size_allocate(GtkWidget *widget, int width, int height, int baseline)
{
    KilnFlameView *self = KILN_FLAME_VIEW(widget);
    kiln_flame_view_sync_adjustments(self, width, height);
    if (self->menu)
        gtk_popover_present(GTK_POPOVER(self->menu));
}

/* Lays out for the current state at `width` unless the cached layout fits. */
KilnFlameLayout *kiln_flame_view_ensure_layout(KilnFlameView *self, double width)
{
    if (!self->profile)
        return NULL;
    if (self->layout && self->layout->width == width)
        return self->layout;
    g_clear_pointer(&self->layout, kiln_flame_layout_free);
    gint64 t0 = g_get_monotonic_time();
    self->offset = CLAMP(self->offset, 0, kiln_flame_viewport_max_offset(width, self->scale));
    self->layout = kiln_flame_layout_new_viewport(self->profile, self->type, self->zoom, width,
                                                  self->scale, self->offset, MIN_FRAME_WIDTH);
    self->last_layout_usec = g_get_monotonic_time() - t0;
    return self->layout;
}

/* The painter's y_offset for the current vertical scroll: y_scroll counts
 * pixels from the root's end, so the root stays in view by default in both
 * orientations. */
void kiln_flame_view_sync_style(KilnFlameView *self, double height)
{
    double content = kiln_flame_content_height(self->layout, &self->style);
    double max_scroll = MAX(content - height, 0);
    self->y_scroll = CLAMP(self->y_scroll, 0, max_scroll);
    self->style.y_offset = self->style.icicle ? self->y_scroll : max_scroll - self->y_scroll;
    self->style.highlight = self->search ? self->search->node_match : NULL;
    self->style.selected = self->selected;
    self->style.hovered = self->hovered;
}

void kiln_flame_view_paint(KilnFlameView *self, cairo_t *cr, int width, int height)
{
    if (!kiln_flame_view_ensure_layout(self, width))
        return;
    kiln_flame_view_sync_style(self, height);
    gint64 t0 = g_get_monotonic_time();
    kiln_flame_paint(cr, self->layout, &self->style, height);
    self->last_paint_usec = g_get_monotonic_time() - t0;
}

static void kiln_flame_view_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
    KilnFlameView *self = KILN_FLAME_VIEW(widget);
    int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
    if (!self->profile || w <= 0 || h <= 0)
        return;
    cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, w, h));
    kiln_flame_view_paint(self, cr, w, h);
    cairo_destroy(cr);
}

static void kiln_flame_view_class_init(KilnFlameViewClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

    object_class->dispose = kiln_flame_view_dispose;
    object_class->finalize = kiln_flame_view_finalize;
    object_class->get_property = kiln_flame_view_get_property;
    object_class->set_property = kiln_flame_view_set_property;
    widget_class->measure = kiln_flame_view_measure;
    widget_class->size_allocate = kiln_flame_view_size_allocate;
    widget_class->snapshot = kiln_flame_view_snapshot;

    GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
    GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
    props[PROP_ZOOM] = g_param_spec_uint("zoom", NULL, NULL, 0, G_MAXUINT32, 0, ro);
    props[PROP_SELECTED] =
        g_param_spec_uint("selected", NULL, NULL, 0, G_MAXUINT32, KILN_NO_NODE, ro);
    props[PROP_SAMPLE_TYPE] = g_param_spec_uint("sample-type", NULL, NULL, 0, G_MAXUINT32, 0, rw);
    props[PROP_ICICLE] = g_param_spec_boolean("icicle", NULL, NULL, FALSE, rw);
    props[PROP_MATCHED_FRACTION] =
        g_param_spec_double("matched-fraction", NULL, NULL, 0, 1, 0, ro);
    props[PROP_SEARCH_TEXT] = g_param_spec_string("search-text", NULL, NULL, NULL, ro);
    props[PROP_CAN_GO_BACK] = g_param_spec_boolean("can-go-back", NULL, NULL, FALSE, ro);
    g_object_class_install_properties(object_class, N_PROPS, props);
    g_object_class_override_property(object_class, PROP_HADJUSTMENT, "hadjustment");
    g_object_class_override_property(object_class, PROP_VADJUSTMENT, "vadjustment");
    g_object_class_override_property(object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
    g_object_class_override_property(object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

    gtk_widget_class_set_template_from_resource(widget_class, "/org/kiln/Kiln/kiln-flame-view.ui");
    gtk_widget_class_bind_template_child(widget_class, KilnFlameView, context_menu);
    gtk_widget_class_set_css_name(widget_class, "flamegraph");
    gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_TREE);
    kiln_flame_view_class_init_input(widget_class);
}

static void kiln_flame_view_init(KilnFlameView *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    kiln_flame_style_init(&self->style);
    self->selected = KILN_NO_NODE;
    self->hovered = KILN_NO_NODE;
    self->scale = 1;
    self->menu = gtk_popover_menu_new_from_model(G_MENU_MODEL(self->context_menu));
    gtk_popover_set_has_arrow(GTK_POPOVER(self->menu), FALSE);
    gtk_widget_set_halign(self->menu, GTK_ALIGN_START);
    gtk_widget_set_parent(self->menu, GTK_WIDGET(self));
    gtk_widget_set_focusable(GTK_WIDGET(self), TRUE);
    gtk_widget_set_focus_on_click(GTK_WIDGET(self), TRUE);
    gtk_widget_set_has_tooltip(GTK_WIDGET(self), TRUE);
    AdwStyleManager *sm = adw_style_manager_get_default();
    self->dark_handler =
        g_signal_connect_swapped(sm, "notify::dark", G_CALLBACK(dark_changed), self);
    self->style.dark = adw_style_manager_get_dark(sm);
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   _("Flame graph"), -1);
    kiln_flame_view_init_input(self);
}

GtkWidget *kiln_flame_view_new(void)
{
    return g_object_new(KILN_TYPE_FLAME_VIEW, NULL);
}

/* ---- state changes -------------------------------------------------- */

static void update_matched(KilnFlameView *self)
{
    double v = 0, f = 0;
    if (self->search && self->profile) {
        v = kiln_search_matched_value(self->search, self->type, KILN_ROOT_NODE);
        double all = kiln_profile_total(self->profile, self->type, KILN_ROOT_NODE);
        f = all > 0 ? CLAMP(v / all, 0, 1) : 0;
    }
    self->matched_value = v;
    if (f != self->matched_fraction) {
        self->matched_fraction = f;
        g_object_notify_by_pspec(G_OBJECT(self), props[PROP_MATCHED_FRACTION]);
    }
}

/* ---- the document's state, resolved in its profile ------------------ */

static void show_selection(KilnFlameView *self, uint32_t node);

static gboolean has_value(KilnFlameView *self, uint32_t node)
{
    return node == KILN_ROOT_NODE || kiln_profile_total(self->profile, self->type, node) > 0;
}

/* The document's zoom in this profile: its path's deepest frame that is
 * there and has a value in the shown type. */
static uint32_t resolve_zoom(KilnFlameView *self)
{
    uint32_t node = kiln_frame_path_resolve(kiln_document_get_zoom_path(self->document),
                                            self->profile, NULL);
    while (!has_value(self, node))
        node = self->profile->nodes[node].parent;
    return node;
}

/* The document's selection, or its nearest drawn ancestor (a frame with
 * no value in the shown type is not drawn); the zoom when there is none. */
static uint32_t resolve_selection(KilnFlameView *self)
{
    KilnFramePath *path = kiln_document_get_selection_path(self->document);
    if (!path)
        return self->zoom;
    uint32_t node = kiln_frame_path_resolve(path, self->profile, NULL);
    while (node != KILN_NO_NODE && !kiln_flame_nav_visible(self->profile, self->type, self->zoom, node))
        node = self->profile->nodes[node].parent;
    return node == KILN_NO_NODE ? self->zoom : node;
}

static void set_zoom_local(KilnFlameView *self, uint32_t node)
{
    self->zoom = node;
    self->scale = 1;
    self->offset = 0;
    self->y_scroll = 0;
    kiln_flame_view_invalidate(self);
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_ZOOM]);
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_CAN_GO_BACK]);
}

/* A pair to compare (types "before", "after"; kiln_diff_new()) shown as
 * after is painted by its change: red grew, blue shrank (issue 17). */
static void update_diff(KilnFlameView *self)
{
    const KilnProfile *p = self->profile;
    gboolean pair = p && p->n_types == 2 &&
                    g_str_equal(kiln_profile_string(p, p->types[0].name), "before") &&
                    g_str_equal(kiln_profile_string(p, p->types[1].name), "after");
    self->style.diff_base_type = pair && self->type == 1 ? 0 : -1;
}

/* A new derived profile (a load, a reload, a transform): everything is
 * re-resolved from the document's paths. */
static void doc_profile_changed(KilnFlameView *self)
{
    KilnProfile *profile = self->document ? kiln_document_get_profile(self->document) : NULL;
    if (profile != self->profile) {
        g_clear_pointer(&self->search, kiln_search_free);
        g_clear_pointer(&self->profile, kiln_profile_unref);
        self->profile = profile ? kiln_profile_ref(profile) : NULL;
        g_clear_pointer(&self->search_text, g_free);
        if (self->document)
            self->search_text = g_strdup(kiln_document_get_search_text(self->document));
        if (profile && self->search_text)
            self->search = kiln_search_new(profile, self->search_text, NULL);
    }
    self->hovered = KILN_NO_NODE;
    self->selected = KILN_NO_NODE;
    if (!profile) {
        self->zoom = KILN_ROOT_NODE;
        update_matched(self);
        kiln_flame_view_invalidate(self);
        return;
    }
    self->type = kiln_document_get_sample_type(self->document);
    update_diff(self);
    update_matched(self);
    set_zoom_local(self, resolve_zoom(self));
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_SAMPLE_TYPE]);
    show_selection(self, resolve_selection(self));
}

static void doc_sample_type_changed(KilnFlameView *self)
{
    uint32_t type = kiln_document_get_sample_type(self->document);
    if (!self->profile || type >= self->profile->n_types || type == self->type)
        return;
    self->type = type;
    update_diff(self);
    update_matched(self);
    kiln_flame_view_invalidate(self);
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_SAMPLE_TYPE]);
    /* Forces the accessible update even when the frame stays. */
    self->selected = KILN_NO_NODE;
    show_selection(self, resolve_selection(self));
}

static void doc_zoom_changed(KilnFlameView *self)
{
    if (!self->profile)
        return;
    set_zoom_local(self, resolve_zoom(self));
    /* The selection is re-shown (and scrolled to) under the new zoom; the
     * document's new selection, if any, follows in its own notify. */
    self->selected = KILN_NO_NODE;
    show_selection(self, resolve_selection(self));
}

static void doc_selection_changed(KilnFlameView *self)
{
    if (!self->profile)
        return;
    uint32_t node = resolve_selection(self);
    if (node != self->selected)
        show_selection(self, node);
}

static void doc_search_changed(KilnFlameView *self)
{
    const char *text = kiln_document_get_search_text(self->document);
    if (g_strcmp0(text, self->search_text) != 0)
        kiln_flame_view_set_search(self, text, NULL);
}

void kiln_flame_view_set_document(KilnFlameView *self, KilnDocument *document)
{
    g_return_if_fail(KILN_IS_FLAME_VIEW(self));
    if (document == self->document)
        return;
    if (self->document) {
        for (gsize i = 0; i < G_N_ELEMENTS(self->doc_handlers); i++)
            g_clear_signal_handler(&self->doc_handlers[i], self->document);
        g_clear_object(&self->document);
    }
    if (document) {
        self->document = g_object_ref(document);
        static const struct {
            const char *signal;
            void (*handler)(KilnFlameView *);
        } watch[] = {
            {"notify::profile", doc_profile_changed},
            {"notify::sample-type", doc_sample_type_changed},
            {"notify::zoom-path", doc_zoom_changed},
            {"notify::selection-path", doc_selection_changed},
            {"notify::search-text", doc_search_changed},
        };
        G_STATIC_ASSERT(G_N_ELEMENTS(watch) == G_N_ELEMENTS(((KilnFlameView *)0)->doc_handlers));
        for (gsize i = 0; i < G_N_ELEMENTS(watch); i++)
            self->doc_handlers[i] = g_signal_connect_swapped(document, watch[i].signal,
                                                             G_CALLBACK(watch[i].handler), self);
    }
    doc_profile_changed(self);
}

KilnDocument *kiln_flame_view_get_document(KilnFlameView *self)
{
    return self->document;
}

void kiln_flame_view_set_profile(KilnFlameView *self, KilnProfile *profile)
{
    g_return_if_fail(KILN_IS_FLAME_VIEW(self));
    if (profile == self->profile)
        return;
    g_autoptr(KilnDocument) doc = profile ? kiln_document_new_for_profile(profile, NULL) : NULL;
    kiln_flame_view_set_document(self, doc);
}

KilnProfile *kiln_flame_view_get_profile(KilnFlameView *self)
{
    return self->profile;
}

void kiln_flame_view_set_sample_type(KilnFlameView *self, uint32_t type)
{
    if (self->document)
        kiln_document_set_sample_type(self->document, type);
}

uint32_t kiln_flame_view_get_sample_type(KilnFlameView *self)
{
    return self->type;
}

void kiln_flame_view_set_icicle(KilnFlameView *self, gboolean icicle)
{
    if (self->style.icicle == !!icicle)
        return;
    self->style.icicle = !!icicle;
    self->y_scroll = 0;
    gtk_widget_queue_allocate(GTK_WIDGET(self));
    gtk_widget_queue_draw(GTK_WIDGET(self));
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_ICICLE]);
}

gboolean kiln_flame_view_get_icicle(KilnFlameView *self)
{
    return self->style.icicle;
}

void kiln_flame_view_set_palette(KilnFlameView *self, KilnPaletteKind palette)
{
    self->style.palette = palette;
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

void kiln_flame_view_set_dark(KilnFlameView *self, gboolean dark)
{
    self->style.dark = !!dark;
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

gboolean kiln_flame_view_get_dark(KilnFlameView *self)
{
    return self->style.dark;
}

uint32_t kiln_flame_view_get_zoom(KilnFlameView *self)
{
    return self->zoom;
}

/* Zooming goes through the document (which keeps the history and selects
 * the new zoom); only undoing a magnification of the same frame is the
 * view's own business. */
static void zoom_node(KilnFlameView *self, uint32_t node)
{
    if (node == self->zoom) {
        set_zoom_local(self, node);
        kiln_flame_view_select(self, node);
        return;
    }
    g_autoptr(KilnFramePath) path = kiln_frame_path_new(self->profile, node);
    kiln_document_zoom_to(self->document, path);
}

void kiln_flame_view_zoom_to(KilnFlameView *self, uint32_t node)
{
    if (!self->profile || node >= self->profile->n_nodes)
        return;
    if (node == self->zoom && self->scale == 1)
        return;
    zoom_node(self, node);
}

gboolean kiln_flame_view_go_back(KilnFlameView *self)
{
    return self->document && kiln_document_go_back(self->document);
}

gboolean kiln_flame_view_go_forward(KilnFlameView *self)
{
    return self->document && kiln_document_go_forward(self->document);
}

gboolean kiln_flame_view_can_go_back(KilnFlameView *self)
{
    return self->document && kiln_document_can_go_back(self->document);
}

void kiln_flame_view_reset(KilnFlameView *self)
{
    if (!self->profile)
        return;
    if (self->zoom == KILN_ROOT_NODE && self->scale == 1) {
        kiln_flame_view_select(self, KILN_ROOT_NODE);
        return;
    }
    zoom_node(self, KILN_ROOT_NODE);
}

void kiln_flame_view_zoom_by(KilnFlameView *self, double factor, double anchor)
{
    double w = gtk_widget_get_width(GTK_WIDGET(self));
    if (w <= 0 && self->layout)
        w = self->layout->width;
    if (w <= 0 || !(factor > 0))
        return;
    double scale = CLAMP(self->scale * factor, 1, MAX_SCALE);
    self->offset = kiln_flame_viewport_zoom_offset(w, self->scale, self->offset, scale, anchor);
    self->scale = scale;
    kiln_flame_view_invalidate(self);
}

void kiln_flame_view_pan_by(KilnFlameView *self, double dx)
{
    double w = gtk_widget_get_width(GTK_WIDGET(self));
    if (w <= 0 && self->layout)
        w = self->layout->width;
    double off = CLAMP(self->offset + dx, 0, kiln_flame_viewport_max_offset(w, self->scale));
    if (off == self->offset)
        return;
    self->offset = off;
    kiln_flame_view_invalidate(self);
}

double kiln_flame_view_get_scale(KilnFlameView *self)
{
    return self->scale;
}

double kiln_flame_view_get_offset(KilnFlameView *self)
{
    return self->offset;
}

/* ---- selection ------------------------------------------------------ */

uint32_t kiln_flame_view_get_selected(KilnFlameView *self)
{
    return self->selected;
}

char *kiln_flame_view_describe(KilnFlameView *self, uint32_t node)
{
    if (!self->profile || node >= self->profile->n_nodes)
        return g_strdup("");
    KilnNodeInfo info;
    kiln_node_info(self->profile, self->type, node, &info);
    GString *s = g_string_new(info.name);
    if (info.kind)
        g_string_append_printf(s, " [%s]", info.kind);
    g_string_append_c(s, '\n');
    if (info.module)
        g_string_append_printf(s, _("Module: %s\n"), info.module);
    if (info.file && info.line)
        g_string_append_printf(s, _("Source: %s:%u\n"), info.file, info.line);
    else if (info.file)
        g_string_append_printf(s, _("Source: %s\n"), info.file);
    g_string_append_printf(s, _("Total: %s (%.2f %%)\n"), info.total_text, info.total_pct);
    g_string_append_printf(s, _("Self: %s (%.2f %%)"), info.self_text, info.self_pct);
    if (info.hint) /* app-ux: a stripped library's advice */
        g_string_append_printf(s, "\n%s", info.hint);
    return g_string_free(s, FALSE);
}

/* Screen readers hear the selected frame as the graph's label, and its
 * values as the description, whenever the selection moves. */
static void update_accessible(KilnFlameView *self)
{
    g_clear_pointer(&self->a11y_text, g_free);
    if (!self->profile || self->selected == KILN_NO_NODE)
        return;
    KilnNodeInfo info;
    kiln_node_info(self->profile, self->type, self->selected, &info);
    g_autofree char *label = g_strdup_printf(_("Flame graph, selected: %s"), info.name);
    self->a11y_text = g_strdup_printf(_("%s: total %s, %.1f %% of all; self %s, %.1f %%"),
                                      info.name, info.total_text, info.total_pct, info.self_text,
                                      info.self_pct);
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->a11y_text, -1);
}

/* Keeps the selected frame on screen: pans horizontally when the graph is
 * magnified and scrolls vertically when it is taller than the widget. */
static void ensure_visible(KilnFlameView *self, uint32_t node)
{
    double w = gtk_widget_get_width(GTK_WIDGET(self));
    double h = gtk_widget_get_height(GTK_WIDGET(self));
    if (w <= 0 || h <= 0)
        return;
    double x, nw;
    if (self->scale > 1 && kiln_flame_viewport_node_extent(self->profile, self->type, self->zoom,
                                                           w * self->scale, node, &x, &nw)) {
        double off = self->offset;
        if (x < off || nw > w)
            off = x;
        else if (x + nw > off + w)
            off = x + nw - w;
        if (off != self->offset) {
            self->offset = off;
            kiln_flame_view_invalidate(self);
        }
    }
    double rh = self->style.row_height;
    double depth_px = (self->profile->nodes[node].depth + 1) * rh; /* from the root end */
    double before = self->y_scroll;
    if (depth_px - self->y_scroll > h)
        self->y_scroll = depth_px - h;
    else if (depth_px - rh < self->y_scroll)
        self->y_scroll = depth_px - rh;
    if (self->y_scroll != before)
        gtk_widget_queue_allocate(GTK_WIDGET(self));
}

/* Shows `node` as the selection: scrolled into view, told to screen
 * readers, notified. */
static void show_selection(KilnFlameView *self, uint32_t node)
{
    self->selected = node;
    if (node != KILN_NO_NODE)
        ensure_visible(self, node);
    update_accessible(self);
    gtk_widget_queue_draw(GTK_WIDGET(self));
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_SELECTED]);
}

void kiln_flame_view_select(KilnFlameView *self, uint32_t node)
{
    if (!self->profile || (node != KILN_NO_NODE && node >= self->profile->n_nodes))
        return;
    if (node == self->selected)
        return;
    g_autoptr(KilnFramePath) path =
        node == KILN_NO_NODE ? NULL : kiln_frame_path_new(self->profile, node);
    kiln_document_set_selection_path(self->document, path);
    /* Two frames of one name under one parent resolve alike: show the
     * one asked for. */
    if (self->selected != node)
        show_selection(self, node);
}

gboolean kiln_flame_view_move(KilnFlameView *self, KilnFlameMove move)
{
    if (!self->profile)
        return FALSE;
    const KilnProfile *p = self->profile;
    uint32_t cur = self->selected;
    if (cur == KILN_NO_NODE || !kiln_flame_nav_visible(p, self->type, self->zoom, cur)) {
        kiln_flame_view_select(self, self->zoom);
        return TRUE;
    }
    uint32_t next = KILN_NO_NODE;
    switch (move) {
    case KILN_FLAME_MOVE_PARENT: next = kiln_flame_nav_parent(p, cur); break;
    case KILN_FLAME_MOVE_CHILD: next = kiln_flame_nav_child(p, self->type, self->zoom, cur); break;
    case KILN_FLAME_MOVE_PREV: next = kiln_flame_nav_sibling(p, self->type, self->zoom, cur, -1); break;
    case KILN_FLAME_MOVE_NEXT: next = kiln_flame_nav_sibling(p, self->type, self->zoom, cur, 1); break;
    }
    if (next == KILN_NO_NODE)
        return FALSE;
    kiln_flame_view_select(self, next);
    return TRUE;
}

void kiln_flame_view_activate_selected(KilnFlameView *self)
{
    if (self->selected != KILN_NO_NODE)
        kiln_flame_view_zoom_to(self, self->selected);
}

const char *kiln_flame_view_get_accessible_text(KilnFlameView *self)
{
    return self->a11y_text;
}

/* ---- search --------------------------------------------------------- */

gboolean kiln_flame_view_set_search(KilnFlameView *self, const char *pattern, GError **error)
{
    if (!pattern || !*pattern) {
        g_clear_pointer(&self->search, kiln_search_free);
        g_clear_pointer(&self->search_text, g_free);
    } else {
        if (self->profile) {
            KilnSearch *s = kiln_search_new(self->profile, pattern, error);
            if (!s)
                return FALSE;
            g_clear_pointer(&self->search, kiln_search_free);
            self->search = s;
        }
        g_free(self->search_text);
        self->search_text = g_strdup(pattern);
    }
    if (self->document)
        kiln_document_set_search_text(self->document, self->search_text);
    update_matched(self);
    gtk_widget_queue_draw(GTK_WIDGET(self));
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_SEARCH_TEXT]);
    return TRUE;
}

const char *kiln_flame_view_get_search_text(KilnFlameView *self)
{
    return self->search_text;
}

double kiln_flame_view_get_matched_fraction(KilnFlameView *self)
{
    return self->matched_fraction;
}

double kiln_flame_view_get_matched_value(KilnFlameView *self)
{
    return self->matched_value;
}

/* ---- hit testing, clipboard, timings -------------------------------- */

uint32_t kiln_flame_view_node_at(KilnFlameView *self, double x, double y)
{
    int w = gtk_widget_get_width(GTK_WIDGET(self)), h = gtk_widget_get_height(GTK_WIDGET(self));
    if (!kiln_flame_view_ensure_layout(self, w))
        return KILN_NO_NODE;
    kiln_flame_view_sync_style(self, h);
    int row = kiln_flame_row_at(self->layout, &self->style, h, y);
    if (row < 0)
        return KILN_NO_NODE;
    const KilnFlameRect *r = kiln_flame_layout_hit(self->layout, x, (uint32_t)row);
    return r ? r->node : KILN_NO_NODE;
}

void kiln_flame_view_copy_name(KilnFlameView *self)
{
    if (!self->profile || self->selected == KILN_NO_NODE)
        return;
    GdkClipboard *cb = gtk_widget_get_clipboard(GTK_WIDGET(self));
    gdk_clipboard_set_text(cb, kiln_profile_node_name(self->profile, self->selected));
}

void kiln_flame_view_copy_stack(KilnFlameView *self)
{
    if (!self->profile || self->selected == KILN_NO_NODE)
        return;
    g_autofree char *text = kiln_node_stack_text(self->profile, self->selected);
    gdk_clipboard_set_text(gtk_widget_get_clipboard(GTK_WIDGET(self)), text);
}

gint64 kiln_flame_view_get_last_layout_usec(KilnFlameView *self)
{
    return self->last_layout_usec;
}

gint64 kiln_flame_view_get_last_paint_usec(KilnFlameView *self)
{
    return self->last_paint_usec;
}
