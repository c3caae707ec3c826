/* test-hostile-perf-script.c — `perf script` text built to hurt: a
 * million-frame stack, a megabyte symbol, addresses of 40 hex digits,
 * periods past 2^64, events without stacks and stacks without events,
 * NUL bytes and invalid UTF-8 in process and symbol names, a CR-only file.
 * Each must load (with a warning where something was skipped) or fail with
 * a clean KILN_FORMAT_ERROR, pass the fuzzers' checks, and stay fast.
 */
#include "kiln-test-util.h"
#include "kiln-fuzz-check.h"

static KilnProfile *load(const GString *text, const char *what, const KilnLoadOptions *o)
{
    const KilnImporter *imp = kiln_importer_find("perf-script");
    KilnProfile *first = NULL;
    for (int pass = 0; pass < 2; pass++) {
        GError *err = NULL;
        gint64 t0 = g_get_monotonic_time();
        KilnProfile *p =
            pass ? kiln_load_bytes((const guint8 *)text->str, text->len, what, o, NULL, NULL,
                                   NULL, &err)
                 : kiln_load_bytes_as(imp, (const guint8 *)text->str, text->len, what, o, NULL,
                                      NULL, NULL, &err);
        g_assert_cmpint(g_get_monotonic_time() - t0, <, 10 * KILN_FUZZ_SLOWDOWN * G_USEC_PER_SEC);
        if (!p) {
            kiln_fuzz_check_error(err);
            g_test_message("%s%s: %s", what, pass ? " (sniffed)" : "", err->message);
            g_error_free(err);
            continue;
        }
        kiln_fuzz_check_profile(p);
        g_test_message("%s%s: loaded as %s, %u nodes, %u warnings", what,
                       pass ? " (sniffed)" : "", p->format, p->n_nodes,
                       p->warnings ? p->warnings->len : 0);
        if (!first && pass == 0)
            first = p;
        else
            kiln_profile_unref(p);
    }
    return first;
}

static const char event[] = "prog 1234/1234 100.000001: 250000 cpu-clock: \n";

static void test_million_frames(void)
{
    GString *s = g_string_new(event);
    for (int i = 0; i < 1000000; i++)
        g_string_append_printf(s, "\t%12x f%d (/usr/bin/prog)\n", 0x400000 + i, i);
    g_string_append(s, "\n");
    g_string_append(s, event);
    g_string_append(s, "\t      400000 main (/usr/bin/prog)\n\n");
    g_autoptr(KilnProfile) p = load(s, "1M-frame stack", NULL);
    g_string_free(s, TRUE);
    g_assert_nonnull(p);
    /* Truncated at the default depth: root + comm frame + frames. */
    for (uint32_t i = 0; i < p->n_nodes; i++)
        g_assert_cmpuint(p->nodes[i].depth, <=, KILN_DEFAULT_MAX_DEPTH);
    g_assert_cmpfloat(kiln_profile_total(p, p->default_type, KILN_ROOT_NODE), >, 0);
}

static void test_odd_lines(void)
{
    GString *s = g_string_new(NULL);
    /* A stack with no event line before it. */
    g_string_append(s, "\t      400000 orphan (/usr/bin/prog)\n\n");
    /* A megabyte symbol. */
    g_string_append(s, event);
    g_string_append(s, "\t      400000 ");
    for (int i = 0; i < (1 << 20); i++)
        g_string_append_c(s, 'S');
    g_string_append(s, " (/usr/bin/prog)\n\n");
    /* Addresses and periods past 64 bits. */
    g_string_append(s, "prog 1234/1234 100.000002: 99999999999999999999999999 cpu-clock: \n");
    g_string_append(s, "\tffffffffffffffffffffffffffffffffffffffff big (/usr/bin/prog)\n\n");
    /* NUL, invalid UTF-8 and ESC in the process and symbol names. */
    static const char bad_event[] = "pr\0g\xff\x1b[2J 1234/1234 100.000003: 1 cpu-clock: \n";
    static const char bad_frame[] = "\t      400000 sym\0bol\xc3 (/usr/bin/\xfe)\n\n";
    g_string_append_len(s, bad_event, sizeof bad_event - 1);
    g_string_append_len(s, bad_frame, sizeof bad_frame - 1);
    /* An event with no stack; garbage; a lone tab. */
    g_string_append(s, event);
    g_string_append(s, "\n%%%% not perf script at all %%%%\n\t\n");
    /* pid/tid that overflow. */
    g_string_append(s, "prog 99999999999999999999/99999999999999999999 1.0: 1 cpu-clock: \n");
    g_string_append(s, "\t      400000 main (/usr/bin/prog)\n\n");
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    for (int flags = 0; flags < 32; flags += 31) {
        o.perf_pid = o.perf_tid = o.perf_kernel = o.perf_jit = o.perf_addrs = flags != 0;
        g_autoptr(KilnProfile) p = load(s, flags ? "odd lines, all options" : "odd lines", &o);
        if (p)
            g_assert_cmpuint(p->warnings ? p->warnings->len : 0, >, 0);
    }
    g_string_free(s, TRUE);
}

static void test_carriage_returns_only(void)
{
    /* Old Mac line ends: one enormous line. */
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 20000; i++)
        g_string_append(s, "prog 1/1 1.0: 1 cpu-clock: \r\t 400000 main (/bin/prog)\r\r");
    g_autoptr(KilnProfile) p = load(s, "CR line ends", NULL);
    g_string_free(s, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile/perf-script/million-frames", test_million_frames);
    g_test_add_func("/hostile/perf-script/odd-lines", test_odd_lines);
    g_test_add_func("/hostile/perf-script/cr-only", test_carriage_returns_only);
    return g_test_run();
}
