/* kiln-perf-resolver.c — KilnPerfResolver: per-DSO symbol tables. */
#include "kiln-perf-resolver.h"

#include "symbols/kiln-debug-info.h"
#include "symbols/kiln-kallsyms.h"
#include "symbols/kiln-perf-map.h"
#include "symbols/kiln-symbol-cache.h"
#include "symbols/kiln-vdso.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/utsname.h>

typedef enum { SRC_NONE, SRC_ELF, SRC_KERNEL, SRC_JIT } Source;

/* What the resolver keeps per dso (KilnPerfDso.symbols). */
typedef struct {
    Source src;
    const KilnElfSymbols *elf; /* SRC_ELF, owned by the cache or by owned_elf */
    KilnElfSymbols *owned_elf; /* the vdso */
    const KilnSymbolTable *table;
    KilnSymbolTable *owned; /* SRC_JIT */
    KilnDwarfInline *inl;   /* DWARF inline chains, once looked for */
    gboolean inl_tried;
} DsoSymbols;

struct _KilnPerfResolver {
    char *osrelease;
    KilnSymbolCache *cache;
    KilnSymbolTable *kallsyms;
    gboolean kallsyms_tried;
    uint64_t recorded_text;
    char *kernel_note;   /* why kernel symbols are not used */
    GPtrArray *dso_syms; /* DsoSymbols*, freed with the resolver */
    guint n_files_missing;
    char *missing_example;
    KilnDebugInfo *debug;
    GPtrArray *no_symtab; /* const KilnElfSymbols* with only .dynsym */
};

static void dso_syms_free(gpointer p)
{
    DsoSymbols *d = p;
    kiln_symbol_table_free(d->owned);
    kiln_elf_symbols_free(d->owned_elf);
    kiln_dwarf_inline_free(d->inl);
    g_free(d);
}

KilnPerfResolver *kiln_perf_resolver_new(const KilnPerfOptions *o)
{
    KilnPerfResolver *r = g_new0(KilnPerfResolver, 1);
    r->osrelease = g_strdup(o->osrelease);
    r->cache = kiln_symbol_cache_new(o->symbol_paths);
    r->dso_syms = g_ptr_array_new_with_free_func(dso_syms_free);
    r->debug = kiln_debug_info_new(o->debug_dirs, o->debuginfod);
    r->no_symtab = g_ptr_array_new();
    return r;
}

void kiln_perf_resolver_free(KilnPerfResolver *r)
{
    if (!r)
        return;
    kiln_symbol_cache_free(r->cache);
    kiln_symbol_table_free(r->kallsyms);
    g_ptr_array_unref(r->dso_syms);
    kiln_debug_info_free(r->debug);
    g_ptr_array_unref(r->no_symtab);
    g_free(r->kernel_note);
    g_free(r->missing_example);
    g_free(r->osrelease);
    g_free(r);
}

void kiln_perf_resolver_set_kernel_text(KilnPerfResolver *r, uint64_t text)
{
    r->recorded_text = text;
}

static gboolean same_kernel(const KilnPerfResolver *r, struct utsname *u)
{
    return uname(u) == 0 && r->osrelease && strcmp(u->release, r->osrelease) == 0;
}

static void load_kallsyms(KilnPerfResolver *r)
{
    r->kallsyms_tried = TRUE;
    struct utsname u;
    if (!same_kernel(r, &u)) {
        r->kernel_note = g_strdup_printf(
            /* Translators: this and the next two notes complete “Some frames have
             * no names: %s”; the %s here are kernel versions (uname -r) */
            _("kernel frames are unnamed: the recording's kernel (%s) is not the running one "
              "(%s)"),
            r->osrelease ? r->osrelease : _("unknown"), u.release);
        return;
    }
    uint64_t text = 0;
    KilnSymbolTable *t = kiln_kallsyms_load("/proc/kallsyms", &text);
    if (!t) {
        r->kernel_note = g_strdup(_("kernel frames are unnamed: /proc/kallsyms shows no "
                                    "addresses (kernel.kptr_restrict; run as root or lower it)"));
        return;
    }
    if (r->recorded_text && text && r->recorded_text != text) {
        r->kernel_note = g_strdup(_("kernel frames are unnamed: the kernel was rebooted since "
                                    "the recording (its addresses moved)"));
        kiln_symbol_table_free(t);
        return;
    }
    r->kallsyms = t;
}

static DsoSymbols *dso_symbols(KilnPerfResolver *r, KilnPerfDso *dso)
{
    if (dso->symbols_tried)
        return dso->symbols;
    dso->symbols_tried = TRUE;
    DsoSymbols *d = g_new0(DsoSymbols, 1);
    g_ptr_array_add(r->dso_syms, d);
    dso->symbols = d;
    if (dso->kernel) {
        if (!r->kallsyms_tried)
            load_kallsyms(r);
        if (r->kallsyms) {
            d->src = SRC_KERNEL;
            d->table = r->kallsyms;
        }
    } else if (dso->jit) {
        d->owned = kiln_perf_map_load(dso->name);
        if (d->owned) {
            d->src = SRC_JIT;
            d->table = d->owned;
        }
    } else if (strcmp(dso->name, "[vdso]") == 0) {
        /* The vdso of the running kernel is the one in our own memory. */
        struct utsname u;
        if (same_kernel(r, &u) && (d->owned_elf = kiln_vdso_symbols())) {
            d->src = SRC_ELF;
            d->elf = d->owned_elf;
            d->table = d->elf->table;
        }
    } else if (dso->name[0] == '/') {
        d->elf = kiln_symbol_cache_get(r->cache, dso->name, dso->build_id, dso->build_id_size);
        if (d->elf) {
            d->src = SRC_ELF;
            d->table = d->elf->table;
            if (!d->elf->has_symtab && !g_ptr_array_find(r->no_symtab, d->elf, NULL))
                g_ptr_array_add(r->no_symtab, (gpointer)d->elf);
        } else {
            r->n_files_missing++;
            if (!r->missing_example)
                r->missing_example = g_strdup(dso->name);
        }
    }
    return d;
}

