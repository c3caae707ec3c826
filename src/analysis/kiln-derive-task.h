/* kiln-derive-task.h — a transform stack applied on a worker thread.
 *
 * What the app calls when a filter chip is added or removed: the profile
 * and the stack are referenced for the worker's sake, the result comes back
 * in the caller's main context. Cancelling gives G_IO_ERROR_CANCELLED.
 */
#pragma once

#include "analysis/kiln-transform.h"

G_BEGIN_DECLS

void kiln_derive_async(KilnProfile *profile, KilnTransform *const *stack, guint n_transforms,
                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);

/* The derived profile (a new reference), and in *node_map (may be NULL;
 * g_free() it) the map from the source profile's nodes to its nodes. */
KilnProfile *kiln_derive_finish(GAsyncResult *result, uint32_t **node_map, GError **error);

G_END_DECLS
