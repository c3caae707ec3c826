/* kiln-perf-stacks.c — KilnPerfStacks: samples to call-tree paths.
 *
 * Speed: a frame id is cached per (dso, symbol) and per dso for its
 * "[file name]" frame, and the root frame per thread, so the common sample
 * costs a map lookup and a symbol binary search per address, and no string
 * work.
 */
#include "kiln-perf-stacks.h"

#include "kiln-perf-format.h"
#include "symbols/kiln-demangle.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define PERF_SCRIPT_MAX_STACK 127   /* perf script's default --max-stack */
#define ADDR_CACHE            8192u /* slots of the address -> frame cache */

/* An address already turned into one frame in the same address space
 * (thread maps or the kernel's) and machine generation. */
typedef struct {
    uint64_t addr;
    const void *space;
    uint64_t generation;
    uint32_t frame;
    uint8_t mode;
    uint8_t named;
    uint8_t used;
} AddrSlot;
#define FRAME_DROP UINT32_MAX

struct _KilnPerfStacks {
    KilnBuilder *b;
    const KilnPerfOptions *o;
    KilnPerfMachine *m;
    KilnPerfResolver *r;
    /* Sample type of each event (attr index), 0 = "samples" only. */
    GArray *columns;
    uint32_t n_types;
    double *values;              /* scratch, n_types */
    int first_column;            /* the first sample's event's type, -1 = none yet */
    uint64_t time_min, time_max; /* sample times, for no_sample_rows */
    AddrSlot *addr_cache;        /* ADDR_CACHE slots, direct-mapped */
    gboolean declared;
    GArray *frames;        /* uint32 scratch, leaf first */
    GPtrArray *sym_frames; /* per dso: uint32_t* indexed by symbol, 0 = not made */
    uint32_t unknown_frame;
    GString *name;
    uint64_t n_added, frames_total, frames_named;
    gboolean dwarf_note;
    /* perf script prints callchain entries map-relative but a sample's
     * own IP (no callchain) as is; --addrs frames follow it. */
    gboolean absolute_pc;
};

KilnPerfStacks *kiln_perf_stacks_new(KilnBuilder *b, const KilnPerfOptions *o, KilnPerfMachine *m,
                                     KilnPerfResolver *resolver)
{
    KilnPerfStacks *s = g_new0(KilnPerfStacks, 1);
    s->b = b;
    s->o = o;
    s->m = m;
    s->columns = g_array_new(FALSE, TRUE, sizeof(uint32_t));
    s->first_column = -1;
    s->time_min = UINT64_MAX;
    s->addr_cache = g_new0(AddrSlot, ADDR_CACHE);
    s->r = resolver;
    s->frames = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    s->sym_frames = g_ptr_array_new_with_free_func(g_free);
    s->name = g_string_new(NULL);
    return s;
}

void kiln_perf_stacks_free(KilnPerfStacks *s)
{
    if (!s)
        return;
    g_array_unref(s->columns);
    g_free(s->addr_cache);
    g_free(s->values);
    g_array_unref(s->frames);
    g_ptr_array_unref(s->sym_frames);
    g_string_free(s->name, TRUE);
    g_free(s);
}

uint64_t kiln_perf_stacks_n_added(const KilnPerfStacks *s)
{
    return s->n_added;
}

void kiln_perf_stacks_frame_counts(const KilnPerfStacks *s, uint64_t *total, uint64_t *named)
{
    *total = s->frames_total;
    *named = s->frames_named;
}

/* stackcollapse-perf.pl's annotations for a module. */
static KilnFrameKind module_kind(const KilnPerfStacks *s, const char *module, KilnFrameKind dflt)
{
    if (s->o->kernel && (module[0] == '[' || g_str_has_suffix(module, "vmlinux")) &&
        !strstr(module, "unknown"))
        return KILN_FRAME_KERNEL;
    if (s->o->jit && g_str_has_prefix(module, "/tmp/perf-") && g_str_has_suffix(module, ".map"))
        return KILN_FRAME_JIT;
    return dflt;
}

/* stackcollapse-perf.pl's tidy-up of a function name, in place: ';' is the
 * folded separator; argument lists are cut (but not Go's "pkg.(*T).M" nor
 * "(anonymous namespace)"); quotes go. */
