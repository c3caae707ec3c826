/* kiln-flame-view.h — KilnFlameView, the flame graph / icicle widget.
 *
 * A thin GtkWidget over the engine: layout comes from
 * render/kiln-flame-viewport.h, painting from render/kiln-flame-painter.h,
 * navigation from render/kiln-flame-nav.h, search from
 * analysis/kiln-search.h. It shows a KilnDocument: the document holds the
 * profile, sample type, zoom, history, selection and search (as frame
 * paths, so they survive a rebuild); the widget keeps only what belongs to
 * the picture (hover, horizontal scale and offset, vertical scroll).
 *
 * The public functions below are what the keyboard, the mouse and the
 * page's buttons call, and what the GUI tests call to drive the view and
 * check outcomes without synthesizing pointer events or sleeping.
 */
#pragma once

#include <gtk/gtk.h>

#include "core/kiln-profile.h"
#include "kiln-document.h"
#include "render/kiln-palette.h"

G_BEGIN_DECLS

#define KILN_TYPE_FLAME_VIEW (kiln_flame_view_get_type())
G_DECLARE_FINAL_TYPE(KilnFlameView, kiln_flame_view, KILN, FLAME_VIEW, GtkWidget)

typedef enum {
    KILN_FLAME_MOVE_PARENT,
    KILN_FLAME_MOVE_CHILD,
    KILN_FLAME_MOVE_PREV,
    KILN_FLAME_MOVE_NEXT,
} KilnFlameMove;

GtkWidget *kiln_flame_view_new(void);

/* The document shown, NULL for none. */
void kiln_flame_view_set_document(KilnFlameView *self, KilnDocument *document);
KilnDocument *kiln_flame_view_get_document(KilnFlameView *self);
/* Shows `profile` in a document of its own (benchmarks, tests). */
void kiln_flame_view_set_profile(KilnFlameView *self, KilnProfile *profile);
KilnProfile *kiln_flame_view_get_profile(KilnFlameView *self);

void kiln_flame_view_set_sample_type(KilnFlameView *self, uint32_t type);
uint32_t kiln_flame_view_get_sample_type(KilnFlameView *self);
void kiln_flame_view_set_icicle(KilnFlameView *self, gboolean icicle);
gboolean kiln_flame_view_get_icicle(KilnFlameView *self);
void kiln_flame_view_set_palette(KilnFlameView *self, KilnPaletteKind palette);
void kiln_flame_view_set_dark(KilnFlameView *self, gboolean dark);
gboolean kiln_flame_view_get_dark(KilnFlameView *self);

/* Zoom: the node spanning the full width; history for Back. */
uint32_t kiln_flame_view_get_zoom(KilnFlameView *self);
void kiln_flame_view_zoom_to(KilnFlameView *self, uint32_t node);
gboolean kiln_flame_view_go_back(KilnFlameView *self);
gboolean kiln_flame_view_can_go_back(KilnFlameView *self);
gboolean kiln_flame_view_go_forward(KilnFlameView *self);
void kiln_flame_view_reset(KilnFlameView *self);
/* Continuous horizontal zoom around view x `anchor` (factor > 1 zooms in)
 * and panning by dx pixels; Ctrl+wheel and Shift+wheel call these. */
void kiln_flame_view_zoom_by(KilnFlameView *self, double factor, double anchor);
void kiln_flame_view_pan_by(KilnFlameView *self, double dx);
double kiln_flame_view_get_scale(KilnFlameView *self);
double kiln_flame_view_get_offset(KilnFlameView *self);

/* Keyboard selection. */
uint32_t kiln_flame_view_get_selected(KilnFlameView *self);
void kiln_flame_view_select(KilnFlameView *self, uint32_t node);
gboolean kiln_flame_view_move(KilnFlameView *self, KilnFlameMove move);
/* Enter: zoom into the selected frame. */
void kiln_flame_view_activate_selected(KilnFlameView *self);
/* What screen readers are told about the selected frame. */
const char *kiln_flame_view_get_accessible_text(KilnFlameView *self);

/* Search: a regular expression; "" or NULL clears. FALSE (and the
 * pattern's error) when it does not compile; the old search then stays. */
gboolean kiln_flame_view_set_search(KilnFlameView *self, const char *pattern, GError **error);
const char *kiln_flame_view_get_search_text(KilnFlameView *self);
/* Share of the whole profile's total in matching stacks, nested matches
 * counted once, in [0, 1]; 0 without a search. */
double kiln_flame_view_get_matched_fraction(KilnFlameView *self);
double kiln_flame_view_get_matched_value(KilnFlameView *self);

/* The node under a point in widget coordinates, or KILN_NO_NODE. */
uint32_t kiln_flame_view_node_at(KilnFlameView *self, double x, double y);

/* Tooltip text for a node (plain text, several lines). */
char *kiln_flame_view_describe(KilnFlameView *self, uint32_t node);

void kiln_flame_view_copy_name(KilnFlameView *self);
void kiln_flame_view_copy_stack(KilnFlameView *self);

/* Lays out (if needed) and paints into `cr` at the given size, exactly as
 * the widget's snapshot does; exposed for the redraw benchmark. */
void kiln_flame_view_paint(KilnFlameView *self, cairo_t *cr, int width, int height);
/* Layout and paint time of the last paint, in microseconds. */
gint64 kiln_flame_view_get_last_layout_usec(KilnFlameView *self);
gint64 kiln_flame_view_get_last_paint_usec(KilnFlameView *self);

G_END_DECLS
