/* kiln-diff-root.h — KilnDiffRoot, what the roots of a compared pair are.
 *
 * perf recordings are rooted at a synthetic process frame (the command
 * name, or "name-pid" when loaded with the pid). Two builds of one program
 * recorded as `prog` and `prog2` then share no stack at all, and a diff
 * reports one root as -100 % and the other as new. The root choice says
 * whether those frames stay (process, process+pid) or go (none); "auto"
 * picks the one that lines the two sides up. Shared by kiln-cli diff and
 * the app's compare page.
 */
#pragma once

#include "core/kiln-profile.h"

G_BEGIN_DECLS

typedef enum {
    /* kiln_diff_root_resolve() decides: NONE when the sides each have one
     * process root and their names differ, else PROCESS. */
    KILN_DIFF_ROOT_AUTO = 0,
    /* Process roots kept as loaded (the command name). */
    KILN_DIFF_ROOT_PROCESS,
    /* Process roots kept, loaded as "name-pid" (KilnLoadOptions.perf_pid). */
    KILN_DIFF_ROOT_PROCESS_PID,
    /* Top-level process frames dropped: their stacks start at the code;
     * frames in the program's own binary (module named like the process)
     * lose that module, so two builds' functions match by name. */
    KILN_DIFF_ROOT_NONE,
} KilnDiffRoot;

/* "auto", "process", "process+pid", "none"; FALSE for anything else. */
gboolean kiln_diff_root_from_string(const char *text, KilnDiffRoot *out);
const char *kiln_diff_root_to_string(KilnDiffRoot root);

/* Whether the profiles must be loaded with their pid in the root frame. */
gboolean kiln_diff_root_wants_pid(KilnDiffRoot root);

/* AUTO made concrete for this pair; other choices come back unchanged. */
KilnDiffRoot kiln_diff_root_resolve(KilnDiffRoot root, const KilnProfile *before,
                                    const KilnProfile *after);

/* The profile as the diff should see it: a new reference to `profile`
 * itself unless `root` is NONE and it has top-level process frames; then
 * a new profile whose stacks skip them and whose program frames have no
 * module (values and sample types kept, the per-sample table left
 * behind). */
KilnProfile *kiln_diff_root_apply(KilnProfile *profile, KilnDiffRoot root);

G_END_DECLS
