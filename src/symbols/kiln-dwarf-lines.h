/* kiln-dwarf-lines.h — KilnDwarfLines: an ELF file's DWARF line tables and
 * inline chains, read through libdw.
 *
 * An address becomes the chain `addr2line -i -f` prints, innermost first:
 * level 0 is the function whose code is at the address with the line-table
 * row for it; each next level is the function that inlined the previous
 * one, at the previous inlined subroutine's DW_AT_call_file/call_line. The
 * last level is the out-of-line subprogram. Addresses are the ELF file's
 * own virtual addresses (symbol values), not runtime ones.
 *
 * Lookups are cached per address, and the strings live as long as the
 * object. Damaged DWARF yields fewer or no levels, never a crash: libdw
 * bounds-checks its reads, and this code checks every index it is given.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct {
    const char *function; /* DW_AT_name; "??" when the DIE has none */
    const char *file;     /* full path as the line table composes it; "??" unknown */
    uint32_t line;        /* 0 unknown */
} KilnInlineLevel;

typedef struct _KilnDwarfLines KilnDwarfLines;

/* NULL with KILN_SYMBOLS_ERROR_NOT_ELF / _NOT_FOUND (no DWARF) / _FAILED. */
KilnDwarfLines *kiln_dwarf_lines_open(const char *path, GError **error);
/* Reads an ELF image in memory (the fuzz target's way in); keeps a ref. */
KilnDwarfLines *kiln_dwarf_lines_new_from_bytes(GBytes *elf, GError **error);
void kiln_dwarf_lines_free(KilnDwarfLines *dl);

/* The chain at addr, innermost first; returns its length (0 = no line
 * information). *levels stays valid until dl is freed. */
guint kiln_dwarf_lines_lookup(KilnDwarfLines *dl, uint64_t addr, const KilnInlineLevel **levels);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnDwarfLines, kiln_dwarf_lines_free)

G_END_DECLS
