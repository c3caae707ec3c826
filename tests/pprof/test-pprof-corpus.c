/* test-pprof-corpus.c — every pprof file of the shared corpus against the
 * goldens written by pprof itself (Profile.String()), plus speedscope's
 * import of simple.prof and the metadata `kiln-cli info` shows. */
#include "kiln-test-util.h"
#include "pprof-text.h"
#include "formats/kiln-decompress.h"

#include <glib/gstdio.h>
#include <unistd.h>

typedef struct {
    char *path;
    char *format;
    char **expected;
} Row;

static GPtrArray *manifest_rows(void)
{
    g_autofree char *mpath = g_build_filename(kiln_test_corpus(), "MANIFEST.tsv", NULL);
    GPtrArray *rows = g_ptr_array_new();
    char *data = NULL;
    if (!g_file_get_contents(mpath, &data, NULL, NULL))
        return rows;
    g_auto(GStrv) lines = g_strsplit(data, "\n", -1);
    g_free(data);
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) col = g_strsplit(*l, "\t", -1);
        if (g_strv_length(col) < 4 || !g_str_has_prefix(col[0], "pprof/"))
            continue;
        if (!g_str_has_prefix(col[1], "pprof"))
            continue; /* goldens, sources */
        Row *r = g_new0(Row, 1);
        r->path = g_strdup(col[0]);
        r->format = g_strdup(col[1]);
        r->expected = strcmp(col[3], "-") == 0 ? g_new0(char *, 1) : g_strsplit(col[3], ",", -1);
        g_ptr_array_add(rows, r);
    }
    return rows;
}

static void row_free(gpointer p)
{
    Row *r = p;
    g_free(r->path);
    g_free(r->format);
    g_strfreev(r->expected);
    g_free(r);
}

static char *read_golden(const char *rel)
{
    g_autofree char *path = g_build_filename(kiln_test_corpus(), rel, NULL);
    gsize len;
    char *data = kiln_test_read(path, &len);
    if (g_str_has_suffix(rel, ".gz")) {
        gsize out_len;
        GError *err = NULL;
        guint8 *plain = kiln_gunzip((const guint8 *)data, len, 1u << 30, &out_len, NULL, &err);
        g_assert_no_error(err);
        g_free(data);
        data = g_realloc(plain, out_len + 1);
        data[out_len] = 0;
    }
    return data;
}

static gboolean is_string_golden(const char *rel)
{
    return g_str_has_suffix(rel, ".string") || g_str_has_suffix(rel, ".string.generated") ||
           g_str_has_suffix(rel, ".string.generated.gz") || g_str_has_suffix(rel, ".raw.txt");
}

/* Kiln's folded export of every type equals the golden's stacks. */
static void compare_with_golden(const KilnProfile *p, const char *golden_rel)
{
    g_autofree char *text = read_golden(golden_rel);
    g_autoptr(PprofText) g = pprof_text_parse_pruned(text,
                                                     kiln_profile_get_property(p, "Drop frames"),
                                                     kiln_profile_get_property(p, "Keep frames"));
    g_assert_cmpuint(p->n_types, ==, g->type_names->len);
    for (uint32_t t = 0; t < p->n_types; t++) {
        g_autofree char *name = g_strdup_printf("%s/%s", kiln_profile_string(p, p->types[t].name),
                                                kiln_profile_string(p, p->types[t].unit));
        g_assert_cmpstr(name, ==, g->type_names->pdata[t]);
        g_autofree char *folded = kiln_test_folded(p, t);
        if (g_strcmp0(folded, g->folded->pdata[t]) != 0)
            g_test_message("%s type %s differs", golden_rel, name);
        g_assert_cmpstr(folded, ==, g->folded->pdata[t]);
    }
    if (g->default_type >= 0)
        g_assert_cmpint(p->default_type, ==, g->default_type);
    else
        g_assert_cmpint(p->default_type, ==, (int)p->n_types - 1);
    g_assert_cmpuint(p->samples_seen, ==, g->n_samples);
}

/* The function name there is every byte 0x00-0xff: String() prints it raw
 * (newline included), so the golden cannot be parsed; Kiln must show it
 * escaped, with ';' turned to ':' in folded output. */
static void check_invalid_utf8(const KilnProfile *p)
{
    GString *want = g_string_new(NULL);
    for (int b = 0; b < 256; b++) {
        if (b < 0x20 || b >= 0x7f)
            g_string_append_printf(want, "\\x%02x", b);
        else
            g_string_append_c(want, b == ';' ? ':' : (char)b);
    }
    g_string_append(want, ";my 1\n");
    g_autofree char *folded = kiln_test_folded(p, p->default_type);
    g_assert_cmpstr(folded, ==, want->str);
    g_string_free(want, TRUE);
}