static void tidy(GString *n)
{
    for (gsize i = 0; i < n->len; i++)
        if (n->str[i] == ';')
            n->str[i] = ':';
    const char *go = strstr(n->str, ".(");
    gboolean go_method = go && strstr(go + 2, ").") != NULL;
    if (!go_method) {
        for (const char *p = strchr(n->str, '('); p; p = strchr(p + 1, '(')) {
            if (strncmp(p + 1, "anonymous namespace)", 20) != 0) {
                g_string_truncate(n, (gsize)(p - n->str));
                break;
            }
        }
    }
    gsize o = 0;
    for (gsize i = 0; i < n->len; i++)
        if (n->str[i] != '"' && n->str[i] != '\'')
            n->str[o++] = n->str[i];
    g_string_truncate(n, o);
}

static uint32_t unknown_frame(KilnPerfStacks *s)
{
    if (!s->unknown_frame) {
        uint32_t name = kiln_builder_intern_name(s->b, "[unknown]", 9);
        uint32_t mod = kiln_builder_intern(s->b, "[unknown]", 9);
        s->unknown_frame = kiln_builder_frame(s->b, name, mod, 0, 0, KILN_FRAME_UNKNOWN);
    }
    return s->unknown_frame;
}

/* address is the file address a symbol's frame was sampled at, kept only
 * at addresses granularity (the builder projects it away otherwise) for
 * source annotation to resolve through DWARF. */
static uint32_t make_location(KilnPerfStacks *s, const char *name, gsize len, const char *module,
                              uint64_t address, KilnFrameKind kind)
{
    uint32_t n = kiln_builder_intern_name(s->b, name, len);
    uint32_t mod = kiln_builder_intern(s->b, module, strlen(module));
    return kiln_builder_location(s->b, n, mod, 0, 0, address, 0, kind);
}

static uint32_t make_frame(KilnPerfStacks *s, const char *name, gsize len, const char *module,
                           KilnFrameKind kind)
{
    return make_location(s, name, len, module, 0, kind);
}

/* "[libc.so.6]", or with --addrs "[libc.so.6 <1a2b>]". */
static uint32_t dso_frame(KilnPerfStacks *s, KilnPerfDso *d, uint64_t pc)
{
    KilnFrameKind kind = module_kind(s, d->name, KILN_FRAME_UNKNOWN);
    if (s->o->addrs) {
        g_string_printf(s->name, "[%s <%" G_GINT64_MODIFIER "x>]", d->base, pc);
        return make_frame(s, s->name->str, s->name->len, d->name, kind);
    }
    if (!d->unknown_frame) {
        g_string_printf(s->name, "[%s]", d->base);
        d->unknown_frame = make_frame(s, s->name->str, s->name->len, d->name, kind);
    }
    return d->unknown_frame;
}

/* Pushes the frames of a named symbol (leaf first): "a->b" inline chains
 * from perf-map-agent give several, a name starting with '(' none. */
static void push_symbol(KilnPerfStacks *s, const char *sym, KilnPerfDso *d, gboolean java,
                        uint64_t address)
{
    char *dem = kiln_demangle(sym);
    const char *full = dem ? dem : sym;
    uint32_t tmp[64];
    guint n = 0;
    const char *part = full;
    while (part && n < G_N_ELEMENTS(tmp)) {
        const char *arrow = strstr(part, "->");
        gsize plen = arrow ? (gsize)(arrow - part) : strlen(part);
        if (n == 0 && plen > 0 && part[0] == '(') {
            g_free(dem);
            return;
        }
        g_string_truncate(s->name, 0);
        g_string_append_len(s->name, part, (gssize)plen);
        tidy(s->name);
        if (java && strchr(s->name->str, '/') && s->name->str[0] == 'L')
            g_string_erase(s->name, 0, 1);
        KilnFrameKind kind =
            n > 0 ? KILN_FRAME_INLINED : module_kind(s, d->name, KILN_FRAME_NORMAL);
        tmp[n] = make_location(s, s->name->str, s->name->len, d->name, n == 0 ? address : 0, kind);
        n++;
        /* Like Perl's split, a trailing empty part ("Foo::operator->")
         * makes no frame. */
        part = arrow && arrow[2] ? arrow + 2 : NULL;
    }
    g_free(dem);
    /* tmp is outermost first; the scratch stack is leaf first. */
    for (guint i = n; i > 0; i--)
        g_array_append_val(s->frames, tmp[i - 1]);
}

