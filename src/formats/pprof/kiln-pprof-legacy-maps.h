/* kiln-pprof-legacy-maps.h — KilnPprofLegacyMaps: the /proc/self/maps text
 * that pprof's legacy formats append, and the frames their unsymbolized
 * addresses become ("<file>+0x<offset>" inside an executable mapping, else
 * "0x<address>"), named as the protobuf importer names line-less
 * locations. pprof merges and reorders these mappings; the names do not
 * depend on that, since address - start + offset is the same in a merged
 * range. */
#pragma once

#include "core/kiln-builder.h"

G_BEGIN_DECLS

typedef struct _KilnPprofLegacyMaps KilnPprofLegacyMaps;

/* Parses the executable entries ("start-limit perms offset dev inode
 * [path]") of text [p, end); other lines are ignored. */
KilnPprofLegacyMaps *kiln_pprof_legacy_maps_new(KilnBuilder *b, const guint8 *p,
                                                const guint8 *end);
void kiln_pprof_legacy_maps_free(KilnPprofLegacyMaps *m);

/* The frame for an address (cached). */
uint32_t kiln_pprof_legacy_maps_frame(KilnPprofLegacyMaps *m, uint64_t addr);
/* File of the first mapping (pprof's guess at the main binary), or NULL. */
const char *kiln_pprof_legacy_maps_main(const KilnPprofLegacyMaps *m);

G_END_DECLS
