/* kiln-capture-events.c — perf_event_open, ids, rings.
 *
 * This file alone includes <linux/perf_event.h>: its enums share names
 * with the perf event model's own constants (perf/kiln-perf-format.h),
 * which describe recorded data rather than the running kernel.
 */
#include "kiln-capture-events.h"

#include "kiln-capture-access.h"
#include "kiln-capture-error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* x86-64's user registers as perf records them for DWARF unwinding: every
 * general register, without the segment registers DS, ES, FS, GS. */
#define KILN_REGS_USER_X86_64 UINT64_C(0xff0fff)
/* Bytes of user stack per sample, perf's default. */
#define KILN_STACK_USER_SIZE 8192

static int perf_open(struct perf_event_attr *a, pid_t pid, int cpu, int group, unsigned long fl)
{
    return (int)syscall(SYS_perf_event_open, a, pid, cpu, group, fl);
}

static void fill_attr(struct perf_event_attr *a, const KilnCaptureEventsConfig *cfg, gboolean hw,
                      gboolean system)
{
    memset(a, 0, sizeof *a);
    a->size = sizeof *a;
    a->type = hw ? PERF_TYPE_HARDWARE : PERF_TYPE_SOFTWARE;
    a->config = hw ? PERF_COUNT_HW_CPU_CYCLES : PERF_COUNT_SW_CPU_CLOCK;
    a->freq = 1;
    a->sample_freq = cfg->freq;
    a->sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
                     PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD | PERF_SAMPLE_CALLCHAIN;
    if (cfg->dwarf) {
        a->sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
        a->sample_regs_user = KILN_REGS_USER_X86_64;
        a->sample_stack_user = KILN_STACK_USER_SIZE;
        /* perf leaves the user part of the callchain out in DWARF mode:
         * the stack copy is what gets unwound. */
        a->exclude_callchain_user = 1;
        /* Unwinders read .eh_frame_hdr where it is mapped, in the read-only
         * segment: the file needs the data mappings too. */
        a->mmap_data = 1;
    }
    a->read_format = PERF_FORMAT_ID;
    a->disabled = 1;
    a->inherit = !system;
    a->mmap = 1;
    a->mmap2 = 1;
    a->comm = 1;
    a->comm_exec = 1;
    a->task = 1;
    a->sample_id_all = 1;
    a->exclude_kernel = cfg->user_only;
    a->exclude_hv = 1;
    a->enable_on_exec = cfg->enable_on_exec;
    /* Wake the reader when a quarter of the ring is full; it polls with a
     * timeout too, so a slow trickle is still read a few times a second. */
    a->watermark = 1;
    a->wakeup_watermark = (uint32_t)(cfg->mmap_pages * (gsize)sysconf(_SC_PAGESIZE) / 4);
}

void kiln_capture_events_free(KilnCaptureEvents *e)
{
    if (!e)
        return;
    gsize page = (gsize)sysconf(_SC_PAGESIZE);
    for (guint i = 0; e->rings && i < e->rings->len; i++) {
        KilnCaptureRing *r = &g_array_index(e->rings, KilnCaptureRing, i);
        if (r->base)
            munmap(r->base, r->data_size + page);
    }
    for (guint i = 0; e->fds && i < e->fds->len; i++)
        close(g_array_index(e->fds, int, i));
    if (e->rings)
        g_array_free(e->rings, TRUE);
    if (e->fds)
        g_array_free(e->fds, TRUE);
    if (e->ids)
        g_array_free(e->ids, TRUE);
    g_free(e->name);
    g_free(e);
}

static gboolean refuse(int err, gboolean system, GError **error)
{
    KilnCaptureAccess acc;
    kiln_capture_access_read(&acc);
    g_autofree char *msg = kiln_capture_access_refusal(&acc, err, system);
    int code = (err == EACCES || err == EPERM) ? KILN_CAPTURE_ERROR_PERMISSION
               : err == ESRCH                  ? KILN_CAPTURE_ERROR_TARGET
                                               : KILN_CAPTURE_ERROR_UNSUPPORTED;
    g_set_error_literal(error, KILN_CAPTURE_ERROR, code, msg);
    return FALSE;
}

/* Opens every (thread, cpu) pair of `hw`'s kind; FALSE with errno kept in
 * *err on the first refusal. */
