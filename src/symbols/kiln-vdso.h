/* kiln-vdso.h — symbols of this process's vdso.
 *
 * The vdso is not a file: perf reads the image from its own memory, and so
 * does Kiln, which is right only for recordings of the running kernel (the
 * caller checks osrelease).
 */
#pragma once

#include "kiln-elf-symbols.h"

G_BEGIN_DECLS

/* NULL when this process has no vdso or it cannot be read. */
KilnElfSymbols *kiln_vdso_symbols(void);

G_END_DECLS
