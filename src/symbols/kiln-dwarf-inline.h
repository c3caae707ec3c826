/* kiln-dwarf-inline.h — KilnDwarfInline: the chain of inlined functions
 * at an address, from one file's DWARF through libdw.
 *
 * The chain is what `addr2line -i -f` prints, innermost first: the
 * function whose code is at the address, then each function that inlined
 * the previous one, and last the out-of-line subprogram. Names are the
 * DIEs' (through DW_AT_abstract_origin), C++ linkage names demangled.
 * Addresses are the file's own virtual addresses (symbol values).
 *
 * Lookups are cached per address; damaged DWARF gives shorter or empty
 * chains, never a crash (libdw bounds-checks its reads).
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct _KilnDwarfInline KilnDwarfInline;

/* NULL when the file cannot be read or has no DWARF. */
KilnDwarfInline *kiln_dwarf_inline_open(const char *path);
void kiln_dwarf_inline_free(KilnDwarfInline *di);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnDwarfInline, kiln_dwarf_inline_free)

/* The chain at vaddr, innermost first; its length (0 = no DWARF covers
 * vaddr). *names stays valid as long as di. */
guint kiln_dwarf_inline_lookup(KilnDwarfInline *di, uint64_t vaddr, const char *const **names);

G_END_DECLS
