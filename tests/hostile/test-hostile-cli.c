/* test-hostile-cli.c — the process-level contract of `kiln-cli info` on
 * hostile files: exit 0 (loaded, maybe with warnings) or 1 (one line of
 * error on stderr), never a signal, within 10 s, within 2 GB of address
 * space (`ulimit -v 2000000` in a shell that then execs kiln-cli).
 *
 * The files are generated into a temporary folder: bombs that expand past
 * the default 1 GiB limit, a million-frame stack, a megabyte name, garbage,
 * random bytes, damaged corpus files of every format, and the regression
 * files under tests/hostile/regressions/.
 *
 * Under AddressSanitizer the address-space limit cannot apply (ASan
 * reserves terabytes of shadow memory), so it is skipped there and the time
 * bound is tripled.
 */
#include "kiln-test-util.h"
#include "hostile-util.h"

#include <glib/gstdio.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#if defined(__SANITIZE_ADDRESS__)
#define KILN_BUILT_WITH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KILN_BUILT_WITH_ASAN 1
#endif
#endif
#ifndef KILN_BUILT_WITH_ASAN
#define KILN_BUILT_WITH_ASAN 0
#endif

static char *tmpdir;

static gboolean under_asan(void)
{
    return KILN_BUILT_WITH_ASAN || g_getenv("KILN_ASAN") != NULL;
}

static char *write_file(const char *name, const void *data, gsize len)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    GError *err = NULL;
    g_file_set_contents(path, data, (gssize)len, &err);
    g_assert_no_error(err);
    return path;
}

/* Runs `kiln-cli COMMAND [extra] FILE` under the limits; checks the
 * contract and returns the exit status (0 or 1). */
static int run_cli(const char *command, const char *file, const char *extra)
{
    g_autofree char *out = g_build_filename(tmpdir, "stdout", NULL);
    g_autofree char *errf = g_build_filename(tmpdir, "stderr", NULL);
    const char *limit = under_asan() ? "" : "ulimit -v 2000000 || exit 99; ";
    g_autofree char *script =
        g_strdup_printf("%sexec \"$0\" %s %s \"$1\" >\"$2\" 2>\"$3\"", limit, command,
                        extra ? extra : "");
    const char *argv[] = {"/bin/sh", "-c", script, kiln_test_cli(), file, out, errf, NULL};
    GPid pid;
    GError *e = NULL;
    g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &e);
    g_assert_no_error(e);

    /* The 10 s bound is on CPU time (user + system, from the kernel's
     * accounting of the child), so that two cores shared with other jobs
     * do not make the test flaky; wall time gets a generous hard stop. */
    double bound = under_asan() ? 30 : 10;
    gint64 t0 = g_get_monotonic_time();
    int status = 0;
    struct rusage ru;
    for (;;) {
        pid_t r = wait4(pid, &status, WNOHANG, &ru);
        g_assert_cmpint(r, >=, 0);
        if (r == pid)
            break;
        if (g_get_monotonic_time() - t0 > 6 * bound * G_USEC_PER_SEC) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            g_error("kiln-cli %s %s still ran after %.0f s", command, file, 6 * bound);
        }
        g_usleep(5000);
    }
    g_spawn_close_pid(pid);
    double secs = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                  (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    if (secs > bound)
        g_error("kiln-cli %s %s used %.1f s of CPU (bound %.0f s)", command, file, secs, bound);

    g_autofree char *stdout_text = NULL, *stderr_text = NULL;
    g_file_get_contents(out, &stdout_text, NULL, NULL);
    g_file_get_contents(errf, &stderr_text, NULL, NULL);
    if (WIFSIGNALED(status))
        g_error("kiln-cli info %s was killed by signal %d (%s); stderr: %s", file,
                WTERMSIG(status), g_strsignal(WTERMSIG(status)), stderr_text);
    g_assert_true(WIFEXITED(status));
    int rc = WEXITSTATUS(status);
    g_test_message("%s %s: exit %d, %.2f s of CPU: %s", file, extra ? extra : "", rc, secs,
                   rc ? stderr_text : "loaded");
    g_assert_cmpint(rc, !=, 99); /* the shell could not set the limit */
    if (rc != 0 && rc != 1)
        g_error("kiln-cli info %s exited %d; stderr: %s", file, rc, stderr_text);
    if (rc == 1) {
        /* One line, prefixed, readable. */
        g_assert_true(g_str_has_prefix(stderr_text, "kiln-cli: "));
        g_assert_true(g_str_has_suffix(stderr_text, "\n"));
        g_assert_true(strchr(stderr_text, '\n') == stderr_text + strlen(stderr_text) - 1);
        g_assert_true(g_utf8_validate(stderr_text, -1, NULL));
    } else if (strcmp(command, "info") == 0) {
        g_assert_nonnull(strstr(stdout_text, "Format:"));
    }
    return rc;
}

