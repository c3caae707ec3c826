/* test-capture-records.c — the ring-buffer record splitter (wrapping
 * records, bad sizes, a head past the ring) and the refusal messages,
 * which must name the fix and never be a bare errno. */
#include "kiln-test-util.h"

#include "capture/kiln-capture-access.h"
#include "capture/kiln-capture-records.h"

#include <errno.h>

typedef struct {
    guint n;
    gsize sizes[16];
    uint32_t types[16];
} Seen;

static void on_record(gpointer user, const guint8 *rec, gsize size)
{
    Seen *s = user;
    if (s->n < 16) {
        s->sizes[s->n] = size;
        memcpy(&s->types[s->n], rec, 4);
    }
    s->n++;
}

/* Writes a record header (type, size) at ring offset `at`, wrapping. */
static void put_header(guint8 *ring, gsize ring_size, uint64_t at, uint32_t type, uint16_t size)
{
    guint8 h[8] = {0};
    memcpy(h, &type, 4);
    memcpy(h + 6, &size, 2);
    for (int i = 0; i < 8; i++)
        ring[(at + i) & (ring_size - 1)] = h[i];
}

static void test_wrap(void)
{
    guint8 ring[64] = {0};
    /* Three records from offset 40: 16 bytes (40..55), 24 bytes wrapping
     * (56..79 = 56..63 + 0..15), 8 bytes (16..23). */
    put_header(ring, 64, 40, 9, 16);
    put_header(ring, 64, 56, 3, 24);
    for (int i = 8; i < 24; i++)
        ring[(56 + i) & 63] = (guint8)(0xa0 + i);
    put_header(ring, 64, 80, 68, 8);
    g_autoptr(GByteArray) scratch = g_byte_array_new();
    Seen s = {0};
    uint64_t bad = 0;
    guint n = kiln_capture_records_split(ring, 64, 40, 88, scratch, on_record, &s, &bad);
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpuint(bad, ==, 0);
    g_assert_cmpuint(s.sizes[0], ==, 16);
    g_assert_cmpuint(s.types[1], ==, 3);
    g_assert_cmpuint(s.sizes[1], ==, 24);
    /* The wrapped record was copied whole: its last byte is the ring's 15. */
    g_assert_cmpuint(scratch->data[23], ==, 0xa0 + 23);
    g_assert_cmpuint(s.types[2], ==, 68);
}

static void test_bad(void)
{
    guint8 ring[64] = {0};
    g_autoptr(GByteArray) scratch = g_byte_array_new();
    uint64_t bad = 0;
    Seen s = {0};
    /* Size 0: would loop forever if trusted. */
    put_header(ring, 64, 0, 9, 0);
    g_assert_cmpuint(kiln_capture_records_split(ring, 64, 0, 32, scratch, on_record, &s, &bad), ==,
                     0);
    g_assert_cmpuint(bad, ==, 1);
    /* A size past head, and one not a multiple of 8. */
    put_header(ring, 64, 0, 9, 48);
    g_assert_cmpuint(kiln_capture_records_split(ring, 64, 0, 32, scratch, on_record, &s, &bad), ==,
                     0);
    put_header(ring, 64, 0, 9, 12);
    g_assert_cmpuint(kiln_capture_records_split(ring, 64, 0, 32, scratch, on_record, &s, &bad), ==,
                     0);
    g_assert_cmpuint(bad, ==, 3);
    /* A head more than a ring ahead, a ring that is not a power of two. */
    g_assert_cmpuint(kiln_capture_records_split(ring, 64, 0, 72, scratch, on_record, &s, &bad), ==,
                     0);
    g_assert_cmpuint(kiln_capture_records_split(ring, 48, 0, 8, scratch, on_record, &s, &bad), ==,
                     0);
    g_assert_cmpuint(bad, ==, 5);
    /* A trailing partial header. */
    put_header(ring, 64, 0, 9, 8);
    g_assert_cmpuint(kiln_capture_records_split(ring, 64, 0, 12, scratch, on_record, &s, &bad), ==,
                     1);
    g_assert_cmpuint(bad, ==, 6);
    g_assert_cmpuint(s.n, ==, 1);
}

static void test_refusals(void)
{
    KilnCaptureAccess a = {.paranoid = 3};
    g_autofree char *m3 = kiln_capture_access_refusal(&a, EACCES, FALSE);
    g_assert_nonnull(strstr(m3, "sysctl kernel.perf_event_paranoid=2"));
    g_assert_nonnull(strstr(m3, "CAP_PERFMON"));
    a.paranoid = 2;
    g_autofree char *sys = kiln_capture_access_refusal(&a, EACCES, TRUE);
    g_assert_nonnull(strstr(sys, "sysctl kernel.perf_event_paranoid=0"));
    a.flatpak = TRUE;
    g_autofree char *fp = kiln_capture_access_refusal(&a, EPERM, FALSE);
    g_assert_nonnull(strstr(fp, "flatpak override --user --allow=devel org.kiln.Kiln"));
    a.flatpak = FALSE;
    /* Every errno gives a sentence, not "Permission denied" alone. */
    int errs[] = {ENOENT, ENOSYS, EMFILE, ESRCH, EINVAL, EBUSY};
    for (gsize i = 0; i < G_N_ELEMENTS(errs); i++) {
        g_autofree char *m = kiln_capture_access_refusal(&a, errs[i], FALSE);
        g_assert_cmpuint(strlen(m), >, 30);
        g_assert_true(g_str_has_suffix(m, "."));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/capture/records/wrap", test_wrap);
    g_test_add_func("/capture/records/bad", test_bad);
    g_test_add_func("/capture/access/refusals", test_refusals);
    return g_test_run();
}
