/* fuzz-decompress.c — libFuzzer target: the bounded gzip and zstd
 * decoders and the UTF-16 transcoder, each on the raw input. The limit is
 * small so that the fuzzer finds the limit paths (and bombs stay cheap). */
#include "kiln-fuzz.h"
#include "formats/kiln-decompress.h"
#include "formats/kiln-text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kiln_fuzz_init();
    return 0;
}

typedef guint8 *(*Decoder)(const guint8 *, gsize, guint64, gsize *, char **, GError **);

static void run(Decoder dec, const uint8_t *data, size_t size, guint64 limit)
{
    gsize out_len = 12345;
    char *warning = NULL;
    GError *err = NULL;
    guint8 *out = dec(data, size, limit, &out_len, &warning, &err);
    if (out) {
        KILN_FUZZ_CHECK(err == NULL);
        KILN_FUZZ_CHECK(out_len <= limit);
        /* Touch every byte so ASan checks the length is honest. */
        volatile guint8 sum = 0;
        for (gsize i = 0; i < out_len; i++)
            sum ^= out[i];
        (void)sum;
        if (warning)
            KILN_FUZZ_CHECK(g_utf8_validate(warning, -1, NULL));
        g_free(out);
    } else {
        KILN_FUZZ_CHECK(err != NULL && err->domain == KILN_FORMAT_ERROR);
        KILN_FUZZ_CHECK(warning == NULL);
        g_error_free(err);
    }
    g_free(warning);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    guint64 limit = size % 3 == 0 ? 4096 : (4u << 20);
    run(kiln_gunzip, data, size, limit);
    run(kiln_unzstd, data, size, limit);
    gsize out_len = 0;
    guint8 *u = kiln_text_utf16_to_utf8(data, size, size & 1, 1u << 20, &out_len);
    if (u) {
        /* UTF-16 may carry U+0000, which stays a NUL byte (the importers
         * escape it); everything else must be valid UTF-8. */
        for (gsize i = 0; i < out_len; i++)
            if (u[i] == 0)
                u[i] = ' ';
        KILN_FUZZ_CHECK(u[out_len] == 0);
        KILN_FUZZ_CHECK(g_utf8_validate((const char *)u, (gssize)out_len, NULL));
        g_free(u);
    }
    return 0;
}
