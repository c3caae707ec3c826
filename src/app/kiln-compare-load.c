/* kiln-compare-load.c — a pair to compare, loaded as one diff profile. */
#include "kiln-compare-load.h"
#include "analysis/kiln-diff.h"

#include <glib/gi18n.h>

typedef struct {
    KilnProgressFunc progress;
    gpointer data;
    double offset;
} Half;

static void half_progress(double fraction, gpointer data)
{
    Half *h = data;
    if (h->progress)
        h->progress(h->offset + fraction / 2, h->data);
}

static KilnProfile *load_side(const char *path, const KilnLoadOptions *options,
                              GCancellable *cancellable, Half *half, GError **error)
{
    GError *e = NULL;
    KilnProfile *p = kiln_load_file(path, options, cancellable, half_progress, half, &e);
    if (!p) {
        if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            g_propagate_error(error, e);
        } else {
            g_autofree char *name = g_filename_display_basename(path);
            g_propagate_prefixed_error(error, e, _("Could not compare with “%s”: "), name);
        }
    }
    return p;
}

KilnProfile *kiln_compare_load(const char *before, const char *after,
                               const KilnLoadOptions *options, KilnDiffRoot root,
                               gboolean normalize, GCancellable *cancellable,
                               KilnProgressFunc progress, gpointer progress_data, GError **error)
{
    KilnLoadOptions o;
    if (options)
        o = *options;
    else
        kiln_load_options_init(&o);
    if (kiln_diff_root_wants_pid(root))
        o.perf_pid = TRUE;
    Half h = {progress, progress_data, 0};
    g_autoptr(KilnProfile) b = load_side(before, &o, cancellable, &h, error);
    if (!b)
        return NULL;
    h.offset = 0.5;
    g_autoptr(KilnProfile) a = load_side(after, &o, cancellable, &h, error);
    if (!a)
        return NULL;
    root = kiln_diff_root_resolve(root, b, a);
    g_autoptr(KilnProfile) rb = kiln_diff_root_apply(b, root);
    g_autoptr(KilnProfile) ra = kiln_diff_root_apply(a, root);
    return kiln_diff_new(rb, rb->default_type, ra, ra->default_type, normalize);
}
