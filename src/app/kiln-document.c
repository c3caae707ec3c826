#include "kiln-document.h"

#include <glib/gi18n.h>

#include "analysis/kiln-derive-task.h"
#include "kiln-load-job.h"

struct _KilnDocument {
    GObject parent_instance;

    KilnDocumentSource source;
    GFile *file, *other_file;
    char *url;
    char *title;

    KilnDocumentState state;
    double progress;
    GError *error;
    GCancellable *cancellable; /* of the current load */
    guint load_serial;         /* results of older loads are dropped */
    GPtrArray *waiters;        /* GTask*, from load_async */
    KilnProfile *loaded;
    KilnProfileStats *stats;
    KilnGranularity granularity;

    GPtrArray *transforms; /* KilnTransform* (immutable: shared with workers) */
    GError *transform_error;
    KilnProfile *derived;
    GCancellable *rebuild_cancellable;
    guint rebuild_serial;
    guint generation;

    uint32_t sample_type;
    gboolean sample_type_set;  /* else the profile's default */
    KilnFramePath *zoom;       /* never NULL: empty for the root */
    KilnFramePath *selection;  /* NULL: none */
    GPtrArray *back, *forward; /* KilnFramePath* */
    char *search_text;
};

G_DEFINE_FINAL_TYPE(KilnDocument, kiln_document, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_STATE,
    PROP_PROGRESS,
    PROP_PROFILE,
    PROP_REBUILDING,
    PROP_SAMPLE_TYPE,
    PROP_ZOOM_PATH,
    PROP_SELECTION_PATH,
    PROP_SEARCH_TEXT,
    PROP_CAN_GO_BACK,
    PROP_CAN_GO_FORWARD,
    PROP_TITLE,
    PROP_GRANULARITY,
    N_PROPS
};
static GParamSpec *props[N_PROPS];

static void notify(KilnDocument *self, int prop)
{
    g_object_notify_by_pspec(G_OBJECT(self), props[prop]);
}

/* ---- GObject -------------------------------------------------------- */