/* perf script prints "ip FUNC (DSO)". When the DSO name itself holds " ("
 * ("/memfd:x (deleted)"), stackcollapse-perf.pl's greedy match takes the
 * module from that last " (" and keeps "FUNC (/memfd:x" as the function,
 * which its tidy-up then cuts at the '(' ("[unknown] "). Kiln folds such
 * frames the same way, so both inputs agree. */
static void push_split_dso(KilnPerfStacks *s, const char *func, KilnPerfDso *d, gboolean java)
{
    const char *k = g_strrstr(d->name, " (");
    g_autofree char *dem = kiln_demangle(func);
    g_string_printf(s->name, "%s (%.*s", dem ? dem : func, (int)(k - d->name), d->name);
    if (s->name->str[0] == '(')
        return;
    tidy(s->name);
    if (java && strchr(s->name->str, '/') && s->name->str[0] == 'L')
        g_string_erase(s->name, 0, 1);
    uint32_t f = make_frame(s, s->name->str, s->name->len, d->name,
                            module_kind(s, k + 2, KILN_FRAME_NORMAL));
    g_array_append_val(s->frames, f);
}

static uint32_t *sym_cache(KilnPerfStacks *s, uint32_t dso, guint n_syms)
{
    if (dso >= s->sym_frames->len)
        g_ptr_array_set_size(s->sym_frames, (gint)dso + 1);
    uint32_t *c = g_ptr_array_index(s->sym_frames, dso);
    if (!c) {
        /* One slot per symbol of the dso's table, which never changes. */
        c = g_new0(uint32_t, n_syms);
        s->sym_frames->pdata[dso] = c;
    }
    return c;
}

static void push_address_slow(KilnPerfStacks *s, const KilnPerfThread *t, uint8_t cpumode,
                              uint64_t addr, gboolean java)
{
    s->frames_total++;
    const KilnPerfMap *map = NULL;
    if (cpumode == PERF_RECORD_MISC_KERNEL)
        map = kiln_perf_machine_find(s->m, t, TRUE, addr);
    else if (cpumode == PERF_RECORD_MISC_USER)
        map = kiln_perf_machine_find(s->m, t, FALSE, addr);
    KilnPerfMap kernel_rest;
    if (!map && cpumode == PERF_RECORD_MISC_KERNEL && !s->o->no_symbols) {
        /* Kernel text outside the recorded kernel mapping (.init.text,
         * past _etext): perf, given this kernel's symbols, names it too. */
        uint32_t kd = kiln_perf_machine_dso(s->m, "[kernel.kallsyms]");
        KilnPerfDso *k = kiln_perf_machine_dso_at(s->m, kd);
        k->kernel = TRUE;
        uint64_t at = 0;
        kernel_rest = (KilnPerfMap){0, UINT64_MAX, 0, kd};
        const KilnSymbolTable *tab = kiln_perf_resolver_table(s->r, k, &kernel_rest, addr, &at);
        if (tab && kiln_symbol_table_lookup(tab, at, NULL))
            map = &kernel_rest;
    }
    if (!map) {
        if (s->o->addrs) {
            g_string_printf(s->name, "[unknown <%" G_GINT64_MODIFIER "x>]", addr);
            uint32_t f = make_frame(s, s->name->str, s->name->len, "[unknown]", KILN_FRAME_UNKNOWN);
            g_array_append_val(s->frames, f);
        } else {
            uint32_t f = unknown_frame(s);
            g_array_append_val(s->frames, f);
        }
        return;
    }
    uint32_t dso_index = map->dso;
    KilnPerfDso *d = kiln_perf_machine_dso_at(s->m, dso_index);
    if (!s->o->no_symbols) {
        uint64_t at = 0;
        const KilnSymbolTable *tab = kiln_perf_resolver_table(s->r, d, map, addr, &at);
        uint32_t idx;
        const char *sym = tab ? kiln_symbol_table_lookup(tab, at, &idx) : NULL;
        if (sym && d->split_name) {
            s->frames_named++;
            push_split_dso(s, sym, d, java);
            return;
        }
        if (sym) {
            s->frames_named++;
            /* Per symbol, one frame, unless each address is its own. */
            gboolean per_address = kiln_builder_granularity(s->b) == KILN_GRANULARITY_ADDRESSES;
            uint32_t *c = java || per_address ? NULL
                                               : sym_cache(s, dso_index, kiln_symbol_table_size(tab));
            if (c && c[idx] && c[idx] != FRAME_DROP) {
                g_array_append_val(s->frames, c[idx]);
                return;
            }
            if (c && c[idx] == FRAME_DROP)
                return;
            guint before = s->frames->len;
            push_symbol(s, sym, d, java, at);
            if (c && s->frames->len == before + 1)
                c[idx] = g_array_index(s->frames, uint32_t, before);
            else if (c && s->frames->len == before)
                c[idx] = FRAME_DROP;
            return;
        }
    }
    if (d->split_name) {
        push_split_dso(s, "[unknown]", d, java);
        return;
    }
    /* perf script prints map-relative addresses, except for mappings it
     * treats as absolute (JIT maps, anonymous memory) and the kernel. */
    uint64_t pc = addr;
    if (!d->kernel && !d->absolute && !s->absolute_pc)
        pc = addr - map->start + map->pgoff;
    uint32_t f = dso_frame(s, d, pc);
    g_array_append_val(s->frames, f);
}

