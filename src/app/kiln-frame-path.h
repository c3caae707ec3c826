/* kiln-frame-path.h — KilnFramePath: a frame of a call tree named by the
 * functions on its stack (root first), not by a node id.
 *
 * Node ids are preorder positions of one particular tree: a new sample
 * type, a filter, a granularity change or a reload builds another tree
 * whose ids mean other frames. A path of (name, module, kind) steps
 * re-resolves in the new tree to the same call path, or to its deepest
 * ancestor that is still there. Immutable and reference counted.
 */
#pragma once

#include <glib-object.h>

#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef struct _KilnFramePath KilnFramePath;

#define KILN_TYPE_FRAME_PATH (kiln_frame_path_get_type())
GType kiln_frame_path_get_type(void);

/* The path of `node` in `profile`; the root's path is empty. */
KilnFramePath *kiln_frame_path_new(const KilnProfile *profile, uint32_t node);
/* A path from names alone ("main", "qsort", ...), module and kind unknown. */
KilnFramePath *kiln_frame_path_new_from_names(const char *const *names, guint n);
KilnFramePath *kiln_frame_path_ref(KilnFramePath *path);
void kiln_frame_path_unref(KilnFramePath *path);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnFramePath, kiln_frame_path_unref)

guint kiln_frame_path_get_length(const KilnFramePath *path);
const char *kiln_frame_path_get_name(const KilnFramePath *path, guint i);
gboolean kiln_frame_path_equal(const KilnFramePath *a, const KilnFramePath *b);
/* "main;qsort;compare" ("" for the root), for tests and messages. */
char *kiln_frame_path_to_string(const KilnFramePath *path);

/* The node of `profile` at the end of the longest prefix of `path` found
 * there (the root when not even the first step is); *matched (may be NULL)
 * gets that prefix's length. A step matches a child with the same name,
 * module and kind, or failing that the same name. */
uint32_t kiln_frame_path_resolve(const KilnFramePath *path, const KilnProfile *profile,
                                 guint *matched);

G_END_DECLS
