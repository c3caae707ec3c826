/* test-dwarf-hostile.c — KilnDwarfLines on the test program's own ELF image,
 * clean and with its .debug_line, .debug_info, .debug_abbrev and
 * .debug_str garbled or truncated: the clean image resolves the inlined
 * hot loop to mix <- spin <- work, and no damaged one crashes or hangs.
 */
#include "symbols/kiln-dwarf-lines.h"

#include <gelf.h>
#include <string.h>

static GBytes *program_image(void)
{
    const char *path = g_getenv("KILN_INLINE_HOT");
    g_assert_nonnull(path);
    char *data;
    gsize len;
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    return g_bytes_new_take(data, len);
}

/* File offset and size of a named section, via libelf on the clean image. */
static gboolean section_range(GBytes *img, const char *name, gsize *off, gsize *size)
{
    gsize len;
    const void *d = g_bytes_get_data(img, &len);
    elf_version(EV_CURRENT);
    Elf *elf = elf_memory((char *)d, len);
    size_t shstrndx;
    gboolean found = FALSE;
    if (elf && elf_getshdrstrndx(elf, &shstrndx) == 0) {
        Elf_Scn *scn = NULL;
        while (!found && (scn = elf_nextscn(elf, scn))) {
            GElf_Shdr sh;
            const char *n = gelf_getshdr(scn, &sh) ? elf_strptr(elf, shstrndx, sh.sh_name) : NULL;
            if (n && strcmp(n, name) == 0 && sh.sh_type != SHT_NOBITS) {
                *off = sh.sh_offset;
                *size = sh.sh_size;
                found = TRUE;
            }
        }
    }
    if (elf)
        elf_end(elf);
    return found;
}

/* Every lookup over the text range: returns how many chains hold the
 * inlined mix <- spin <- work. */
static guint sweep(KilnDwarfLines *dl)
{
    guint inlined = 0;
    for (uint64_t a = 0x1000; a < 0x1400; a++) {
        const KilnInlineLevel *lv;
        guint n = kiln_dwarf_lines_lookup(dl, a, &lv);
        for (guint i = 0; i < n; i++)
            g_assert_nonnull(lv[i].function);
        if (n >= 3 && strcmp(lv[0].function, "mix") == 0 && strcmp(lv[1].function, "spin") == 0 &&
            strcmp(lv[2].function, "work") == 0 && lv[0].line >= 16 && lv[0].line <= 18)
            inlined++;
    }
    return inlined;
}

static void test_clean(void)
{
    g_autoptr(GBytes) img = program_image();
    g_autoptr(GError) error = NULL;
    g_autoptr(KilnDwarfLines) dl = kiln_dwarf_lines_new_from_bytes(img, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(sweep(dl), >, 0);
}

static void test_not_elf(void)
{
    g_autoptr(GBytes) junk = g_bytes_new_static("\x7f"
                                                "ELF junk",
                                                8);
    g_autoptr(GError) error = NULL;
    KilnDwarfLines *dl = kiln_dwarf_lines_new_from_bytes(junk, &error);
    g_assert_null(dl);
    g_assert_nonnull(error);
    g_clear_error(&error);
    g_assert_null(kiln_dwarf_lines_open("/nonexistent/kiln-no-such-file", &error));
    g_assert_error(error, g_quark_from_static_string("kiln-symbols-error-quark"), 3);
}

static void test_damaged(void)
{
    static const char *const sections[] = {".debug_line",   ".debug_info",     ".debug_abbrev",
                                           ".debug_str",    ".debug_line_str", ".debug_rnglists",
                                           ".debug_aranges"};
    g_autoptr(GBytes) img = program_image();
    gsize len;
    const guint8 *clean = g_bytes_get_data(img, &len);
    GRand *rand = g_rand_new_with_seed(15);
    guint variants = 0;
    for (guint s = 0; s < G_N_ELEMENTS(sections); s++) {
        gsize off, size;
        if (!section_range(img, sections[s], &off, &size) || size == 0 || off + size > len)
            continue;
        for (guint v = 0; v < 40; v++) {
            guint8 *copy = g_memdup2(clean, len);
            if (v % 4 == 0) {
                /* "Truncated": the rest of the section zeroed from a point. */
                gsize at = (gsize)g_rand_int_range(rand, 0, (gint32)size);
                memset(copy + off + at, v % 8 ? 0xff : 0, size - at);
            } else {
                /* Garbled: a few random bytes, more each round. */
                for (guint k = 0; k < 1 + v; k++)
                    copy[off + (gsize)g_rand_int_range(rand, 0, (gint32)size)] =
                        (guint8)g_rand_int(rand);
            }
            g_autoptr(GBytes) bad = g_bytes_new_take(copy, len);
            KilnDwarfLines *dl = kiln_dwarf_lines_new_from_bytes(bad, NULL);
            if (dl) {
                sweep(dl);
                kiln_dwarf_lines_free(dl);
            }
            variants++;
        }
    }
    g_rand_free(rand);
    g_assert_cmpuint(variants, >=, 120);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dwarf/clean", test_clean);
    g_test_add_func("/dwarf/not-elf", test_not_elf);
    g_test_add_func("/dwarf/damaged", test_damaged);
    return g_test_run();
}
