/* test-perf-script-corpus.c — `perf script` text against the corpus
 * goldens, one GTest case per golden file so a failure names it.
 *
 * What is compared byte for byte with Kiln's folded export (default
 * sample type, "period"):
 *   - FlameGraph's results/ for --pid --tid --kernel --jit --all --addrs on
 *     the 13 inputs, except the 8 stale pid/tid files, which are taken from
 *     results-generated/ (FlameGraph PR #147, see the corpus README);
 *   - results-generated/STEM-collapsed-default.txt (no options), the gzipped
 *     example-perf-stacks included;
 *   - flamescope's two generated outputs (a --header text with a truncated
 *     stack line and no blank line at the end);
 *   - the stackcollapse-perf.pl outputs generated for perf-data/'s
 *     *.perf-script.txt files (default and --addrs);
 *   - inferno's results where inferno follows the same rules (see the
 *     inferno cases below for which, and why the others differ).
 * Each case also runs through kiln-cli for a few option sets, so the CLI's
 * flags are checked to map onto the same options.
 */
#include "kiln-test-util.h"

#include <string.h>

typedef struct {
    char *input;    /* corpus-relative */
    char *expected; /* corpus-relative */
    char *opt;      /* "pid", ..., "default" */
    gboolean append_blank; /* feed the input with a blank line appended */
    gboolean strip_k;      /* remove "_[k]"/"_[j]" from the expected text */
} Golden;

static void set_opts(KilnLoadOptions *o, const char *opt)
{
    kiln_load_options_init(o);
    if (!strcmp(opt, "pid"))
        o->perf_pid = TRUE;
    else if (!strcmp(opt, "tid"))
        o->perf_tid = TRUE;
    else if (!strcmp(opt, "kernel"))
        o->perf_kernel = TRUE;
    else if (!strcmp(opt, "jit"))
        o->perf_jit = TRUE;
    else if (!strcmp(opt, "all"))
        o->perf_kernel = o->perf_jit = TRUE;
    else if (!strcmp(opt, "addrs"))
        o->perf_addrs = TRUE;
    else
        g_assert_cmpstr(opt, ==, "default");
}