/* push_address_slow with a cache in front: the same few thousand
 * addresses recur in almost every stack, and each costs a map lookup, a
 * file-offset translation and a symbol search otherwise. Only results of
 * exactly one frame are kept, and never for Java (its names depend on the
 * thread) or --addrs (its names depend on where the address came from). */
static void push_address(KilnPerfStacks *s, const KilnPerfThread *t, uint8_t cpumode, uint64_t addr,
                         gboolean java)
{
    if (java || s->o->addrs) {
        push_address_slow(s, t, cpumode, addr, java);
        return;
    }
    const void *space = cpumode == PERF_RECORD_MISC_USER ? (const void *)t->maps : NULL;
    uint64_t h = (addr ^ (uint64_t)(uintptr_t)space ^ cpumode) * UINT64_C(0x9e3779b97f4a7c15);
    AddrSlot *slot = &s->addr_cache[(h >> 40) & (ADDR_CACHE - 1)];
    if (slot->used && slot->addr == addr && slot->space == space && slot->mode == cpumode &&
        slot->generation == s->m->generation) {
        s->frames_total++;
        s->frames_named += slot->named;
        g_array_append_val(s->frames, slot->frame);
        return;
    }
    guint before = s->frames->len;
    uint64_t named = s->frames_named;
    uint64_t generation = s->m->generation;
    push_address_slow(s, t, cpumode, addr, java);
    if (s->frames->len != before + 1 || s->m->generation != generation)
        return;
    *slot = (AddrSlot){addr,       space,
                       generation, g_array_index(s->frames, uint32_t, before),
                       cpumode,    (uint8_t)(s->frames_named - named),
                       TRUE};
}

/* The sample type of an event that has none yet: its name without
 * modifiers, or its full name when another event took that ("cycles:u"
 * and "cycles:k"); an event named like an existing type shares it. */
static uint32_t event_column(KilnPerfStacks *s, GHashTable *taken, const KilnPerfAttr *a)
{
    g_autofree char *base = kiln_perf_attr_base_name(a);
    const char *name = base;
    if (g_hash_table_contains(taken, name) && a->name && !g_hash_table_contains(taken, a->name))
        name = a->name;
    gpointer v;
    if (g_hash_table_lookup_extended(taken, name, NULL, &v))
        return GPOINTER_TO_UINT(v);
    uint32_t t = kiln_builder_add_sample_type(s->b, name, kiln_perf_attr_unit(a));
    g_hash_table_insert(taken, g_strdup(name), GUINT_TO_POINTER(t));
    return t;
}

void kiln_perf_stacks_declare_types(KilnPerfStacks *s)
{
    if (s->declared)
        return;
    s->declared = TRUE;
    g_autoptr(GHashTable) taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    uint32_t samples = kiln_builder_add_sample_type(s->b, "samples", "count");
    g_hash_table_insert(taken, g_strdup("samples"), GUINT_TO_POINTER(samples));
    const KilnPerfEvents *ev = s->o->events;
    int first = -1;
    for (guint i = 0; i < kiln_perf_events_count(ev); i++) {
        const KilnPerfAttr *a = kiln_perf_events_attr(ev, i);
        uint32_t col = 0;
        /* perf's "dummy" event only carries side-band records. */
        if (!(a->type == PERF_TYPE_SOFTWARE && a->config == PERF_COUNT_SW_DUMMY))
            col = event_column(s, taken, a);
        g_array_append_val(s->columns, col);
        if (first < 0 && col)
            first = (int)col;
    }
    s->n_types = kiln_builder_n_sample_types(s->b);
    s->values = g_new0(double, s->n_types);
    kiln_builder_set_default_sample_type(s->b, first > 0 ? (uint32_t)first : samples);
}

