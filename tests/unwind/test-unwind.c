/* test-unwind.c — DWARF unwinding against perf's own, on programs built
 * here with -O2 -g -fomit-frame-pointer (no frame pointers anywhere: the
 * stacks can only be walked with CFI).
 *
 * Each program is recorded at test time with `perf record --call-graph
 * dwarf`; Kiln's folded stacks of the perf.data must put at least 99 % of
 * the sample weight on exactly the stacks that `perf script --no-inline`
 * of the same file folds to (perf unwinds with libdw too). The figure is
 * printed (g_test_message) for the report. qsort-heavy spends its time in
 * libc's qsort calling back into the program; recursive goes 24 levels
 * deep with frames of differing sizes.
 *
 * Skips with a message when perf is missing or cannot record here.
 */
#include "kiln-test-util.h"

#include "symbols/kiln-dwarf-inline.h"

#include <glib/gstdio.h>

typedef struct {
    char *dir;
} Fixture;

/* Runs argv with HOME set to the fixture directory, so that perf's
 * build-id cache goes there, not into the user's home. */
static gboolean run(Fixture *fx, const char *const *argv, char **out, char **err_text)
{
    g_auto(GStrv) env = g_get_environ();
    env = g_environ_setenv(env, "HOME", fx->dir, TRUE);
    int status = -1;
    GError *err = NULL;
    gboolean ok = g_spawn_sync(fx->dir, (char **)argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
                               err_text, &status, &err);
    if (!ok) {
        g_test_message("cannot run %s: %s", argv[0], err->message);
        g_error_free(err);
        return FALSE;
    }
    return g_spawn_check_wait_status(status, NULL);
}

static void teardown(Fixture *fx)
{
    if (!fx->dir)
        return;
    const char *const rm[] = {"rm", "-rf", fx->dir, NULL};
    g_spawn_sync(NULL, (char **)rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_free(fx->dir);
}

/* Records prog with DWARF call graphs into dir/rec.data; NULL (the test
 * skipped) when perf is missing or the kernel refuses. */
static char *record(Fixture *fx, const char *prog, const char *arg)
{
    g_autofree char *perf = g_find_program_in_path("perf");
    if (!perf) {
        g_test_skip("perf is not installed (Debian: linux-perf)");
        return NULL;
    }
    fx->dir = g_dir_make_tmp("kiln-unwind-XXXXXX", NULL);
    g_assert_nonnull(fx->dir);
    char *data = g_build_filename(fx->dir, "rec.data", NULL);
    const char *const argv[] = {"perf", "record", "-q", "--call-graph", "dwarf", "-F", "1999",
                                "-o",   data,     "--", prog,           arg,     NULL};
    g_autofree char *err = NULL;
    if (!run(fx, argv, NULL, &err)) {
        g_test_skip_printf("perf record failed, perf_event_open is probably not allowed here "
                           "(kernel.perf_event_paranoid, containers): %s",
                           err ? err : "");
        g_free(data);
        return NULL;
    }
    return data;
}

static KilnProfile *load_perf_script(Fixture *fx, const char *data, gboolean inlined)
{
    const char *const argv[] = {"perf", "script", inlined ? "--inline" : "--no-inline",
                                "-i",   data,     NULL};
    g_autofree char *out = NULL, *err_text = NULL;
    if (!run(fx, argv, &out, &err_text))
        g_error("perf script failed: %s", err_text);
    GError *err = NULL;
    KilnProfile *p = kiln_load_bytes_as(kiln_importer_find("perf-script"), (const guint8 *)out,
                                        strlen(out), "perf script", NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    return p;
}

static GHashTable *folded_weights(const char *folded)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) lines = g_strsplit(folded, "\n", -1);
    for (char **l = lines; *l; l++) {
        char *sp = strrchr(*l, ' ');
        if (!sp)
            continue;
        double *w;
        double v = g_ascii_strtod(sp + 1, NULL);
        *sp = 0;
        if (!(w = g_hash_table_lookup(h, *l))) {
            w = g_new0(double, 1);
            g_hash_table_insert(h, g_strdup(*l), w);
        }
        *w += v;
    }
    return h;
}

/* The share of b's weight that a puts on the identical stacks. */
static double agreement(const char *a, const char *b, double *total)
{
    g_autoptr(GHashTable) ha = folded_weights(a);
    g_autoptr(GHashTable) hb = folded_weights(b);
    double same = 0, all = 0;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, hb);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        double *wa = g_hash_table_lookup(ha, k);
        all += *(double *)v;
        same += wa ? MIN(*wa, *(double *)v) : 0;
    }
    *total = all;
    return all > 0 ? same / all : 0;
}

