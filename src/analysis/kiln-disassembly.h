/* kiln-disassembly.h — KilnDisassembly: the instructions of the functions
 * a regex matches, decoded with capstone, with per-instruction self.
 *
 * Needs frames with addresses and a module file (perf.data loaded at
 * addresses granularity): the function is the ELF symbol holding a
 * frame's address, every instruction of it is listed, and an
 * instruction's self is the leaf samples at exactly its address. Each
 * instruction also carries its DWARF source line (innermost inline
 * level), for interleaving.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef struct {
    uint64_t address; /* file address */
    uint64_t offset;  /* from the function's start */
    char *text;       /* "mov rax, qword ptr [rbp - 8]" */
    double self;
    const char *file; /* "" unknown */
    uint32_t line;    /* 0 unknown */
    uint64_t target;  /* a direct jump's or call's target address, 0 none */
} KilnDisassemblyInsn;

typedef struct {
    char *function; /* the ELF symbol */
    char *module;
    uint64_t start;
    GArray *insns; /* KilnDisassemblyInsn */
} KilnDisassemblyFunction;

typedef struct _KilnDisassembly KilnDisassembly;

/* NULL with G_REGEX_ERROR for a bad regex; functions that cannot be read
 * are left out with a warning. Functions sorted by name. */
KilnDisassembly *kiln_disassembly_new(const KilnProfile *profile, const char *regex, uint32_t type,
                                      GError **error);
void kiln_disassembly_free(KilnDisassembly *d);

guint kiln_disassembly_n_functions(const KilnDisassembly *d);
const KilnDisassemblyFunction *kiln_disassembly_function(const KilnDisassembly *d, guint i);
const GPtrArray *kiln_disassembly_warnings(const KilnDisassembly *d);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnDisassembly, kiln_disassembly_free)

G_END_DECLS