static void kiln_document_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
    KilnDocument *self = KILN_DOCUMENT(object);
    switch (id) {
    case PROP_STATE:
        g_value_set_int(value, self->state);
        break;
    case PROP_PROGRESS:
        g_value_set_double(value, self->progress);
        break;
    case PROP_PROFILE:
        g_value_set_pointer(value, self->derived);
        break;
    case PROP_REBUILDING:
        g_value_set_boolean(value, self->rebuild_cancellable != NULL);
        break;
    case PROP_SAMPLE_TYPE:
        g_value_set_uint(value, kiln_document_get_sample_type(self));
        break;
    case PROP_ZOOM_PATH:
        g_value_set_boxed(value, self->zoom);
        break;
    case PROP_SELECTION_PATH:
        g_value_set_boxed(value, self->selection);
        break;
    case PROP_SEARCH_TEXT:
        g_value_set_string(value, self->search_text);
        break;
    case PROP_CAN_GO_BACK:
        g_value_set_boolean(value, self->back->len > 0);
        break;
    case PROP_CAN_GO_FORWARD:
        g_value_set_boolean(value, self->forward->len > 0);
        break;
    case PROP_TITLE:
        g_value_set_string(value, self->title);
        break;
    case PROP_GRANULARITY:
        g_value_set_int(value, self->granularity);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static void kiln_document_dispose(GObject *object)
{
    KilnDocument *self = KILN_DOCUMENT(object);
    /* A worker still loading or deriving for us stops, and its result,
     * when it comes, finds no document (weak references). */
    if (self->cancellable)
        g_cancellable_cancel(self->cancellable);
    if (self->rebuild_cancellable)
        g_cancellable_cancel(self->rebuild_cancellable);
    G_OBJECT_CLASS(kiln_document_parent_class)->dispose(object);
}

static void kiln_document_finalize(GObject *object)
{
    KilnDocument *self = KILN_DOCUMENT(object);
    g_clear_object(&self->file);
    g_clear_object(&self->other_file);
    g_free(self->url);
    g_free(self->title);
    g_clear_error(&self->error);
    g_clear_object(&self->cancellable);
    g_clear_object(&self->rebuild_cancellable);
    g_ptr_array_unref(self->waiters);
    g_clear_pointer(&self->loaded, kiln_profile_unref);
    g_clear_pointer(&self->stats, kiln_profile_stats_free);
    g_ptr_array_unref(self->transforms);
    g_clear_error(&self->transform_error);
    g_clear_pointer(&self->derived, kiln_profile_unref);
    kiln_frame_path_unref(self->zoom);
    g_clear_pointer(&self->selection, kiln_frame_path_unref);
    g_ptr_array_unref(self->back);
    g_ptr_array_unref(self->forward);
    g_free(self->search_text);
    G_OBJECT_CLASS(kiln_document_parent_class)->finalize(object);
}

static void kiln_document_class_init(KilnDocumentClass *klass)
{
    GObjectClass *oc = G_OBJECT_CLASS(klass);
    oc->get_property = kiln_document_get_property;
    oc->dispose = kiln_document_dispose;
    oc->finalize = kiln_document_finalize;
    GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
    props[PROP_STATE] = g_param_spec_int("state", NULL, NULL, 0, KILN_DOCUMENT_CANCELLED, 0, ro);
    props[PROP_PROGRESS] = g_param_spec_double("progress", NULL, NULL, 0, 1, 0, ro);
    props[PROP_PROFILE] = g_param_spec_pointer("profile", NULL, NULL, ro);
    props[PROP_REBUILDING] = g_param_spec_boolean("rebuilding", NULL, NULL, FALSE, ro);
    props[PROP_SAMPLE_TYPE] = g_param_spec_uint("sample-type", NULL, NULL, 0, G_MAXUINT32, 0, ro);
    props[PROP_ZOOM_PATH] = g_param_spec_boxed("zoom-path", NULL, NULL, KILN_TYPE_FRAME_PATH, ro);
    props[PROP_SELECTION_PATH] =
        g_param_spec_boxed("selection-path", NULL, NULL, KILN_TYPE_FRAME_PATH, ro);
    props[PROP_SEARCH_TEXT] = g_param_spec_string("search-text", NULL, NULL, NULL, ro);
    props[PROP_CAN_GO_BACK] = g_param_spec_boolean("can-go-back", NULL, NULL, FALSE, ro);
    props[PROP_CAN_GO_FORWARD] = g_param_spec_boolean("can-go-forward", NULL, NULL, FALSE, ro);
    props[PROP_TITLE] = g_param_spec_string("title", NULL, NULL, NULL, ro);
    props[PROP_GRANULARITY] = g_param_spec_int("granularity", NULL, NULL, 0, G_MAXINT, 0, ro);
    g_object_class_install_properties(oc, N_PROPS, props);
}

static void kiln_document_init(KilnDocument *self)
{
    self->waiters = g_ptr_array_new_with_free_func(g_object_unref);
    self->transforms = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_transform_unref);
    self->zoom = kiln_frame_path_new_from_names(NULL, 0);
    self->back = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_frame_path_unref);
    self->forward = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_frame_path_unref);
}

KilnDocument *kiln_document_new_for_file(GFile *file)
{
    g_return_val_if_fail(G_IS_FILE(file), NULL);
    KilnDocument *self = g_object_new(KILN_TYPE_DOCUMENT, NULL);
    self->source = KILN_DOCUMENT_SOURCE_FILE;
    self->file = g_object_ref(file);
    self->title = g_file_get_basename(file);
    return self;
}

KilnDocument *kiln_document_new_for_url(const char *url)
{
    KilnDocument *self = g_object_new(KILN_TYPE_DOCUMENT, NULL);
    self->source = KILN_DOCUMENT_SOURCE_URL;
    self->url = g_strdup(url);
    self->title = g_strdup(url);
    return self;
}