/* Records prog, loads the recording with opts and compares it with perf
 * script's stacks; returns the agreement (0..1). */
static double compare_with_perf(const char *env, const char *arg, const char *needle,
                                gboolean inlined)
{
    const char *prog = g_getenv(env);
    g_assert_nonnull(prog);
    Fixture fx = {0};
    g_autofree char *data = record(&fx, prog, arg);
    if (!data) {
        teardown(&fx);
        return -1;
    }
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.inline_frames = inlined;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(data, &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autoptr(KilnProfile) tp = load_perf_script(&fx, data, inlined);
    g_autofree char *a = kiln_test_folded(p, p->default_type);
    g_autofree char *b = kiln_test_folded(tp, tp->default_type);
    if (inlined) {
        /* Kiln's folded export marks inlined frames "_[i]" (as
         * stackcollapse-perf.pl --inline does); perf script's text says
         * "(inlined)" instead, which the importer does not keep. */
        g_autoptr(GRegex) re = g_regex_new("_\\[i\\](?=[; ])", 0, 0, NULL);
        char *plain = g_regex_replace_literal(re, a, -1, 0, "", 0, NULL);
        g_free(a);
        a = plain;
    }
    double total = 0;
    double share = agreement(a, b, &total);
    g_autofree char *base = g_path_get_basename(prog);
    g_test_message("%s%s: %.3f %% of %.0f on identical stacks", base, inlined ? " (inline)" : "",
                   100 * share, total);
    /* The program's own functions must be in the stacks, under main. */
    g_assert_nonnull(strstr(a, needle));
    teardown(&fx);
    return share;
}

static void test_qsort(void)
{
    double share = compare_with_perf("KILN_UNWIND_QSORT", "300", ";main;", FALSE);
    if (share >= 0)
        g_assert_cmpfloat(share, >=, 0.99);
}

static void test_recursive(void)
{
    /* walk(23) is the deepest: 24 walks, then the leaf. */
    GString *deepest = g_string_new(";main;");
    for (int i = 0; i < 24; i++)
        g_string_append(deepest, "walk;");
    g_string_append(deepest, "leaf ");
    double share = compare_with_perf("KILN_UNWIND_RECURSIVE", "60000", deepest->str, FALSE);
    g_string_free(deepest, TRUE);
    if (share >= 0)
        g_assert_cmpfloat(share, >=, 0.99);
}

/* --inline: the same recording folds to perf script --inline's stacks
 * (perf names every level from DWARF, as addr2line -i -f does), and the
 * hot loop shows as crunch -> round_of -> mix. */
static void test_inline_perf(void)
{
    double share =
        compare_with_perf("KILN_UNWIND_INLINED", "300000", ";main;crunch;round_of;mix ", TRUE);
    if (share >= 0)
        g_assert_cmpfloat(share, >=, 0.99);
}

/* KilnDwarfInline against addr2line -i -f at every address of crunch
 * (where round_of and mix are inlined): the same chains, innermost
 * first. */
static void test_inline_addr2line(void)
{
    const char *prog = g_getenv("KILN_UNWIND_INLINED");
    g_autofree char *nm = NULL;
    g_autofree char *a2l = g_find_program_in_path("addr2line");
    const char *const nm_argv[] = {"nm", prog, NULL};
    if (!g_spawn_sync(NULL, (char **)nm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &nm, NULL,
                      NULL, NULL) ||
        !a2l) {
        g_test_skip("nm or addr2line (binutils) is missing");
        return;
    }
    /* crunch's start; it ends where the next symbol starts. */
    guint64 start = 0, end = UINT64_MAX;
    g_auto(GStrv) lines = g_strsplit(nm, "\n", -1);
    for (char **l = lines; *l; l++) {
        guint64 v = g_ascii_strtoull(*l, NULL, 16);
        if (strstr(*l, " crunch"))
            start = v;
    }
    g_assert_cmpuint(start, >, 0);
    for (char **l = lines; *l; l++) {
        guint64 v = g_ascii_strtoull(*l, NULL, 16);
        if (v > start && v < end)
            end = v;
    }
    end = MIN(end, start + 512);
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup("addr2line"));
    g_ptr_array_add(argv, g_strdup("-i"));
    g_ptr_array_add(argv, g_strdup("-f"));
    g_ptr_array_add(argv, g_strdup("-a"));
    g_ptr_array_add(argv, g_strdup("-e"));
    g_ptr_array_add(argv, g_strdup(prog));
    for (guint64 a = start; a < end; a++)
        g_ptr_array_add(argv, g_strdup_printf("0x%" G_GINT64_MODIFIER "x", a));
    g_ptr_array_add(argv, NULL);
    g_autofree char *out = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, NULL, NULL));
    g_autoptr(KilnDwarfInline) di = kiln_dwarf_inline_open(prog);
    g_assert_nonnull(di);
    /* addr2line -a: "0xADDR" then name/file:line pairs per level. */
    g_auto(GStrv) ol = g_strsplit(out, "\n", -1);
    guint checked = 0, deep = 0;
    for (guint i = 0; ol[i] && ol[i][0];) {
        g_assert_true(g_str_has_prefix(ol[i], "0x"));
        guint64 addr = g_ascii_strtoull(ol[i] + 2, NULL, 16);
        i++;
        g_autoptr(GString) want = g_string_new(NULL);
        while (ol[i] && ol[i][0] && !g_str_has_prefix(ol[i], "0x")) {
            g_string_append_printf(want, "%s;", ol[i]);
            i += ol[i + 1] ? 2 : 1;
        }
        const char *const *names;
        guint n = kiln_dwarf_inline_lookup(di, addr, &names);
        g_autoptr(GString) got = g_string_new(NULL);
        for (guint k = 0; k < n; k++)
            g_string_append_printf(got, "%s;", names[k]);
        if (n == 0)
            g_string_assign(got, "??;");
        g_assert_cmpstr(got->str, ==, want->str);
        checked++;
        deep += n == 3;
    }
    g_test_message("%u addresses of crunch agree with addr2line -i, %u of them 3 deep", checked,
                   deep);
    g_assert_cmpuint(checked, ==, end - start);
    g_assert_cmpuint(deep, >, 0);
}

