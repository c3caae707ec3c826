/* test-hostile-bombs.c — compressed inputs that expand without bound, and
 * damaged compressed streams.
 *
 * The bombs are made here with zlib and libzstd: a few KiB that inflate to
 * far more than the limit. The loader must refuse them with
 * KILN_FORMAT_ERROR_TOO_LARGE and a message naming the limit and the option that
 * raises it, having allocated no more than the limit. Damaged streams must
 * give what decoded before the damage, with a warning saying where.
 */
#include "kiln-test-util.h"
#include "kiln-fuzz-check.h"
#include "hostile-util.h"
#include "formats/kiln-decompress.h"

#include <zlib.h>
#include <zstd.h>

static GByteArray *zstd_bytes(const guint8 *data, gsize len, int window_log)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
    /* As a pipe would write it: no content size, so the frame carries a
     * window descriptor and the decoder cannot size its output up front. */
    ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
    if (window_log)
        ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, window_log);
    gsize bound = ZSTD_compressBound(len);
    GByteArray *out = g_byte_array_sized_new((guint)bound);
    g_byte_array_set_size(out, (guint)bound);
    ZSTD_inBuffer in = {data, len, 0};
    ZSTD_outBuffer o = {out->data, bound, 0};
    size_t rc;
    do {
        rc = ZSTD_compressStream2(c, &o, &in, ZSTD_e_end);
        g_assert_false(ZSTD_isError(rc));
    } while (rc != 0);
    g_byte_array_set_size(out, (guint)o.pos);
    ZSTD_freeCCtx(c);
    return out;
}

static KilnProfile *load_limited(const GByteArray *b, guint64 limit, GError **error)
{
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.limits.max_decompressed = limit;
    KilnProfile *p = kiln_load_bytes(b->data, b->len, "bomb", &o, NULL, NULL, NULL, error);
    if (p)
        kiln_fuzz_check_profile(p);
    else
        kiln_fuzz_check_error(*error);
    return p;
}

static void expect_refused(const GByteArray *bomb, guint64 limit, const char *limit_text)
{
    GError *err = NULL;
    KilnProfile *p = load_limited(bomb, limit, &err);
    g_assert_null(p);
    g_test_message("%s", err->message);
    g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(err->message, limit_text));
    g_assert_nonnull(strstr(err->message, "--max-decompressed"));
    g_error_free(err);
}

static void test_gzip_bomb(void)
{
    /* 64 MiB of text → ~64 KiB of gzip; refused at 1 MiB. */
    g_autoptr(GByteArray) text = hostile_folded_text(64u << 20);
    g_autoptr(GByteArray) gz = hostile_gzip(text->data, text->len);
    g_assert_cmpuint(gz->len, <, 256u << 10);
    expect_refused(gz, 1u << 20, "1.0\xc2\xa0MiB"); /* g_format_size: no-break space */

    /* Below the limit, the same stream loads. */
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_limited(gz, 128u << 20, &err);
    g_assert_no_error(err);
    g_assert_cmpfloat(kiln_profile_total(p, 0, KILN_ROOT_NODE), ==, (double)(text->len / 17));
}

static void test_gzip_concatenated_bomb(void)
{
    /* gzip -c a a a a … > b: members are joined, and the limit applies to
     * the whole, not to each member. */
    g_autoptr(GByteArray) text = hostile_folded_text(1u << 20);
    g_autoptr(GByteArray) gz = hostile_gzip(text->data, text->len);
    g_autoptr(GByteArray) many = g_byte_array_new();
    for (int i = 0; i < 40; i++)
        g_byte_array_append(many, gz->data, gz->len);
    expect_refused(many, 16u << 20, "16.0\xc2\xa0MiB");
}

static void test_zstd_bomb(void)
{
    g_autoptr(GByteArray) text = hostile_folded_text(64u << 20);
    g_autoptr(GByteArray) zst = zstd_bytes(text->data, text->len, 0);
    g_assert_cmpuint(zst->len, <, 256u << 10);
    expect_refused(zst, 1u << 20, "1.0\xc2\xa0MiB");
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_limited(zst, 128u << 20, &err);
    g_assert_no_error(err);
    g_assert_cmpfloat(kiln_profile_total(p, 0, KILN_ROOT_NODE), ==, (double)(text->len / 17));
}

static void test_zstd_huge_window(void)
{
    /* A frame that asks the decoder for a 2 GiB window: refused before any
     * such allocation, with an error rather than an abort. */
    g_autoptr(GByteArray) text = hostile_folded_text(4096);
    g_autoptr(GByteArray) zst = zstd_bytes(text->data, text->len, 0);
    /* Frame header: magic (4), descriptor (1), window descriptor (1). */
    g_assert_cmpuint(zst->data[4] & 0x20, ==, 0); /* not single-segment */
    zst->data[5] = (guint8)((31 - 10) << 3);     /* windowLog 31 */
    GError *err = NULL;
    KilnProfile *p = load_limited(zst, 1u << 30, &err);
    g_assert_null(p);
    g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID);
    g_error_free(err);
}

