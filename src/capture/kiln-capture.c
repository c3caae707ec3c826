/* kiln-capture.c — KilnCapture: target, events, worker, file, model. */
#include "kiln-capture.h"

#include "kiln-capture-access.h"
#include "kiln-capture-error.h"
#include "kiln-capture-events.h"
#include "kiln-capture-records.h"
#include "kiln-capture-synth.h"
#include "kiln-perf-data-writer.h"
#include "perf/kiln-perf-format.h"
#include "perf/kiln-perf-session.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/utsname.h>
#include <unistd.h>

#define POLL_MS 100
/* How often the worker refreshes the live snapshot (four times a second). */
#define SNAPSHOT_US 250000

struct _KilnCapture {
    KilnCaptureConfig cfg;
    KilnCaptureAccess access;
    KilnCaptureTarget *target;
    KilnCaptureEvents *events;
    KilnPerfDataWriter *writer;
    char **cmdline;
    int stop_fd; /* eventfd: kiln_capture_stop() wakes the worker */
    volatile gint stop;
    GThread *thread;
    char *note;
    gint64 t0;
    GByteArray *scratch;
    /* The model, under `lock` (snapshots come from other threads). */
    GMutex lock;
    KilnPerfEvents *perf_events;
    KilnPerfOptions o;
    char *osrelease;
    KilnBuilder *builder;
    KilnPerfSession session;
    gboolean session_live;
    KilnProfile *final;
    /* The latest snapshot, made by the worker after a drain so that a
     * window asking for it never waits for symbol lookups. */
    GMutex snap_lock;
    KilnProfile *latest;
    gint64 last_snap;
    /* Counters, written by the worker, read by anyone. */
    volatile guint64 samples, lost, lost_records, bad, bytes;
    volatile gint running;
    gint64 t_end;
    gboolean finished;
};

static void on_record(gpointer user, const guint8 *rec, gsize size)
{
    KilnCapture *c = user;
    uint32_t type;
    memcpy(&type, rec, 4);
    if (type == PERF_RECORD_SAMPLE)
        c->samples++;
    else if (type == PERF_RECORD_LOST && size >= 24) {
        uint64_t n;
        memcpy(&n, rec + 16, 8);
        c->lost += n;
        c->lost_records++;
    }
    c->bytes += size;
    if (c->writer)
        kiln_perf_data_writer_record(c->writer, rec, size);
    if (c->session_live)
        kiln_perf_session_record(&c->session, rec, size, KILN_PERF_ATTR_FROM_ID, NULL);
}

static void feed_bytes(KilnCapture *c, const GByteArray *b)
{
    /* Synthesized records are ours, whole and aligned: split them as a
     * ring that never wraps. */
    gsize ring = 8;
    while (ring < b->len)
        ring <<= 1;
    uint64_t bad = 0;
    g_mutex_lock(&c->lock);
    kiln_capture_records_split(b->data, ring, 0, b->len, c->scratch, on_record, c, &bad);
    g_mutex_unlock(&c->lock);
}

/* One pass over every ring: what is there goes to the file and the model. */
static void drain(KilnCapture *c)
{
    g_mutex_lock(&c->lock);
    for (guint i = 0; i < c->events->rings->len; i++) {
        KilnCaptureRing *r = &g_array_index(c->events->rings, KilnCaptureRing, i);
        uint64_t tail, head, bad = 0;
        kiln_capture_ring_bounds(r, &tail, &head);
        if (head == tail)
            continue;
        kiln_capture_records_split(r->data, r->data_size, tail, head, c->scratch, on_record, c,
                                   &bad);
        c->bad += bad;
        kiln_capture_ring_consume(r, head);
    }
    if (c->writer)
        kiln_perf_data_writer_round(c->writer);
    if (c->session_live)
        kiln_perf_session_round(&c->session, NULL);
    g_mutex_unlock(&c->lock);
}

static void refresh_snapshot(KilnCapture *c, gboolean force)
{
    gint64 now = g_get_monotonic_time();
    if (!c->session_live || (!force && now - c->last_snap < SNAPSHOT_US))
        return;
    c->last_snap = now;
    g_mutex_lock(&c->lock);
    KilnProfile *p = kiln_builder_snapshot(c->builder);
    g_mutex_unlock(&c->lock);
    g_mutex_lock(&c->snap_lock);
    KilnProfile *old = c->latest;
    c->latest = p;
    g_mutex_unlock(&c->snap_lock);
    if (old)
        kiln_profile_unref(old);
}

