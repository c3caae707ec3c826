/* kiln-transform.h — KilnTransform, one user-level transform of a profile.
 *
 * What a filter chip above the views stands for: a kind and its parameters
 * (a regex, a granularity, a time range, a thread set, the other profiles
 * of a merge, the baseline of a diff). Boxed and reference counted, and
 * immutable once made, so a stack of them can be handed to a worker
 * (kiln_derive_async()) while the window keeps its own references.
 * Each one is a step of the derive engine (core/kiln-derive.h).
 */
#pragma once

#include <gio/gio.h>

#include "core/kiln-derive.h"
#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef enum {
    KILN_TRANSFORM_FOCUS,      /* pprof -focus */
    KILN_TRANSFORM_IGNORE,     /* pprof -ignore */
    KILN_TRANSFORM_HIDE,       /* pprof -hide */
    KILN_TRANSFORM_SHOW,       /* pprof -show */
    KILN_TRANSFORM_PRUNE_FROM, /* pprof -prune_from */
    KILN_TRANSFORM_COLLAPSE_RECURSION,
    KILN_TRANSFORM_TIME_RANGE,
    KILN_TRANSFORM_THREADS,
    KILN_TRANSFORM_INVERT,
    KILN_TRANSFORM_GRANULARITY,
    KILN_TRANSFORM_MERGE,     /* the profile merged with others */
    KILN_TRANSFORM_DIFF,      /* the profile as "after" against a baseline */
    KILN_TRANSFORM_SHOW_FROM, /* pprof -show_from */
} KilnTransformKind;

typedef struct _KilnTransform KilnTransform;

#define KILN_TYPE_TRANSFORM (kiln_transform_get_type())
GType kiln_transform_get_type(void);

KilnTransform *kiln_transform_ref(KilnTransform *transform);
void kiln_transform_unref(KilnTransform *transform);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnTransform, kiln_transform_unref)

/* FOCUS, IGNORE, HIDE, SHOW, PRUNE_FROM, SHOW_FROM: the regex is compiled here, once
 * (an error names what is wrong with it). */
KilnTransform *kiln_transform_new_filter(KilnTransformKind kind, const char *regex, GError **error);
/* COLLAPSE_RECURSION, INVERT. */
KilnTransform *kiln_transform_new(KilnTransformKind kind);
KilnTransform *kiln_transform_new_granularity(KilnGranularity granularity);
/* Samples with t0 <= time < t1, in nanoseconds as the profile stores them. */
KilnTransform *kiln_transform_new_time_range(uint64_t t0, uint64_t t1);
KilnTransform *kiln_transform_new_threads(const uint32_t *threads, guint n_threads);
/* The profile merged with `others` (each referenced). */
KilnTransform *kiln_transform_new_merge(KilnProfile *const *others, guint n_others);
/* The profile (its type `after_type`, or its default for G_MAXUINT32) as
 * "after", `before` (type `before_type`) as "before". */
KilnTransform *kiln_transform_new_diff(KilnProfile *before, uint32_t before_type,
                                       uint32_t after_type, gboolean normalize);

/* From a kiln-cli option and its value: "focus" "^runtime\.", "ignore",
 * "hide", "show", "prune-from", "show-from", "collapse-recursion" (no value), "invert"
 * (no value), "granularity" "lines", "time" "T0:T1" (ns), "thread"
 * "TID[,TID…]". */
KilnTransform *kiln_transform_parse(const char *option, const char *value, GError **error);
/* The same from one string, "OPTION=VALUE" or "OPTION": what
 * kiln_transform_to_string() writes, for settings and history. */
KilnTransform *kiln_transform_parse_string(const char *text, GError **error);
char *kiln_transform_to_string(const KilnTransform *transform);

KilnTransformKind kiln_transform_get_kind(const KilnTransform *transform);
/* The regex text of a filter, else NULL. */
const char *kiln_transform_get_pattern(const KilnTransform *transform);

/* The text of the chip that stands for it: "Focus: ^runtime\.",
 * "Bottom-up", "Threads: 12,13". Translated. */
char *kiln_transform_describe(const KilnTransform *transform);

/* Applies one transform (a new reference; maybe `profile` itself when
 * nothing changes). *node_map, if not NULL, maps profile's nodes to the
 * result's (g_free() it). Cancellation is G_IO_ERROR_CANCELLED. */
KilnProfile *kiln_transform_apply(const KilnTransform *transform, KilnProfile *profile,
                                  uint32_t **node_map, GCancellable *cancellable, GError **error);

/* Applies a stack of transforms, first to last, composing the node maps. An
 * empty stack gives `profile` itself and the identity map. */
KilnProfile *kiln_transform_apply_stack(KilnTransform *const *stack, guint n, KilnProfile *profile,
                                        uint32_t **node_map, GCancellable *cancellable,
                                        GError **error);

G_END_DECLS
