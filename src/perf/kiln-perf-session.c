/* kiln-perf-session.c — KilnPerfSession: record dispatch. */
#include "kiln-perf-session.h"

#include "kiln-perf-format.h"
#include "kiln-perf-sample.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/mman.h>

#define PERF_RECORD_MISC_MMAP_DATA (1u << 13)
/* Queued bytes before the older half is delivered early (see the queue). */
#define QUEUE_LIMIT ((gsize)32 << 20)

void kiln_perf_session_init(KilnPerfSession *s, KilnBuilder *b, const KilnPerfOptions *o)
{
    memset(s, 0, sizeof *s);
    s->builder = b;
    s->o = o;
    s->m = kiln_perf_machine_new();
    if (!o->no_symbols)
        s->resolver = kiln_perf_resolver_new(o);
    s->stacks = kiln_perf_stacks_new(b, o, s->m, s->resolver);
    kiln_perf_queue_init(&s->queue);
}

void kiln_perf_session_clear(KilnPerfSession *s)
{
    kiln_perf_queue_clear(&s->queue);
    kiln_perf_stacks_free(s->stacks);
    kiln_perf_resolver_free(s->resolver);
    kiln_perf_machine_free(s->m);
}

/* Called at the first kernel record: the events are all known by then,
 * in both perf.data modes and in live capture. */
static void start(KilnPerfSession *s)
{
    s->started = TRUE;
    const KilnPerfEvents *ev = s->o->events;
    kiln_perf_stacks_declare_types(s->stacks);
    if (kiln_perf_events_count(ev) == 0)
        return;
    const KilnPerfAttr *a0 = kiln_perf_events_attr(ev, 0);
    s->ordered = a0->trailer_size > 0 && (a0->sample_type & PERF_SAMPLE_TIME);
}

/* The timestamp perf would order a record by; 0 = deliver at once. */
static uint64_t record_time(KilnPerfSession *s, const KilnPerfAttr *a, uint32_t type,
                            const guint8 *rec, gsize size)
{
    uint64_t st = a->sample_type;
    if (!(st & PERF_SAMPLE_TIME))
        return 0;
    if (type == PERF_RECORD_SAMPLE) {
        gsize at = 8 + 8 * (gsize)(((st & PERF_SAMPLE_IDENTIFIER) != 0) +
                                   ((st & PERF_SAMPLE_IP) != 0) + ((st & PERF_SAMPLE_TID) != 0));
        return size >= at + 8 ? kiln_perf_u64(rec + at, s->o->events->swap) : 0;
    }
    return kiln_perf_sample_trailer_time(a, rec, size, s->o->events->swap);
}

static void set_dso_build_id(KilnPerfSession *s, uint32_t dso_index, const uint8_t *id, gsize n)
{
    KilnPerfDso *d = kiln_perf_machine_dso_at(s->m, dso_index);
    if (d->build_id_size)
        return;
    if (!id) {
        KilnPerfBuildId *b = s->o->build_ids ? g_hash_table_lookup(s->o->build_ids, d->name) : NULL;
        if (!b)
            return;
        id = b->id;
        n = b->size;
    }
    d->build_id_size = (uint8_t)MIN(n, sizeof d->build_id);
    memcpy(d->build_id, id, d->build_id_size);
}

static gboolean is_anon(const char *f)
{
    return strcmp(f, "//anon") == 0 || g_str_has_prefix(f, "/dev/zero") ||
           g_str_has_prefix(f, "/anon_hugepage");
}

static gboolean is_no_dso(const char *f)
{
    return g_str_has_prefix(f, "[stack") || g_str_has_prefix(f, "/SYSV") ||
           strcmp(f, "[heap]") == 0;
}

/* "/lib/modules/6.1.0/kernel/fs/ext4/ext4.ko.xz" -> "[ext4]", dashes as
 * underscores, as perf names a module it has no build-id entry for (one
 * with an entry keeps its path). NULL when not a module path. */
static char *module_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strstr(base, ".ko");
    if (!dot || path[0] != '/')
        return NULL;
    char *n = g_strdup_printf("[%.*s]", (int)(dot - base), base);
    for (char *c = n; *c; c++)
        if (*c == '-')
            *c = '_';
    return n;
}

static void do_mmap(KilnPerfSession *s, const guint8 *rec, gsize size, gboolean v2)
{
    gboolean sw = s->o->events->swap;
    gsize name_at = v2 ? 72 : 40;
    if (size <= name_at)
        return;
    uint16_t misc = kiln_perf_u16(rec + 4, sw);
    int32_t pid = (int32_t)kiln_perf_u32(rec + 8, sw);
    int32_t tid = (int32_t)kiln_perf_u32(rec + 12, sw);
    uint64_t start = kiln_perf_u64(rec + 16, sw);
    uint64_t len = kiln_perf_u64(rec + 24, sw);
    uint64_t pgoff = kiln_perf_u64(rec + 32, sw);
    uint32_t prot = PROT_EXEC;
    if (v2)
        prot = kiln_perf_u32(rec + 64, sw);
    else if (misc & PERF_RECORD_MISC_MMAP_DATA)
        prot = 0;
    const char *fn = (const char *)rec + name_at;
    gsize max = size - name_at;
    g_autofree char *name = g_strndup(fn, strnlen(fn, max));
    uint8_t mode = misc & PERF_RECORD_MISC_CPUMODE_MASK;
    gboolean kernel = mode == PERF_RECORD_MISC_KERNEL || mode == PERF_RECORD_MISC_GUEST_KERNEL;
    gboolean absolute = !kernel && (is_anon(name) || is_no_dso(name));
    if (absolute && (prot & PROT_EXEC)) {
        /* perf names executable anonymous memory after the JIT map file. */
        g_free(name);
        name = g_strdup_printf("/tmp/perf-%d.map", pid);
    }
    if (kernel && !(s->o->build_ids && g_hash_table_contains(s->o->build_ids, name))) {
        char *mod = module_name(name);
        if (mod) {
            g_free(name);
            name = mod;
        }
    }
    if (kernel && s->resolver && g_str_has_prefix(name, "[kernel.kallsyms]") &&
        g_str_has_suffix(name, "_text"))
        kiln_perf_resolver_set_kernel_text(s->resolver, pgoff);
    uint32_t dso = kiln_perf_machine_mmap(s->m, pid, tid, kernel, start, len, pgoff, name);
    KilnPerfDso *d = kiln_perf_machine_dso_at(s->m, dso);
    d->absolute |= absolute || d->jit;
    if (v2 && (misc & PERF_RECORD_MISC_MMAP_BUILD_ID) && rec[40] > 0 && rec[40] <= 20)
        set_dso_build_id(s, dso, rec + 44, rec[40]);
    else
        set_dso_build_id(s, dso, NULL, 0);
    s->n_mmaps++;
}