static gboolean open_all(KilnCaptureEvents *e, const KilnCaptureEventsConfig *cfg, gboolean hw,
                         const pid_t *tids, guint n_tids, int *err)
{
    struct perf_event_attr a;
    gboolean system = tids == NULL;
    fill_attr(&a, cfg, hw, system);
    int n_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
    gsize page = (gsize)sysconf(_SC_PAGESIZE);
    guint n_targets = system ? 1 : n_tids;
    for (int cpu = 0; cpu < n_cpus; cpu++) {
        int leader = -1;
        for (guint t = 0; t < n_targets; t++) {
            int fd = perf_open(&a, system ? -1 : tids[t], cpu, -1, PERF_FLAG_FD_CLOEXEC);
            if (fd < 0) {
                /* A thread that exited since /proc listed it is no loss. */
                if (errno == ESRCH && !system && t > 0)
                    continue;
                *err = errno;
                return FALSE;
            }
            g_array_append_val(e->fds, fd);
            uint64_t id = 0;
            ioctl(fd, PERF_EVENT_IOC_ID, &id);
            g_array_append_val(e->ids, id);
            if (leader < 0) {
                KilnCaptureRing r = {.fd = fd, .data_size = cfg->mmap_pages * page};
                r.base = mmap(NULL, r.data_size + page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                if (r.base == MAP_FAILED) {
                    *err = errno == EPERM ? ENOMEM : errno;
                    return FALSE;
                }
                r.data = (guint8 *)r.base + page;
                g_array_append_val(e->rings, r);
                leader = fd;
            } else if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, leader) != 0) {
                *err = errno;
                return FALSE;
            }
        }
    }
    memcpy(e->attr, &a, sizeof a);
    e->attr_size = sizeof a;
    e->hardware = hw;
    e->name = g_strdup_printf("%s%s", hw ? "cycles" : "cpu-clock", cfg->user_only ? ":u" : "");
    return TRUE;
}

static KilnCaptureEvents *events_new(void)
{
    KilnCaptureEvents *e = g_new0(KilnCaptureEvents, 1);
    e->fds = g_array_new(FALSE, FALSE, sizeof(int));
    e->ids = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    e->rings = g_array_new(FALSE, TRUE, sizeof(KilnCaptureRing));
    return e;
}

KilnCaptureEvents *kiln_capture_events_open(const KilnCaptureEventsConfig *cfg, const pid_t *tids,
                                            guint n_tids, GError **error)
{
    int err = 0;
    KilnCaptureEvents *e = events_new();
    if (open_all(e, cfg, TRUE, tids, n_tids, &err))
        return e;
    kiln_capture_events_free(e);
    /* No PMU (ENOENT, EOPNOTSUPP in a VM) or no access to it: the
     * software timer samples the same way, in nanoseconds. */
    e = events_new();
    int err2 = 0;
    if (open_all(e, cfg, FALSE, tids, n_tids, &err2))
        return e;
    kiln_capture_events_free(e);
    refuse(err2 ? err2 : err, tids == NULL, error);
    return NULL;
}

void kiln_capture_events_enable(KilnCaptureEvents *e)
{
    for (guint i = 0; i < e->fds->len; i++)
        ioctl(g_array_index(e->fds, int, i), PERF_EVENT_IOC_ENABLE, 0);
}

void kiln_capture_events_disable(KilnCaptureEvents *e)
{
    for (guint i = 0; i < e->fds->len; i++)
        ioctl(g_array_index(e->fds, int, i), PERF_EVENT_IOC_DISABLE, 0);
}

KilnPerfAttr *kiln_capture_events_perf_attr(const KilnCaptureEvents *e)
{
    struct perf_event_attr a;
    memcpy(&a, e->attr, sizeof a);
    KilnPerfAttr *p = g_new0(KilnPerfAttr, 1);
    p->type = a.type;
    p->size = a.size;
    p->config = a.config;
    p->sample_period = a.sample_freq;
    p->sample_type = a.sample_type;
    p->read_format = a.read_format;
    /* The flag bitfield is the word after read_format (offset 40). */
    memcpy(&p->flags, e->attr + 40, 8);
    p->sample_regs_user = a.sample_regs_user;
    p->name = g_strdup(e->name);
    return p;
}

void kiln_capture_ring_bounds(const KilnCaptureRing *r, uint64_t *tail, uint64_t *head)
{
    struct perf_event_mmap_page *pg = r->base;
    *head = __atomic_load_n(&pg->data_head, __ATOMIC_ACQUIRE);
    *tail = pg->data_tail;
}

void kiln_capture_ring_consume(KilnCaptureRing *r, uint64_t tail)
{
    struct perf_event_mmap_page *pg = r->base;
    __atomic_store_n(&pg->data_tail, tail, __ATOMIC_RELEASE);
}
