/* kiln-source-view.h — KilnSourceView: one function's source file with a
 * gutter of per-line self and total and a heat shading of its lines
 * (GtkSourceView 5), the hottest line scrolled into view.
 *
 * The numbers are KilnAnnotation's (pprof -list's meaning), so the profile
 * must carry lines or addresses: kiln_source_view_present() reloads the
 * document's file at addresses granularity on a worker for that, since
 * the views show a functions-granularity profile.
 */
#pragma once

#include <gtk/gtk.h>

#include "core/kiln-profile.h"
#include "kiln-document.h"

G_BEGIN_DECLS

#define KILN_TYPE_SOURCE_VIEW (kiln_source_view_get_type())
G_DECLARE_FINAL_TYPE(KilnSourceView, kiln_source_view, KILN, SOURCE_VIEW, GtkBox)

/* function is an exact name; profile is kept (a ref). */
GtkWidget *kiln_source_view_new(KilnProfile *profile, const char *function, uint32_t type);
/* The source file shown, or NULL when it is nowhere (a message says so). */
const char *kiln_source_view_get_path(KilnSourceView *self);
/* The line with the highest total, 0 when there is none. */
uint32_t kiln_source_view_get_hottest_line(KilnSourceView *self);
/* Follows libadwaita's style by default; tests force it. */
void kiln_source_view_set_dark(KilnSourceView *self, gboolean dark);

/* A window next to `parent` with the source (or, with disassembly, the
 * instructions) of `function`, loaded from the document's file. */
void kiln_source_view_present(GtkWidget *parent, KilnDocument *document, const char *function,
                              uint32_t type, gboolean disassembly);

G_END_DECLS
