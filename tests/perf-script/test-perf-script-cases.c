/* test-perf-script-cases.c — hand-made `perf script` texts, one per odd
 * case of stackcollapse-perf.pl's rules and of Kiln's own choices, with
 * the exact folded output each must give. */
#include "kiln-test-util.h"
#include "formats/perf-script/kiln-perf-script-event.h"
#include "formats/perf-script/kiln-perf-script-frame.h"
#include "formats/perf-script/kiln-perf-script-types.h"

#include <string.h>

typedef struct {
    gboolean pid, tid, kernel, jit, addrs;
} Opts;

static KilnProfile *load(const char *text, const Opts *opts, GError **error)
{
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    if (opts) {
        o.perf_pid = opts->pid;
        o.perf_tid = opts->tid;
        o.perf_kernel = opts->kernel;
        o.perf_jit = opts->jit;
        o.perf_addrs = opts->addrs;
    }
    return kiln_load_bytes_as(kiln_importer_find("perf-script"), (const guint8 *)text, strlen(text),
                              "case", &o, NULL, NULL, NULL, error);
}

static char *folded(const char *text, const Opts *opts)
{
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(text, opts, &err);
    g_assert_no_error(err);
    return kiln_test_folded(p, G_MAXUINT32);
}

static void check(const char *text, const Opts *opts, const char *expected)
{
    g_autofree char *got = folded(text, opts);
    g_assert_cmpstr(got, ==, expected);
}

static gboolean has_warning(const KilnProfile *p, const char *w)
{
    for (guint i = 0; i < p->warnings->len; i++)
        if (!strcmp(g_ptr_array_index(p->warnings, i), w))
            return TRUE;
    return FALSE;
}

static void assert_warning(const KilnProfile *p, const char *w)
{
    if (!has_warning(p, w)) {
        for (guint i = 0; i < p->warnings->len; i++)
            g_printerr("warning: %s\n", (const char *)g_ptr_array_index(p->warnings, i));
        g_error("missing warning: %s", w);
    }
}

static const char comm_spaces[] = "V8 WorkerThread 24636/25607 [000] 94564.109216: 100 cycles:\n"
                                  "\t7f00 foo+0x10 (/usr/bin/node)\n"
                                  "        7f01 main (/usr/bin/node)\n"
                                  "\n";

static void test_comm_with_spaces(void)
{
    check(comm_spaces, NULL, "V8_WorkerThread;main;foo 100\n");
    check(comm_spaces, &(Opts){.pid = TRUE}, "V8_WorkerThread-24636;main;foo 100\n");
    check(comm_spaces, &(Opts){.tid = TRUE}, "V8_WorkerThread-24636/25607;main;foo 100\n");
}

static void test_no_pid(void)
{
    const char *t = "java 25607 4794564.109216: 1 cycles:\n\t1 foo (/x)\n\n";
    check(t, NULL, "java;foo 1\n");
    check(t, &(Opts){.pid = TRUE}, "java-?;foo 1\n");
    check(t, &(Opts){.tid = TRUE}, "java-?/25607;foo 1\n");
    /* Perl's `not $tid`: a TID of "0" counts as missing. */
    check("swapper 5/0 [000] 1.0: 3 cycles:\n\t1 idle (/x)\n\n", &(Opts){.tid = TRUE},
          "swapper-?/5;idle 3\n");
}

static const char two_events[] = "ab 1 1.0: 10 instructions:\n\t1 f (/x)\n\n"
                                 "ab 1 1.1: 20 cycles:u:\n\t1 g (/x)\n\n"
                                 "ab 1 1.2: 30 instructions:\n\t1 h (/x)\n\n";

/* Every event is its own sample type, named without modifiers; the first
 * is the default (what stackcollapse-perf.pl keeps); "samples" counts all. */
