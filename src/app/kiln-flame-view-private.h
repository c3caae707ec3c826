/* kiln-flame-view-private.h — KilnFlameView's instance struct, shared by
 * kiln-flame-view.c (state, drawing) and kiln-flame-view-input.c (events). */
#pragma once

#include "kiln-flame-view.h"
#include "kiln-document.h"

#include "analysis/kiln-search.h"
#include "render/kiln-flame-painter.h"

G_BEGIN_DECLS

struct _KilnFlameView {
    GtkWidget parent_instance;

    /* What the view shows, its zoom, selection, history and search live
     * in the document; the fields below are their resolution in the
     * document's current profile. */
    KilnDocument *document;
    gulong doc_handlers[5];
    KilnProfile *profile;
    uint32_t type;
    uint32_t zoom;
    uint32_t selected;
    uint32_t hovered;

    double scale;    /* horizontal magnification of the zoomed node, >= 1 */
    double offset;   /* left edge of the view in magnified pixels */
    double y_scroll; /* pixels scrolled away from the root's end */
    double pointer_x, pointer_y;

    KilnFlameStyle style;
    KilnFlameLayout *layout; /* cache, rebuilt when state or width change */

    KilnSearch *search;
    char *search_text;
    double matched_fraction;
    double matched_value;

    char *a11y_text;
    gulong dark_handler;
    GMenuModel *context_menu; /* from the template */
    GtkWidget *menu;          /* GtkPopoverMenu */
    gint64 last_layout_usec, last_paint_usec;

    GtkAdjustment *hadjustment, *vadjustment; /* GtkScrollable */
    gboolean syncing_adjustments;
};

void kiln_flame_view_invalidate(KilnFlameView *self);
KilnFlameLayout *kiln_flame_view_ensure_layout(KilnFlameView *self, double width);
void kiln_flame_view_sync_style(KilnFlameView *self, double height);

void kiln_flame_view_class_init_input(GtkWidgetClass *widget_class);
/* Pops up the context menu (at its pointing-to rectangle), without the
 * tooltip. */
void kiln_flame_view_popup_menu(KilnFlameView *self);

void kiln_flame_view_set_adjustment(KilnFlameView *self, GtkOrientation o, GtkAdjustment *adj);
void kiln_flame_view_sync_adjustments(KilnFlameView *self, int width, int height);
void kiln_flame_view_dispose_adjustments(KilnFlameView *self);
void kiln_flame_view_init_input(KilnFlameView *self);

G_END_DECLS
