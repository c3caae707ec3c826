/* kiln-elf-symbols.c — KilnElfSymbols, through libelf. */
#include "kiln-elf-symbols.h"

#include "core/kiln-error.h"

#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

void kiln_elf_symbols_free(KilnElfSymbols *e)
{
    if (!e)
        return;
    g_free(e->path);
    g_free(e->debuglink);
    if (e->segments)
        g_array_unref(e->segments);
    kiln_symbol_table_free(e->table);
    g_free(e);
}

char *kiln_build_id_hex(const uint8_t *id, gsize n)
{
    GString *s = g_string_sized_new(2 * n);
    for (gsize i = 0; i < n; i++)
        g_string_append_printf(s, "%02x", id[i]);
    return g_string_free(s, FALSE);
}

static void read_build_id(KilnElfSymbols *e, Elf_Data *data)
{
    GElf_Nhdr nh;
    size_t off = 0, name_off, desc_off;
    while (off < data->d_size &&
           (off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
        if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
            memcmp((const char *)data->d_buf + name_off, "GNU", 4) == 0 && nh.n_descsz > 0) {
            e->build_id_size = (uint8_t)MIN(nh.n_descsz, 20u);
            memcpy(e->build_id, (const char *)data->d_buf + desc_off, e->build_id_size);
            return;
        }
    }
}

static void read_symbols(KilnElfSymbols *e, Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
                         gboolean is_arm)
{
    Elf_Data *data = elf_getdata(scn, NULL);
    if (!data || sh->sh_entsize == 0)
        return;
    size_t n = sh->sh_size / sh->sh_entsize;
    for (size_t i = 0; i < n; i++) {
        GElf_Sym sym;
        if (!gelf_getsym(data, (int)i, &sym))
            break;
        int type = GELF_ST_TYPE(sym.st_info);
        if ((type != STT_FUNC && type != STT_GNU_IFUNC) || sym.st_shndx == SHN_UNDEF ||
            sym.st_value == 0)
            continue;
        const char *name = elf_strptr(elf, sh->sh_link, sym.st_name);
        if (!name || !*name)
            continue;
        uint64_t addr = is_arm ? (sym.st_value & ~UINT64_C(1)) : sym.st_value;
        kiln_symbol_table_add(e->table, addr, sym.st_size, name, strlen(name));
    }
}

KilnElfSymbols *kiln_elf_symbols_load(const char *path, gboolean symbols, GError **error)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(error, KILN_ERROR, KILN_ERROR_FAILED, "Cannot open %s", path);
        return NULL;
    }
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    GElf_Ehdr eh;
    if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
        g_set_error(error, KILN_ERROR, KILN_ERROR_UNKNOWN_FORMAT, "%s is not an ELF file", path);
        if (elf)
            elf_end(elf);
        close(fd);
        return NULL;
    }
    KilnElfSymbols *e = g_new0(KilnElfSymbols, 1);
    e->path = g_strdup(path);
    e->segments = g_array_new(FALSE, FALSE, sizeof(KilnElfSegment));
    e->table = kiln_symbol_table_new();

    size_t nph = 0;
    if (elf_getphdrnum(elf, &nph) == 0) {
        for (size_t i = 0; i < nph; i++) {
            GElf_Phdr ph;
            if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD) {
                KilnElfSegment s = {ph.p_vaddr, ph.p_offset, MAX(ph.p_filesz, ph.p_memsz)};
                g_array_append_val(e->segments, s);
            }
        }
    }

    size_t shstrndx = 0;
    elf_getshdrstrndx(elf, &shstrndx);
    Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL;
    GElf_Shdr symtab_sh = {0}, dynsym_sh = {0};
    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh))
            continue;
        if (sh.sh_type == SHT_SYMTAB) {
            symtab = scn;
            symtab_sh = sh;
        } else if (sh.sh_type == SHT_DYNSYM) {
            dynsym = scn;
            dynsym_sh = sh;
        } else if (sh.sh_type == SHT_NOTE && !e->build_id_size) {
            Elf_Data *d = elf_getdata(scn, NULL);
            if (d)
                read_build_id(e, d);
        } else if (sh.sh_type == SHT_PROGBITS) {
            const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
            if (name && strcmp(name, ".gnu_debuglink") == 0) {
                Elf_Data *d = elf_getdata(scn, NULL);
                if (d && d->d_size > 0) {
                    const char *s = d->d_buf;
                    e->debuglink = g_strndup(s, strnlen(s, d->d_size));
                }
            }
        }
    }
    /* A .symtab in a stripped-to-debuglink file may be NOBITS; libelf then
     * gives no data and read_symbols adds nothing. */
    e->has_symtab = symtab && symtab_sh.sh_type == SHT_SYMTAB && symtab_sh.sh_size > 0;
    if (symbols) {
        gboolean is_arm = eh.e_machine == EM_ARM;
        if (e->has_symtab)
            read_symbols(e, elf, symtab, &symtab_sh, is_arm);
        if (kiln_symbol_table_size(e->table) == 0 && dynsym)
            read_symbols(e, elf, dynsym, &dynsym_sh, is_arm);
        kiln_symbol_table_seal(e->table, 4096);
    }
    elf_end(elf);
    close(fd);
    return e;
}

gboolean kiln_elf_symbols_offset_to_vaddr(const KilnElfSymbols *e, uint64_t offset,
                                          uint64_t *vaddr)
{
    for (guint i = 0; i < e->segments->len; i++) {
        const KilnElfSegment *s = &g_array_index(e->segments, KilnElfSegment, i);
        if (offset >= s->offset && offset < s->offset + s->size) {
            *vaddr = offset - s->offset + s->vaddr;
            return TRUE;
        }
    }
    return FALSE;
}
