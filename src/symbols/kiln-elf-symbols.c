/* kiln-elf-symbols.c — KilnElfSymbols, through libelf. */
#include "kiln-elf-symbols.h"

#include "kiln-demangle.h"

#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <glib/gi18n-lib.h>
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
        if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE || sym.st_value == 0)
            continue;
        /* Functions, and like perf, code labels (untyped symbols in an
         * executable section, e.g. _dl_start_user). */
        if (type == STT_NOTYPE) {
            GElf_Shdr ts;
            Elf_Scn *text = elf_getscn(elf, sym.st_shndx);
            if (!text || !gelf_getshdr(text, &ts) || !(ts.sh_flags & SHF_EXECINSTR))
                continue;
        } else if (type != STT_FUNC && type != STT_GNU_IFUNC) {
            continue;
        }
        const char *name = elf_strptr(elf, sh->sh_link, sym.st_name);
        /* ARM mapping symbols ($a, $t, $d) and local labels name no code. */
        if (!name || !*name || name[0] == '$' || g_str_has_prefix(name, ".L"))
            continue;
        gsize len = strlen(name);
        uint64_t addr = is_arm ? (sym.st_value & ~UINT64_C(1)) : sym.st_value;
        int bind = GELF_ST_BIND(sym.st_info);
        KilnSymbolBinding b = bind == STB_WEAK     ? KILN_SYMBOL_WEAK
                              : bind == STB_GLOBAL ? KILN_SYMBOL_GLOBAL
                                                   : KILN_SYMBOL_LOCAL;
        kiln_symbol_table_add_full(e->table, addr, sym.st_size, name, len, b);
    }
}

/* perf names PLT stubs "callee@plt" (dso__synthesize_plt_symbols): one
 * .plt entry per .rela.plt/.rel.plt relocation, in order, after PLT0. */
static void add_plt_symbols(KilnElfSymbols *e, Elf *elf, const GElf_Ehdr *eh, size_t shstrndx,
                            Elf_Scn *dynsym, size_t dynsym_index, const GElf_Shdr *dynsym_sh)
{
    Elf_Scn *scn = NULL, *rel = NULL;
    GElf_Shdr rel_sh = {0}, plt_sh = {0};
    gboolean have_plt = FALSE;
    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        const char *name;
        if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)))
            continue;
        if ((strcmp(name, ".rela.plt") == 0 || (!rel && strcmp(name, ".rel.plt") == 0)) &&
            (sh.sh_type == SHT_RELA || sh.sh_type == SHT_REL)) {
            rel = scn;
            rel_sh = sh;
        } else if (strcmp(name, ".plt") == 0) {
            plt_sh = sh;
            have_plt = TRUE;
        }
    }
    if (!rel || !have_plt || rel_sh.sh_link != dynsym_index || rel_sh.sh_entsize == 0)
        return;
    uint64_t entry = plt_sh.sh_entsize, at = plt_sh.sh_addr;
    switch (eh->e_machine) {
    case EM_ARM:
        at += 20;
        entry = 12;
        break;
    case EM_AARCH64:
        at += 32;
        entry = 16;
        break;
    default:
        at += entry;
        break;
    }
    if (entry == 0)
        return;
    Elf_Data *rd = elf_getdata(rel, NULL), *sd = elf_getdata(dynsym, NULL);
    if (!rd || !sd)
        return;
    GString *name = g_string_new(NULL);
    size_t n = rel_sh.sh_size / rel_sh.sh_entsize;
    for (size_t i = 0; i < n && i < (1u << 20); i++, at += entry) {
        uint64_t info;
        if (rel_sh.sh_type == SHT_RELA) {
            GElf_Rela r;
            if (!gelf_getrela(rd, (int)i, &r))
                break;
            info = r.r_info;
        } else {
            GElf_Rel r;
            if (!gelf_getrel(rd, (int)i, &r))
                break;
            info = r.r_info;
        }
        GElf_Sym sym;
        const char *sname;
        if (!gelf_getsym(sd, (int)GELF_R_SYM(info), &sym) ||
            !(sname = elf_strptr(elf, dynsym_sh->sh_link, sym.st_name)))
            continue;
        /* perf demangles the callee before adding "@plt". */
        g_autofree char *dem = kiln_demangle_no_params(sname);
        g_string_printf(name, "%s@plt", dem ? dem : sname);
        kiln_symbol_table_add_full(e->table, at, entry, name->str, name->len, KILN_SYMBOL_GLOBAL);
    }
    g_string_free(name, TRUE);
}

static KilnElfSymbols *load_elf(Elf *elf, const char *path, gboolean symbols, GError **error)
{
    GElf_Ehdr eh;
    if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
        /* Translators: %s is a file name */
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_NOT_ELF, _("%s is not an ELF file"), path);
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
        if (dynsym)
            add_plt_symbols(e, elf, &eh, shstrndx, dynsym, elf_ndxscn(dynsym), &dynsym_sh);
        kiln_symbol_table_seal(e->table, 4096);
    }
    return e;
}

KilnElfSymbols *kiln_elf_symbols_load(const char *path, gboolean symbols, GError **error)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        /* Translators: %s is a file name */
        g_set_error(error, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_FAILED, _("Cannot open %s"), path);
        return NULL;
    }
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    KilnElfSymbols *e = load_elf(elf, path, symbols, error);
    if (elf)
        elf_end(elf);
    close(fd);
    return e;
}

KilnElfSymbols *kiln_elf_symbols_load_memory(const char *name, const void *data, gsize len)
{
    elf_version(EV_CURRENT);
    Elf *elf = elf_memory((char *)data, len);
    KilnElfSymbols *e = load_elf(elf, name, TRUE, NULL);
    if (elf)
        elf_end(elf);
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
