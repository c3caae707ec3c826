/* kiln-perf-machine.h — KilnPerfMachine: the processes of a recording as
 * perf reconstructs them from COMM, FORK, EXIT, MMAP and MMAP2 records.
 *
 * Threads are keyed by tid and carry their current command name; the
 * address maps belong to the process and are shared by its threads. A
 * FORK of a new process copies the parent's maps, a new thread shares
 * them; a new mapping that overlaps older ones replaces the overlapped
 * parts, as perf's maps__fixup_overlappings() does. Kernel and module
 * mappings (pid -1 or kernel cpumode) live in one machine-wide map set.
 *
 * Each mapped file is a KilnPerfDso, interned by its recorded name, so
 * that symbol tables are loaded once per file, not once per process.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct {
    char *name;          /* as recorded: "/usr/lib/x86_64-linux-gnu/libc.so.6", "[vdso]" */
    const char *base;    /* after the last '/' */
    gboolean kernel;     /* the kernel or a kernel module */
    gboolean jit;        /* /tmp/perf-PID.map */
    gboolean absolute;   /* perf maps its addresses 1:1 (anonymous memory, heap, stack) */
    gboolean split_name; /* the name holds " (", as "/memfd:x (deleted)" */
    uint8_t build_id[20];
    uint8_t build_id_size; /* 0 = none recorded */
    gpointer symbols;      /* owned by the resolver; NULL until looked up */
    gboolean symbols_tried;
    uint32_t unknown_frame; /* frame id of "[base]", 0 until made */
} KilnPerfDso;

typedef struct {
    uint64_t start, end, pgoff;
    uint32_t dso;
} KilnPerfMap;

typedef struct _KilnPerfMaps KilnPerfMaps;

typedef struct {
    uint32_t pid, tid;
    const char *comm; /* interned in the machine; ":tid" until a COMM */
    gboolean comm_set;
    uint32_t root_frame;   /* cached by the stack builder, 0 = none */
    const char *root_comm; /* comm the cached root frame was made for */
    KilnPerfMaps *maps;
} KilnPerfThread;

typedef struct {
    GHashTable *threads; /* tid -> KilnPerfThread* */
    GPtrArray *dsos;     /* KilnPerfDso* */
    GHashTable *dso_by_name;
    KilnPerfMaps *kernel;
    GStringChunk *strings;
    /* Bumped whenever what an address of some thread maps to may change
     * (a mapping, a fork, a new or replaced thread): caches of address
     * lookups are valid for one generation. */
    uint64_t generation;
} KilnPerfMachine;

KilnPerfMachine *kiln_perf_machine_new(void);
void kiln_perf_machine_free(KilnPerfMachine *m);

KilnPerfThread *kiln_perf_machine_thread(KilnPerfMachine *m, int32_t pid, int32_t tid);
void kiln_perf_machine_comm(KilnPerfMachine *m, int32_t pid, int32_t tid, const char *comm);
void kiln_perf_machine_fork(KilnPerfMachine *m, int32_t pid, int32_t tid, int32_t ppid,
                            int32_t ptid, gboolean clone_maps);
/* A mapping; kernel is TRUE for kernel/module mappings. Returns the dso. */
uint32_t kiln_perf_machine_mmap(KilnPerfMachine *m, int32_t pid, int32_t tid, gboolean kernel,
                                uint64_t start, uint64_t len, uint64_t pgoff, const char *name);
uint32_t kiln_perf_machine_dso(KilnPerfMachine *m, const char *name);

/* The mapping covering addr, or NULL. */
const KilnPerfMap *kiln_perf_machine_find(const KilnPerfMachine *m, const KilnPerfThread *t,
                                          gboolean kernel, uint64_t addr);

static inline KilnPerfDso *kiln_perf_machine_dso_at(const KilnPerfMachine *m, uint32_t i)
{
    return g_ptr_array_index(m->dsos, i);
}

G_END_DECLS