void kiln_perf_stacks_finish(KilnPerfStacks *s)
{
    kiln_perf_stacks_declare_types(s);
    if (s->first_column > 0)
        kiln_builder_set_default_sample_type(s->b, (uint32_t)s->first_column);
    /* Without rows the builder saw no times: the span still holds. */
    if (s->o->no_sample_rows && s->time_max >= s->time_min && s->time_max)
        kiln_builder_set_time_range(s->b, s->time_min, s->time_max);
}

/* A callchain context marker; FALSE for one perf does not know. */
static gboolean set_mode(uint64_t ip, uint8_t *mode)
{
    if (ip == PERF_CONTEXT_KERNEL)
        *mode = PERF_RECORD_MISC_KERNEL;
    else if (ip == PERF_CONTEXT_USER)
        *mode = PERF_RECORD_MISC_USER;
    else if (ip == PERF_CONTEXT_HV)
        *mode = PERF_RECORD_MISC_HYPERVISOR;
    else if (ip == PERF_CONTEXT_GUEST_KERNEL)
        *mode = PERF_RECORD_MISC_GUEST_KERNEL;
    else if (ip == PERF_CONTEXT_GUEST_USER)
        *mode = PERF_RECORD_MISC_GUEST_USER;
    else if (ip != PERF_CONTEXT_GUEST)
        return FALSE;
    return TRUE;
}

static uint32_t root_frame(KilnPerfStacks *s, KilnPerfThread *t)
{
    if (t->root_frame && t->root_comm == t->comm)
        return t->root_frame;
    g_string_assign(s->name, t->comm);
    if (s->o->tid)
        g_string_append_printf(s->name, "-%d/%d", (int)t->pid, (int)t->tid);
    else if (s->o->pid)
        g_string_append_printf(s->name, "-%d", (int)t->pid);
    for (gsize i = 0; i < s->name->len; i++)
        if (s->name->str[i] == ' ')
            s->name->str[i] = '_';
    t->root_frame = kiln_builder_frame_named(s->b, s->name->str, s->name->len, KILN_FRAME_ROOT);
    t->root_comm = t->comm;
    return t->root_frame;
}

/* The chain as perf walks it: leaf first, context markers switching the
 * address space, at most perf script's 127 frames. */
static void walk_chain(KilnPerfStacks *s, const KilnPerfThread *t, const KilnPerfSample *sm,
                       gboolean java)
{
    uint8_t mode = PERF_RECORD_MISC_USER; /* as perf: until a marker says otherwise */
    uint32_t n = 0;
    gboolean user_seen = FALSE;
    for (uint64_t i = 0; i < sm->n_chain && n < PERF_SCRIPT_MAX_STACK; i++) {
        uint64_t ip = kiln_perf_sample_chain_at(sm, i, s->o->events->swap);
        if (ip >= PERF_CONTEXT_MAX) {
            if (!set_mode(ip, &mode)) {
                /* perf drops the whole chain on an unknown marker. */
                g_array_set_size(s->frames, 0);
                return;
            }
            continue;
        }
        user_seen |= mode == PERF_RECORD_MISC_USER;
        push_address(s, t, mode, ip, java);
        n++;
    }
    /* --call-graph dwarf leaves the user part to unwinding, which Kiln
     * does not do; show at least the sampled user address. perf script
     * (and so the no-symbols comparison mode) shows nothing there. */
    if (!user_seen && sm->has_regs_user && sm->cpumode == PERF_RECORD_MISC_USER &&
        !s->o->no_symbols) {
        push_address(s, t, PERF_RECORD_MISC_USER, sm->ip, java);
        if (!s->dwarf_note) {
            s->dwarf_note = TRUE;
            kiln_builder_warn(s->b, _("This recording uses DWARF call graphs (perf record "
                                      "--call-graph dwarf), which Kiln does not unwind: "
                                      "user-space stacks show only the sampled function"));
        }
    }
}

