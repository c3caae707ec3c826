/* kiln-disassembly.c — KilnDisassembly: ELF bytes through capstone.
 *
 * Functions are found from the profile's frames (each distinct module and
 * address is looked up once, and an address inside a function already read
 * costs nothing), then each is decoded whole: capstone's cs_disasm stops at
 * the first byte it cannot decode, so the rest is listed as ".byte" rows
 * rather than silently dropped.
 */
#include "kiln-disassembly.h"

#include "symbols/kiln-dwarf-lines.h"
#include "symbols/kiln-elf-function.h"

#include <capstone/capstone.h>
#include <elf.h>
#include <glib/gi18n-lib.h>
#include <string.h>

struct _KilnDisassembly {
    GPtrArray *functions; /* KilnDisassemblyFunction* */
    GPtrArray *warnings;
    GStringChunk *strings;
};

typedef struct {
    KilnElfFunction *fn;
    GHashTable *self; /* address (boxed) -> double* */
} Found;

static void found_free(gpointer p)
{
    Found *f = p;
    kiln_elf_function_free(f->fn);
    g_hash_table_unref(f->self);
    g_free(f);
}

static void function_free(gpointer p)
{
    KilnDisassemblyFunction *f = p;
    for (guint i = 0; i < f->insns->len; i++)
        g_free(g_array_index(f->insns, KilnDisassemblyInsn, i).text);
    g_array_unref(f->insns);
    g_free(f->function);
    g_free(f->module);
    g_free(f);
}

static gboolean arch_of(uint16_t machine, cs_arch *arch, cs_mode *mode)
{
    switch (machine) {
    case EM_X86_64:
        *arch = CS_ARCH_X86;
        *mode = CS_MODE_64;
        return TRUE;
    case EM_386:
        *arch = CS_ARCH_X86;
        *mode = CS_MODE_32;
        return TRUE;
    case EM_AARCH64:
        *arch = CS_ARCH_ARM64;
        *mode = CS_MODE_ARM;
        return TRUE;
    default:
        return FALSE;
    }
}

static uint64_t branch_target(const cs_insn *in, cs_arch arch)
{
    if (arch != CS_ARCH_X86 || !in->detail)
        return 0;
    gboolean branch = FALSE;
    for (uint8_t g = 0; g < in->detail->groups_count; g++)
        if (in->detail->groups[g] == CS_GRP_JUMP || in->detail->groups[g] == CS_GRP_CALL)
            branch = TRUE;
    const cs_x86 *x = &in->detail->x86;
    if (branch && x->op_count == 1 && x->operands[0].type == X86_OP_IMM)
        return (uint64_t)x->operands[0].imm;
    return 0;
}

static void decode(KilnDisassembly *d, const char *module, Found *f, KilnDwarfLines *dl)
{
    cs_arch arch;
    cs_mode mode;
    if (!arch_of(f->fn->machine, &arch, &mode)) {
        g_ptr_array_add(d->warnings, g_strdup_printf(_("%s in “%s” is for a processor Kiln cannot "
                                                       "disassemble (ELF machine %u)."),
                                                     f->fn->name, module, f->fn->machine));
        return;
    }
    csh h;
    if (cs_open(arch, mode, &h) != CS_ERR_OK)
        return;
    cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
    KilnDisassemblyFunction *out = g_new0(KilnDisassemblyFunction, 1);
    out->function = g_strdup(f->fn->name);
    out->module = g_strdup(module);
    out->start = f->fn->start;
    out->insns = g_array_new(FALSE, FALSE, sizeof(KilnDisassemblyInsn));
    gsize len;
    const uint8_t *code = g_bytes_get_data(f->fn->code, &len);
    gsize at = 0;
    while (at < len) {
        cs_insn *in = NULL;
        size_t n = cs_disasm(h, code + at, len - at, f->fn->start + at, 0, &in);
        for (size_t i = 0; i < n; i++) {
            KilnDisassemblyInsn row = {.address = in[i].address,
                                       .offset = in[i].address - f->fn->start};
            row.text = in[i].op_str[0] ? g_strdup_printf("%s %s", in[i].mnemonic, in[i].op_str)
                                       : g_strdup(in[i].mnemonic);
            row.target = branch_target(&in[i], arch);
            at += in[i].size;
            g_array_append_val(out->insns, row);
        }
        if (n)
            cs_free(in, n);
        if (at < len) {
            /* Undecodable: one byte as data, then try again after it. */
            KilnDisassemblyInsn row = {.address = f->fn->start + at, .offset = at};
            row.text = g_strdup_printf(".byte 0x%02x", code[at]);
            g_array_append_val(out->insns, row);
            at++;
        }
    }
    cs_close(&h);
    for (guint i = 0; i < out->insns->len; i++) {
        KilnDisassemblyInsn *row = &g_array_index(out->insns, KilnDisassemblyInsn, i);
        double *v = g_hash_table_lookup(f->self, &row->address);
        row->self = v ? *v : 0;
        row->file = "";
        const KilnInlineLevel *lv;
        if (dl && kiln_dwarf_lines_lookup(dl, row->address, &lv) > 0) {
            row->file = g_string_chunk_insert_const(d->strings, lv[0].file);
            row->line = lv[0].line;
        }
    }
    g_ptr_array_add(d->functions, out);
}

