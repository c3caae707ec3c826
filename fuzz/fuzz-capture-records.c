/* fuzz-capture-records.c — libFuzzer target: the ring-buffer record
 * splitter of live capture, and the perf event model behind it, on any
 * bytes. Input: u32 tail, u32 head offset from tail, then the ring (its
 * size rounded down to a power of two). Records are kernel data, but a
 * reader that trusts them walks off the ring on one bad size. */
#include "kiln-fuzz.h"

#include "capture/kiln-capture-records.h"
#include "perf/kiln-perf-session.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kiln_fuzz_init();
    return 0;
}

typedef struct {
    KilnPerfSession *s;
    gsize ring_size;
    guint n;
} Feed;

static void on_record(gpointer user, const guint8 *rec, gsize size)
{
    Feed *f = user;
    KILN_FUZZ_CHECK(size >= 8 && size % 8 == 0 && size <= f->ring_size);
    f->n++;
    kiln_perf_session_record(f->s, rec, size, KILN_PERF_ATTR_FROM_ID, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    uint32_t tail, len;
    memcpy(&tail, data, 4);
    memcpy(&len, data + 4, 4);
    size_t ring = 1;
    while (ring * 2 <= size - 8)
        ring *= 2;
    if (size - 8 < 8)
        return 0;
    /* An exact-size heap copy so ASan sees a read one byte past the ring. */
    guint8 *copy = g_malloc(ring);
    memcpy(copy, data + 8, ring);

    /* The layout live capture records with (kiln-capture-events.c). */
    g_autoptr(KilnPerfEvents) ev = kiln_perf_events_new();
    KilnPerfAttr *a = g_new0(KilnPerfAttr, 1);
    a->type = 1;
    a->size = 128;
    a->sample_type = (1u << 16) | 1 | 2 | 4 | (1u << 7) | (1u << 8) | (1u << 5) | (1u << 12) |
                     (1u << 13);
    a->sample_regs_user = 0xff0fff;
    a->flags = UINT64_C(1) << 18;
    a->name = g_strdup("cpu-clock");
    uint64_t id = 7;
    kiln_perf_events_add(ev, a, &id, 1);
    kiln_perf_events_finish(ev);
    KilnPerfOptions o = {.events = ev, .no_symbols = TRUE};
    KilnBuilder *b = kiln_builder_new(NULL);
    KilnPerfSession s;
    kiln_perf_session_init(&s, b, &o);
    Feed f = {.s = &s, .ring_size = ring};
    g_autoptr(GByteArray) scratch = g_byte_array_new();
    uint64_t bad = 0;
    uint64_t t0 = tail, h = t0 + len;
    guint n = kiln_capture_records_split(copy, ring, t0, h, scratch, on_record, &f, &bad);
    KILN_FUZZ_CHECK(n == f.n);
    kiln_perf_session_round(&s, NULL);
    kiln_perf_session_finish(&s, NULL);
    kiln_perf_session_clear(&s);
    kiln_profile_unref(kiln_builder_finish(b));
    kiln_builder_free(b);
    g_free(copy);
    return 0;
}