static int run_info(const char *file, const char *extra)
{
    return run_cli("info", file, extra);
}

static void test_bombs(void)
{
    /* 18 members of 64 MiB each: 1.1 GiB, past the default 1 GiB limit. */
    g_autoptr(GByteArray) text = hostile_folded_text(64u << 20);
    g_autoptr(GByteArray) gz = hostile_gzip(text->data, text->len);
    g_autoptr(GByteArray) zst = g_byte_array_new();
    g_byte_array_set_size(zst, (guint)ZSTD_compressBound(text->len));
    gsize zn = ZSTD_compress(zst->data, zst->len, text->data, text->len, 1);
    g_assert_false(ZSTD_isError(zn));
    g_byte_array_set_size(zst, (guint)zn);
    g_autoptr(GByteArray) gz_bomb = g_byte_array_new(), zst_bomb = g_byte_array_new();
    for (int i = 0; i < 18; i++) {
        g_byte_array_append(gz_bomb, gz->data, gz->len);
        g_byte_array_append(zst_bomb, zst->data, zst->len);
    }
    g_autofree char *gzp = write_file("bomb.gz", gz_bomb->data, gz_bomb->len);
    g_autofree char *zsp = write_file("bomb.zst", zst_bomb->data, zst_bomb->len);
    /* A small limit: refused at once. */
    g_assert_cmpint(run_info(gzp, "--max-decompressed 8M"), ==, 1);
    g_assert_cmpint(run_info(zsp, "--max-decompressed 8M"), ==, 1);
    /* The default limit: 1 GiB is decoded, then refused, inside 2 GB. The
     * ASan build would need several GiB of shadow for it: skipped there. */
    if (!under_asan()) {
        g_assert_cmpint(run_info(gzp, NULL), ==, 1);
        g_assert_cmpint(run_info(zsp, NULL), ==, 1);
    }
}

static void test_generated_text(void)
{
    /* A million-frame stack (loads, truncated at the depth limit). */
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 1000000; i++)
        g_string_append_printf(s, "%sf%d", i ? ";" : "", i);
    g_string_append(s, " 1\n");
    g_autofree char *deep = write_file("deep.folded", s->str, s->len);
    g_assert_cmpint(run_info(deep, "--format folded"), ==, 0);
    g_assert_cmpint(run_info(deep, NULL), ==, 0); /* sniffed despite the 64 KiB window */
    /* With the depth limit lifted: a million-node chain, exported as SVG
     * (iterative walks all the way) and as folded stacks. */
    g_autofree char *svg = g_build_filename(tmpdir, "deep.svg", NULL);
    g_autofree char *svg_opts =
        g_strdup_printf("--max-depth 2000000 --to svg --width 800 --height 600 -o %s", svg);
    g_assert_cmpint(run_cli("export", deep, svg_opts), ==, 0);
    g_autofree char *svg_text = NULL;
    g_assert_true(g_file_get_contents(svg, &svg_text, NULL, NULL));
    g_assert_nonnull(strstr(svg_text, "</svg>"));
    /* Only the 29 rows that fit 600 pixels are written, with real text. */
    guint titles = 0;
    for (const char *c = strstr(svg_text, "<title>"); c; c = strstr(c + 1, "<title>"))
        titles++;
    g_assert_cmpuint(titles, ==, 29);
    g_assert_nonnull(strstr(svg_text, ">f0</text>"));
    g_autofree char *back = g_build_filename(tmpdir, "deep.out", NULL);
    g_autofree char *folded_opts = g_strdup_printf("--max-depth 2000000 --to folded -o %s", back);
    g_assert_cmpint(run_cli("export", deep, folded_opts), ==, 0);
    g_autofree char *back_text = NULL;
    gsize back_len = 0;
    g_assert_true(g_file_get_contents(back, &back_text, &back_len, NULL));
    g_assert_cmpuint(back_len, ==, s->len);
    g_assert_true(memcmp(back_text, s->str, s->len) == 0);

    /* A 1 MB frame name. */
    g_string_assign(s, "main;");
    for (int i = 0; i < (1 << 20); i++)
        g_string_append_c(s, 'x');
    g_string_append(s, " 3\n");
    g_autofree char *name = write_file("name.folded", s->str, s->len);
    g_assert_cmpint(run_info(name, "--format folded"), ==, 0);

    /* 100k garbage lines; NUL bytes and invalid UTF-8. */
    g_string_truncate(s, 0);
    for (int i = 0; i < 100000; i++)
        g_string_append_printf(s, "garbage %d \xff\xfe\x01 no count\n", i);
    g_autofree char *garbage = write_file("garbage.txt", s->str, s->len);
    g_assert_cmpint(run_info(garbage, NULL), ==, 1);
    static const char nul[] = "a;\0b 1\n\xff;\xc3 2\n";
    g_autofree char *nulp = write_file("nul.folded", nul, sizeof nul - 1);
    g_assert_cmpint(run_info(nulp, "--format folded"), ==, 0);
    g_string_free(s, TRUE);
}

