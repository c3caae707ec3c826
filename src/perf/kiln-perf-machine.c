/* kiln-perf-machine.c — KilnPerfMachine: threads, commands, address maps. */
#include "kiln-perf-machine.h"

#include <string.h>

/* A process's mappings, sorted by start and non-overlapping, in a balanced
 * tree (GSequence): a JIT process may map tens of thousands of regions,
 * and a hostile file millions, so neither insertion nor the fixing up of
 * overlaps may cost O(n). Lookups go through a small cache first: the
 * frames of one stack mostly fall in the same few mappings. */
#define MAPS_CACHE 4

struct _KilnPerfMaps {
    int refs;
    GSequence *seq; /* KilnPerfMap*, owned */
    const KilnPerfMap *cache[MAPS_CACHE];
    guint next_slot;
};

static KilnPerfMaps *maps_new(void)
{
    KilnPerfMaps *s = g_new0(KilnPerfMaps, 1);
    s->refs = 1;
    s->seq = g_sequence_new(g_free);
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
        g_sequence_free(s->seq);
        g_free(s);
    }
}

static int cmp_start(gconstpointer a, gconstpointer b, gpointer data)
{
    (void)data;
    const KilnPerfMap *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The map with the greatest start <= addr, or NULL. */
static GSequenceIter *floor_iter(const KilnPerfMaps *s, uint64_t addr)
{
    KilnPerfMap key = {.start = addr};
    /* search returns the position after every element <= key */
    GSequenceIter *it = g_sequence_search(s->seq, &key, cmp_start, NULL);
    if (g_sequence_iter_is_begin(it))
        return NULL;
    return g_sequence_iter_prev(it);
}

static const KilnPerfMap *maps_find(KilnPerfMaps *s, uint64_t addr)
{
    for (guint i = 0; i < MAPS_CACHE; i++) {
        const KilnPerfMap *m = s->cache[i];
        if (m && addr >= m->start && addr < m->end)
            return m;
    }
    GSequenceIter *it = floor_iter(s, addr);
    if (!it)
        return NULL;
    const KilnPerfMap *m = g_sequence_get(it);
    if (addr >= m->end)
        return NULL;
    s->cache[s->next_slot++ % MAPS_CACHE] = m;
    return m;
}

static void add_map(KilnPerfMaps *s, KilnPerfMap m)
{
    g_sequence_insert_sorted(s->seq, g_memdup2(&m, sizeof m), cmp_start, NULL);
}

/* Inserts nm, cutting whatever it overlaps out of the older maps, as
 * perf's maps__fixup_overlappings() does. */
static void maps_insert(KilnPerfMaps *s, KilnPerfMap nm)
{
    memset(s->cache, 0, sizeof s->cache); /* entries may be freed below */
    GSequenceIter *it = floor_iter(s, nm.start);
    if (!it)
        it = g_sequence_get_begin_iter(s->seq);
    while (!g_sequence_iter_is_end(it)) {
        KilnPerfMap *m = g_sequence_get(it);
        if (m->start >= nm.end)
            break;
        GSequenceIter *next = g_sequence_iter_next(it);
        if (m->end > nm.start) {
            KilnPerfMap before = *m, after = *m;
            gboolean has_before = m->start<nm.start, has_after = m->end> nm.end;
            before.end = nm.start;
            after.pgoff += nm.end - m->start;
            after.start = nm.end;
            g_sequence_remove(it);
            if (has_before)
                add_map(s, before);
            if (has_after)
                add_map(s, after);
        }
        it = next;
    }
    add_map(s, nm);
}

static void maps_copy(KilnPerfMaps *to, const KilnPerfMaps *from)
{
    for (GSequenceIter *it = g_sequence_get_begin_iter(from->seq); !g_sequence_iter_is_end(it);
         it = g_sequence_iter_next(it))
        add_map(to, *(const KilnPerfMap *)g_sequence_get(it));
}

static gboolean maps_empty(const KilnPerfMaps *s)
{
    return g_sequence_is_empty(s->seq);
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
    m->generation++;
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
    m->generation++;
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
        if (maps_empty(t->maps))
            maps_copy(t->maps, parent->maps);
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
    d->split_name = strstr(name, " (") != NULL;
    uint32_t i = m->dsos->len;
    g_ptr_array_add(m->dsos, d);
    g_hash_table_insert(m->dso_by_name, d->name, GUINT_TO_POINTER(i));
    return i;
}

uint32_t kiln_perf_machine_mmap(KilnPerfMachine *m, int32_t pid, int32_t tid, gboolean kernel,
                                uint64_t start, uint64_t len, uint64_t pgoff, const char *name)
{
    KilnPerfMaps *s;
    m->generation++;
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
