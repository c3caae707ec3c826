/* kiln-annotation.h — KilnAnnotation: per-line self and total of the
 * functions a regex matches, with `go tool pprof -list`'s meaning.
 *
 * A sample's stack is a list of (function, file, line) locations, leaf
 * first. Its value goes to the self of the leaf's innermost location and
 * to the total of every distinct location in the stack (once per sample,
 * however often recursion repeats it).
 *
 * Where the locations come from depends on the profile:
 * - frames with lines (pprof loaded at lines or addresses granularity):
 *   the frames themselves, inlined lines being frames of their own;
 * - frames with addresses and a module file (perf.data loaded at
 *   addresses granularity): the module's DWARF, each frame expanded into
 *   its inline chain, the leaf at its address and every caller at its
 *   return address − 1 (the call instruction). Kernel frames give no
 *   location, so a sample in the kernel counts for no user line's self.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef struct {
    const char *function; /* bare name */
    const char *file;     /* "" when unknown */
    uint32_t line;
    double self, total; /* in the sample type's raw unit */
} KilnAnnotationLine;

typedef struct _KilnAnnotation KilnAnnotation;

/* NULL with G_REGEX_ERROR for a bad regex. Lines sorted by function,
 * file, line; only lines with a non-zero self or total. Warnings (a
 * module without DWARF) go to kiln_annotation_warnings. */
KilnAnnotation *kiln_annotation_new(const KilnProfile *profile, const char *regex, uint32_t type,
                                    GError **error);
void kiln_annotation_free(KilnAnnotation *a);

guint kiln_annotation_n_lines(const KilnAnnotation *a);
const KilnAnnotationLine *kiln_annotation_line(const KilnAnnotation *a, guint i);
/* char* sentences, possibly empty. */
const GPtrArray *kiln_annotation_warnings(const KilnAnnotation *a);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnAnnotation, kiln_annotation_free)

G_END_DECLS
