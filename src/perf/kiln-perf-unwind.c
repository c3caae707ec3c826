/* kiln-perf-unwind.c — KilnPerfUnwind: DWARF unwinding through libdwfl.
 *
 * Speed: creating a Dwfl and reporting modules costs file opens and ELF
 * parsing, so each process keeps one Dwfl for the whole recording (as
 * hotspot-perfparser does); the thread callbacks read the registers and
 * stack of whichever sample is being unwound through `cur`. Modules are
 * reported lazily, when a frame's pc first falls into them, so a process
 * that maps hundreds of libraries pays only for those its stacks touch.
 */
#include "kiln-perf-unwind.h"

#include "kiln-perf-format.h"

#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <string.h>

#define PERF_SAMPLE_REGS_ABI_64 2
#define PERF_REG_X86_SP         7
#define PERF_REG_X86_IP         8
#define X86_64_DWARF_REGS       16 /* rax..r15; the return address column is the pc */

/* perf_regs bit of each x86-64 DWARF register (rax, rdx, rcx, rbx, rsi,
 * rdi, rbp, rsp, r8..r15): perf orders them AX, BX, CX, DX, SI, DI, BP,
 * SP, IP, FLAGS, CS, SS, DS, ES, FS, GS, R8..R15. */
static const uint8_t x86_64_perf_bit[X86_64_DWARF_REGS] = {0,  3,  2,  1,  4,  5,  6,  7,
                                                           16, 17, 18, 19, 20, 21, 22, 23};

typedef enum { MOD_UNTRIED, MOD_REPORTED, MOD_FAILED } ModState;

/* The sample being unwound, for the callbacks. */
typedef struct {
    const KilnPerfSample *s;
    const KilnPerfAttr *a;
    gboolean swap;
    uint64_t sp;
} Current;

typedef struct {
    KilnPerfUnwind *u;
    Dwfl *dwfl;
    uint32_t pid;
    const KilnPerfMaps *maps; /* the process these modules belong to */
    gboolean attached, unusable;
    GHashTable *mod_state; /* "dso index" + 1 -> ModState */
} Process;

struct _KilnPerfUnwind {
    KilnPerfMachine *m;
    KilnPerfResolver *r;
    GHashTable *procs; /* pid -> Process* */
    Dwfl_Callbacks callbacks;
    Current cur;
    const KilnPerfThread *thread;
    Process *proc;
    uint64_t *pcs;
    guint n, max;
};

static int find_no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
                             Dwarf_Addr base, const char *file_name, const char *debuglink_file,
                             GElf_Word debuglink_crc, char **debuginfo_file_name)
{
    /* .eh_frame is in the binary; a separate debug file would only add
     * .debug_frame, which libdwfl then finds in the main file when it has
     * one. Looking further costs file system probes per module (and would
     * reach debuginfod when DEBUGINFOD_URLS is set, which must stay off
     * unless asked for). */
    (void)mod, (void)userdata, (void)modname, (void)base, (void)file_name, (void)debuglink_file,
        (void)debuglink_crc, (void)debuginfo_file_name;
    return -1;
}

static void process_free(gpointer p)
{
    Process *pr = p;
    if (pr->dwfl)
        dwfl_end(pr->dwfl);
    g_hash_table_unref(pr->mod_state);
    g_free(pr);
}

KilnPerfUnwind *kiln_perf_unwind_new(KilnPerfMachine *m, KilnPerfResolver *r)
{
    KilnPerfUnwind *u = g_new0(KilnPerfUnwind, 1);
    u->m = m;
    u->r = r;
    u->procs = g_hash_table_new_full(NULL, NULL, NULL, process_free);
    u->callbacks.find_elf = dwfl_build_id_find_elf;
    u->callbacks.find_debuginfo = find_no_debuginfo;
    u->callbacks.section_address = dwfl_offline_section_address;
    return u;
}

void kiln_perf_unwind_free(KilnPerfUnwind *u)
{
    if (!u)
        return;
    g_hash_table_unref(u->procs);
    g_free(u);
}