static gpointer worker(gpointer data)
{
    KilnCapture *c = data;
    guint n = c->events->rings->len;
    g_autofree struct pollfd *fds = g_new0(struct pollfd, n + 1);
    for (guint i = 0; i < n; i++) {
        fds[i].fd = g_array_index(c->events->rings, KilnCaptureRing, i).fd;
        fds[i].events = POLLIN;
    }
    fds[n].fd = c->stop_fd;
    fds[n].events = POLLIN;
    gint64 deadline = c->cfg.duration > 0 ? c->t0 + (gint64)(c->cfg.duration * 1e6) : 0;
    while (!g_atomic_int_get(&c->stop)) {
        poll(fds, n + 1, POLL_MS);
        drain(c);
        refresh_snapshot(c, FALSE);
        if (!kiln_capture_target_alive(c->target))
            break;
        if (deadline && g_get_monotonic_time() >= deadline)
            break;
    }
    kiln_capture_events_disable(c->events);
    drain(c);
    refresh_snapshot(c, TRUE);
    c->t_end = g_get_monotonic_time();
    g_atomic_int_set(&c->running, 0);
    return NULL;
}

static void setup_model(KilnCapture *c)
{
    c->perf_events = kiln_perf_events_new();
    KilnPerfAttr *a = kiln_capture_events_perf_attr(c->events);
    kiln_perf_events_add(c->perf_events, a, (const uint64_t *)c->events->ids->data,
                         c->events->ids->len);
    kiln_perf_events_finish(c->perf_events);
    struct utsname u;
    uname(&u);
    c->osrelease = g_strdup(u.release);
    c->o.events = c->perf_events;
    c->o.osrelease = c->osrelease;
    c->o.kernel = FALSE;
    c->builder = kiln_builder_new(NULL);
    kiln_builder_set_format(c->builder, "perf-data");
    kiln_perf_session_init(&c->session, c->builder, &c->o);
    c->session_live = TRUE;
}

static gboolean open_everything(KilnCapture *c, GError **error)
{
    const KilnCaptureConfig *cfg = &c->cfg;
    KilnCaptureAccess *acc = &c->access;
    kiln_capture_access_read(acc);
    gboolean system = cfg->target == KILN_CAPTURE_TARGET_SYSTEM;
    if (system && !acc->system_wide) {
        g_autofree char *m = kiln_capture_access_refusal(acc, EACCES, TRUE);
        g_set_error_literal(error, KILN_CAPTURE_ERROR, KILN_CAPTURE_ERROR_PERMISSION, m);
        return FALSE;
    }
    if (!acc->perfmon && acc->paranoid >= 3) {
        g_autofree char *m = kiln_capture_access_refusal(acc, EACCES, FALSE);
        g_set_error_literal(error, KILN_CAPTURE_ERROR, KILN_CAPTURE_ERROR_PERMISSION, m);
        return FALSE;
    }
    if (!acc->kernel)
        c->note = g_strdup_printf(_("Recording user space only: perf_event_paranoid is %d "
                                    "(“sudo sysctl kernel.perf_event_paranoid=1” adds the "
                                    "kernel)."),
                                  acc->paranoid);
    switch (cfg->target) {
    case KILN_CAPTURE_TARGET_COMMAND:
        c->target = kiln_capture_target_spawn(cfg->argv, cfg->cwd, error);
        break;
    case KILN_CAPTURE_TARGET_PID:
        c->target = kiln_capture_target_attach(cfg->pid, error);
        break;
    case KILN_CAPTURE_TARGET_SYSTEM:
    default:
        c->target = kiln_capture_target_system();
        break;
    }
    if (!c->target)
        return FALSE;
    KilnCaptureEventsConfig ec = {
        .freq = cfg->freq ? cfg->freq : 999,
        .dwarf = cfg->call_graph == KILN_CAPTURE_CALL_GRAPH_DWARF,
        .user_only = !acc->kernel,
        .enable_on_exec = cfg->target == KILN_CAPTURE_TARGET_COMMAND,
        .mmap_pages = cfg->mmap_pages ? cfg->mmap_pages : 128,
    };
    c->events = kiln_capture_events_open(&ec, system ? NULL : (pid_t *)c->target->tids->data,
                                         c->target->tids->len, error);
    if (!c->events)
        return FALSE;
    if (cfg->output) {
        c->writer = kiln_perf_data_writer_new(cfg->output, c->events->attr, c->events->attr_size,
                                              (const uint64_t *)c->events->ids->data,
                                              c->events->ids->len, c->events->name, error);
        if (!c->writer)
            return FALSE;
    }
    if (cfg->live)
        setup_model(c);
    /* What already runs: the kernel reports only what happens from now. */
    uint64_t id = g_array_index(c->events->ids, uint64_t, 0);
    g_autoptr(GByteArray) synth = g_byte_array_new();
    if (acc->kernel)
        kiln_capture_synth_kernel(synth, id);
    if (system)
        kiln_capture_synth_all(synth, id);
    else if (cfg->target == KILN_CAPTURE_TARGET_PID)
        kiln_capture_synth_process(synth, cfg->pid, id);
    feed_bytes(c, synth);
    return TRUE;
}