static void do_sample(KilnPerfSession *s, const guint8 *rec, gsize size, uint32_t ai)
{
    s->n_samples++;
    KilnPerfSample sm;
    const char *why = NULL;
    if (!kiln_perf_sample_parse(&sm, kiln_perf_events_attr(s->o->events, ai), rec, size,
                                s->o->events->swap, &why)) {
        if (!s->n_bad_samples++)
            s->first_bad = why;
        return;
    }
    kiln_perf_stacks_add(s->stacks, ai, &sm);
}

/* A kernel record, in time order. */
static gboolean deliver(gpointer user, const guint8 *rec, gsize size, uint32_t ai, GError **error)
{
    KilnPerfSession *s = user;
    (void)error;
    gboolean sw = s->o->events->swap;
    uint32_t type = kiln_perf_u32(rec, sw);
    switch (type) {
    case PERF_RECORD_SAMPLE:
        do_sample(s, rec, size, ai);
        break;
    case PERF_RECORD_MMAP:
        do_mmap(s, rec, size, FALSE);
        break;
    case PERF_RECORD_MMAP2:
        do_mmap(s, rec, size, TRUE);
        break;
    case PERF_RECORD_COMM:
        if (size > 16) {
            const char *c = (const char *)rec + 16;
            g_autofree char *comm = g_strndup(c, strnlen(c, size - 16));
            kiln_perf_machine_comm(s->m, (int32_t)kiln_perf_u32(rec + 8, sw),
                                   (int32_t)kiln_perf_u32(rec + 12, sw), comm);
            s->n_comms++;
        }
        break;
    case PERF_RECORD_FORK:
        if (size >= 24) {
            uint16_t misc = kiln_perf_u16(rec + 4, sw);
            kiln_perf_machine_fork(
                s->m, (int32_t)kiln_perf_u32(rec + 8, sw), (int32_t)kiln_perf_u32(rec + 16, sw),
                (int32_t)kiln_perf_u32(rec + 12, sw), (int32_t)kiln_perf_u32(rec + 20, sw),
                !(misc & PERF_RECORD_MISC_FORK_EXEC));
        }
        break;
    case PERF_RECORD_LOST:
        if (size >= 24) {
            s->n_lost_events++;
            s->n_lost += kiln_perf_u64(rec + 16, sw);
        }
        break;
    case PERF_RECORD_LOST_SAMPLES:
        if (size >= 16)
            s->n_lost_samples += kiln_perf_u64(rec + 8, sw);
        break;
    case PERF_RECORD_THROTTLE:
        s->n_throttle++;
        break;
    default:
        /* EXIT keeps the thread (perf 6.1 does too); the rest (READ, AUX,
         * SWITCH, NAMESPACES, KSYMBOL, CGROUP…) do not shape stacks. */
        break;
    }
    return TRUE;
}

gboolean kiln_perf_session_record(KilnPerfSession *s, const guint8 *rec, gsize size, uint32_t attr,
                                  GError **error)
{
    const KilnPerfEvents *ev = s->o->events;
    if (size < 8)
        return TRUE;
    if (!s->started)
        start(s);
    if (kiln_perf_events_count(ev) == 0) {
        if (!s->n_bad_samples++)
            /* Translators: completes “%u records were shorter than their layout
             * says (%s) and were skipped” */
            s->first_bad = N_("no event description (attr) before the first record");
        return TRUE;
    }
    uint32_t type = kiln_perf_u32(rec, ev->swap);
    if (attr == KILN_PERF_ATTR_FROM_ID || attr >= kiln_perf_events_count(ev))
        attr = kiln_perf_events_attr_of(ev, type, rec, size);
    if (s->ordered) {
        uint64_t t = record_time(s, kiln_perf_events_attr(ev, attr), type, rec, size);
        if (t != 0 && t != UINT64_MAX) {
            kiln_perf_queue_push(&s->queue, t, rec, size, attr);
            return kiln_perf_queue_bound(&s->queue, QUEUE_LIMIT, deliver, s, error);
        }
    }
    return deliver(s, rec, size, attr, error);
}

gboolean kiln_perf_session_round(KilnPerfSession *s, GError **error)
{
    if (!s->ordered)
        return TRUE;
    return kiln_perf_queue_round(&s->queue, deliver, s, error);
}

gboolean kiln_perf_session_finish(KilnPerfSession *s, GError **error)
{
    if (!kiln_perf_queue_flush_all(&s->queue, deliver, s, error))
        return FALSE;
    kiln_perf_stacks_finish(s->stacks);
    return TRUE;
}