/* A perf register of the current sample; FALSE when not recorded. */
static gboolean perf_reg(const Current *c, unsigned bit, uint64_t *v)
{
    uint64_t mask = c->a->sample_regs_user;
    if (bit >= 64 || !(mask & (UINT64_C(1) << bit)))
        return FALSE;
    unsigned i = (unsigned)__builtin_popcountll(mask & ((UINT64_C(1) << bit) - 1));
    if (i >= c->s->n_regs)
        return FALSE;
    *v = kiln_perf_u64(c->s->regs + 8 * (gsize)i, c->swap);
    return TRUE;
}

/* Reads 8 bytes at vaddr from the file behind the module covering it:
 * constant data a CFI expression may point at (rare, but legal). */
static gboolean read_from_file(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *out)
{
    Dwfl_Module *mod = dwfl_addrmodule(dwfl, addr);
    Dwarf_Addr bias;
    Elf *elf = mod ? dwfl_module_getelf(mod, &bias) : NULL;
    size_t phnum, size;
    if (!elf || elf_getphdrnum(elf, &phnum) != 0)
        return FALSE;
    const char *raw = elf_rawfile(elf, &size);
    if (!raw)
        return FALSE;
    uint64_t v = addr - bias;
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
            continue;
        if (v < ph.p_vaddr || v - ph.p_vaddr >= ph.p_filesz || ph.p_filesz < 8 ||
            v - ph.p_vaddr > ph.p_filesz - 8)
            continue;
        uint64_t off = ph.p_offset + (v - ph.p_vaddr);
        if (off > size || size - off < 8)
            return FALSE;
        memcpy(out, raw + off, 8);
        return TRUE;
    }
    return FALSE;
}

static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
    KilnPerfUnwind *u = arg;
    const Current *c = &u->cur;
    /* The stack copy starts at the sampled stack pointer. */
    if (addr >= c->sp && addr - c->sp < c->s->stack_size && c->s->stack_size >= 8 &&
        addr - c->sp <= c->s->stack_size - 8) {
        uint64_t v;
        memcpy(&v, c->s->stack + (addr - c->sp), 8);
        *result = c->swap ? GUINT64_SWAP_LE_BE(v) : v;
        return true;
    }
    return read_from_file(dwfl, addr, result);
}

static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
    (void)dwfl, (void)arg, (void)thread_argp;
    return 0; /* threads are asked for by tid, never listed */
}

static bool get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_argp)
{
    (void)dwfl, (void)tid;
    *thread_argp = arg;
    return true;
}

static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
    KilnPerfUnwind *u = arg;
    for (unsigned d = 0; d < X86_64_DWARF_REGS; d++) {
        uint64_t v;
        if (perf_reg(&u->cur, x86_64_perf_bit[d], &v)) {
            Dwarf_Word w = v;
            if (!dwfl_thread_state_registers(thread, (int)d, 1, &w))
                return false;
        }
    }
    uint64_t ip;
    if (!perf_reg(&u->cur, PERF_REG_X86_IP, &ip))
        return false;
    dwfl_thread_state_register_pc(thread, ip);
    return true;
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
    .next_thread = next_thread,
    .get_thread = get_thread,
    .memory_read = memory_read,
    .set_initial_registers = set_initial_registers,
};

