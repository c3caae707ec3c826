/* kiln-dwarf-inline.c — KilnDwarfInline: inline chains from DWARF. */
#include "kiln-dwarf-inline.h"

#include "kiln-demangle.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define MAX_LEVELS 64 /* deeper chains are damage: addr2line stops too */

struct _KilnDwarfInline {
    int fd;
    Dwarf *dw;
    GHashTable *chains; /* vaddr -> char** (NULL-terminated, in strings) */
    GStringChunk *strings;
};

KilnDwarfInline *kiln_dwarf_inline_open(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    Dwarf *dw = dwarf_begin(fd, DWARF_C_READ);
    if (!dw) {
        close(fd);
        return NULL;
    }
    KilnDwarfInline *di = g_new0(KilnDwarfInline, 1);
    di->fd = fd;
    di->dw = dw;
    di->chains = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    di->strings = g_string_chunk_new(4096);
    return di;
}

void kiln_dwarf_inline_free(KilnDwarfInline *di)
{
    if (!di)
        return;
    dwarf_end(di->dw);
    close(di->fd);
    g_hash_table_unref(di->chains);
    g_string_chunk_free(di->strings);
    g_free(di);
}

/* The function name of a subprogram or inlined subroutine DIE. */
static const char *die_name(KilnDwarfInline *di, Dwarf_Die *die)
{
    Dwarf_Attribute attr;
    const char *linkage = NULL;
    if (dwarf_attr_integrate(die, DW_AT_linkage_name, &attr) ||
        dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &attr))
        linkage = dwarf_formstring(&attr);
    /* An asm label renames a C function too ("__GI___qsort_r"): the
     * linkage name is what the symbol table and addr2line show. */
    if (linkage) {
        g_autofree char *dem = kiln_demangle(linkage);
        return g_string_chunk_insert_const(di->strings, dem ? dem : linkage);
    }
    const char *name =
        dwarf_attr_integrate(die, DW_AT_name, &attr) ? dwarf_formstring(&attr) : NULL;
    if (!name)
        name = linkage ? linkage : "??";
    return g_string_chunk_insert_const(di->strings, name);
}

guint kiln_dwarf_inline_lookup(KilnDwarfInline *di, uint64_t vaddr, const char *const **names)
{
    gint64 key = (gint64)vaddr;
    char **chain = g_hash_table_lookup(di->chains, &key);
    if (!chain) {
        GPtrArray *out = g_ptr_array_new();
        Dwarf_Die cudie, *scopes = NULL;
        int n = dwarf_addrdie(di->dw, vaddr, &cudie) ? dwarf_getscopes(&cudie, vaddr, &scopes) : 0;
        /* scopes[0] is the innermost scope at vaddr, but past an inlined
         * instance dwarf_getscopes continues into its abstract definition:
         * the chain of callers comes from the innermost function DIE's
         * own parents in the concrete tree. */
        int fn = -1;
        for (int i = 0; i < n && fn < 0; i++) {
            int tag = dwarf_tag(&scopes[i]);
            if (tag == DW_TAG_inlined_subroutine || tag == DW_TAG_subprogram)
                fn = i;
        }
        Dwarf_Die *chain_dies = NULL;
        int m = fn >= 0 ? dwarf_getscopes_die(&scopes[fn], &chain_dies) : 0;
        for (int i = 0; i < m && out->len < MAX_LEVELS; i++) {
            int tag = dwarf_tag(&chain_dies[i]);
            if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
                continue;
            g_ptr_array_add(out, (gpointer)die_name(di, &chain_dies[i]));
            if (tag == DW_TAG_subprogram)
                break;
        }
        free(chain_dies);
        free(scopes);
        g_ptr_array_add(out, NULL);
        chain = (char **)g_ptr_array_free(out, FALSE);
        g_hash_table_insert(di->chains, g_memdup2(&key, sizeof key), chain);
    }
    *names = (const char *const *)chain;
    guint len = 0;
    while (chain[len])
        len++;
    return len;
}
