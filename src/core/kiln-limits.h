/* kiln-limits.h — KilnLimits, the bounds every importer honours.
 *
 * Profiles come from other machines and incident tickets; these bounds keep
 * a hostile or broken file from taking the machine down. Each one, when hit,
 * produces a warning or a clear error rather than a crash.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t max_decompressed; /* bytes a gzip/zstd stream may expand to */
    uint32_t max_depth;        /* deeper stacks end in a [truncated] frame */
    uint32_t max_name_len;     /* longer frame names are elided with "…" */
} KilnLimits;

#define KILN_DEFAULT_MAX_DECOMPRESSED (UINT64_C(1) << 30)
#define KILN_DEFAULT_MAX_DEPTH        4096u
#define KILN_DEFAULT_MAX_NAME_LEN     1024u

void kiln_limits_init_default(KilnLimits *limits);
