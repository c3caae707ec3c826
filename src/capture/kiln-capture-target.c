/* kiln-capture-target.c — fork held before exec, /proc/PID/task, liveness. */
#include "kiln-capture-target.h"

#include "kiln-capture-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static KilnCaptureTarget *target_new(KilnCaptureTargetKind kind)
{
    KilnCaptureTarget *t = g_new0(KilnCaptureTarget, 1);
    t->kind = kind;
    t->tids = g_array_new(FALSE, FALSE, sizeof(pid_t));
    t->go_fd = -1;
    t->err_fd = -1;
    return t;
}

void kiln_capture_target_free(KilnCaptureTarget *t)
{
    if (!t)
        return;
    if (t->go_fd >= 0)
        close(t->go_fd);
    if (t->err_fd >= 0)
        close(t->err_fd);
    g_array_free(t->tids, TRUE);
    g_free(t);
}

KilnCaptureTarget *kiln_capture_target_spawn(char **argv, const char *cwd, GError **error)
{
    int go[2], err[2];
    if (!argv || !argv[0]) {
        g_set_error_literal(error, KILN_CAPTURE_ERROR, KILN_CAPTURE_ERROR_TARGET,
                            _("No command to record was given."));
        return NULL;
    }
    if (pipe2(go, O_CLOEXEC) != 0)
        goto fail;
    if (pipe2(err, O_CLOEXEC) != 0) {
        close(go[0]);
        close(go[1]);
        goto fail;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(go[0]);
        close(go[1]);
        close(err[0]);
        close(err[1]);
        goto fail;
    }
    if (pid == 0) {
        /* The child: wait for the parent's go (one byte; EOF means the
         * recording failed to start: exit without running anything). */
        close(go[1]);
        close(err[0]);
        char c;
        ssize_t n;
        do
            n = read(go[0], &c, 1);
        while (n < 0 && errno == EINTR);
        if (n != 1)
            _exit(127);
        int e = 0;
        if (cwd && chdir(cwd) != 0)
            e = errno;
        else {
            execvp(argv[0], argv);
            e = errno;
        }
        ssize_t w = write(err[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    close(go[0]);
    close(err[1]);
    KilnCaptureTarget *t = target_new(KILN_CAPTURE_TARGET_COMMAND);
    t->pid = pid;
    t->go_fd = go[1];
    t->err_fd = err[0];
    g_array_append_val(t->tids, pid);
    return t;
fail:
    g_set_error(error, KILN_CAPTURE_ERROR, KILN_CAPTURE_ERROR_TARGET,
                /* Translators: %s is the system's description of an error */
                _("Could not start the command to record: %s."), g_strerror(errno));
    return NULL;
}

gboolean kiln_capture_target_release(KilnCaptureTarget *t, GError **error)
{
    if (t->kind != KILN_CAPTURE_TARGET_COMMAND || t->go_fd < 0)
        return TRUE;
    char c = 'g';
    ssize_t w = write(t->go_fd, &c, 1);
    (void)w;
    close(t->go_fd);
    t->go_fd = -1;
    int e = 0;
    ssize_t n;
    do
        n = read(t->err_fd, &e, sizeof e);
    while (n < 0 && errno == EINTR);
    close(t->err_fd);
    t->err_fd = -1;
    if (n == (ssize_t)sizeof e) {
        waitpid(t->pid, NULL, 0);
        t->reaped = TRUE;
        g_set_error(error, KILN_CAPTURE_ERROR, KILN_CAPTURE_ERROR_TARGET,
                    /* Translators: %s is the system's description of an error */
                    _("Could not run the command to record: %s."), g_strerror(e));
        return FALSE;
    }
    return TRUE;
}

static void list_tasks(pid_t pid, GArray *tids)
{
    g_autofree char *dir = g_strdup_printf("/proc/%d/task", (int)pid);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        pid_t tid = (pid_t)strtol(n, NULL, 10);
        if (tid > 0)
            g_array_append_val(tids, tid);
    }
}

KilnCaptureTarget *kiln_capture_target_attach(pid_t pid, GError **error)
{
    if (pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH)) {
        g_set_error(error, KILN_CAPTURE_ERROR, KILN_CAPTURE_ERROR_TARGET,
                    _("There is no process %d to record."), (int)pid);
        return NULL;
    }
    KilnCaptureTarget *t = target_new(KILN_CAPTURE_TARGET_PID);
    t->pid = pid;
    list_tasks(pid, t->tids);
    if (t->tids->len == 0)
        g_array_append_val(t->tids, pid);
    return t;
}

KilnCaptureTarget *kiln_capture_target_system(void)
{
    return target_new(KILN_CAPTURE_TARGET_SYSTEM);
}

gboolean kiln_capture_target_alive(KilnCaptureTarget *t)
{
    switch (t->kind) {
    case KILN_CAPTURE_TARGET_SYSTEM:
        return TRUE;
    case KILN_CAPTURE_TARGET_COMMAND: {
        if (t->reaped)
            return FALSE;
        int st;
        pid_t r = waitpid(t->pid, &st, WNOHANG);
        if (r == t->pid || (r < 0 && errno == ECHILD)) {
            t->reaped = TRUE;
            t->exit_status = st;
            return FALSE;
        }
        return TRUE;
    }
    case KILN_CAPTURE_TARGET_PID:
    default: {
        /* A zombie still answers kill(0): its /proc stat state says. */
        g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int)t->pid);
        g_autofree char *stat = NULL;
        if (!g_file_get_contents(path, &stat, NULL, NULL))
            return FALSE;
        const char *close_paren = strrchr(stat, ')');
        return close_paren && close_paren[1] && close_paren[2] != 'Z' && close_paren[2] != 'X';
    }
    }
}

void kiln_capture_target_kill(KilnCaptureTarget *t)
{
    if (t->kind != KILN_CAPTURE_TARGET_COMMAND || t->reaped)
        return;
    if (t->go_fd >= 0) {
        close(t->go_fd); /* EOF: the held child exits by itself */
        t->go_fd = -1;
    } else {
        kill(t->pid, SIGTERM);
    }
    waitpid(t->pid, NULL, 0);
    t->reaped = TRUE;
}