/* `--call-graph lbr`: the kernel part comes from the callchain up to its
 * PERF_CONTEXT_USER marker, the user part from the branch stack (the
 * newest branch's target, then every branch source), as perf's
 * resolve_lbr_callchain_sample() does. FALSE when this does not apply. */
static gboolean lbr_stack(KilnPerfStacks *s, const KilnPerfAttr *a, const KilnPerfThread *t,
                          const KilnPerfSample *sm, gboolean java)
{
    if (!(a->branch_sample_type & PERF_SAMPLE_BRANCH_CALL_STACK) || !sm->branches)
        return FALSE;
    uint64_t n = MIN(sm->n_chain, (uint64_t)PERF_SCRIPT_MAX_STACK), user = n;
    for (uint64_t i = 0; i < n; i++)
        if (kiln_perf_sample_chain_at(sm, i, s->o->events->swap) == PERF_CONTEXT_USER) {
            user = i;
            break;
        }
    if (user == n)
        return FALSE;
    uint8_t mode = PERF_RECORD_MISC_USER;
    for (uint64_t i = 0; i < user; i++) {
        uint64_t ip = kiln_perf_sample_chain_at(sm, i, s->o->events->swap);
        if (ip >= PERF_CONTEXT_MAX) {
            if (!set_mode(ip, &mode)) {
                g_array_set_size(s->frames, 0);
                return TRUE;
            }
            continue;
        }
        push_address(s, t, mode, ip, java);
    }
    if (sm->n_branches == 0)
        return TRUE;
    push_address(s, t, PERF_RECORD_MISC_USER,
                 kiln_perf_sample_branch_at(sm, 0, TRUE, s->o->events->swap), java);
    for (uint64_t i = 0; i < sm->n_branches; i++)
        push_address(s, t, PERF_RECORD_MISC_USER,
                     kiln_perf_sample_branch_at(sm, i, FALSE, s->o->events->swap), java);
    return TRUE;
}

void kiln_perf_stacks_add(KilnPerfStacks *s, uint32_t attr_index, const KilnPerfSample *sm)
{
    const KilnPerfAttr *a = kiln_perf_events_attr(s->o->events, attr_index);
    kiln_perf_stacks_declare_types(s);
    KilnPerfThread *t = kiln_perf_machine_thread(s->m, (int32_t)sm->pid, (int32_t)sm->tid);
    gboolean java = g_str_has_prefix(t->comm, "java");
    g_array_set_size(s->frames, 0);
    if (sm->has_chain && !(lbr_stack(s, a, t, sm, java)))
        walk_chain(s, t, sm, java);
    else if (!sm->has_chain && a->type != PERF_TYPE_TRACEPOINT)
    /* A tracepoint without a callchain has no stack; perf script
     * prints no frame for it either. */
    {
        s->absolute_pc = TRUE;
        push_address(s, t, sm->cpumode, sm->ip, java);
        s->absolute_pc = FALSE;
    }

    /* Root first for the builder. */
    uint32_t node = KILN_ROOT_NODE;
    if (!s->o->no_comm)
        node = kiln_builder_child(s->b, node, root_frame(s, t));
    for (guint i = s->frames->len; i > 0; i--)
        node = kiln_builder_child(s->b, node, g_array_index(s->frames, uint32_t, i - 1));
    /* Without a PERIOD field every sample stands for the fixed period of
     * `perf record -c N`, which perf script prints too. */
    uint64_t period = (a->sample_type & PERF_SAMPLE_PERIOD) ? sm->period
                      : (a->flags & PERF_ATTR_FLAG_FREQ)    ? 1 /* sample_period is -F's rate */
                                                            : a->sample_period;
    uint32_t col =
        attr_index < s->columns->len ? g_array_index(s->columns, uint32_t, attr_index) : 0;
    if (s->first_column < 0)
        s->first_column = (int)col;
    s->values[0] = 1;
    if (col)
        s->values[col] = period ? (double)period : 1;
    if (s->o->no_sample_rows) {
        kiln_builder_add_values(s->b, node, s->values);
        if (sm->time) {
            s->time_min = MIN(s->time_min, sm->time);
            s->time_max = MAX(s->time_max, sm->time);
        }
    } else {
        kiln_builder_record_sample(s->b, node, s->values, sm->time, t->tid, 0);
    }
    if (col)
        s->values[col] = 0;
    s->n_added++;
}
