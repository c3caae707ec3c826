/* kiln-elf-function.h — KilnElfFunction: one function's machine code, read
 * from an ELF file for disassembly.
 *
 * The function is the STT_FUNC symbol (.symtab, else .dynsym) whose range
 * holds a given file address; its bytes come from the section that holds
 * it. Every offset and size is checked against the file.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct {
    char *name;       /* the ELF symbol, as in the file (not demangled) */
    uint64_t start;   /* st_value: the first instruction's file address */
    GBytes *code;     /* st_size bytes */
    uint16_t machine; /* e_machine (EM_X86_64, EM_AARCH64, ...) */
} KilnElfFunction;

/* NULL with KILN_SYMBOLS_ERROR_* when the file cannot be read or no
 * function symbol holds address. */
KilnElfFunction *kiln_elf_function_read(const char *path, uint64_t address, GError **error);
void kiln_elf_function_free(KilnElfFunction *f);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnElfFunction, kiln_elf_function_free)

G_END_DECLS