static void test_damaged_streams_partial(void)
{
    g_autoptr(GByteArray) text = hostile_folded_text(1u << 20);
    g_autoptr(GByteArray) gz = hostile_gzip(text->data, text->len);
    g_autoptr(GByteArray) zst = zstd_bytes(text->data, text->len, 0);
    GByteArray *streams[] = {gz, zst};
    for (guint s = 0; s < 2; s++) {
        GByteArray *c = streams[s];
        /* Cut in the middle: what decoded is shown, with a warning. */
        g_autoptr(GByteArray) cut = g_byte_array_new();
        g_byte_array_append(cut, c->data, c->len / 2);
        GError *err = NULL;
        g_autoptr(KilnProfile) p = load_limited(cut, 1u << 30, &err);
        g_assert_no_error(err);
        g_assert_cmpuint(p->warnings->len, >=, 1);
        g_assert_nonnull(strstr(p->warnings->pdata[0], "damaged at byte"));
        double total = kiln_profile_total(p, 0, KILN_ROOT_NODE);
        g_assert_cmpfloat(total, >, 0);
        g_assert_cmpfloat(total, <, (double)(text->len / 17));

        /* Only the header: nothing decoded, a clean error. */
        g_byte_array_set_size(cut, s == 0 ? 10 : 6);
        KilnProfile *q = load_limited(cut, 1u << 30, &err);
        g_assert_null(q);
        g_clear_error(&err);

        /* Corrupt right after the header: the error says which wrapper and
         * where, not just zlib's "invalid code lengths set". */
        g_byte_array_set_size(cut, 0);
        g_byte_array_append(cut, c->data, c->len);
        for (guint i = s == 0 ? 10 : 6; i < 40; i++)
            cut->data[i] ^= 0xa5;
        q = load_limited(cut, 1u << 30, &err);
        g_assert_null(q);
        g_test_message("%s", err->message);
        /* zstd refuses the bad frame without consuming it: "from its start". */
        g_assert_true(
            g_str_has_prefix(err->message, s == 0 ? "The gzip data is damaged at byte"
                                                  : "The zstd data is damaged from its start"));
        g_clear_error(&err);

        /* A frame header zstd refuses without consuming it: the message
         * says "from its start", never "at byte 0". */
        if (s == 1) {
            static const guint8 bad[] = {0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0, 'g', 'a', 'r',
                                         'b',  'a',  'g',  'e',  0, 0, 0, 0, 0,   0,   0};
            g_byte_array_set_size(cut, 0);
            g_byte_array_append(cut, bad, sizeof bad);
            q = load_limited(cut, 1u << 30, &err);
            g_assert_null(q);
            g_assert_true(g_str_has_prefix(
                err->message, "The zstd data is damaged from its start (22 bytes), before"));
            g_clear_error(&err);
        }

        /* Every truncation of the first 200 bytes, and garbage after the
         * magic: always clean. */
        for (guint n = 0; n < MIN(200u, c->len); n++) {
            g_autoptr(GByteArray) t = g_byte_array_new();
            g_byte_array_append(t, c->data, n);
            KilnProfile *r = load_limited(t, 1u << 30, &err);
            if (r)
                kiln_profile_unref(r);
            g_clear_error(&err);
        }
    }
}

static void test_trailing_garbage_after_gzip(void)
{
    g_autoptr(GByteArray) text = hostile_folded_text(1000);
    g_autoptr(GByteArray) gz = hostile_gzip(text->data, text->len);
    g_byte_array_append(gz, (const guint8 *)"\0\0\0\0garbage", 11);
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_limited(gz, 1u << 20, &err);
    g_assert_no_error(err);
    g_assert_cmpfloat(kiln_profile_total(p, 0, KILN_ROOT_NODE), ==, (double)(1000 / 17));
}

static void test_limit_is_exact(void)
{
    /* The decoders themselves: exactly the limit passes, one byte more is
     * refused, and nothing past the limit is ever handed out. */
    g_autoptr(GByteArray) text = hostile_folded_text(100000);
    g_autoptr(GByteArray) gz = hostile_gzip(text->data, text->len);
    g_autoptr(GByteArray) zst = zstd_bytes(text->data, text->len, 0);
    for (int z = 0; z < 2; z++) {
        GByteArray *c = z ? zst : gz;
        guint8 *(*dec)(const guint8 *, gsize, guint64, gsize *, char **, GError **) =
            z ? kiln_unzstd : kiln_gunzip;
        gsize out_len = 0;
        GError *err = NULL;
        g_autofree guint8 *ok = dec(c->data, c->len, text->len, &out_len, NULL, &err);
        g_assert_no_error(err);
        g_assert_cmpuint(out_len, ==, text->len);
        g_assert_true(memcmp(ok, text->data, text->len) == 0);
        guint8 *bad = dec(c->data, c->len, text->len - 1, &out_len, NULL, &err);
        g_assert_null(bad);
        g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TOO_LARGE);
        g_clear_error(&err);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile/bombs/gzip", test_gzip_bomb);
    g_test_add_func("/hostile/bombs/gzip-concatenated", test_gzip_concatenated_bomb);
    g_test_add_func("/hostile/bombs/zstd", test_zstd_bomb);
    g_test_add_func("/hostile/bombs/zstd-huge-window", test_zstd_huge_window);
    g_test_add_func("/hostile/bombs/damaged-streams", test_damaged_streams_partial);
    g_test_add_func("/hostile/bombs/trailing-garbage", test_trailing_garbage_after_gzip);
    g_test_add_func("/hostile/bombs/limit-is-exact", test_limit_is_exact);
    return g_test_run();
}
