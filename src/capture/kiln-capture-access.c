/* kiln-capture-access.c — perf_event_paranoid, capabilities, sandbox. */
#include "kiln-capture-access.h"

#include <errno.h>
#include <stdint.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#define CAP_SYS_ADMIN_BIT 21
#define CAP_PERFMON_BIT   38

static gboolean has_cap(uint64_t eff, int bit)
{
    return (eff >> bit) & 1;
}

void kiln_capture_access_read(KilnCaptureAccess *a)
{
    memset(a, 0, sizeof *a);
    a->paranoid = 2;
    g_autofree char *p = NULL;
    if (g_file_get_contents("/proc/sys/kernel/perf_event_paranoid", &p, NULL, NULL))
        a->paranoid = (int)strtol(p, NULL, 10);
    g_autofree char *status = NULL;
    if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
        const char *c = strstr(status, "\nCapEff:");
        if (c) {
            uint64_t eff = g_ascii_strtoull(c + 8, NULL, 16);
            a->perfmon = has_cap(eff, CAP_PERFMON_BIT) || has_cap(eff, CAP_SYS_ADMIN_BIT);
        }
    }
    a->flatpak = g_file_test("/.flatpak-info", G_FILE_TEST_EXISTS);
    a->kernel = a->perfmon || a->paranoid <= 1;
    a->system_wide = a->perfmon || a->paranoid <= 0;
}

char *kiln_capture_access_refusal(const KilnCaptureAccess *a, int err, gboolean system_wide)
{
    if (a->flatpak && (err == EPERM || err == ENOSYS || err == EACCES))
        return g_strdup(_("The Flatpak sandbox does not allow recording. Allow it with "
                          "“flatpak override --user --allow=devel org.kiln.Kiln” and start "
                          "Kiln again."));
    if (err == EACCES || err == EPERM) {
        if (system_wide)
            return g_strdup_printf(
                _("Recording the whole system needs perf_event_paranoid at 0 or below (it is "
                  "%d) or CAP_PERFMON: run “sudo sysctl kernel.perf_event_paranoid=0”, or record "
                  "one program or process instead."),
                a->paranoid);
        if (a->paranoid >= 3)
            return g_strdup_printf(
                _("The kernel does not allow ordinary users to record (perf_event_paranoid is "
                  "%d): run “sudo sysctl kernel.perf_event_paranoid=2”, or give Kiln "
                  "CAP_PERFMON."),
                a->paranoid);
        return g_strdup(_("The kernel refused to record this process: it belongs to another "
                          "user or is being traced. Record a process of your own, or give Kiln "
                          "CAP_PERFMON."));
    }
    if (err == ENOENT || err == EOPNOTSUPP || err == ENODEV)
        return g_strdup(_("This kernel offers no sampling event Kiln can use (neither CPU "
                          "cycles nor the cpu-clock timer)."));
    if (err == ENOSYS)
        return g_strdup(_("This kernel was built without perf events (CONFIG_PERF_EVENTS), "
                          "or a seccomp filter blocks perf_event_open: recording is not "
                          "possible here."));
    if (err == EMFILE)
        return g_strdup(_("Too many open files to record every CPU: raise the limit with "
                          "“ulimit -n”."));
    if (err == ESRCH)
        return g_strdup(_("The process to record has already exited."));
    if (err == EINVAL)
        return g_strdup(_("The kernel does not accept this recording setup (call-graph mode or "
                          "frequency): try a lower frequency or frame-pointer call graphs."));
    /* Translators: %s is the system's description of an error */
    return g_strdup_printf(_("The kernel refused to start recording: %s."), g_strerror(err));
}