static char *cli_in(Fixture *fx, const char *verb, const char *data, const char *extra)
{
    const char *const argv[] = {kiln_test_cli(), verb, data, extra, NULL};
    char *out = NULL;
    g_autofree char *err = NULL;
    if (!run(fx, argv, &out, &err))
        g_error("kiln-cli %s failed: %s", verb, err);
    return out;
}

/* A recording whose binary was deleted still unwinds and resolves, from
 * the copy perf record put into its build-id cache (~/.debug, HOME being
 * the fixture folder here). Then a stripped binary is named in the
 * summary with what would fix it. */
static void test_deleted_binary(void)
{
    const char *orig = g_getenv("KILN_UNWIND_RECURSIVE");
    Fixture fx = {0};
    fx.dir = g_dir_make_tmp("kiln-unwind-XXXXXX", NULL);
    g_autofree char *prog = g_build_filename(fx.dir, "victim", NULL);
    gsize len;
    g_autofree char *bin = kiln_test_read(orig, &len);
    g_assert_true(g_file_set_contents(prog, bin, (gssize)len, NULL));
    g_chmod(prog, 0755);
    g_autofree char *perf = g_find_program_in_path("perf");
    g_autofree char *data = g_build_filename(fx.dir, "rec.data", NULL);
    const char *const argv[] = {"perf", "record", "-q", "--call-graph", "dwarf", "-F", "1999",
                                "-o",   data,     "--", prog,           "20000", NULL};
    if (!perf || !run(&fx, argv, NULL, NULL)) {
        g_test_skip("perf cannot record here");
        teardown(&fx);
        return;
    }
    g_autofree char *before = cli_in(&fx, "export", data, "--to=folded");
    g_assert_cmpint(g_unlink(prog), ==, 0);
    g_autofree char *after = cli_in(&fx, "export", data, "--to=folded");
    g_assert_nonnull(strstr(after, ";main;walk;walk;"));
    g_assert_cmpstr(after, ==, before);

    /* The same recording with the cache gone and a stripped binary in
     * place: the summary names it and says what to do. */
    g_autofree char *cache = g_build_filename(fx.dir, ".debug", NULL);
    const char *const rm[] = {"rm", "-rf", cache, NULL};
    g_assert_true(run(&fx, rm, NULL, NULL));
    g_assert_true(g_file_set_contents(prog, bin, (gssize)len, NULL));
    const char *const strip[] = {"strip", "--strip-all", prog, NULL};
    g_assert_true(run(&fx, strip, NULL, NULL));
    g_autofree char *info = cli_in(&fx, "info", data, "--inline");
    g_assert_nonnull(strstr(info, "Binaries with only their exported symbols"));
    g_assert_nonnull(strstr(info, "Binaries without debug info"));
    g_assert_nonnull(strstr(info, "victim (put its debug file at /usr/lib/debug/.build-id/"));
    teardown(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/unwind/qsort-libc", test_qsort);
    g_test_add_func("/unwind/recursive", test_recursive);
    g_test_add_func("/unwind/inline-perf", test_inline_perf);
    g_test_add_func("/unwind/inline-addr2line", test_inline_addr2line);
    g_test_add_func("/unwind/deleted-binary", test_deleted_binary);
    return g_test_run();
}