KilnDocument *kiln_document_new_for_comparison(GFile *before, GFile *after)
{
    KilnDocument *self = g_object_new(KILN_TYPE_DOCUMENT, NULL);
    self->source = KILN_DOCUMENT_SOURCE_COMPARISON;
    self->file = g_object_ref(before);
    self->other_file = g_object_ref(after);
    g_autofree char *a = g_file_get_basename(before), *b = g_file_get_basename(after);
    self->title = g_strdup_printf("%s → %s", a, b);
    return self;
}

static void set_derived(KilnDocument *self, KilnProfile *derived);

KilnDocument *kiln_document_new_for_profile(KilnProfile *profile, const char *title)
{
    KilnDocument *self = g_object_new(KILN_TYPE_DOCUMENT, NULL);
    self->source = KILN_DOCUMENT_SOURCE_PROFILE;
    self->title = g_strdup(title ? title : "");
    self->loaded = kiln_profile_ref(profile);
    self->state = KILN_DOCUMENT_LOADED;
    set_derived(self, kiln_profile_ref(profile));
    return self;
}

KilnDocumentSource kiln_document_get_source(KilnDocument *self)
{
    return self->source;
}

GFile *kiln_document_get_file(KilnDocument *self)
{
    return self->file;
}

GFile *kiln_document_get_other_file(KilnDocument *self)
{
    return self->other_file;
}

const char *kiln_document_get_url(KilnDocument *self)
{
    return self->url;
}

const char *kiln_document_get_title(KilnDocument *self)
{
    return self->title;
}

/* ---- the derived profile ------------------------------------------- */

static void set_derived(KilnDocument *self, KilnProfile *derived)
{
    g_clear_pointer(&self->derived, kiln_profile_unref);
    self->derived = derived;
    if (derived && self->sample_type >= derived->n_types)
        self->sample_type_set = FALSE;
    self->generation++;
    notify(self, PROP_PROFILE);
    notify(self, PROP_SAMPLE_TYPE);
}

typedef struct {
    GWeakRef doc;
    guint serial;
} Pending;

static Pending *pending_new(KilnDocument *self, guint serial)
{
    Pending *p = g_new0(Pending, 1);
    g_weak_ref_init(&p->doc, self);
    p->serial = serial;
    return p;
}

static void pending_free(Pending *p)
{
    g_weak_ref_clear(&p->doc);
    g_free(p);
}

static void rebuilt(GObject *source, GAsyncResult *result, gpointer data)
{
    Pending *pending = data;
    g_autoptr(KilnDocument) self = g_weak_ref_get(&pending->doc);
    guint serial = pending->serial;
    pending_free(pending);
    g_autoptr(GError) error = NULL;
    KilnProfile *p = kiln_derive_finish(result, NULL, &error);
    if (!self || serial != self->rebuild_serial) {
        g_clear_pointer(&p, kiln_profile_unref);
        return;
    }
    g_clear_object(&self->rebuild_cancellable);
    g_clear_error(&self->transform_error);
    if (!p) {
        /* A transform that fails leaves the last good picture; the error
         * is there for whoever shows the transforms. */
        self->transform_error = g_steal_pointer(&error);
        notify(self, PROP_REBUILDING);
        return;
    }
    set_derived(self, p);
    notify(self, PROP_REBUILDING);
}

/* Derives the shown profile from the loaded one through the stack: at once
 * when the stack is empty, else on a worker. */
static void rebuild(KilnDocument *self)
{
    if (!self->loaded)
        return;
    self->rebuild_serial++;
    if (self->rebuild_cancellable) {
        g_cancellable_cancel(self->rebuild_cancellable);
        g_clear_object(&self->rebuild_cancellable);
    }
    if (!self->transforms->len) {
        set_derived(self, kiln_profile_ref(self->loaded));
        notify(self, PROP_REBUILDING);
        return;
    }
    self->rebuild_cancellable = g_cancellable_new();
    /* The derive references the profile and the stack for its worker; the
     * weak reference lets the document go meanwhile. */
    kiln_derive_async(self->loaded, (KilnTransform *const *)self->transforms->pdata,
                      self->transforms->len, self->rebuild_cancellable, rebuilt,
                      pending_new(self, self->rebuild_serial));
    notify(self, PROP_REBUILDING);
}

