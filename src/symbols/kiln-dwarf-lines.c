/* kiln-dwarf-lines.c — KilnDwarfLines: address -> inline chain via libdw.
 *
 * Plain libdw (dwarf_begin_elf) rather than a Dwfl session: the callers
 * already map runtime addresses to file addresses, and one Dwarf handle per
 * file is all a lookup needs. The chain comes from dwarf_getscopes, which
 * lists the scopes containing the address innermost first (lexical blocks
 * included, which are skipped here).
 */
#include "kiln-dwarf-lines.h"

#include "kiln-symbols-error.h"

#include <elfutils/libdw.h>
#include <dwarf.h>
#include <fcntl.h>
#include <gelf.h>
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_LEVELS 64 /* deeper chains are cut: only damaged DWARF has them */

typedef struct {
    guint n;
    KilnInlineLevel levels[];
} Chain;

struct _KilnDwarfLines {
    int fd; /* -1 for an in-memory image */
    GBytes *bytes;
    Elf *elf;
    Dwarf *dwarf;
    GStringChunk *strings;
    GHashTable *cache; /* uint64 address (boxed) -> Chain* */
};

static const char *intern(KilnDwarfLines *dl, const char *s)
{
    return s && *s ? g_string_chunk_insert_const(dl->strings, s) : "??";
}

/* A file as a full path: DWARF 5 line tables name files relative to the
 * compilation directory ("../src/x.c" from a meson build dir), which
 * addr2line prints as they are but nothing can open from elsewhere. */
static const char *intern_path(KilnDwarfLines *dl, Dwarf_Die *cu, const char *file)
{
    if (!file || !*file || g_path_is_absolute(file))
        return intern(dl, file);
    Dwarf_Attribute a;
    const char *dir = dwarf_attr(cu, DW_AT_comp_dir, &a) ? dwarf_formstring(&a) : NULL;
    if (!dir || !g_path_is_absolute(dir))
        return intern(dl, file);
    g_autofree char *full = g_canonicalize_filename(file, dir);
    return intern(dl, full);
}

static KilnDwarfLines *finish_open(KilnDwarfLines *dl, const char *what, GError **error)
{
    if (!dl->elf || elf_kind(dl->elf) != ELF_K_ELF) {
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_NOT_ELF,
                    _("“%s” is not an ELF file, so it has no DWARF line tables."), what);
        kiln_dwarf_lines_free(dl);
        return NULL;
    }
    dl->dwarf = dwarf_begin_elf(dl->elf, DWARF_C_READ, NULL);
    if (!dl->dwarf) {
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_NOT_FOUND,
                    _("“%s” has no usable DWARF debug information (%s); build it with -g or "
                      "install its debug symbols."),
                    what, dwarf_errmsg(-1));
        kiln_dwarf_lines_free(dl);
        return NULL;
    }
    return dl;
}

static KilnDwarfLines *alloc(void)
{
    KilnDwarfLines *dl = g_new0(KilnDwarfLines, 1);
    dl->fd = -1;
    dl->strings = g_string_chunk_new(4096);
    dl->cache = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    elf_version(EV_CURRENT);
    return dl;
}

KilnDwarfLines *kiln_dwarf_lines_open(const char *path, GError **error)
{
    g_return_val_if_fail(path != NULL, NULL);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_FAILED,
                    _("Could not open “%s” to read its line tables: %s."), path, g_strerror(e));
        return NULL;
    }
    KilnDwarfLines *dl = alloc();
    dl->fd = fd;
    dl->elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    return finish_open(dl, path, error);
}

KilnDwarfLines *kiln_dwarf_lines_new_from_bytes(GBytes *elf, GError **error)
{
    g_return_val_if_fail(elf != NULL, NULL);
    KilnDwarfLines *dl = alloc();
    dl->bytes = g_bytes_ref(elf);
    gsize len = 0;
    const void *data = g_bytes_get_data(elf, &len);
    /* elf_memory takes a non-const pointer but with ELF_C_READ_MMAP-like
     * semantics for reading; Kiln never asks it to write. */
    dl->elf = len ? elf_memory((char *)data, len) : NULL;
    return finish_open(dl, _("the ELF image"), error);
}

