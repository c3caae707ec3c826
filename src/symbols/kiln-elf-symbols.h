/* kiln-elf-symbols.h — KilnElfSymbols: what Kiln reads from one ELF file
 * through libelf: its GNU build-id, its .gnu_debuglink, its loadable
 * segments (to turn file offsets into addresses) and its function symbols,
 * from .symtab when present, else from .dynsym.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "kiln-symbol-table.h"
#include "kiln-symbols-error.h"

G_BEGIN_DECLS

typedef struct {
    uint64_t vaddr, offset, size;
} KilnElfSegment;

typedef struct {
    char *path;
    uint8_t build_id[20];
    uint8_t build_id_size; /* 0 = the file has none */
    char *debuglink;       /* file name from .gnu_debuglink, or NULL */
    gboolean has_symtab;   /* .symtab (full) rather than only .dynsym */
    GArray *segments;      /* KilnElfSegment of PT_LOAD */
    KilnSymbolTable *table;
} KilnElfSymbols;

/* Reads build-id, debuglink and segments; with symbols, the function
 * symbols too. NULL with an error when the file is not a readable ELF. */
KilnElfSymbols *kiln_elf_symbols_load(const char *path, gboolean symbols, GError **error);
/* The same from an ELF image in memory (the vdso); data must stay valid
 * only during the call. */
KilnElfSymbols *kiln_elf_symbols_load_memory(const char *name, const void *data, gsize len);
void kiln_elf_symbols_free(KilnElfSymbols *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnElfSymbols, kiln_elf_symbols_free)

/* A file offset (of a mapping) to the address symbols use. */
gboolean kiln_elf_symbols_offset_to_vaddr(const KilnElfSymbols *e, uint64_t offset,
                                          uint64_t *vaddr);

/* Lower-case hex of a build-id. */
char *kiln_build_id_hex(const uint8_t *id, gsize n);

G_END_DECLS