static int function_cmp(gconstpointer x, gconstpointer y)
{
    const KilnDisassemblyFunction *a = *(KilnDisassemblyFunction *const *)x;
    const KilnDisassemblyFunction *b = *(KilnDisassemblyFunction *const *)y;
    int r = strcmp(a->function, b->function);
    return r ? r : strcmp(a->module, b->module);
}

/* The function of module holding address, read on first need. */
static Found *find(KilnDisassembly *d, GHashTable *modules, const char *module, uint64_t address)
{
    GPtrArray *list = g_hash_table_lookup(modules, module);
    if (!list) {
        list = g_ptr_array_new_with_free_func(found_free);
        g_hash_table_insert(modules, g_strdup(module), list);
    }
    for (guint i = 0; i < list->len; i++) {
        Found *f = g_ptr_array_index(list, i);
        if (!f->fn)
            continue;
        if (address >= f->fn->start && address - f->fn->start < g_bytes_get_size(f->fn->code))
            return f;
    }
    g_autoptr(GError) error = NULL;
    KilnElfFunction *fn = kiln_elf_function_read(module, address, &error);
    if (!fn) {
        /* Warn once per module, not once per address. */
        if (list->len == 0) {
            Found *marker = g_new0(Found, 1);
            marker->self = g_hash_table_new(NULL, NULL);
            g_ptr_array_add(list, marker);
            g_ptr_array_add(d->warnings, g_strdup(error->message));
        }
        return NULL;
    }
    Found *f = g_new0(Found, 1);
    f->fn = fn;
    f->self = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    g_ptr_array_add(list, f);
    return f;
}

KilnDisassembly *kiln_disassembly_new(const KilnProfile *p, const char *regex, uint32_t type,
                                      GError **error)
{
    g_return_val_if_fail(p != NULL && regex != NULL, NULL);
    GRegex *re = g_regex_new(regex, G_REGEX_OPTIMIZE, 0, error);
    if (!re)
        return NULL;
    KilnDisassembly *d = g_new0(KilnDisassembly, 1);
    d->functions = g_ptr_array_new_with_free_func(function_free);
    d->warnings = g_ptr_array_new_with_free_func(g_free);
    d->strings = g_string_chunk_new(4096);
    GHashTable *modules =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    /* Frames first, so functions seen only as callers are listed too. */
    for (uint32_t i = 0; i < p->n_frames; i++) {
        const KilnFrame *fr = &p->frames[i];
        const char *module = fr->module ? kiln_profile_string(p, fr->module) : "";
        if (!fr->address || module[0] != '/' || fr->kind == KILN_FRAME_KERNEL ||
            !g_regex_match(re, kiln_profile_string(p, fr->name), 0, NULL))
            continue;
        find(d, modules, module, fr->address);
    }
    for (uint32_t node = 1; p->n_types && node < p->n_nodes; node++) {
        double v = kiln_profile_self(p, type, node);
        const KilnFrame *fr = kiln_profile_node_frame(p, node);
        const char *module = fr->module ? kiln_profile_string(p, fr->module) : "";
        if (v == 0 || !fr->address || module[0] != '/' || fr->kind == KILN_FRAME_KERNEL ||
            !g_regex_match(re, kiln_profile_string(p, fr->name), 0, NULL))
            continue;
        Found *f = find(d, modules, module, fr->address);
        if (!f)
            continue;
        double *slot = g_hash_table_lookup(f->self, &fr->address);
        if (!slot) {
            uint64_t *k = g_new(uint64_t, 1);
            *k = fr->address;
            slot = g_new0(double, 1);
            g_hash_table_insert(f->self, k, slot);
        }
        *slot += v;
    }
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, modules);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        GPtrArray *list = value;
        KilnDwarfLines *dl = NULL;
        for (guint i = 0; i < list->len; i++) {
            Found *f = g_ptr_array_index(list, i);
            if (!f->fn)
                continue;
            if (!dl)
                dl = kiln_dwarf_lines_open(key, NULL);
            decode(d, key, f, dl);
        }
        kiln_dwarf_lines_free(dl);
    }
    g_ptr_array_sort(d->functions, function_cmp);
    g_hash_table_unref(modules);
    g_regex_unref(re);
    return d;
}

void kiln_disassembly_free(KilnDisassembly *d)
{
    if (!d)
        return;
    g_ptr_array_unref(d->functions);
    g_ptr_array_unref(d->warnings);
    g_string_chunk_free(d->strings);
    g_free(d);
}

guint kiln_disassembly_n_functions(const KilnDisassembly *d)
{
    return d->functions->len;
}

const KilnDisassemblyFunction *kiln_disassembly_function(const KilnDisassembly *d, guint i)
{
    g_return_val_if_fail(i < d->functions->len, NULL);
    return g_ptr_array_index(d->functions, i);
}

const GPtrArray *kiln_disassembly_warnings(const KilnDisassembly *d)
{
    return d->warnings;
}