void kiln_dwarf_lines_free(KilnDwarfLines *dl)
{
    if (!dl)
        return;
    if (dl->dwarf)
        dwarf_end(dl->dwarf);
    if (dl->elf)
        elf_end(dl->elf);
    if (dl->fd >= 0)
        close(dl->fd);
    if (dl->bytes)
        g_bytes_unref(dl->bytes);
    g_string_chunk_free(dl->strings);
    g_hash_table_unref(dl->cache);
    g_free(dl);
}

/* The name a function's DIE carries itself or through its abstract origin
 * / specification (an inlined subroutine names nothing on its own). */
static const char *die_name(Dwarf_Die *die)
{
    Dwarf_Attribute a;
    if (dwarf_attr_integrate(die, DW_AT_name, &a))
        return dwarf_formstring(&a);
    return NULL;
}

/* The file at a DW_AT_call_file index of the CU's file table. */
static const char *call_file(Dwarf_Die *cu, Dwarf_Die *inl)
{
    Dwarf_Attribute a;
    Dwarf_Word idx;
    if (!dwarf_attr(inl, DW_AT_call_file, &a) || dwarf_formudata(&a, &idx) != 0)
        return NULL;
    Dwarf_Files *files;
    size_t nfiles;
    if (dwarf_getsrcfiles(cu, &files, &nfiles) != 0 || idx >= nfiles)
        return NULL;
    return dwarf_filesrc(files, idx, NULL, NULL);
}

static uint32_t call_line(Dwarf_Die *inl)
{
    Dwarf_Attribute a;
    Dwarf_Word v;
    if (!dwarf_attr(inl, DW_AT_call_line, &a) || dwarf_formudata(&a, &v) != 0)
        return 0;
    return v > UINT32_MAX ? 0 : (uint32_t)v;
}

static Chain *resolve(KilnDwarfLines *dl, uint64_t addr)
{
    KilnInlineLevel tmp[MAX_LEVELS];
    guint n = 0;
    Dwarf_Die cu;
    if (!dwarf_addrdie(dl->dwarf, addr, &cu))
        goto done;
    const char *file = NULL;
    int line = 0;
    Dwarf_Line *row = dwarf_getsrc_die(&cu, addr);
    if (row) {
        file = dwarf_linesrc(row, NULL, NULL);
        if (dwarf_lineno(row, &line) != 0 || line < 0)
            line = 0;
    }
    /* dwarf_getscopes continues past an inlined subroutine into its
     * abstract definition's scopes; the concrete chain of callers comes
     * from dwarf_getscopes_die on the innermost function-like scope. */
    Dwarf_Die *pc_scopes = NULL, *scopes = NULL;
    int npc = dwarf_getscopes(&cu, addr, &pc_scopes);
    int ns = 0;
    for (int i = 0; i < npc; i++) {
        int tag = dwarf_tag(&pc_scopes[i]);
        if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine) {
            ns = dwarf_getscopes_die(&pc_scopes[i], &scopes);
            break;
        }
    }
    free(pc_scopes);
    for (int i = 0; i < ns && n < MAX_LEVELS; i++) {
        int tag = dwarf_tag(&scopes[i]);
        if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine)
            continue;
        tmp[n].function = intern(dl, die_name(&scopes[i]));
        tmp[n].file = intern_path(dl, &cu, file);
        tmp[n].line = (uint32_t)line;
        n++;
        if (tag == DW_TAG_subprogram)
            break;
        /* The next level out is at this inlined copy's call site. */
        file = call_file(&cu, &scopes[i]);
        line = (int)call_line(&scopes[i]);
    }
    free(scopes);
    if (n == 0 && row) {
        /* A line row but no function DIE (assembly, damaged info): the
         * line still counts, under no name. */
        tmp[0] = (KilnInlineLevel){"??", intern_path(dl, &cu, file), (uint32_t)line};
        n = 1;
    }
done:;
    Chain *c = g_malloc(sizeof(Chain) + n * sizeof(KilnInlineLevel));
    c->n = n;
    memcpy(c->levels, tmp, n * sizeof(KilnInlineLevel));
    return c;
}

guint kiln_dwarf_lines_lookup(KilnDwarfLines *dl, uint64_t addr, const KilnInlineLevel **levels)
{
    g_return_val_if_fail(dl != NULL && levels != NULL, 0);
    Chain *c = g_hash_table_lookup(dl->cache, &addr);
    if (!c) {
        c = resolve(dl, addr);
        uint64_t *key = g_new(uint64_t, 1);
        *key = addr;
        g_hash_table_insert(dl->cache, key, c);
    }
    *levels = c->levels;
    return c->n;
}