/* Makes sure the module covering pc is reported; FALSE when none can be. */
static gboolean report_module(KilnPerfUnwind *u, Process *pr, uint64_t pc)
{
    if (dwfl_addrmodule(pr->dwfl, pc))
        return TRUE;
    const KilnPerfMap *map = kiln_perf_machine_find(u->m, u->thread, FALSE, pc);
    if (!map)
        return FALSE;
    gpointer key = GUINT_TO_POINTER(map->dso + 1);
    ModState st = GPOINTER_TO_UINT(g_hash_table_lookup(pr->mod_state, key));
    if (st != MOD_UNTRIED)
        return FALSE; /* reported at another address, or not found */
    KilnPerfDso *d = kiln_perf_machine_dso_at(u->m, map->dso);
    const KilnElfSymbols *e = d->kernel || d->jit ? NULL : kiln_perf_resolver_elf(u->r, d);
    uint64_t vaddr;
    st = MOD_FAILED;
    if (e && kiln_elf_symbols_offset_to_vaddr(e, map->pgoff, &vaddr)) {
        /* The mapping's start is file offset pgoff, which the file's
         * segments place at vaddr: the difference is the load bias. */
        uint64_t bias = map->start - vaddr;
        dwfl_report_begin_add(pr->dwfl);
        Dwfl_Module *mod = dwfl_report_elf(pr->dwfl, d->base, e->path, -1, bias, true);
        dwfl_report_end(pr->dwfl, NULL, NULL);
        if (mod) {
            st = MOD_REPORTED;
            if (!pr->attached) {
                Dwarf_Addr b;
                Elf *elf = dwfl_module_getelf(mod, &b);
                GElf_Ehdr eh;
                /* Only x86-64's register layout is known so far. */
                if (!elf || !gelf_getehdr(elf, &eh) || eh.e_machine != EM_X86_64 ||
                    !dwfl_attach_state(pr->dwfl, elf, (pid_t)pr->pid, &thread_callbacks, u))
                    pr->unusable = TRUE;
                pr->attached = TRUE;
            }
        }
    }
    g_hash_table_insert(pr->mod_state, key, GUINT_TO_POINTER(st));
    return st == MOD_REPORTED && dwfl_addrmodule(pr->dwfl, pc) != NULL;
}

static int frame_cb(Dwfl_Frame *state, void *arg)
{
    KilnPerfUnwind *u = arg;
    Dwarf_Addr pc;
    bool activation;
    if (!dwfl_frame_pc(state, &pc, &activation))
        return DWARF_CB_ABORT;
    /* A caller's pc is a return address: the call is the byte before. */
    uint64_t at = activation ? pc : pc - 1;
    if (u->n >= u->max)
        return DWARF_CB_ABORT;
    u->pcs[u->n++] = at;
    /* The next step needs this frame's CFI. */
    report_module(u, u->proc, at);
    return u->n >= u->max ? DWARF_CB_ABORT : DWARF_CB_OK;
}

static Process *process_for(KilnPerfUnwind *u, const KilnPerfThread *t)
{
    gpointer key = GUINT_TO_POINTER(t->pid);
    Process *pr = g_hash_table_lookup(u->procs, key);
    /* A pid reused by a new process after an exec or exit. */
    if (pr && pr->maps != t->maps) {
        g_hash_table_remove(u->procs, key);
        pr = NULL;
    }
    if (!pr) {
        pr = g_new0(Process, 1);
        pr->u = u;
        pr->pid = t->pid;
        pr->maps = t->maps;
        pr->mod_state = g_hash_table_new(NULL, NULL);
        pr->dwfl = dwfl_begin(&u->callbacks);
        pr->unusable = pr->dwfl == NULL;
        g_hash_table_insert(u->procs, key, pr);
    }
    return pr;
}

guint kiln_perf_unwind_sample(KilnPerfUnwind *u, const KilnPerfThread *t, const KilnPerfAttr *a,
                              const KilnPerfSample *s, gboolean swap, uint64_t *pcs, guint max,
                              gboolean *complete)
{
    *complete = TRUE;
    if (!s->regs || s->regs_abi != PERF_SAMPLE_REGS_ABI_64 || max == 0 || !t->maps)
        return 0;
    u->cur = (Current){s, a, swap, 0};
    uint64_t ip;
    if (!perf_reg(&u->cur, PERF_REG_X86_IP, &ip) || !perf_reg(&u->cur, PERF_REG_X86_SP, &u->cur.sp))
        return 0;
    Process *pr = process_for(u, t);
    u->thread = t;
    u->proc = pr;
    u->pcs = pcs;
    u->n = 0;
    u->max = max;
    if (pr->unusable || !report_module(u, pr, ip) || pr->unusable) {
        *complete = FALSE;
        pcs[0] = ip;
        return 1;
    }
    int rc = dwfl_getthread_frames(pr->dwfl, (pid_t)t->tid, frame_cb, u);
    /* -1 is an error (no CFI, unreadable memory); DWARF_CB_ABORT is max. */
    if (rc == -1 && u->n < max)
        *complete = FALSE;
    if (u->n == 0) {
        pcs[0] = ip;
        u->n = 1;
    }
    return u->n;
}
