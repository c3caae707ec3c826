/* fuzz-load.c — libFuzzer target: the whole loader as kiln-cli and the app
 * use it: decompression, sniffing, then whichever importer wins. */
#include "kiln-fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kiln_fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kiln_fuzz_load(NULL, data, size);
    return 0;
}