KilnCapture *kiln_capture_start(const KilnCaptureConfig *cfg, GError **error)
{
    KilnCapture *c = g_new0(KilnCapture, 1);
    c->cfg = *cfg;
    c->cmdline = g_strdupv((char **)cfg->cmdline);
    g_mutex_init(&c->lock);
    g_mutex_init(&c->snap_lock);
    c->scratch = g_byte_array_new();
    c->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    c->running = 1;
    if (!open_everything(c, error)) {
        if (c->target)
            kiln_capture_target_kill(c->target);
        g_atomic_int_set(&c->running, 0);
        c->finished = TRUE;
        kiln_capture_free(c);
        return NULL;
    }
    /* The borrowed strings are used up: nothing after start reads them. */
    c->cfg.cmdline = NULL;
    c->cfg.argv = NULL;
    c->cfg.output = NULL;
    c->cfg.cwd = NULL;
    c->t0 = g_get_monotonic_time();
    if (cfg->target == KILN_CAPTURE_TARGET_COMMAND) {
        /* The events enable themselves at exec. */
        if (!kiln_capture_target_release(c->target, error)) {
            g_atomic_int_set(&c->running, 0);
            c->finished = TRUE;
            kiln_capture_free(c);
            return NULL;
        }
    } else {
        kiln_capture_events_enable(c->events);
    }
    c->thread = g_thread_new("kiln-capture", worker, c);
    return c;
}

void kiln_capture_stop(KilnCapture *c)
{
    g_atomic_int_set(&c->stop, 1);
    uint64_t one = 1;
    ssize_t w = write(c->stop_fd, &one, sizeof one);
    (void)w;
}

gboolean kiln_capture_finish(KilnCapture *c, GError **error)
{
    if (c->finished)
        return TRUE;
    c->finished = TRUE;
    if (c->thread) {
        g_thread_join(c->thread);
        c->thread = NULL;
    }
    /* A command still running after a stop or the duration ends with it. */
    kiln_capture_target_kill(c->target);
    gboolean ok = TRUE;
    if (c->writer)
        ok = kiln_perf_data_writer_finish(c->writer, (const char *const *)c->cmdline, error);
    if (c->session_live) {
        g_mutex_lock(&c->lock);
        kiln_perf_session_finish(&c->session, NULL);
        kiln_perf_session_clear(&c->session);
        c->session_live = FALSE;
        c->final = kiln_builder_finish(c->builder);
        kiln_builder_free(c->builder);
        c->builder = NULL;
        g_mutex_unlock(&c->lock);
    }
    return ok;
}

void kiln_capture_free(KilnCapture *c)
{
    if (!c)
        return;
    if (!c->finished) {
        kiln_capture_stop(c);
        kiln_capture_finish(c, NULL);
    }
    if (c->session_live)
        kiln_perf_session_clear(&c->session);
    if (c->builder)
        kiln_builder_free(c->builder);
    if (c->final)
        kiln_profile_unref(c->final);
    kiln_perf_data_writer_free(c->writer);
    kiln_capture_events_free(c->events);
    kiln_capture_target_free(c->target);
    if (c->perf_events)
        kiln_perf_events_free(c->perf_events);
    if (c->stop_fd >= 0)
        close(c->stop_fd);
    g_byte_array_free(c->scratch, TRUE);
    g_mutex_clear(&c->lock);
    g_mutex_clear(&c->snap_lock);
    if (c->latest)
        kiln_profile_unref(c->latest);
    g_strfreev(c->cmdline);
    g_free(c->osrelease);
    g_free(c->note);
    g_free(c);
}

void kiln_capture_get_stats(KilnCapture *c, KilnCaptureStats *s)
{
    memset(s, 0, sizeof *s);
    s->samples = c->samples;
    s->lost = c->lost;
    s->lost_records = c->lost_records;
    s->bad = c->bad;
    s->bytes = c->bytes;
    s->running = g_atomic_int_get(&c->running);
    gint64 end = s->running || !c->t_end ? g_get_monotonic_time() : c->t_end;
    s->elapsed_ns = c->t0 ? (uint64_t)(end - c->t0) * 1000 : 0;
}

const char *kiln_capture_note(const KilnCapture *c)
{
    return c->note;
}

const char *kiln_capture_event_name(const KilnCapture *c)
{
    return c->events ? c->events->name : "";
}

KilnProfile *kiln_capture_snapshot(KilnCapture *c)
{
    g_mutex_lock(&c->snap_lock);
    KilnProfile *p = c->latest ? kiln_profile_ref(c->latest) : NULL;
    g_mutex_unlock(&c->snap_lock);
    return p;
}

KilnProfile *kiln_capture_take_profile(KilnCapture *c)
{
    KilnProfile *p = c->final;
    c->final = NULL;
    return p;
}
