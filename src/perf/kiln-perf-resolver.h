/* kiln-perf-resolver.h — KilnPerfResolver: names the addresses of a
 * recording's DSOs through src/symbols/.
 *
 * User-space files go through the KilnSymbolCache (one load per file and
 * build-id); kernel addresses through /proc/kallsyms, and only when the
 * recording's osrelease is the running kernel's and its _text address
 * matches this boot's (KASLR moves it); JIT regions through the
 * /tmp/perf-PID.map their mapping names.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "kiln-perf-machine.h"
#include "kiln-perf-options.h"
#include "symbols/kiln-symbol-table.h"

G_BEGIN_DECLS

typedef struct _KilnPerfResolver KilnPerfResolver;

/* Uses o->osrelease (to trust this machine's kallsyms and vdso only for
 * the same kernel) and o->symbol_paths. */
KilnPerfResolver *kiln_perf_resolver_new(const KilnPerfOptions *o);
void kiln_perf_resolver_free(KilnPerfResolver *r);

/* The kernel's _text as recorded (from the kernel MMAP record). */
void kiln_perf_resolver_set_kernel_text(KilnPerfResolver *r, uint64_t text);

/* The symbol table for dso and the address to look up in it for addr, or
 * NULL. The table is cached on the dso. */
const KilnSymbolTable *kiln_perf_resolver_table(KilnPerfResolver *r, KilnPerfDso *dso,
                                                const KilnPerfMap *map, uint64_t addr,
                                                uint64_t *lookup_addr);

/* Sentences for warnings/properties about what could not be resolved. */
char *kiln_perf_resolver_describe(const KilnPerfResolver *r);

G_END_DECLS