const KilnSymbolTable *kiln_perf_resolver_table(KilnPerfResolver *r, KilnPerfDso *dso,
                                                const KilnPerfMap *map, uint64_t addr,
                                                uint64_t *lookup_addr)
{
    DsoSymbols *d = dso_symbols(r, dso);
    switch (d->src) {
    case SRC_KERNEL:
    case SRC_JIT:
        *lookup_addr = addr;
        return d->table;
    case SRC_ELF:
        if (!kiln_elf_symbols_offset_to_vaddr(d->elf, addr - map->start + map->pgoff, lookup_addr))
            return NULL;
        return d->table;
    default:
        return NULL;
    }
}

const KilnElfSymbols *kiln_perf_resolver_elf(KilnPerfResolver *r, KilnPerfDso *dso)
{
    DsoSymbols *d = dso_symbols(r, dso);
    /* The vdso lives only in memory: no file for libdwfl to open. */
    return d->src == SRC_ELF && !d->owned_elf ? d->elf : NULL;
}

KilnDwarfInline *kiln_perf_resolver_inline(KilnPerfResolver *r, KilnPerfDso *dso)
{
    DsoSymbols *d = dso_symbols(r, dso);
    if (d->inl_tried)
        return d->inl;
    d->inl_tried = TRUE;
    const KilnElfSymbols *e = kiln_perf_resolver_elf(r, dso);
    const char *path =
        e ? kiln_debug_info_find(r->debug, e->path, e->build_id, e->build_id_size, e->debuglink)
          : NULL;
    if (path)
        d->inl = kiln_dwarf_inline_open(path);
    return d->inl;
}

/* "libfoo.so.1 (install foo-dbgsym …), …" for at most a few files. */
static void append_files(GString *s, const GPtrArray *elfs, const GPtrArray *paths)
{
    guint n = elfs ? elfs->len : paths->len;
    for (guint i = 0; i < n && i < 5; i++) {
        const KilnElfSymbols *e = elfs ? g_ptr_array_index(elfs, i) : NULL;
        const char *path = e ? e->path : g_ptr_array_index(paths, i);
        g_autofree char *hint =
            kiln_debug_info_hint(path, e ? e->build_id : NULL, e ? e->build_id_size : 0);
        g_string_append_printf(s, i ? "; %s (%s)" : "%s (%s)", path, hint);
    }
    if (n > 5)
        /* Translators: ends a list of files that was cut short */
        g_string_append_printf(s, _("; and %u more"), n - 5);
}

char *kiln_perf_resolver_describe(const KilnPerfResolver *r)
{
    GString *s = g_string_new(NULL);
    if (r->n_files_missing) {
        g_string_append_printf(s,
                               g_dngettext(GETTEXT_PACKAGE,
                                           /* Translators: %s is a file name; “[file name]”
                                            * stands for frames named like “[libc.so.6]”. The
                                            * English is plural for any count */
                                           "%u mapped files were not found (for example %s), or "
                                           "not with the recorded build-id; their frames show as "
                                           "[file name].",
                                           "%u mapped files were not found (for example %s), or "
                                           "not with the recorded build-id; their frames show as "
                                           "[file name].",
                                           r->n_files_missing),
                               r->n_files_missing, r->missing_example);
        g_string_append_c(s, ' ');
    }
    guint mm = kiln_symbol_cache_n_mismatched(r->cache);
    if (mm) {
        g_string_append_printf(s,
                               g_dngettext(GETTEXT_PACKAGE,
                                           /* Translators: %s is a file name; the English is plural
                                            * for any count */
                                           "%u files on disk were ignored because their build-id "
                                           "differs from the recorded one (for example %s).",
                                           "%u files on disk were ignored because their build-id "
                                           "differs from the recorded one (for example %s).",
                                           mm),
                               mm, kiln_symbol_cache_mismatch_example(r->cache));
        g_string_append_c(s, ' ');
    }
    if (r->kernel_note)
        g_string_append_printf(s, "%s. ", r->kernel_note);
    if (r->no_symtab->len) {
        /* Translators: a list of “file (what to do)” follows */
        g_string_append(s, _("Binaries with only their exported symbols (frames inside them may "
                             "be named after a neighbouring function): "));
        append_files(s, r->no_symtab, NULL);
        g_string_append(s, ". ");
    }
    const GPtrArray *nodebug = kiln_debug_info_missing(r->debug);
    if (nodebug->len) {
        /* Translators: a list of “file (what to do)” follows */
        g_string_append(s, _("Binaries without debug info (no inline frames): "));
        append_files(s, NULL, nodebug);
        g_string_append(s, ". ");
    }
    if (s->len)
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, s->len == 0);
}