void kiln_document_push_transform(KilnDocument *self, KilnTransform *transform)
{
    g_return_if_fail(transform != NULL);
    g_ptr_array_add(self->transforms, kiln_transform_ref(transform));
    rebuild(self);
}

gboolean kiln_document_pop_transform(KilnDocument *self)
{
    if (!self->transforms->len)
        return FALSE;
    g_ptr_array_set_size(self->transforms, self->transforms->len - 1);
    rebuild(self);
    return TRUE;
}

guint kiln_document_get_n_transforms(KilnDocument *self)
{
    return self->transforms->len;
}

KilnTransform *kiln_document_get_transform(KilnDocument *self, guint i)
{
    g_return_val_if_fail(i < self->transforms->len, NULL);
    return self->transforms->pdata[i];
}

const GError *kiln_document_get_transform_error(KilnDocument *self)
{
    return self->transform_error;
}

gboolean kiln_document_get_rebuilding(KilnDocument *self)
{
    return self->rebuild_cancellable != NULL;
}

guint kiln_document_get_generation(KilnDocument *self)
{
    return self->generation;
}

KilnProfile *kiln_document_get_profile(KilnDocument *self)
{
    return self->derived;
}

/* ---- loading -------------------------------------------------------- */

static void set_state(KilnDocument *self, KilnDocumentState state)
{
    if (self->state == state)
        return;
    self->state = state;
    notify(self, PROP_STATE);
    if (state == KILN_DOCUMENT_LOADING)
        return;
    /* Wake the load_async callers, in the order they asked. */
    g_autoptr(GPtrArray) waiters = g_steal_pointer(&self->waiters);
    self->waiters = g_ptr_array_new_with_free_func(g_object_unref);
    for (guint i = 0; i < waiters->len; i++) {
        GTask *task = waiters->pdata[i];
        if (state == KILN_DOCUMENT_LOADED)
            g_task_return_boolean(task, TRUE);
        else
            g_task_return_error(task, g_error_copy(self->error));
    }
}

static void fail(KilnDocument *self, KilnDocumentState state, GError *error)
{
    g_clear_error(&self->error);
    self->error = error;
    set_state(self, state);
}

static void on_progress(double fraction, gpointer data)
{
    KilnDocument *self = data;
    self->progress = fraction;
    notify(self, PROP_PROGRESS);
}

