/* kiln-perf-machine.c — KilnPerfMachine: threads, commands, address maps. */
#include "kiln-perf-machine.h"

#include <string.h>

struct _KilnPerfMaps {
    int refs;
    GArray *maps; /* KilnPerfMap, sorted by start, non-overlapping */
};

static KilnPerfMaps *maps_new(void)
{
    KilnPerfMaps *s = g_new0(KilnPerfMaps, 1);
    s->refs = 1;
    s->maps = g_array_new(FALSE, FALSE, sizeof(KilnPerfMap));
    return s;
}

static KilnPerfMaps *maps_ref(KilnPerfMaps *s)
{
    s->refs++;
    return s;
}

static void maps_unref(KilnPerfMaps *s)
{
    if (s && --s->refs == 0) {
        g_array_unref(s->maps);
        g_free(s);
    }
}

/* Index of the first map whose start is > addr. */
static guint upper_bound(const GArray *a, uint64_t addr)
{
    guint lo = 0, hi = a->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(a, KilnPerfMap, mid).start <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const KilnPerfMap *maps_find(const KilnPerfMaps *s, uint64_t addr)
{
    guint i = upper_bound(s->maps, addr);
    if (i == 0)
        return NULL;
    const KilnPerfMap *m = &g_array_index(s->maps, KilnPerfMap, i - 1);
    return addr < m->end ? m : NULL;
}

/* Inserts nm, cutting whatever it overlaps out of the older maps. */
static void maps_insert(KilnPerfMaps *s, KilnPerfMap nm)
{
    GArray *a = s->maps;
    guint i = upper_bound(a, nm.start);
    if (i > 0)
        i--;
    /* Walk the maps that may overlap [nm.start, nm.end). */
    while (i < a->len) {
        KilnPerfMap *m = &g_array_index(a, KilnPerfMap, i);
        if (m->start >= nm.end)
            break;
        if (m->end <= nm.start) {
            i++;
            continue;
        }
        KilnPerfMap before = *m, after = *m;
        gboolean has_before = m->start < nm.start, has_after = m->end > nm.end;
        before.end = nm.start;
        after.pgoff += nm.end - m->start;
        after.start = nm.end;
        g_array_remove_index(a, i);
        if (has_before) {
            g_array_insert_val(a, i, before);
            i++;
        }
        if (has_after) {
            g_array_insert_val(a, i, after);
            i++;
        }
    }
    g_array_insert_val(a, upper_bound(a, nm.start), nm);
}

static void thread_free(gpointer p)
{
    KilnPerfThread *t = p;
    maps_unref(t->maps);
    g_free(t);
}

static void dso_free(gpointer p)
{
    KilnPerfDso *d = p;
    g_free(d->name);
    g_free(d);
}

KilnPerfMachine *kiln_perf_machine_new(void)
{
    KilnPerfMachine *m = g_new0(KilnPerfMachine, 1);
    m->threads = g_hash_table_new_full(NULL, NULL, NULL, thread_free);
    m->dsos = g_ptr_array_new_with_free_func(dso_free);
    m->dso_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    m->kernel = maps_new();
    m->strings = g_string_chunk_new(4096);
    /* perf registers the idle thread (pid/tid 0) as "swapper". */
    kiln_perf_machine_comm(m, 0, 0, "swapper");
    return m;
}

void kiln_perf_machine_free(KilnPerfMachine *m)
{
    if (!m)
        return;
    g_hash_table_unref(m->threads);
    g_hash_table_unref(m->dso_by_name);
    g_ptr_array_unref(m->dsos);
    maps_unref(m->kernel);
    g_string_chunk_free(m->strings);
    g_free(m);
}

static KilnPerfThread *find_thread(KilnPerfMachine *m, int32_t tid)
{
    return g_hash_table_lookup(m->threads, GINT_TO_POINTER(tid));
}

KilnPerfThread *kiln_perf_machine_thread(KilnPerfMachine *m, int32_t pid, int32_t tid)
{
    KilnPerfThread *t = find_thread(m, tid);
    if (t) {
        if ((int32_t)t->pid == -1 && pid != -1)
            t->pid = (uint32_t)pid;
        return t;
    }
    t = g_new0(KilnPerfThread, 1);
    t->pid = (uint32_t)pid;
    t->tid = (uint32_t)tid;
    char buf[24];
    g_snprintf(buf, sizeof buf, ":%d", tid);
    t->comm = g_string_chunk_insert_const(m->strings, buf);
    g_hash_table_insert(m->threads, GINT_TO_POINTER(tid), t);
    /* A thread shares its process leader's maps. */
    if (pid != -1 && pid != tid) {
        KilnPerfThread *leader = kiln_perf_machine_thread(m, pid, pid);
        t->maps = maps_ref(leader->maps);
    } else {
        t->maps = maps_new();
    }
    return t;
}

void kiln_perf_machine_comm(KilnPerfMachine *m, int32_t pid, int32_t tid, const char *comm)
{
    KilnPerfThread *t = kiln_perf_machine_thread(m, pid, tid);
    t->comm = g_string_chunk_insert_const(m->strings, comm);
    t->comm_set = TRUE;
}

void kiln_perf_machine_fork(KilnPerfMachine *m, int32_t pid, int32_t tid, int32_t ppid,
                            int32_t ptid, gboolean clone_maps)
{
    KilnPerfThread *parent = kiln_perf_machine_thread(m, ppid, ptid);
    /* A reused tid is a new thread. */
    if (find_thread(m, tid) && find_thread(m, tid) != parent)
        g_hash_table_remove(m->threads, GINT_TO_POINTER(tid));
    parent = kiln_perf_machine_thread(m, ppid, ptid);
    KilnPerfThread *t = kiln_perf_machine_thread(m, pid, tid);
    if (t == parent)
        return;
    if (parent->comm_set) {
        t->comm = parent->comm;
        t->comm_set = TRUE;
    }
    if (t->pid != parent->pid && clone_maps && t->maps != parent->maps) {
        /* The new process starts with a copy of its parent's mappings. */
        if (t->maps->maps->len == 0) {
            g_array_set_size(t->maps->maps, 0);
            g_array_append_vals(t->maps->maps, parent->maps->maps->data, parent->maps->maps->len);
        }
    }
}

uint32_t kiln_perf_machine_dso(KilnPerfMachine *m, const char *name)
{
    gpointer v;
    if (g_hash_table_lookup_extended(m->dso_by_name, name, NULL, &v))
        return GPOINTER_TO_UINT(v);
    KilnPerfDso *d = g_new0(KilnPerfDso, 1);
    d->name = g_strdup(name);
    const char *slash = strrchr(d->name, '/');
    d->base = slash ? slash + 1 : d->name;
    d->jit = g_str_has_prefix(name, "/tmp/perf-") && g_str_has_suffix(name, ".map");
    uint32_t i = m->dsos->len;
    g_ptr_array_add(m->dsos, d);
    g_hash_table_insert(m->dso_by_name, d->name, GUINT_TO_POINTER(i));
    return i;
}

uint32_t kiln_perf_machine_mmap(KilnPerfMachine *m, int32_t pid, int32_t tid, gboolean kernel,
                                uint64_t start, uint64_t len, uint64_t pgoff, const char *name)
{
    KilnPerfMaps *s;
    if (kernel) {
        s = m->kernel;
        /* "[kernel.kallsyms]_text" is the kernel; modules keep their path,
         * which perf script prints too. */
        if (g_str_has_prefix(name, "[kernel.kallsyms]"))
            name = "[kernel.kallsyms]";
    } else {
        s = kiln_perf_machine_thread(m, pid, tid)->maps;
    }
    uint32_t dso = kiln_perf_machine_dso(m, name);
    if (kernel)
        kiln_perf_machine_dso_at(m, dso)->kernel = TRUE;
    uint64_t end = start + len < start ? UINT64_MAX : start + len;
    if (end <= start)
        return dso;
    KilnPerfMap nm = {start, end, pgoff, dso};
    maps_insert(s, nm);
    return dso;
}

const KilnPerfMap *kiln_perf_machine_find(const KilnPerfMachine *m, const KilnPerfThread *t,
                                          gboolean kernel, uint64_t addr)
{
    return maps_find(kernel ? m->kernel : t->maps, addr);
}