static void test_odd_files(void)
{
    g_autofree char *empty = write_file("empty", "", 0);
    g_assert_cmpint(run_info(empty, NULL), ==, 1);
    guint8 zeros[65536] = {0};
    g_autofree char *z = write_file("zeros", zeros, sizeof zeros);
    g_assert_cmpint(run_info(z, NULL), ==, 1);
    GRand *r = g_rand_new_with_seed(61);
    GByteArray *rnd = g_byte_array_new();
    for (int i = 0; i < (1 << 20); i++) {
        guint8 c = (guint8)g_rand_int(r);
        g_byte_array_append(rnd, &c, 1);
    }
    g_rand_free(r);
    g_autofree char *rp = write_file("random", rnd->data, rnd->len);
    g_byte_array_unref(rnd);
    run_info(rp, NULL);
    for (const char *const *f = (const char *const[]){"folded", "pprof", "perf-data",
                                                      "perf-script", NULL};
         *f; f++) {
        g_autofree char *opt = g_strdup_printf("--format %s", *f);
        run_info(rp, opt);
    }
    g_assert_cmpint(run_info(tmpdir, NULL), ==, 1); /* a directory */
    g_autofree char *missing = g_build_filename(tmpdir, "does-not-exist", NULL);
    g_assert_cmpint(run_info(missing, NULL), ==, 1);
}

/* The first input of each format in the corpus, cut in half and with a
 * burst of flipped bytes in its first kilobyte. */
static void test_damaged_corpus(void)
{
    g_autofree char *manifest = g_build_filename(kiln_test_corpus(), "MANIFEST.tsv", NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(manifest, &text, NULL, NULL)) {
        g_test_skip("no corpus");
        return;
    }
    const char *formats[] = {"folded", "perf-script", "perf.data(file)", "perf.data(pipe)",
                             "pprof(pb.gz)", "pprof(pb,uncompressed)", "pprof-legacy"};
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (guint f = 0; f < G_N_ELEMENTS(formats); f++) {
        /* The largest file of the format: the most to get wrong. */
        const char *best = NULL;
        guint64 best_size = 0;
        for (guint l = 1; lines[l]; l++) {
            g_auto(GStrv) col = g_strsplit(lines[l], "\t", 4);
            if (!col[0] || !col[1] || !col[2] || strcmp(col[1], formats[f]) != 0)
                continue;
            guint64 size = g_ascii_strtoull(col[2], NULL, 10);
            if (size > best_size && size < (8u << 20)) {
                best_size = size;
                best = strstr(lines[l], col[0]);
            }
        }
        if (!best)
            continue;
        g_autofree char *rel = g_strndup(best, strcspn(best, "\t"));
        g_autofree char *path = g_build_filename(kiln_test_corpus(), rel, NULL);
        gsize len = 0;
        g_autofree char *data = kiln_test_read(path, &len);
        g_autofree char *half = g_strdup_printf("half-%u", f);
        g_autofree char *hp = write_file(half, data, len / 2);
        run_info(hp, NULL);
        for (gsize i = 16; i < MIN(len, (gsize)1024); i += 37)
            data[i] ^= 0x5a;
        g_autofree char *flip = g_strdup_printf("flipped-%u", f);
        g_autofree char *fp = write_file(flip, data, len);
        run_info(fp, NULL);
    }
}

static void test_regression_files(void)
{
    const char *root = g_getenv("KILN_HOSTILE_REGRESSIONS");
    g_assert_nonnull(root);
    g_autoptr(GDir) top = g_dir_open(root, 0, NULL);
    g_assert_nonnull(top);
    const char *sub;
    while ((sub = g_dir_read_name(top))) {
        g_autofree char *dir = g_build_filename(root, sub, NULL);
        g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
        const char *f;
        while (d && (f = g_dir_read_name(d))) {
            g_autofree char *path = g_build_filename(dir, f, NULL);
            run_info(path, NULL);
        }
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    GError *err = NULL;
    tmpdir = g_dir_make_tmp("kiln-hostile-XXXXXX", &err);
    g_assert_no_error(err);
    g_test_add_func("/hostile/cli/bombs", test_bombs);
    g_test_add_func("/hostile/cli/generated-text", test_generated_text);
    g_test_add_func("/hostile/cli/odd-files", test_odd_files);
    g_test_add_func("/hostile/cli/damaged-corpus", test_damaged_corpus);
    g_test_add_func("/hostile/cli/regression-files", test_regression_files);
    int rc = g_test_run();
    /* Remove what was written (only plain files live there). */
    g_autoptr(GDir) d = g_dir_open(tmpdir, 0, NULL);
    const char *f;
    while (d && (f = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(tmpdir, f, NULL);
        g_remove(p);
    }
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return rc;
}
