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

void kiln_perf_session_init(KilnPerfSession *s, KilnImportContext *ctx, KilnPerfHeader *h)
{
    memset(s, 0, sizeof *s);
    s->ctx = ctx;
    s->h = h;
    s->m = kiln_perf_machine_new();
    if (!ctx->options->no_symbols)
        s->resolver = kiln_perf_resolver_new(h, ctx->options->symbol_paths);
    s->stacks = kiln_perf_stacks_new(ctx->builder, ctx->options, h, s->m, s->resolver);
    s->build_ids = g_hash_table_new(g_str_hash, g_str_equal);
    kiln_perf_queue_init(&s->queue);
}

void kiln_perf_session_clear(KilnPerfSession *s)
{
    kiln_perf_queue_clear(&s->queue);
    kiln_perf_stacks_free(s->stacks);
    kiln_perf_resolver_free(s->resolver);
    kiln_perf_machine_free(s->m);
    g_hash_table_unref(s->build_ids);
}

/* Called before the first kernel record: the attrs are all known by then,
 * in both modes. */
static void finalize_attrs(KilnPerfSession *s)
{
    s->attrs_final = TRUE;
    kiln_perf_header_finish_attrs(s->h);
    for (guint i = 0; i < s->h->build_ids->len; i++) {
        KilnPerfBuildId *b = g_ptr_array_index(s->h->build_ids, i);
        g_hash_table_insert(s->build_ids, b->filename, b);
    }
    if (s->h->attrs->len == 0)
        return;
    const KilnPerfAttr *a0 = kiln_perf_header_attr(s->h, 0);
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
        return size >= at + 8 ? kiln_perf_u64(rec + at, s->h->swap) : 0;
    }
    return kiln_perf_sample_trailer_time(a, rec, size, s->h->swap);
}

static void set_dso_build_id(KilnPerfSession *s, uint32_t dso_index, const uint8_t *id, gsize n)
{
    KilnPerfDso *d = kiln_perf_machine_dso_at(s->m, dso_index);
    if (d->build_id_size)
        return;
    if (!id) {
        KilnPerfBuildId *b = g_hash_table_lookup(s->build_ids, d->name);
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
    gboolean sw = s->h->swap;
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
    if (kernel && !g_hash_table_contains(s->build_ids, name)) {
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

static void do_sample(KilnPerfSession *s, const guint8 *rec, gsize size)
{
    s->n_samples++;
    uint32_t ai = kiln_perf_header_attr_of(s->h, PERF_RECORD_SAMPLE, rec, size);
    KilnPerfSample sm;
    const char *why = NULL;
    if (!kiln_perf_sample_parse(&sm, kiln_perf_header_attr(s->h, ai), rec, size, s->h->swap,
                                &why)) {
        if (!s->n_bad_samples++)
            s->first_bad = why;
        return;
    }
    kiln_perf_stacks_add(s->stacks, ai, &sm);
}

/* A kernel record, in time order. */
static gboolean deliver(gpointer user, const guint8 *rec, gsize size, GError **error)
{
    KilnPerfSession *s = user;
    (void)error;
    gboolean sw = s->h->swap;
    uint32_t type = kiln_perf_u32(rec, sw);
    switch (type) {
    case PERF_RECORD_SAMPLE:
        do_sample(s, rec, size);
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
            kiln_perf_machine_fork(s->m, (int32_t)kiln_perf_u32(rec + 8, sw),
                                   (int32_t)kiln_perf_u32(rec + 16, sw),
                                   (int32_t)kiln_perf_u32(rec + 12, sw),
                                   (int32_t)kiln_perf_u32(rec + 20, sw),
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

static void header_attr(KilnPerfSession *s, const guint8 *rec, gsize size)
{
    if (size < 8 + 8)
        return;
    uint32_t asz = kiln_perf_u32(rec + 12, s->h->swap);
    if (asz == 0)
        asz = KILN_PERF_ATTR_SIZE_VER0;
    gsize avail = size - 8;
    gsize attr_len = MIN((gsize)asz, avail);
    gsize n_ids = (avail - attr_len) / 8;
    kiln_perf_header_add_attr(s->h, rec + 8, attr_len, rec + 8 + attr_len, n_ids);
    if (s->attrs_final)
        kiln_perf_header_finish_attrs(s->h);
}

gboolean kiln_perf_session_record(gpointer user, const guint8 *rec, gsize size, GError **error)
{
    KilnPerfSession *s = user;
    gboolean sw = s->h->swap;
    uint32_t type = kiln_perf_u32(rec, sw);
    if (type >= PERF_RECORD_USER_TYPE_START) {
        switch (type) {
        case PERF_RECORD_HEADER_ATTR:
            header_attr(s, rec, size);
            break;
        case PERF_RECORD_HEADER_FEATURE:
            if (size >= 16)
                kiln_perf_header_feature(s->h, (uint32_t)kiln_perf_u64(rec + 8, sw), rec + 16,
                                         size - 16);
            if (s->attrs_final)
                kiln_perf_header_finish_attrs(s->h);
            break;
        case PERF_RECORD_FINISHED_ROUND:
            if (s->ordered)
                return kiln_perf_queue_round(&s->queue, deliver, s, error);
            break;
        default:
            break;
        }
        return TRUE;
    }
    if (!s->attrs_final)
        finalize_attrs(s);
    if (s->h->attrs->len == 0) {
        if (!s->n_bad_samples++)
            /* Translators: completes “%u records were shorter than their layout
             * says (%s) and were skipped” */
            s->first_bad = N_("no event description (attr) before the first record");
        return TRUE;
    }
    if (s->ordered) {
        uint32_t ai = kiln_perf_header_attr_of(s->h, type, rec, size);
        uint64_t t = record_time(s, kiln_perf_header_attr(s->h, ai), type, rec, size);
        if (t != 0 && t != UINT64_MAX) {
            kiln_perf_queue_push(&s->queue, t, rec, size);
            return kiln_perf_queue_bound(&s->queue, QUEUE_LIMIT, deliver, s, error);
        }
    }
    return deliver(s, rec, size, error);
}

gboolean kiln_perf_session_finish(KilnPerfSession *s, GError **error)
{
    return kiln_perf_queue_flush_all(&s->queue, deliver, s, error);
}
