/* fuzz-pprof.c — libFuzzer target: the pprof importer, forced (no sniffing),
 * on raw or gzip/zstd-wrapped bytes. */
#include "kiln-fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kiln_fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kiln_fuzz_load(kiln_importer_find("pprof"), data, size);
    return 0;
}
