/* kiln-kallsyms.h — kernel symbols from a /proc/kallsyms-format file.
 *
 * Only text symbols (t, T, w, W) are kept. The file's addresses are those
 * of the running kernel in this boot, so they name a recording's kernel
 * frames only when the recording was made on this very kernel and boot:
 * the caller compares osrelease and the _text address first.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "kiln-symbol-table.h"

G_BEGIN_DECLS

/* NULL when the file is unreadable or all addresses are hidden (zero, as
 * with kernel.kptr_restrict). *text_addr gets _text's address (0 if absent). */
KilnSymbolTable *kiln_kallsyms_load(const char *path, uint64_t *text_addr);

G_END_DECLS
