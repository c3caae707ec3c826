/* kiln-symbol-cache.h — KilnSymbolCache: finds and loads the ELF file
 * behind a recorded DSO, once per (path, build-id), whatever the number of
 * processes that mapped it.
 *
 * When the recording names a build-id, a candidate file is used only if
 * its own build-id is the same: a binary rebuilt since the recording would
 * give plausible but wrong names. Candidates, in order: perf's build-id
 * cache (~/.debug/.build-id), the extra symbol directories, the recorded
 * path, /usr/lib/debug/.build-id. A file without .symtab is completed from
 * its separate debug file (build-id path, then .gnu_debuglink).
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "kiln-elf-symbols.h"

G_BEGIN_DECLS

typedef struct _KilnSymbolCache KilnSymbolCache;

KilnSymbolCache *kiln_symbol_cache_new(const char *const *extra_paths);
void kiln_symbol_cache_free(KilnSymbolCache *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnSymbolCache, kiln_symbol_cache_free)

/* NULL when no matching file is found. build_id may be NULL (size 0). */
const KilnElfSymbols *kiln_symbol_cache_get(KilnSymbolCache *c, const char *path,
                                            const uint8_t *build_id, gsize build_id_size);

/* Files rejected because their build-id differs from the recorded one. */
guint kiln_symbol_cache_n_mismatched(const KilnSymbolCache *c);
/* One of them, for messages (NULL if none). */
const char *kiln_symbol_cache_mismatch_example(const KilnSymbolCache *c);

G_END_DECLS
