/* kiln-disassembly-view.h — KilnDisassemblyView: one function's
 * instructions (KilnDisassembly, capstone) with per-instruction self and
 * heat, its source lines interleaved, the hottest instruction in view.
 */
#pragma once

#include <gtk/gtk.h>

#include "core/kiln-profile.h"

G_BEGIN_DECLS

#define KILN_TYPE_DISASSEMBLY_VIEW (kiln_disassembly_view_get_type())
G_DECLARE_FINAL_TYPE(KilnDisassemblyView, kiln_disassembly_view, KILN, DISASSEMBLY_VIEW, GtkBox)

/* function is the exact frame name; needs frames with addresses. */
GtkWidget *kiln_disassembly_view_new(KilnProfile *profile, const char *function, uint32_t type);
/* Instructions listed (0: none, a message says why). */
guint kiln_disassembly_view_get_n_instructions(KilnDisassemblyView *self);
void kiln_disassembly_view_set_dark(KilnDisassemblyView *self, gboolean dark);

G_END_DECLS
