/* kiln-document.h — KilnDocument: one profile the app has open, apart from
 * any widget showing it.
 *
 * It holds where the profile comes from (a file; later a URL, a live
 * recording or a pair to compare), loads it on a worker with progress and
 * cancellation, keeps the loaded profile and a stack of transforms whose
 * result — the derived profile — is what views show, and the view state
 * that must outlive any one tree: the sample type, the zoomed and the
 * selected frame and the zoom history (as KilnFramePaths, re-resolved in
 * every new derived profile) and the search text.
 *
 * Pages and views observe its properties: "state", "progress", "profile"
 * (the derived profile: a new one after a load, a transform or a reload),
 * "sample-type", "zoom-path", "selection-path", "search-text",
 * "can-go-back", "can-go-forward".
 */
#pragma once

#include <gio/gio.h>

#include "analysis/kiln-profile-stats.h"
#include "analysis/kiln-transform.h"
#include "core/kiln-profile.h"
#include "kiln-frame-path.h"

G_BEGIN_DECLS

typedef enum {
    KILN_DOCUMENT_SOURCE_FILE,
    KILN_DOCUMENT_SOURCE_URL,
    /* A live recording (issue 13); nothing records yet. */
    KILN_DOCUMENT_SOURCE_RECORDING,
    /* Two files to compare (issue 14): `file` before, `other_file` after. */
    KILN_DOCUMENT_SOURCE_COMPARISON,
    /* A profile already in memory (tests, benchmarks). */
    KILN_DOCUMENT_SOURCE_PROFILE,
} KilnDocumentSource;

typedef enum {
    KILN_DOCUMENT_IDLE,
    KILN_DOCUMENT_LOADING,
    KILN_DOCUMENT_LOADED,
    KILN_DOCUMENT_FAILED,
    KILN_DOCUMENT_CANCELLED,
} KilnDocumentState;

#define KILN_TYPE_DOCUMENT (kiln_document_get_type())
G_DECLARE_FINAL_TYPE(KilnDocument, kiln_document, KILN, DOCUMENT, GObject)

KilnDocument *kiln_document_new_for_file(GFile *file);
KilnDocument *kiln_document_new_for_url(const char *url);
KilnDocument *kiln_document_new_for_comparison(GFile *before, GFile *after);
/* Loaded at once: state LOADED, `profile` both loaded and derived. */
KilnDocument *kiln_document_new_for_profile(KilnProfile *profile, const char *title);

KilnDocumentSource kiln_document_get_source(KilnDocument *self);
GFile *kiln_document_get_file(KilnDocument *self);
GFile *kiln_document_get_other_file(KilnDocument *self);
const char *kiln_document_get_url(KilnDocument *self);
const char *kiln_document_get_title(KilnDocument *self);

/* ---- loading ---- */

/* Starts loading (or reloading) on a worker and returns. The document
 * holds no reference to itself meanwhile: dropping the last reference
 * cancels the load and frees it. View state (paths, type, search) stays
 * and is re-resolved in the reloaded profile. */
void kiln_document_load(KilnDocument *self);
/* The same, with a callback once the state is no longer LOADING; the
 * task holds a reference to the document until then. `cancellable`
 * cancels like kiln_document_cancel(). */
void kiln_document_load_async(KilnDocument *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
/* TRUE when loaded; else the loader's error (G_IO_ERROR_CANCELLED when
 * cancelled). */
gboolean kiln_document_load_finish(KilnDocument *self, GAsyncResult *result, GError **error);
void kiln_document_cancel(KilnDocument *self);
/* What a load in progress polls; cancelled by cancel and by finalize. */
GCancellable *kiln_document_get_cancellable(KilnDocument *self);

KilnDocumentState kiln_document_get_state(KilnDocument *self);
double kiln_document_get_progress(KilnDocument *self);
/* After FAILED or CANCELLED, why; else NULL. */
const GError *kiln_document_get_error(KilnDocument *self);
/* The profile as loaded, and its summary numbers for its default type. */
KilnProfile *kiln_document_get_loaded_profile(KilnDocument *self);
KilnProfileStats *kiln_document_get_stats(KilnDocument *self);

/* ---- transforms and the derived profile ---- */

/* The profile views show: the loaded one through every transform; NULL
 * until loaded. */
KilnProfile *kiln_document_get_profile(KilnDocument *self);
/* The stack is applied first to last by kiln_derive_async() on a worker;
 * each change starts a new derive (an older one still running is
 * cancelled). */
void kiln_document_push_transform(KilnDocument *self, KilnTransform *transform);
gboolean kiln_document_pop_transform(KilnDocument *self);
guint kiln_document_get_n_transforms(KilnDocument *self);
KilnTransform *kiln_document_get_transform(KilnDocument *self, guint i);
/* After a derive failed (a time range on a profile without times, ...):
 * why; the last good profile stays shown. NULL after one succeeds. */
const GError *kiln_document_get_transform_error(KilnDocument *self);
/* TRUE while a worker derives a new profile; "profile" changes after. */
gboolean kiln_document_get_rebuilding(KilnDocument *self);
/* How many times "profile" changed (tests wait on it). */
guint kiln_document_get_generation(KilnDocument *self);

/* What the tree is keyed by (functions by default). Another granularity
 * reloads a loaded file; the view state carries over as after any
 * reload. */
KilnGranularity kiln_document_get_granularity(KilnDocument *self);
void kiln_document_set_granularity(KilnDocument *self, KilnGranularity granularity);

/* ---- view state ---- */

uint32_t kiln_document_get_sample_type(KilnDocument *self);
void kiln_document_set_sample_type(KilnDocument *self, uint32_t type);

/* The zoomed frame (NULL or empty: the root). Zooming to another path
 * pushes the current one onto the back history, clears the forward one
 * and selects the new zoom. */
KilnFramePath *kiln_document_get_zoom_path(KilnDocument *self);
void kiln_document_zoom_to(KilnDocument *self, KilnFramePath *path);
gboolean kiln_document_can_go_back(KilnDocument *self);
gboolean kiln_document_can_go_forward(KilnDocument *self);
gboolean kiln_document_go_back(KilnDocument *self);
gboolean kiln_document_go_forward(KilnDocument *self);

/* The selected frame, or NULL for none. */
KilnFramePath *kiln_document_get_selection_path(KilnDocument *self);
void kiln_document_set_selection_path(KilnDocument *self, KilnFramePath *path);

/* The search pattern, NULL for none (its validity is the view's job). */
const char *kiln_document_get_search_text(KilnDocument *self);
void kiln_document_set_search_text(KilnDocument *self, const char *text);

G_END_DECLS