static void loaded(GObject *source, GAsyncResult *result, gpointer data)
{
    Pending *pending = data;
    g_autoptr(KilnDocument) self = g_weak_ref_get(&pending->doc);
    guint serial = pending->serial;
    pending_free(pending);
    GError *error = NULL;
    KilnProfileStats *stats = NULL;
    KilnProfile *p = kiln_load_job_finish(result, &stats, &error);
    if (!self || serial != self->load_serial) {
        g_clear_pointer(&p, kiln_profile_unref);
        g_clear_pointer(&stats, kiln_profile_stats_free);
        g_clear_error(&error);
        return;
    }
    if (g_cancellable_is_cancelled(self->cancellable)) {
        g_clear_pointer(&p, kiln_profile_unref);
        g_clear_pointer(&stats, kiln_profile_stats_free);
        g_clear_error(&error);
        fail(self, KILN_DOCUMENT_CANCELLED,
             g_error_new_literal(G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Loading was cancelled.")));
        return;
    }
    if (!p) {
        fail(self, KILN_DOCUMENT_FAILED, error);
        return;
    }
    g_clear_pointer(&self->loaded, kiln_profile_unref);
    g_clear_pointer(&self->stats, kiln_profile_stats_free);
    self->loaded = p;
    self->stats = stats;
    g_clear_error(&self->error);
    /* The view state is re-resolved by the views in the new profile. */
    rebuild(self);
    set_state(self, KILN_DOCUMENT_LOADED);
}

void kiln_document_load(KilnDocument *self)
{
    g_return_if_fail(KILN_IS_DOCUMENT(self));
    if (self->source == KILN_DOCUMENT_SOURCE_PROFILE)
        return;
    if (self->cancellable)
        g_cancellable_cancel(self->cancellable);
    g_clear_object(&self->cancellable);
    self->cancellable = g_cancellable_new();
    self->load_serial++;
    self->progress = 0;
    notify(self, PROP_PROGRESS);
    /* A URL's "path" is the URL: the load job fetches it (formats/kiln-url). */
    g_autofree char *path = self->file ? g_file_get_path(self->file) : g_strdup(self->url);
    if (self->source == KILN_DOCUMENT_SOURCE_COMPARISON) {
        g_autofree char *after = self->other_file ? g_file_get_path(self->other_file) : NULL;
        if (path && after) {
            set_state(self, KILN_DOCUMENT_LOADING);
            kiln_load_job_start_pair(NULL, path, after, self->granularity, self->cancellable,
                                     on_progress, self, loaded,
                                     pending_new(self, self->load_serial));
            return;
        }
    }
    if (self->source != KILN_DOCUMENT_SOURCE_FILE && self->source != KILN_DOCUMENT_SOURCE_URL) {
        set_state(self, KILN_DOCUMENT_LOADING);
        fail(self, KILN_DOCUMENT_FAILED,
             g_error_new_literal(G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("Kiln can open only profile files so far.")));
        return;
    }
    if (!path) {
        set_state(self, KILN_DOCUMENT_LOADING);
        fail(self, KILN_DOCUMENT_FAILED,
             g_error_new_literal(G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("Only local files can be opened.")));
        return;
    }
    set_state(self, KILN_DOCUMENT_LOADING);
    /* No reference to ourselves in the task: see kiln_document_load(). */
    /* Progress reports stop once the cancellable is cancelled, which
     * dispose and any reload do, so `self` unreferenced is safe there. */
    kiln_load_job_start(NULL, path, self->granularity, self->cancellable, on_progress, self, loaded,
                        pending_new(self, self->load_serial));
}

static void cancel_from(GCancellable *cancellable, KilnDocument *self)
{
    kiln_document_cancel(self);
}

void kiln_document_load_async(KilnDocument *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task = g_task_new(self, cancellable, callback, user_data);
    g_task_set_source_tag(task, kiln_document_load_async);
    /* The document's own error (its message) also when `cancellable` did it. */
    g_task_set_check_cancellable(task, FALSE);
    g_ptr_array_add(self->waiters, task);
    kiln_document_load(self);
    if (cancellable && self->state == KILN_DOCUMENT_LOADING)
        g_signal_connect_object(cancellable, "cancelled", G_CALLBACK(cancel_from), self, 0);
}

gboolean kiln_document_load_finish(KilnDocument *self, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}

KilnGranularity kiln_document_get_granularity(KilnDocument *self)
{
    return self->granularity;
}

void kiln_document_set_granularity(KilnDocument *self, KilnGranularity granularity)
{
    if (granularity == self->granularity)
        return;
    self->granularity = granularity;
    notify(self, PROP_GRANULARITY);
    /* A finer tree needs the file again: the loaded one has dropped what
     * it does not key by. */
    if (self->source == KILN_DOCUMENT_SOURCE_FILE && self->state != KILN_DOCUMENT_IDLE)
        kiln_document_load(self);
}

void kiln_document_cancel(KilnDocument *self)
{
    if (self->cancellable)
        g_cancellable_cancel(self->cancellable);
}

GCancellable *kiln_document_get_cancellable(KilnDocument *self)
{
    return self->cancellable;
}

KilnDocumentState kiln_document_get_state(KilnDocument *self)
{
    return self->state;
}

double kiln_document_get_progress(KilnDocument *self)
{
    return self->progress;
}

const GError *kiln_document_get_error(KilnDocument *self)
{
    return self->error;
}

KilnProfile *kiln_document_get_loaded_profile(KilnDocument *self)
{
    return self->loaded;
}

KilnProfileStats *kiln_document_get_stats(KilnDocument *self)
{
    return self->stats;
}

/* ---- view state ----------------------------------------------------- */

uint32_t kiln_document_get_sample_type(KilnDocument *self)
{
    if (self->sample_type_set || !self->derived)
        return self->sample_type;
    return self->derived->default_type;
}

void kiln_document_set_sample_type(KilnDocument *self, uint32_t type)
{
    if (self->derived && type >= self->derived->n_types)
        return;
    if (self->sample_type_set && self->sample_type == type)
        return;
    gboolean changed = type != kiln_document_get_sample_type(self);
    self->sample_type = type;
    self->sample_type_set = TRUE;
    if (changed)
        notify(self, PROP_SAMPLE_TYPE);
}

KilnFramePath *kiln_document_get_zoom_path(KilnDocument *self)
{
    return self->zoom;
}

static void set_zoom(KilnDocument *self, KilnFramePath *path)
{
    kiln_frame_path_unref(self->zoom);
    self->zoom = path;
    notify(self, PROP_ZOOM_PATH);
    notify(self, PROP_CAN_GO_BACK);
    notify(self, PROP_CAN_GO_FORWARD);
    kiln_document_set_selection_path(self, path);
}

void kiln_document_zoom_to(KilnDocument *self, KilnFramePath *path)
{
    g_autoptr(KilnFramePath) to =
        path ? kiln_frame_path_ref(path) : kiln_frame_path_new_from_names(NULL, 0);
    if (kiln_frame_path_equal(to, self->zoom))
        return;
    g_ptr_array_add(self->back, kiln_frame_path_ref(self->zoom));
    g_ptr_array_set_size(self->forward, 0);
    set_zoom(self, g_steal_pointer(&to));
}

gboolean kiln_document_can_go_back(KilnDocument *self)
{
    return self->back->len > 0;
}

gboolean kiln_document_can_go_forward(KilnDocument *self)
{
    return self->forward->len > 0;
}

/* One step through history: the current zoom goes onto `to_stack`, the
 * last entry of `from_stack` becomes the zoom. */
static gboolean step(KilnDocument *self, GPtrArray *from_stack, GPtrArray *to_stack)
{
    if (!from_stack->len)
        return FALSE;
    KilnFramePath *next = g_ptr_array_steal_index(from_stack, from_stack->len - 1);
    g_ptr_array_add(to_stack, kiln_frame_path_ref(self->zoom));
    set_zoom(self, next);
    return TRUE;
}

gboolean kiln_document_go_back(KilnDocument *self)
{
    return step(self, self->back, self->forward);
}

gboolean kiln_document_go_forward(KilnDocument *self)
{
    return step(self, self->forward, self->back);
}

KilnFramePath *kiln_document_get_selection_path(KilnDocument *self)
{
    return self->selection;
}

void kiln_document_set_selection_path(KilnDocument *self, KilnFramePath *path)
{
    if (kiln_frame_path_equal(path, self->selection))
        return;
    g_clear_pointer(&self->selection, kiln_frame_path_unref);
    self->selection = path ? kiln_frame_path_ref(path) : NULL;
    notify(self, PROP_SELECTION_PATH);
}

const char *kiln_document_get_search_text(KilnDocument *self)
{
    return self->search_text;
}

void kiln_document_set_search_text(KilnDocument *self, const char *text)
{
    if (text && !*text)
        text = NULL;
    if (g_strcmp0(text, self->search_text) == 0)
        return;
    g_free(self->search_text);
    self->search_text = g_strdup(text);
    notify(self, PROP_SEARCH_TEXT);
}
