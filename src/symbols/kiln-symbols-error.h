/* kiln-symbols-error.h — KilnSymbolsError, what symbol lookup reports
 * (symbols/): ELF and DWARF files, build-id and debuglink lookup. A missing
 * symbol is not an error (the frame keeps its address); these are for files
 * that cannot be used at all.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KILN_SYMBOLS_ERROR (kiln_symbols_error_quark())

typedef enum {
    KILN_SYMBOLS_ERROR_NOT_ELF,   /* the file is not an ELF object */
    KILN_SYMBOLS_ERROR_INVALID,   /* an ELF or DWARF file that is damaged */
    KILN_SYMBOLS_ERROR_NOT_FOUND, /* no file with the wanted build-id or debug info */
    KILN_SYMBOLS_ERROR_FAILED,    /* anything else (cannot open, cannot read) */
} KilnSymbolsError;

GQuark kiln_symbols_error_quark(void);

G_END_DECLS