static void test_corpus(void)
{
    g_autoptr(GPtrArray) rows = manifest_rows();
    g_ptr_array_set_free_func(rows, row_free);
    if (rows->len == 0) {
        g_test_skip("the corpus MANIFEST.tsv is missing");
        return;
    }
    guint loaded = 0, compared = 0, refused = 0;
    for (guint i = 0; i < rows->len; i++) {
        const Row *r = rows->pdata[i];
        g_autofree char *path = g_build_filename(kiln_test_corpus(), r->path, NULL);
        GError *err = NULL;
        g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
        gboolean legacy = g_str_has_prefix(r->format, "pprof-legacy");
        if (!p) {
            /* Only pprof's legacy formats may fail, and with a message. */
            g_assert_nonnull(err);
            g_assert_true(err->domain == KILN_FORMAT_ERROR);
            g_assert_cmpuint(strlen(err->message), >, 20);
            if (!legacy)
                g_error("%s: %s", r->path, err->message);
            g_error_free(err);
            refused++;
            continue;
        }
        g_assert_no_error(err);
        loaded++;
        g_assert_cmpstr(p->format, ==, "pprof");
        for (char **e = r->expected; *e; e++) {
            if (!is_string_golden(*e))
                continue;
            if (strstr(*e, "invalid_utf8")) {
                check_invalid_utf8(p);
                compared++;
                continue;
            }
            g_test_message("comparing %s with %s", r->path, *e);
            compare_with_golden(p, *e);
            compared++;
        }
    }
    g_test_message("%u loaded, %u refused, %u goldens compared", loaded, refused, compared);
    g_assert_cmpuint(compared, >=, 63);
    g_assert_cmpuint(refused, ==, 0); /* every legacy variant in the corpus is read */
}

static int cmp_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* speedscope's import of simple.prof: its stacks (in ms) and per-function
 * self and total weights (ns), from the jest snapshot. */
static void test_speedscope(void)
{
    g_autofree char *path = kiln_test_corpus_path("pprof/speedscope/simple.prof");
    if (!path)
        return;
    g_autofree char *snap = read_golden("pprof/speedscope/expected/pprof.test.ts.snap");
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(kiln_profile_string(p, p->types[p->default_type].name), ==, "cpu");

    /* Stacks: "a;b;c 140.00ms" → folded with nanoseconds. */
    g_auto(GStrv) lines = g_strsplit(snap, "\n", -1);
    g_autoptr(GPtrArray) stacks = g_ptr_array_new_with_free_func(g_free);
    gboolean in_stacks = FALSE;
    g_autofree char *fname = NULL;
    double self = -1, total = -1;
    guint frames_checked = 0;
    for (char **l = lines; *l; l++) {
        g_autofree char *s = g_strstrip(g_strdup(*l));
        if (g_str_has_prefix(s, "\"stacks\": [")) {
            in_stacks = TRUE;
            continue;
        }
        if (in_stacks && s[0] == ']') {
            in_stacks = FALSE;
            continue;
        }
        if (in_stacks) {
            char *sp = strrchr(s, ' ');
            g_assert_nonnull(sp);
            *sp = 0;
            double ms = g_ascii_strtod(sp + 1, NULL);
            g_ptr_array_add(stacks, g_strdup_printf("%s %.0f\n", s + 1, ms * 1e6));
        } else if (g_str_has_prefix(s, "\"name\": \"") && !fname) {
            fname = g_strndup(s + 9, strlen(s) - 11);
        } else if (g_str_has_prefix(s, "\"selfWeight\": ")) {
            self = g_ascii_strtod(s + 14, NULL);
        } else if (g_str_has_prefix(s, "\"totalWeight\": ") && fname) {
            total = g_ascii_strtod(s + 15, NULL);
            /* Kiln's per-name self and total over the call tree (no
             * recursion in this profile, so totals add up per node). */
            double ks = 0, kt = 0;
            for (uint32_t n = 1; n < p->n_nodes; n++) {
                if (strcmp(kiln_profile_node_name(p, n), fname) != 0)
                    continue;
                ks += kiln_profile_self(p, p->default_type, n);
                kt += kiln_profile_total(p, p->default_type, n);
            }
            g_assert_cmpfloat(ks, ==, self);
            g_assert_cmpfloat(kt, ==, total);
            frames_checked++;
            g_clear_pointer(&fname, g_free);
        }
    }
    g_assert_cmpuint(frames_checked, ==, 25);
    g_assert_cmpuint(stacks->len, ==, 9);
    g_ptr_array_sort(stacks, cmp_lines);
    GString *want = g_string_new(NULL);
    for (guint i = 0; i < stacks->len; i++)
        g_string_append(want, stacks->pdata[i]);
    g_autofree char *folded = kiln_test_folded(p, p->default_type);
    g_assert_cmpstr(folded, ==, want->str);
    g_string_free(want, TRUE);
}

