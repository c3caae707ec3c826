/* fuzz-dwarf.c — libFuzzer target: KilnDwarfLines on an in-memory ELF
 * image. Seed it with small binaries built -g (the source test program,
 * tests/source/inline-hot); the mutations then reach libdw's parsing of
 * .debug_line, .debug_info and friends through every lookup path
 * (line rows, scopes, inline call sites, file tables).
 */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

#include "symbols/kiln-dwarf-lines.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GBytes *img = g_bytes_new(data, size);
    KilnDwarfLines *dl = kiln_dwarf_lines_new_from_bytes(img, NULL);
    if (dl) {
        /* The text of a small -O2 program; every byte, so inline chains,
         * line rows and gaps between functions are all looked up. */
        for (uint64_t a = 0x1000; a < 0x1400; a++) {
            const KilnInlineLevel *lv;
            guint n = kiln_dwarf_lines_lookup(dl, a, &lv);
            for (guint i = 0; i < n; i++)
                if (!lv[i].function || !lv[i].file)
                    abort();
        }
        kiln_dwarf_lines_free(dl);
    }
    g_bytes_unref(img);
    return 0;
}