static void test_every_event(void)
{
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(two_events, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->n_types, ==, 3);
    int ins = kiln_profile_find_type(p, "instructions");
    int cyc = kiln_profile_find_type(p, "cycles");
    g_assert_cmpint(kiln_profile_find_type(p, "samples"), ==, 0);
    g_assert_cmpint(ins, ==, 1);
    g_assert_cmpint(cyc, ==, 2);
    g_assert_cmpuint(p->default_type, ==, (uint32_t)ins);
    g_assert_cmpstr(kiln_profile_string(p, p->types[ins].unit), ==, "count");
    g_autofree char *def = kiln_test_folded(p, G_MAXUINT32);
    g_assert_cmpstr(def, ==, "ab;f 10\nab;h 30\n");
    g_autofree char *cycles = kiln_test_folded(p, (uint32_t)cyc);
    g_assert_cmpstr(cycles, ==, "ab;g 20\n");
    g_autofree char *all = kiln_test_folded(p, 0);
    g_assert_cmpstr(all, ==, "ab;f 1\nab;g 1\nab;h 1\n");
    g_assert_cmpuint(p->warnings->len, ==, 0);
    g_assert_cmpstr(kiln_profile_get_property(p, "Events"), ==, "instructions, cycles:u");
    /* The clocks' periods are nanoseconds; an event first seen late still
     * gets its type; "cycles" and "cycles:u" both there keep their names. */
    const char *clocks = "ab 1 1.0: 250000 cpu-clock:pppH:\n\t1 f (/x)\n\n"
                         "ab 1 1.1: 5 cycles:\n\t1 f (/x)\n\n"
                         "ab 1 1.2: 7 cycles:u:\n\t1 g (/x)\n\n"
                         "ab 1 1.3: 250000 task-clock:\n\t1 g (/x)\n\n";
    g_autoptr(KilnProfile) c = load(clocks, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(c->n_types, ==, 5);
    int cpu = kiln_profile_find_type(c, "cpu-clock");
    int task = kiln_profile_find_type(c, "task-clock");
    g_assert_cmpuint(c->default_type, ==, (uint32_t)cpu);
    g_assert_cmpstr(kiln_profile_string(c, c->types[cpu].unit), ==, "nanoseconds");
    g_assert_cmpstr(kiln_profile_string(c, c->types[task].unit), ==, "nanoseconds");
    g_assert_cmpint(kiln_profile_find_type(c, "cycles"), >, 0);
    g_assert_cmpint(kiln_profile_find_type(c, "cycles:u"), >, 0);
    g_assert_cmpfloat(kiln_profile_total(c, (uint32_t)task, KILN_ROOT_NODE), ==, 250000);
    /* Without periods a clock counts samples. */
    g_autoptr(KilnProfile) np =
        load("ff 1 cpu-clock: \n\t1 f (/x)\n\nff 1 cpu-clock: \n\t1 f (/x)\n\n", NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(kiln_profile_string(np, np->types[np->default_type].unit), ==, "count");
}

static void test_modifiers(void)
{
    const struct {
        const char *in, *base;
    } cases[] = {
        {"cpu-clock:pppH", "cpu-clock"},
        {"cycles:u", "cycles"},
        {"sched:sched_switch", "sched:sched_switch"},
        {"cpu/cycles/u", "cpu/cycles/"},
        {"instructions", "instructions"},
        {"probe_x:main", "probe_x:main"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        gsize n = kiln_perf_script_types_base_len(cases[i].in, strlen(cases[i].in));
        g_autofree char *got = g_strndup(cases[i].in, n);
        g_assert_cmpstr(got, ==, cases[i].base);
    }
}

static void test_empty_stacks(void)
{
    /* An event with no frames is the bare process name (Perl), and a
     * period of 0 weighs 1. */
    check("ab 1 1.0: 5 cycles:\n\nab 1 1.1: 7 cycles:\n\t1 f (/x)\n\n"
          "ab 1 1.2: 0 cycles:\n\t1 f (/x)\n\n",
          NULL, "ab 5\nab;f 8\n");
    /* No period at all: every event weighs 1. */
    check("func_ab 15294 cpu-clock: \n\t1 f (/x)\n\nfunc_ab 15294 cpu-clock: \n\t1 f (/x)\n\n",
          NULL, "func_ab;f 2\n");
}

static void test_missing_paren(void)
{
    const char *t = "ab 1 1.0: 5 cycles:\n\t1 f (/x)\n\t2 start_thread (/lib/x86_64-linux-gnu\n"
                    "\t3 g (/y)\n\n";
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(t, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *got = kiln_test_folded(p, G_MAXUINT32);
    g_assert_cmpstr(got, ==, "ab;g;f 5\n");
    assert_warning(p, "Skipped 1 line that is neither an event nor a stack line (the first is line "
                      "3: \"\\t2 start_thread (/lib/x86_64-linux-gnu\")");
    /* Bytes from the file reach messages as valid UTF-8 with control
     * characters escaped. */
    g_autoptr(KilnProfile) q =
        load("ab 1 1.0: 5 cycles:\n\t1 f (/x)\n\t\xa0\x01 junk\n\n", NULL, &err);
    g_assert_no_error(err);
    assert_warning(q, "Skipped 1 line that is neither an event nor a stack line (the first is line "
                      "3: \"\\t\xef\xbf\xbd\\x01 junk\")");
}

static void test_trailing_event(void)
{
    /* Like the Perl script, an unterminated last event is left out... */
    const char *t = "ab 1 1.0: 5 cycles:\n\t1 f (/x)\n\nab 1 1.1: 7 cycles:\n\t1 g (/x)\n";
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(t, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *got = kiln_test_folded(p, G_MAXUINT32);
    g_assert_cmpstr(got, ==, "ab;f 5\n");
    assert_warning(p, "The last event (line 4) has no blank line after it and was left out, as "
                      "stackcollapse-perf.pl does; the file may be cut short");
    /* ...unless it is the only one: then it is kept, with a warning. */
    g_autoptr(KilnProfile) one = load("ab 1 1.0: 5 cycles:\n\t1 f (/x)", NULL, &err);
    g_assert_no_error(err);
    g_autofree char *got1 = kiln_test_folded(one, G_MAXUINT32);
    g_assert_cmpstr(got1, ==, "ab;f 5\n");
    assert_warning(one, "The only event has no blank line after it; it is shown, though "
                        "stackcollapse-perf.pl would leave it out");
}

static const char tidy_text[] = "prog 1 1.0: 1 cycles:\n"
                                "\t1 std::vector<int>::push_back(int const&)+0x1f (/bin/prog)\n"
                                "\t2 net/http.(*Client).Do (/bin/prog)\n"
                                "\t3 ns::(anonymous namespace)::helper(int) (/bin/prog)\n"
                                "\t4 a;b \"quoted\" 'x' (/bin/prog)\n"
                                "\t5 [unknown] (/usr/lib/libfoo.so.1)\n"
                                "\t6 [unknown] ([unknown])\n"
                                "\t7 (deleted) (/bin/prog)\n"
                                "\t8 outer->inner->leaf (/bin/prog)\n"
                                "\n";

static void test_tidy(void)
{
    check(
        tidy_text, NULL,
        "prog;outer;inner_[i];leaf_[i];[unknown];[libfoo.so.1];a:b quoted x;"
        "ns::(anonymous namespace)::helper;net/http.(*Client).Do;std::vector<int>::push_back 1\n");
    check(
        tidy_text, &(Opts){.addrs = TRUE},
        "prog;outer;inner_[i];leaf_[i];[unknown <6>];[libfoo.so.1 <5>];a:b quoted x;"
        "ns::(anonymous namespace)::helper;net/http.(*Client).Do;std::vector<int>::push_back 1\n");
}

static const char kinds_text[] = "java 1 1.0: 1 cycles:\n"
                                 "\tffff do_syscall_64 ([kernel.kallsyms])\n"
                                 "\t2 Lcom/foo/Bar:::baz (/tmp/perf-123.map)\n"
                                 "\t3 [unknown] ([unknown])\n"
                                 "\t4 start (/boot/vmlinux)\n"
                                 "\n";

static void test_kinds(void)
{
    check(kinds_text, NULL, "java;start;[unknown];com/foo/Bar:::baz;do_syscall_64 1\n");
    check(kinds_text, &(Opts){.kernel = TRUE, .jit = TRUE},
          "java;start_[k];[unknown];com/foo/Bar:::baz_[j];do_syscall_64_[k] 1\n");
    check(kinds_text, &(Opts){.jit = TRUE},
          "java;start;[unknown];com/foo/Bar:::baz_[j];do_syscall_64 1\n");
    /* The Java 'L' goes only when the process name starts with "java". */
    g_autofree char *node = g_strdup(kinds_text);
    memcpy(node, "node", 4);
    check(node, NULL, "node;start;[unknown];Lcom/foo/Bar:::baz;do_syscall_64 1\n");

    /* Kinds are on the frames; names carry no suffix. */
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(kinds_text, &(Opts){.kernel = TRUE, .jit = TRUE}, &err);
    g_assert_no_error(err);
    guint seen = 0;
    for (uint32_t f = 0; f < p->n_frames; f++) {
        const char *name = kiln_profile_string(p, p->frames[f].name);
        g_assert_null(strstr(name, "_["));
        KilnFrameKind want = !strcmp(name, "java")                ? KILN_FRAME_ROOT
                             : !strcmp(name, "do_syscall_64")     ? KILN_FRAME_KERNEL
                             : !strcmp(name, "start")             ? KILN_FRAME_KERNEL
                             : !strcmp(name, "com/foo/Bar:::baz") ? KILN_FRAME_JIT
                                                                  : KILN_FRAME_NORMAL;
        g_assert_cmpint(p->frames[f].kind, ==, want);
        if (!strcmp(name, "do_syscall_64")) {
            g_assert_cmpstr(kiln_profile_string(p, p->frames[f].module), ==, "[kernel.kallsyms]");
            seen++;
        }
    }
    g_assert_cmpuint(seen, ==, 1);
}

static void test_samples_and_types(void)
{
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(comm_spaces, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->n_types, ==, 2);
    g_assert_cmpstr(kiln_profile_string(p, p->types[0].name), ==, "samples");
    g_assert_cmpstr(kiln_profile_string(p, p->types[0].unit), ==, "count");
    g_assert_cmpstr(kiln_profile_string(p, p->types[1].name), ==, "cycles");
    g_assert_cmpstr(kiln_profile_string(p, p->types[1].unit), ==, "count");
    g_assert_cmpuint(p->default_type, ==, 1);
    g_autofree char *samples = kiln_test_folded(p, 0);
    g_assert_cmpstr(samples, ==, "V8_WorkerThread;main;foo 1\n");
    g_assert_cmpuint(p->n_samples, ==, 1);
    g_assert_nonnull(p->sample_time);
    g_assert_cmpuint(p->sample_time[0], ==, G_GUINT64_CONSTANT(94564109216000));
    g_assert_nonnull(p->sample_thread);
    g_assert_cmpuint(p->sample_thread[0], ==, 25607);
    g_assert_cmpstr(p->format, ==, "perf-script");
}

static void test_header(void)
{
    const char *t = "# ========\n# captured on    : Tue Feb 21 03:35:44 2017\n"
                    "# hostname : i-xxx\n# os release : 3.13.0-105-generic\n"
                    "# cmdline : /usr/bin/perf record -F 49 -a -g -- sleep 60\n# ========\n#\n"
                    "sleep 7 [001] 1.0: 1 cpu-clock:\n\t1 f (/x)\n\n";
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(t, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(kiln_profile_get_property(p, "Host"), ==, "i-xxx");
    g_assert_cmpstr(kiln_profile_get_property(p, "OS release"), ==, "3.13.0-105-generic");
    g_assert_cmpstr(kiln_profile_get_property(p, "Captured on"), ==, "Tue Feb 21 03:35:44 2017");
    g_assert_cmpstr(kiln_profile_get_property(p, "Command line"), ==,
                    "/usr/bin/perf record -F 49 -a -g -- sleep 60");
    g_autofree char *got = kiln_test_folded(p, G_MAXUINT32);
    g_assert_cmpstr(got, ==, "sleep;f 1\n");
}

static const char pt_text[] =
    "            perf  3174   641.256820:          1       cycles:  ffffffffb96071f4 [unknown] "
    "([kernel.kallsyms])\n"
    "            echo  3174   641.256912:          1     cycles:      7fb36d08bd60 _start+0x4 "
    "(/lib64/ld-2.23.so) => ffffffffba001340 [unknown] ([kernel.kallsyms])\n"
    " instruction trace error type 1 time 641.256845844 cpu 3 pid 3174 tid 3174 ip 0x7 code 5: "
    "Failed to get instruction\n"
    "            echo  3174   641.257048:      44260       cycles:      7fb36d0a20b3 main+0x10 "
    "(/bin/echo)\n";

static void test_one_line_samples(void)
{
    /* Indented one-line samples (no call graph) and Intel PT branches:
     * each line is a sample at its own frame ("from" for a branch). */
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load(pt_text, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *got = kiln_test_folded(p, G_MAXUINT32);
    g_assert_cmpstr(got, ==, "echo;_start 1\necho;main 44260\nperf;[[kernel.kallsyms]] 1\n");
    assert_warning(p, "Skipped 1 Intel PT trace error line");
    const KilnImporter *best = kiln_importer_sniff((const guint8 *)pt_text, strlen(pt_text));
    g_assert_nonnull(best);
    g_assert_cmpstr(best->id, ==, "perf-script");
}

static void test_no_callgraph(void)
{
    /* perf record without -g: event lines and blank lines only. */
    const char *t = "fork 18175  4226.737904:    5000000 cycles: \n\n"
                    "fork 18175  4226.740178:    5000000 cycles: \n\n";
    const KilnImporter *best = kiln_importer_sniff((const guint8 *)t, strlen(t));
    g_assert_nonnull(best);
    g_assert_cmpstr(best->id, ==, "perf-script");
    check(t, NULL, "fork 10000000\n");
}

static void test_sniff(void)
{
    const KilnImporter *ps = kiln_importer_find("perf-script");
    const KilnImporter *fo = kiln_importer_find("folded");
    /* perf script text beats folded... */
    int ps_score = ps->sniff((const guint8 *)comm_spaces, strlen(comm_spaces));
    int fo_score = fo->sniff((const guint8 *)comm_spaces, strlen(comm_spaces));
    g_assert_cmpint(ps_score, >, fo_score);
    g_assert_cmpint(ps_score, >, 20);
    g_assert_cmpstr(kiln_importer_sniff((const guint8 *)tidy_text, strlen(tidy_text))->id, ==,
                    "perf-script");
    /* ...folded stacks are not perf script... */
    const char *f = "a;b;c 10\na;b 5\nmain;foo (x) 3\n";
    g_assert_cmpint(ps->sniff((const guint8 *)f, strlen(f)), ==, 0);
    g_assert_cmpstr(kiln_importer_sniff((const guint8 *)f, strlen(f))->id, ==, "folded");
    /* ...and neither is prose, even with numbers and colons in it. */
    const char *r = "Meeting at 10 12.30: agenda\nthis is not a profile (really)\n\nnotes: none\n";
    g_assert_cmpint(ps->sniff((const guint8 *)r, strlen(r)), ==, 0);
    const char *r2 = "hello world\nthis is\nan unknown format\n";
    g_assert_null(kiln_importer_sniff((const guint8 *)r2, strlen(r2)));
}

static void test_parse_event(void)
{
    KilnPerfScriptEvent ev;
    const char *l = "V8 WorkerThread 24636/25607 [000] 94564.109216:  100 cycles:u:";
    g_assert_true(kiln_perf_script_event_parse(l, strlen(l), &ev));
    g_autofree char *comm = g_strndup(ev.comm, ev.comm_len);
    g_assert_cmpstr(comm, ==, "V8 WorkerThread");
    g_assert_cmpuint(ev.pid_len, ==, 5);
    g_assert_cmpint(memcmp(ev.pid, "24636", 5), ==, 0);
    g_assert_cmpint(memcmp(ev.tid, "25607", 5), ==, 0);
    g_assert_cmpuint(ev.event_len, ==, 8);
    g_assert_cmpint(memcmp(ev.event, "cycles:u", 8), ==, 0);
    g_assert_cmpuint(ev.period, ==, 100);
    g_assert_cmpuint(ev.time_ns, ==, G_GUINT64_CONSTANT(94564109216000));
    /* \S.+? needs two bytes: a one-letter comm takes the space with it. */
    l = "a  123 [000] 1.5: cpu-clock:";
    g_assert_true(kiln_perf_script_event_parse(l, strlen(l), &ev));
    g_assert_cmpuint(ev.comm_len, ==, 2);
    g_assert_null(ev.pid);
    g_assert_cmpuint(ev.tid_num, ==, 123);
    g_assert_cmpuint(ev.period, ==, 0);
    l = "a 1 cycles:";
    g_assert_false(kiln_perf_script_event_parse(l, strlen(l), &ev));
    /* The period must follow a ':' (here it follows the pid). */
    l = "func_ab 15294 cpu-clock: ";
    g_assert_true(kiln_perf_script_event_parse(l, strlen(l), &ev));
    g_assert_null(ev.event);
}

static void test_parse_frame(void)
{
    KilnPerfScriptFrame fr;
    const char *l =
        "\t    7f1e2162ad6f StealTask::do_it(GCTaskManager*, unsigned int) (/lib/libjvm.so)";
    g_assert_true(kiln_perf_script_frame_parse(l, strlen(l), &fr));
    g_assert_cmpuint(fr.pc_len, ==, 12);
    g_assert_cmpint(strncmp(fr.func, "StealTask::do_it(GCTaskManager*, unsigned int)", fr.func_len),
                    ==, 0);
    g_assert_cmpuint(fr.func_len, ==, strlen("StealTask::do_it(GCTaskManager*, unsigned int)"));
    g_assert_cmpint(strncmp(fr.module, "/lib/libjvm.so", fr.module_len), ==, 0);
    /* The module is the last " (" ... ")": greedy (.+). */
    l = "  1 [unknown] (/usr/lib/libfoo.so (deleted))";
    g_assert_true(kiln_perf_script_frame_parse(l, strlen(l), &fr));
    g_assert_cmpuint(fr.module_len, ==, strlen("deleted)"));
    g_assert_cmpuint(fr.func_len, ==, strlen("[unknown] (/usr/lib/libfoo.so"));
    /* Backtracking into \w+ when nothing follows the pc but the module. */
    l = "ffff (foo)";
    g_assert_true(kiln_perf_script_frame_parse(l, strlen(l), &fr));
    g_assert_cmpuint(fr.pc_len, ==, 3);
    g_assert_cmpuint(fr.func_len, ==, 1);
    g_assert_cmpint(fr.func[0], ==, 'f');
    l = "\t          THIS_IS_A_WEIRD_LINE";
    g_assert_false(kiln_perf_script_frame_parse(l, strlen(l), &fr));
    l = "\t2 start_thread (/lib/x86_64-linux-gnu";
    g_assert_false(kiln_perf_script_frame_parse(l, strlen(l), &fr));
}

static void test_cancel_and_progress_count(void)
{
    GString *big = g_string_new(NULL);
    while (big->len < (3u << 20))
        g_string_append(big, "prog 1 [000] 1.000001: 1 cycles:\n\t400000 main (/bin/prog)\n\n");
    GCancellable *c = g_cancellable_new();
    g_cancellable_cancel(c);
    GError *err = NULL;
    KilnProfile *p =
        kiln_load_bytes((const guint8 *)big->str, big->len, "big", NULL, c, NULL, NULL, &err);
    g_assert_null(p);
    g_assert_error(err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error(&err);
    g_object_unref(c);
    p = kiln_load_bytes((const guint8 *)big->str, big->len, "big", NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    guint64 n =
        big->len / strlen("prog 1 [000] 1.000001: 1 cycles:\n\t400000 main (/bin/prog)\n\n");
    g_assert_cmpuint(p->n_samples, ==, n);
    g_autofree char *got = kiln_test_folded(p, G_MAXUINT32);
    g_autofree char *want = g_strdup_printf("prog;main %" G_GUINT64_FORMAT "\n", n);
    g_assert_cmpstr(got, ==, want);
    kiln_profile_unref(p);
    g_string_free(big, TRUE);
}

static void test_encodings(void)
{
    /* A UTF-8 byte-order mark, and UTF-16 (as Windows tools save pasted
     * text), are recognised and read like plain UTF-8. */
    GError *err = NULL;
    g_autofree char *bom = g_strconcat("\xef\xbb\xbf", comm_spaces, NULL);
    gsize u16_len = 0;
    g_autofree char *u16 = g_convert(comm_spaces, -1, "UTF-16", "UTF-8", NULL, &u16_len, &err);
    g_assert_no_error(err);
    const struct {
        const char *data;
        gsize len;
    } in[] = {{bom, strlen(bom)}, {u16, u16_len}};
    for (guint i = 0; i < G_N_ELEMENTS(in); i++) {
        g_autoptr(KilnProfile) p = kiln_test_load_bytes(in[i].data, in[i].len, &err);
        g_assert_no_error(err);
        g_assert_cmpstr(p->format, ==, "perf-script");
        g_autofree char *got = kiln_test_folded(p, G_MAXUINT32);
        g_assert_cmpstr(got, ==, "V8_WorkerThread;main;foo 100\n");
    }
}

static void test_deep_stack(void)
{
    /* 100 frames with a depth limit of 5: the stack buffer is trimmed at
     * the leaf end while reading, and the result is the builder's cut. */
    GString *t = g_string_new("deep 1 1.0: 1 cycles:\n");
    for (int i = 0; i < 100; i++)
        g_string_append_printf(t, "\t%x f%d (/x)\n", i + 1, i);
    g_string_append(t, "\ndeep 1 1.0: 1 cycles:\n\t1 f0 (/x)\n\t2 f1 (/x)\n\t3 f2 (/x)\n\n");
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.limits.max_depth = 5;
    GError *err = NULL;
    g_autoptr(KilnProfile) p =
        kiln_load_bytes_as(kiln_importer_find("perf-script"), (const guint8 *)t->str, t->len,
                           "deep", &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *got = kiln_test_folded(p, G_MAXUINT32);
    g_assert_cmpstr(got, ==, "deep;f2;f1;f0 1\ndeep;f99;f98;f97;[truncated] 1\n");
    g_string_free(t, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/perf-script/cases/comm-with-spaces", test_comm_with_spaces);
    g_test_add_func("/perf-script/cases/no-pid", test_no_pid);
    g_test_add_func("/perf-script/cases/every-event", test_every_event);
    g_test_add_func("/perf-script/cases/modifiers", test_modifiers);
    g_test_add_func("/perf-script/cases/empty-stacks", test_empty_stacks);
    g_test_add_func("/perf-script/cases/missing-paren", test_missing_paren);
    g_test_add_func("/perf-script/cases/trailing-event", test_trailing_event);
    g_test_add_func("/perf-script/cases/tidy", test_tidy);
    g_test_add_func("/perf-script/cases/kinds", test_kinds);
    g_test_add_func("/perf-script/cases/samples-and-types", test_samples_and_types);
    g_test_add_func("/perf-script/cases/header", test_header);
    g_test_add_func("/perf-script/cases/one-line-samples", test_one_line_samples);
    g_test_add_func("/perf-script/cases/no-callgraph", test_no_callgraph);
    g_test_add_func("/perf-script/cases/sniff", test_sniff);
    g_test_add_func("/perf-script/cases/parse-event", test_parse_event);
    g_test_add_func("/perf-script/cases/parse-frame", test_parse_frame);
    g_test_add_func("/perf-script/cases/cancel-and-count", test_cancel_and_progress_count);
    g_test_add_func("/perf-script/cases/deep-stack", test_deep_stack);
    g_test_add_func("/perf-script/cases/encodings", test_encodings);
    return g_test_run();
}
