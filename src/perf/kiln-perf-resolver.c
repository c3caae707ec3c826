/* kiln-perf-resolver.c — KilnPerfResolver: per-DSO symbol tables. */
#include "kiln-perf-resolver.h"

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
};

static void dso_syms_free(gpointer p)
{
    DsoSymbols *d = p;
    kiln_symbol_table_free(d->owned);
    kiln_elf_symbols_free(d->owned_elf);
    g_free(d);
}

KilnPerfResolver *kiln_perf_resolver_new(const KilnPerfOptions *o)
{
    KilnPerfResolver *r = g_new0(KilnPerfResolver, 1);
    r->osrelease = g_strdup(o->osrelease);
    r->cache = kiln_symbol_cache_new(o->symbol_paths);
    r->dso_syms = g_ptr_array_new_with_free_func(dso_syms_free);
    return r;
}

void kiln_perf_resolver_free(KilnPerfResolver *r)
{
    if (!r)
        return;
    kiln_symbol_cache_free(r->cache);
    kiln_symbol_table_free(r->kallsyms);
    g_ptr_array_unref(r->dso_syms);
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
    if (s->len)
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, s->len == 0);
}
