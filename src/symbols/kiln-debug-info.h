/* kiln-debug-info.h — KilnDebugInfo: finds the file holding a binary's
 * DWARF (.debug_info), the way gdb and perf look for it.
 *
 * Candidates, in order, each used only when its build-id is the binary's
 * (when the binary has one): the binary itself when it was not stripped;
 * `DIR/.build-id/xx/rest.debug` for each --debug-dir DIR and then
 * /usr/lib/debug; perf's build-id cache (~/.debug/.build-id/xx/rest/debug
 * and ~/.debug/PATH/BUILDID/debug, where `perf buildid-cache` and
 * `perf record` copy files); the .gnu_debuglink name next to the binary,
 * in its .debug folder and under each debug directory's copy of the
 * binary's folder; finally, only when turned on, debuginfod (the servers
 * in DEBUGINFOD_URLS, through elfutils' libdebuginfod, loaded at run time
 * so that Kiln runs without it).
 *
 * Results are cached per binary. For the summary, every binary whose
 * DWARF was wanted and not found is remembered with its build-id.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct _KilnDebugInfo KilnDebugInfo;

KilnDebugInfo *kiln_debug_info_new(const char *const *debug_dirs, gboolean debuginfod);
void kiln_debug_info_free(KilnDebugInfo *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnDebugInfo, kiln_debug_info_free)

/* The file with binary's DWARF, or NULL. binary is the file Kiln found for
 * the mapping (its build-id checked); build_id may be NULL (size 0),
 * debuglink NULL. The string lives as long as d. */
const char *kiln_debug_info_find(KilnDebugInfo *d, const char *binary, const uint8_t *build_id,
                                 gsize build_id_size, const char *debuglink);

/* TRUE when the ELF file at path has a .debug_info with contents. */
gboolean kiln_debug_info_file_has_dwarf(const char *path);

/* The binaries whose DWARF was looked for and not found, in the order
 * first asked (paths; they live as long as d). */
const GPtrArray *kiln_debug_info_missing(const KilnDebugInfo *d);

/* A sentence saying how to get the debug info of binary, for the
 * summary: the Debian -dbgsym package that owns it when dpkg knows it,
 * else the debug folder to put a BUILDID.debug into. Newly allocated. */
char *kiln_debug_info_hint(const char *binary, const uint8_t *build_id, gsize build_id_size);

G_END_DECLS