/* What `kiln-cli info` shows for a Go CPU profile. */
static void test_info(void)
{
    g_autofree char *path = kiln_test_corpus_path("pprof/speedscope/simple.prof");
    if (!path)
        return;
    const char *args[] = {"info", path, NULL};
    g_autofree char *out = NULL;
    g_assert_cmpint(kiln_test_run_cli(args, &out, NULL), ==, 0);
    g_assert_nonnull(strstr(out, "Format:         pprof (pprof)\n"));
    g_assert_nonnull(strstr(out, "Sample types:   samples/count  total 150\n"));
    g_assert_nonnull(strstr(out, "cpu/nanoseconds [default]  total 1.50 s\n"));
    g_assert_nonnull(strstr(out, "Period type:    cpu/nanoseconds\n"));
    g_assert_nonnull(strstr(out, "Period:         10000000 (10.00 ms)\n"));
    g_assert_nonnull(strstr(out, "Time:           2018-09-16 20:47:43 UTC\n"));
    g_assert_nonnull(strstr(out, "Duration:       1.91 s\n"));
}

/* Comments accumulate, and the heap's sample types keep their units. */
static void test_comments_and_types(void)
{
    g_autofree char *path = kiln_test_corpus_path("pprof/google-pprof/driver-synthetic/"
                                                  "heap.symbolized.pb.gz");
    if (!path)
        return;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *golden = read_golden("pprof/google-pprof/driver-synthetic/"
                                          "heap.symbolized.raw.txt");
    guint comments = 0;
    for (guint i = 0; i < p->properties->len; i++) {
        const KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        if (strcmp(prop->key, "Comment") != 0)
            continue;
        g_autofree char *line = g_strdup_printf("Comment: %s\n", prop->value);
        g_assert_nonnull(strstr(golden, line));
        comments++;
    }
    g_assert_cmpuint(comments, ==, 2);
    g_assert_cmpint(kiln_profile_find_type(p, "inuse_space"), >=, 0);
}

/* `kiln-cli export --sample-type NAME` accepts every type of the file, and
 * `--to pprof` writes gzip that Kiln reads back with the same stacks. */
static void test_cli_types(void)
{
    g_autofree char *path = kiln_test_corpus_path("pprof/google-pprof/driver-synthetic/"
                                                  "heap_alloc.symbolized.pb.gz");
    if (!path)
        return;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->n_types, ==, 2);
    for (uint32_t t = 0; t < p->n_types; t++) {
        const char *name = kiln_profile_string(p, p->types[t].name);
        const char *args[] = {"export", "--to", "folded", "--sample-type", name, "-o", "-",
                              path, NULL};
        g_autofree char *out = NULL;
        g_assert_cmpint(kiln_test_run_cli(args, &out, NULL), ==, 0);
        g_autofree char *want = kiln_test_folded(p, t);
        g_assert_cmpstr(out, ==, want);
    }
    g_autofree char *tmp = g_build_filename(g_get_tmp_dir(), "kiln-pprof-cli-XXXXXX", NULL);
    int fd = g_mkstemp(tmp);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    const char *args[] = {"export", "--to", "pprof", "-o", tmp, path, NULL};
    g_assert_cmpint(kiln_test_run_cli(args, NULL, NULL), ==, 0);
    gsize len;
    g_autofree char *bytes = kiln_test_read(tmp, &len);
    g_assert_cmpuint(len, >, 20);
    g_assert_cmpuint((guint8)bytes[0], ==, 0x1f); /* gzip */
    g_assert_cmpuint((guint8)bytes[1], ==, 0x8b);
    g_autoptr(KilnProfile) back = kiln_load_file(tmp, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(back->n_types, ==, 2);
    g_assert_cmpuint(back->default_type, ==, p->default_type);
    for (uint32_t t = 0; t < p->n_types; t++) {
        g_autofree char *a = kiln_test_folded(p, t);
        g_autofree char *b = kiln_test_folded(back, t);
        g_assert_cmpstr(a, ==, b);
        g_assert_cmpstr(kiln_profile_string(back, back->types[t].unit), ==,
                        kiln_profile_string(p, p->types[t].unit));
    }
    g_assert_cmpstr(kiln_profile_get_property(back, "Period type"), ==,
                    kiln_profile_get_property(p, "Period type"));
    g_unlink(tmp);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pprof/corpus/goldens", test_corpus);
    g_test_add_func("/pprof/corpus/speedscope", test_speedscope);
    g_test_add_func("/pprof/corpus/info", test_info);
    g_test_add_func("/pprof/corpus/comments", test_comments_and_types);
    g_test_add_func("/pprof/corpus/cli-types", test_cli_types);
    return g_test_run();
}
