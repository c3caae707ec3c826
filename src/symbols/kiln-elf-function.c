/* kiln-elf-function.c — KilnElfFunction: a function's bytes via libelf. */
#include "kiln-elf-function.h"

#include "kiln-symbols-error.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

/* The STT_FUNC symbol of one symbol table that holds address. */
static gboolean find_symbol(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, uint64_t address,
                            GElf_Sym *out, const char **name)
{
    Elf_Data *data = elf_getdata(scn, NULL);
    if (!data || sh->sh_entsize == 0)
        return FALSE;
    size_t n = sh->sh_size / sh->sh_entsize;
    for (size_t i = 0; i < n; i++) {
        GElf_Sym sym;
        if (!gelf_getsym(data, (int)i, &sym))
            break;
        if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF || sym.st_size == 0)
            continue;
        if (address >= sym.st_value && address - sym.st_value < sym.st_size) {
            *out = sym;
            *name = elf_strptr(elf, sh->sh_link, sym.st_name);
            return TRUE;
        }
    }
    return FALSE;
}

static KilnElfFunction *read_function(Elf *elf, const char *path, uint64_t address, GError **error)
{
    GElf_Ehdr eh;
    if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_NOT_ELF,
                    _("“%s” is not an ELF file, so its instructions cannot be shown."), path);
        return NULL;
    }
    GElf_Sym sym;
    const char *name = NULL;
    gboolean found = FALSE;
    /* .symtab first: it has the local functions .dynsym leaves out. */
    for (int pass = 0; pass < 2 && !found; pass++) {
        Elf_Scn *scn = NULL;
        while (!found && (scn = elf_nextscn(elf, scn))) {
            GElf_Shdr sh;
            if (gelf_getshdr(scn, &sh) && sh.sh_type == (pass == 0 ? SHT_SYMTAB : SHT_DYNSYM))
                found = find_symbol(elf, scn, &sh, address, &sym, &name);
        }
    }
    if (!found) {
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_NOT_FOUND,
                    _("No function symbol in “%s” holds the address 0x%llx; the file may be "
                      "stripped or not the one that was profiled."),
                    path, (unsigned long long)address);
        return NULL;
    }
    Elf_Scn *scn = elf_getscn(elf, sym.st_shndx);
    GElf_Shdr sh;
    Elf_Data *data =
        scn && gelf_getshdr(scn, &sh) && sh.sh_type == SHT_PROGBITS ? elf_getdata(scn, NULL) : NULL;
    if (!data || !data->d_buf || sym.st_value < sh.sh_addr ||
        sym.st_value - sh.sh_addr > data->d_size ||
        sym.st_size > data->d_size - (sym.st_value - sh.sh_addr)) {
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_INVALID,
                    _("The code of %s lies outside its section in “%s”; the file is damaged."),
                    name ? name : "??", path);
        return NULL;
    }
    KilnElfFunction *f = g_new0(KilnElfFunction, 1);
    f->name = g_strdup(name ? name : "??");
    f->start = sym.st_value;
    f->machine = eh.e_machine;
    f->code = g_bytes_new((const char *)data->d_buf + (sym.st_value - sh.sh_addr), sym.st_size);
    return f;
}

KilnElfFunction *kiln_elf_function_read(const char *path, uint64_t address, GError **error)
{
    g_return_val_if_fail(path != NULL, NULL);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_FAILED,
                    _("Could not open “%s” to read its instructions: %s."), path, g_strerror(e));
        return NULL;
    }
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    KilnElfFunction *f = NULL;
    if (!elf)
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_NOT_ELF,
                    _("“%s” is not an ELF file, so its instructions cannot be shown."), path);
    else
        f = read_function(elf, path, address, error);
    if (elf)
        elf_end(elf);
    close(fd);
    return f;
}

void kiln_elf_function_free(KilnElfFunction *f)
{
    if (!f)
        return;
    g_free(f->name);
    if (f->code)
        g_bytes_unref(f->code);
    g_free(f);
}
