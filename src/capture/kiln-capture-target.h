/* kiln-capture-target.h — KilnCaptureTarget: what gets recorded.
 *
 * A command is forked and held before exec until its events are open (they
 * are enabled by the exec itself, so the recording starts with the
 * program, not with the fork); an existing process is recorded with every
 * thread /proc/PID/task lists; the whole system needs no process at all.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef enum {
    KILN_CAPTURE_TARGET_COMMAND,
    KILN_CAPTURE_TARGET_PID,
    KILN_CAPTURE_TARGET_SYSTEM,
} KilnCaptureTargetKind;

typedef struct {
    KilnCaptureTargetKind kind;
    pid_t pid;       /* the command's child or the process; 0 for the system */
    GArray *tids;    /* pid_t: the threads to open events for */
    int go_fd;       /* command: write end that lets the child exec; -1 after */
    int err_fd;      /* command: read end that reports a failed exec */
    gboolean reaped; /* command: waitpid has collected it */
    int exit_status;
} KilnCaptureTarget;

/* Forks `argv` in `cwd` (NULL = ours), held before exec. */
KilnCaptureTarget *kiln_capture_target_spawn(char **argv, const char *cwd, GError **error);
/* An existing process and its threads. */
KilnCaptureTarget *kiln_capture_target_attach(pid_t pid, GError **error);
KilnCaptureTarget *kiln_capture_target_system(void);
void kiln_capture_target_free(KilnCaptureTarget *t);

/* Lets the held command exec; FALSE (why in *error) when exec failed. */
gboolean kiln_capture_target_release(KilnCaptureTarget *t, GError **error);
/* FALSE once the target has exited (never for the system). */
gboolean kiln_capture_target_alive(KilnCaptureTarget *t);
/* Kills a held or running command (the recording could not start). */
void kiln_capture_target_kill(KilnCaptureTarget *t);

G_END_DECLS
