/* fuzz-sniff.c — libFuzzer target: every importer's sniff function, alone
 * and through kiln_importer_sniff(). Sniffing runs on every file anyone
 * opens, before any format is known, so it must be safe on any bytes and
 * agree with the registry's choice. */
#include "kiln-fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kiln_fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Sniffers see at most 64 KiB; give each an exact-size heap copy so
     * ASan catches a read even one byte past the end. */
    size_t head = size < (64u << 10) ? size : (64u << 10);
    uint8_t *copy = g_malloc(head ? head : 1); /* never NULL, as from the loader */
    memcpy(copy, data, head);
    int best = 0;
    for (const KilnImporter *const *i = kiln_importers(); *i; i++) {
        int score = (*i)->sniff(copy, head);
        KILN_FUZZ_CHECK(score >= 0);
        if (score > best)
            best = score;
    }
    const KilnImporter *chosen = kiln_importer_sniff(copy, head);
    KILN_FUZZ_CHECK((chosen == NULL) == (best == 0));
    if (chosen)
        KILN_FUZZ_CHECK(chosen->sniff(copy, head) == best);
    g_free(copy);
    return 0;
}