static char *strip_suffixes(const char *s)
{
    GString *out = g_string_new(NULL);
    for (const char *p = s; *p; p++) {
        if (p[0] == '_' && p[1] == '[' && (p[2] == 'k' || p[2] == 'j') && p[3] == ']') {
            p += 3;
            continue;
        }
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

/* The first differing line, for a message a person can act on. */
static void assert_same_text(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        return;
    guint line = 1;
    const char *g = got, *w = want;
    while (*g && *g == *w) {
        if (*g == '\n')
            line++;
        g++;
        w++;
    }
    const char *gl = g, *wl = w;
    while (gl > got && gl[-1] != '\n')
        gl--;
    while (wl > want && wl[-1] != '\n')
        wl--;
    g_autofree char *gline = g_strndup(gl, strcspn(gl, "\n"));
    g_autofree char *wline = g_strndup(wl, strcspn(wl, "\n"));
    g_error("%s: line %u differs\n  kiln:     %.300s\n  expected: %.300s", what, line, gline,
            wline);
}

static void test_golden(gconstpointer data)
{
    const Golden *gd = data;
    g_autofree char *in = kiln_test_corpus_path(gd->input);
    if (!in)
        return;
    g_autofree char *exp_path = kiln_test_corpus_path(gd->expected);
    if (!exp_path)
        return;
    gsize exp_len;
    g_autofree char *expected = kiln_test_read(exp_path, &exp_len);
    if (gd->strip_k) {
        char *s = strip_suffixes(expected);
        g_free(expected);
        expected = s;
    }

    KilnLoadOptions o;
    set_opts(&o, gd->opt);
    GError *err = NULL;
    g_autoptr(KilnProfile) p = NULL;
    if (gd->append_blank) {
        gsize len;
        g_autofree char *text = kiln_test_read(in, &len);
        g_autofree char *more = g_strconcat(text, "\n", NULL);
        p = kiln_load_bytes((const guint8 *)more, len + 1, in, &o, NULL, NULL, NULL, &err);
    } else {
        p = kiln_load_file(in, &o, NULL, NULL, NULL, &err);
    }
    g_assert_no_error(err);
    g_assert_cmpstr(p->format, ==, "perf-script");
    g_autofree char *got = kiln_test_folded(p, G_MAXUINT32);
    g_autofree char *what = g_strdup_printf("%s (%s) vs %s", gd->input, gd->opt, gd->expected);
    assert_same_text(what, got, expected);

    /* The same through kiln-cli's flags, for the plain-file cases. */
    if (!gd->append_blank && g_str_has_prefix(gd->input, "perf-script/flamegraph/perf-d")) {
        g_autofree char *flag = g_strconcat("--", gd->opt, NULL);
        const char *args[] = {"export", "--to", "folded", in, strcmp(gd->opt, "default") ? flag : NULL,
                              NULL};
        g_autofree char *out = NULL;
        g_autofree char *errs = NULL;
        int rc = kiln_test_run_cli(args, &out, &errs);
        g_assert_cmpint(rc, ==, 0);
        assert_same_text(what, out, expected);
    }
}

static GPtrArray *goldens;

static void add(const char *input, const char *expected, const char *opt, gboolean append_blank,
                gboolean strip_k)
{
    Golden *g = g_new0(Golden, 1);
    g->input = g_strdup(input);
    g->expected = g_strdup(expected);
    g->opt = g_strdup(opt);
    g->append_blank = append_blank;
    g->strip_k = strip_k;
    g_ptr_array_add(goldens, g);
    g_autofree char *name = g_strdup_printf("/perf-script/corpus/%s/%s%s", expected, opt,
                                            append_blank ? "+blank" : "");
    g_test_add_data_func(name, g, test_golden);
}

static const char *const flamegraph_stems[] = {
    "perf-cycles-instructions-01", "perf-dd-stacks-01",
    "perf-funcab-cmd-01",          "perf-funcab-pid-01",
    "perf-iperf-stacks-pidtid-01", "perf-java-faults-01",
    "perf-java-stacks-01",         "perf-java-stacks-02",
    "perf-js-stacks-01",           "perf-mirageos-stacks-01",
    "perf-numa-stacks-01",         "perf-rust-Yamakaky-dcpu",
    "perf-vertx-stacks-01",
};

/* stackcollapse-perf.pl outputs the corpus generated for perf-data/'s
 * perf script texts: input stem, and which options have a golden. */
static const struct {
    const char *stem, *text_suffix;
    gboolean addrs;
} perf_data_texts[] = {
    {"perf-data/perf-data-converter/with-callchain.perf.data", ".perf-script.txt.gz", TRUE},
    {"perf-data/perfparser/contentsize.data", ".perf-script.txt", TRUE},
    {"perf-data/perfparser/parallel_static_gcc.perf.data.zstd", ".perf-script.txt", TRUE},
    {"perf-data/perfparser/vector_static_clang.perf.data", ".perf-script.txt", TRUE},
    {"perf-data/perfparser/vector_static_gcc.perf.data", ".perf-script.txt", TRUE},
    {"perf-data/perfparser/vector_static_gcc.perf.data.zstd", ".perf-script.txt", TRUE},
    {"perf-data/perfparser/vector_static_gcc.perf.lbr.data", ".perf-script.txt", TRUE},
};

static void add_all(void)
{
    static const char *const opts[] = {"pid", "tid", "kernel", "jit", "all", "addrs", "default"};
    for (guint i = 0; i < G_N_ELEMENTS(flamegraph_stems); i++) {
        const char *stem = flamegraph_stems[i];
        g_autofree char *input = g_strdup_printf("perf-script/flamegraph/%s.txt", stem);
        for (guint k = 0; k < G_N_ELEMENTS(opts); k++) {
            g_autofree char *gen = g_strdup_printf(
                "perf-script/flamegraph/results-generated/%s-collapsed-%s.txt", stem, opts[k]);
            g_autofree char *up = g_strdup_printf("perf-script/flamegraph/results/%s-collapsed-%s.txt",
                                                  stem, opts[k]);
            /* results-generated/ holds the defaults and the current
             * script's version of the 8 stale pid/tid files. */
            g_autofree char *gen_abs = g_build_filename(kiln_test_corpus(), gen, NULL);
            gboolean use_gen = !strcmp(opts[k], "default") || g_file_test(gen_abs, G_FILE_TEST_EXISTS);
            add(input, use_gen ? gen : up, opts[k], FALSE, FALSE);
        }
    }
    add("perf-script/flamegraph/example-perf-stacks.txt.gz",
        "perf-script/flamegraph/results-generated/example-perf-stacks-collapsed-default.txt",
        "default", FALSE, FALSE);
    add("perf-script/flamescope/perf.test01",
        "perf-script/flamescope/perf.test01.collapsed-default.generated.txt", "default", FALSE, FALSE);
    add("perf-script/flamescope/perf.test01",
        "perf-script/flamescope/perf.test01.collapsed-all.generated.txt", "all", FALSE, FALSE);

    for (guint i = 0; i < G_N_ELEMENTS(perf_data_texts); i++) {
        g_autofree char *in = g_strconcat(perf_data_texts[i].stem, perf_data_texts[i].text_suffix, NULL);
        g_autofree char *def = g_strconcat(perf_data_texts[i].stem, ".collapsed-default.txt", NULL);
        g_autofree char *adr = g_strconcat(perf_data_texts[i].stem, ".collapsed-addrs.txt", NULL);
        add(in, def, "default", FALSE, FALSE);
        if (perf_data_texts[i].addrs)
            add(in, adr, "addrs", FALSE, FALSE);
    }

    /* inferno. Same rules, compared exactly: example-perf-stacks (defaults).
     * go-stacks, java-inline: inferno keeps an unterminated last event and
     * the Perl rules (which Kiln follows) drop it, so these are fed with a
     * blank line appended. sourcepawn-jitdump (--jit) and versioned-vmlinux
     * (--kernel): inferno also marks jitdump modules (jitted-N.so) and vmlinux-<version>
     * modules, which the Perl rules do not, so Kiln's default output is
     * compared with inferno's with the _[j]/_[k] marks removed.
     * Not compared: perf-rust-Yamakaky-dcpu-* and single-event (inferno
     * demangles Rust's $LT$.. and ::h<hash>), cpp-stacks-std-function
     * (inferno keeps "(...)" inside <...> and {...}), single-line-stacks
     * (inferno reads "cycles:u" and "cycles" as one event); these are
     * checked by hand-written cases in test-perf-script-cases.c. */
    add("perf-script/flamegraph/example-perf-stacks.txt.gz",
        "perf-script/inferno/collapse-perf/results/example-perf-stacks-collapsed.txt", "default", FALSE,
        FALSE);
    add("perf-script/inferno/collapse-perf/go-stacks.txt",
        "perf-script/inferno/collapse-perf/results/go-stacks-collapsed.txt", "default", TRUE, FALSE);
    add("perf-script/inferno/collapse-perf/java-inline.txt",
        "perf-script/inferno/collapse-perf/results/java-inline-collapsed.txt", "default", TRUE, FALSE);
    add("perf-script/inferno/collapse-perf/sourcepawn-jitdump.txt",
        "perf-script/inferno/collapse-perf/results/sourcepawn-jitdump-collapsed-jit.txt", "default",
        FALSE, TRUE);
    add("perf-script/inferno/collapse-perf/versioned-vmlinux.txt",
        "perf-script/inferno/collapse-perf/results/versioned-vmlinux-collapsed-kernel.txt", "default",
        TRUE, TRUE);
}

/* inferno's format-guessing cases: neither file may be taken for perf
 * script text (or anything else). */
static void test_guess(void)
{
    static const char *const files[] = {
        "perf-script/inferno/collapse-guess/invalid-perf-with-empty-line-after-event-line.txt",
        "perf-script/inferno/collapse-guess/unknown-format.txt",
    };
    for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *path = kiln_test_corpus_path(files[i]);
        if (!path)
            return;
        gsize len;
        g_autofree char *text = kiln_test_read(path, &len);
        g_assert_null(kiln_importer_sniff((const guint8 *)text, len));
    }
}

/* inferno's warning cases: exactly one skipped line each. */
static void test_inferno_warnings(void)
{
    static const struct {
        const char *file, *warning;
    } cases[] = {
        {"perf-script/inferno/collapse-perf/weird-stack-line.txt",
         "Skipped 1 line that is neither an event nor a stack line (the first is line 5: "
         "\"\\t          THIS_IS_A_WEIRD_LINE\")"},
        {"perf-script/inferno/collapse-perf/empty-line.txt",
         "Skipped 1 stack line outside any event (the first is line 6): a blank line may sit "
         "between an event line and its stack"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = kiln_test_corpus_path(cases[i].file);
        if (!path)
            return;
        GError *err = NULL;
        g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
        g_assert_no_error(err);
        gboolean found = FALSE;
        for (guint w = 0; w < p->warnings->len; w++)
            found |= !strcmp(g_ptr_array_index(p->warnings, w), cases[i].warning);
        if (!found)
            g_error("%s: no warning \"%s\"", cases[i].file, cases[i].warning);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    goldens = g_ptr_array_new();
    add_all();
    g_test_add_func("/perf-script/corpus/inferno-guess", test_guess);
    g_test_add_func("/perf-script/corpus/inferno-warnings", test_inferno_warnings);
    int rc = g_test_run();
    for (guint i = 0; i < goldens->len; i++) {
        Golden *g = g_ptr_array_index(goldens, i);
        g_free(g->input);
        g_free(g->expected);
        g_free(g->opt);
        g_free(g);
    }
    g_ptr_array_free(goldens, TRUE);
    return rc;
}
