/* test-perf-model.c — the perf event model (src/perf/) on its own, fed the
 * way live capture will feed it: a KilnPerfOptions filled by hand (no
 * perf.data header), kernel records as bytes with the event each came
 * from, into a builder. Two events (cpu-clock, then cycles:u), a COMM and
 * an MMAP, samples out of time order across one round, a record of an
 * unknown event index. No symbols: frames are [file] names as perf script
 * prints them without binaries.
 */
#include "kiln-test-util.h"

#include "perf/kiln-perf-format.h"
#include "perf/kiln-perf-session.h"

#define ST                                                                                         \
    (PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_PERIOD |                    \
     PERF_SAMPLE_CALLCHAIN)

static void put(GByteArray *b, uint64_t v, int n)
{
    g_byte_array_append(b, (const guint8 *)&v, (guint)n); /* little-endian host */
}

static void header(GByteArray *b, uint32_t type, uint16_t misc)
{
    g_byte_array_set_size(b, 0);
    put(b, type, 4);
    put(b, misc, 2);
    put(b, 0, 2); /* size, patched by finish() */
}

static void finish(GByteArray *b)
{
    while (b->len % 8)
        put(b, 0, 1);
    uint16_t size = (uint16_t)b->len;
    memcpy(b->data + 6, &size, 2);
}

/* A sample: ip, pid/tid, time, period, a callchain of user addresses. */
static void sample(GByteArray *b, uint64_t time, uint64_t period, const uint64_t *chain, guint n)
{
    header(b, PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER);
    put(b, chain[0], 8);
    put(b, 42, 4);
    put(b, 42, 4);
    put(b, time, 8);
    put(b, period, 8);
    put(b, n + 1, 8);
    put(b, PERF_CONTEXT_USER, 8);
    for (guint i = 0; i < n; i++)
        put(b, chain[i], 8);
    finish(b);
}

static KilnPerfAttr *attr(uint32_t type, uint64_t config, const char *name)
{
    KilnPerfAttr *a = g_new0(KilnPerfAttr, 1);
    a->type = type;
    a->config = config;
    a->sample_type = ST;
    a->flags = PERF_ATTR_FLAG_SAMPLE_ID_ALL; /* time-ordered, trailers on side-band records */
    a->name = g_strdup(name);
    return a;
}

static void test_records_in_samples_out(void)
{
    g_autoptr(KilnPerfEvents) ev = kiln_perf_events_new();
    kiln_perf_events_add(ev, attr(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, "cpu-clock"), NULL,
                         0);
    kiln_perf_events_add(ev, attr(PERF_TYPE_HARDWARE, 0, "cycles:u"), NULL, 0);
    kiln_perf_events_finish(ev);
    KilnPerfOptions o = {.events = ev, .no_symbols = TRUE};
    KilnBuilder *b = kiln_builder_new(NULL);
    KilnPerfSession s;
    kiln_perf_session_init(&s, b, &o);
    GByteArray *r = g_byte_array_new();
    GError *err = NULL;

    header(r, PERF_RECORD_COMM, 0);
    put(r, 42, 4);
    put(r, 42, 4);
    g_byte_array_append(r, (const guint8 *)"prog\0\0\0", 8);
    put(r, UINT64_C(42) << 32 | 42, 8); /* sample_id trailer: pid/tid, time */
    put(r, 50, 8);
    finish(r);
    g_assert_true(kiln_perf_session_record(&s, r->data, r->len, 0, &err));
    header(r, PERF_RECORD_MMAP, PERF_RECORD_MISC_USER);
    put(r, 42, 4);
    put(r, 42, 4);
    put(r, 0x400000, 8); /* start */
    put(r, 0x10000, 8);  /* len */
    put(r, 0, 8);        /* pgoff */
    g_byte_array_append(r, (const guint8 *)"/opt/prog\0\0\0\0\0\0", 16);
    put(r, UINT64_C(42) << 32 | 42, 8);
    put(r, 60, 8);
    finish(r);
    g_assert_true(kiln_perf_session_record(&s, r->data, r->len, 0, &err));

    const uint64_t deep[] = {0x400100, 0x400200}, flat[] = {0x500000};
    sample(r, 300, 1000000, deep, 2); /* cpu-clock, 1 ms */
    g_assert_true(kiln_perf_session_record(&s, r->data, r->len, 0, &err));
    sample(r, 100, 1000000, flat, 1); /* cpu-clock, unmapped address */
    g_assert_true(kiln_perf_session_record(&s, r->data, r->len, 0, &err));
    sample(r, 200, 7000, deep, 2); /* cycles:u */
    g_assert_true(kiln_perf_session_record(&s, r->data, r->len, 1, &err));
    /* An index the options do not have: the record's id decides (0). */
    sample(r, 250, 2000000, deep, 1);
    g_assert_true(kiln_perf_session_record(&s, r->data, r->len, 9, &err));
    g_assert_true(kiln_perf_session_round(&s, &err));
    g_assert_true(kiln_perf_session_finish(&s, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(s.n_samples, ==, 4);
    g_assert_cmpuint(s.n_comms, ==, 1);
    g_assert_cmpuint(s.n_mmaps, ==, 1);
    kiln_perf_session_clear(&s);
    g_byte_array_unref(r);

    g_autoptr(KilnProfile) p = kiln_builder_finish(b);
    kiln_builder_free(b);
    g_assert_cmpuint(p->n_types, ==, 3);
    g_assert_cmpstr(kiln_profile_string(p, p->types[0].name), ==, "samples");
    g_assert_cmpstr(kiln_profile_string(p, p->types[1].name), ==, "cpu-clock");
    g_assert_cmpstr(kiln_profile_string(p, p->types[1].unit), ==, "nanoseconds");
    g_assert_cmpstr(kiln_profile_string(p, p->types[2].name), ==, "cycles");
    g_assert_cmpstr(kiln_profile_string(p, p->types[2].unit), ==, "count");
    /* The first sample in time is a cpu-clock one: that is the default. */
    g_assert_cmpuint(p->default_type, ==, 1);
    g_autofree char *cpu = kiln_test_folded(p, 1);
    g_assert_cmpstr(cpu, ==,
                    "prog;[prog] 2000000\nprog;[prog];[prog] 1000000\nprog;[unknown] 1000000\n");
    g_autofree char *cycles = kiln_test_folded(p, 2);
    g_assert_cmpstr(cycles, ==, "prog;[prog];[prog] 7000\n");
    /* Delivered in time order (the queue): 100, 200, 250, 300. */
    g_assert_cmpuint(p->n_samples, ==, 4);
    for (uint64_t i = 1; i < p->n_samples; i++)
        g_assert_cmpuint(p->sample_time[i - 1], <, p->sample_time[i]);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/perf/model/records-in-samples-out", test_records_in_samples_out);
    return g_test_run();
}
