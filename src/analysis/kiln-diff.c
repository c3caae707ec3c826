/* kiln-diff.c — the diff pair through the derive engine. */
#include "kiln-diff.h"
#include "core/kiln-derive.h"

KilnProfile *kiln_diff_new(const KilnProfile *before, uint32_t before_type,
                           const KilnProfile *after, uint32_t after_type, gboolean normalize)
{
    return kiln_derive_diff(before, before_type, after, after_type, normalize, NULL, NULL);
}
