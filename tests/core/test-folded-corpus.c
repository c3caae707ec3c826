/* test-folded-corpus.c — every folded file in the shared corpus, imported
 * and exported, checked against an independent reference implementation of
 * the merge/sort rules, and against upstream outputs byte for byte. */
#include "kiln-test-util.h"
#include "analysis/kiln-top.h"

#include <math.h>
#include <string.h>

static int cmp_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Text of a corpus file as UTF-8 (GLib's iconv for UTF-16, not Kiln's). */
static char *utf8_text(const char *data, gsize len, gsize *out_len)
{
    const guint8 *u = (const guint8 *)data;
    if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
        char *s = g_convert(data + 2, len - 2, "UTF-8", u[0] == 0xff ? "UTF-16LE" : "UTF-16BE",
                            NULL, out_len, NULL);
        g_assert_nonnull(s);
        return s;
    }
    if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
        *out_len = len - 3;
        return g_strndup(data + 3, len - 3);
    }
    *out_len = len;
    return g_strndup(data, len);
}

/* The reference: split each line at its last space (column `col` counted
 * from the end for the differential form), strip CR, skip blank and
 * comment lines, sum identical stacks, sort bytewise. Written without any
 * of Kiln's code so that the two can disagree. */
static char *reference_folded(const char *text, int n_cols, int col, gboolean *fractional)
{
    GHashTable *sums = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char **lines = g_strsplit(text, "\n", -1);
    *fractional = FALSE;
    for (char **l = lines; *l; l++) {
        char *line = *l;
        gsize n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[--n] = 0;
        if (!n || line[0] == '#' || g_str_has_prefix(line, "//"))
            continue;
        double vals[2] = {0, 0};
        gboolean ok = TRUE;
        for (int c = n_cols - 1; c >= 0 && ok; c--) {
            char *sp = strrchr(line, ' ');
            char *end = NULL;
            if (!sp || sp == line || !g_ascii_isdigit(sp[1])) {
                ok = FALSE;
                break;
            }
            vals[c] = g_ascii_strtod(sp + 1, &end);
            if (*end)
                ok = FALSE;
            *sp = 0;
        }
        if (!ok || !*line)
            continue;
        double v = vals[col];
        if (v != floor(v))
            *fractional = TRUE;
        double *sum = g_hash_table_lookup(sums, line);
        if (!sum) {
            sum = g_new0(double, 1);
            g_hash_table_insert(sums, g_strdup(line), sum);
        }
        *sum += v;
    }
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, sums);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (*(double *)v != 0)
            g_ptr_array_add(out, g_strdup_printf("%s %.0f", (char *)k, *(double *)v));
    g_ptr_array_sort(out, cmp_lines);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < out->len; i++)
        g_string_append_printf(s, "%s\n", (char *)out->pdata[i]);
    g_ptr_array_unref(out);
    g_strfreev(lines);
    g_hash_table_unref(sums);
    return g_string_free(s, FALSE);
}

typedef struct {
    char *path;
    char *format;
} Entry;

static void free_entry_cb(gpointer data)
{
    Entry *e = data;
    g_free(e->path);
    g_free(e->format);
    g_free(e);
}

static GPtrArray *manifest_entries(const char *prefix)
{
    GPtrArray *entries = g_ptr_array_new_with_free_func(free_entry_cb);
    g_autofree char *manifest = kiln_test_corpus_path("MANIFEST.tsv");
    if (!manifest)
        return entries;
    gsize len;
    g_autofree char *text = kiln_test_read(manifest, &len);
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        char **cols = g_strsplit(*l, "\t", 3);
        if (cols[0] && cols[1] && g_str_has_prefix(cols[1], prefix)) {
            Entry *e = g_new(Entry, 1);
            e->path = g_strdup(cols[0]);
            e->format = g_strdup(cols[1]);
            g_ptr_array_add(entries, e);
        }
        g_strfreev(cols);
    }
    g_strfreev(lines);
    return entries;
}

/* Every folded file: loads (or, when empty, fails saying so), and its
 * export equals the reference merge/sort of its lines. */
static void test_corpus_reference(void)
{
    GPtrArray *entries = manifest_entries("folded");
    g_assert_cmpuint(entries->len, >=, 100);
    guint checked = 0;
    for (guint i = 0; i < entries->len; i++) {
        Entry *e = entries->pdata[i];
        g_autofree char *path = g_build_filename(kiln_test_corpus(), e->path, NULL);
        gsize len, tlen;
        g_autofree char *raw = kiln_test_read(path, &len);
        g_autofree char *text = utf8_text(raw, len, &tlen);
        GError *err = NULL;
        g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
        if (!p) {
            g_test_message("%s: %s", e->path, err->message);
            /* Only inputs without a single stack may be refused. */
            g_assert_true(err->code == KILN_FORMAT_ERROR_EMPTY || err->code == KILN_FORMAT_ERROR_INVALID);
            g_assert_cmpuint(len, ==, 0);
            g_error_free(err);
            continue;
        }
        g_assert_cmpstr(p->format, ==, "folded");
        int cols = p->n_types == 2 ? 2 : 1;
        for (int c = 0; c < cols; c++) {
            gboolean fractional;
            g_autofree char *want = reference_folded(text, cols, c, &fractional);
            g_autofree char *got = kiln_test_folded(p, (uint32_t)c);
            if (fractional)
                continue; /* compared by value in the fractional test */
            if (g_strcmp0(want, got) != 0)
                g_error("%s (column %d): export differs from the reference\n--- want\n%.2000s\n"
                        "--- got\n%.2000s",
                        e->path, c, want, got);
            checked++;
        }
    }
    g_test_message("checked %u exports", checked);
    g_assert_cmpuint(checked, >=, 140);
    g_ptr_array_free(entries, TRUE);
}

/* FlameGraph's own collapsed outputs are merged and sorted: importing and
 * exporting them must give back the same bytes, _[k]/_[j]/_[i] included. */
static void test_upstream_identity(void)
{
    g_autofree char *dir = kiln_test_corpus_path("perf-script/flamegraph/results");
    if (!dir)
        return;
    GDir *d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    const char *name;
    guint n = 0;
    while ((name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        gsize len;
        g_autofree char *want = kiln_test_read(path, &len);
        GError *err = NULL;
        g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
        g_assert_no_error(err);
        g_autofree char *got = kiln_test_folded(p, p->default_type);
        if (g_strcmp0(want, got) != 0)
            g_error("%s: round trip differs", name);
        n++;
    }
    g_dir_close(d);
    g_assert_cmpuint(n, ==, 78);
}

/* inferno-diff-folded's expected output gives, per stack, the count in
 * before.txt and in after.txt: Kiln's exports of the two must agree. */
static void test_diff_folded_golden(void)
{
    g_autofree char *golden = kiln_test_corpus_path("folded/inferno/diff-folded/results/default.txt");
    if (!golden)
        return;
    const char *names[2] = {"before.txt", "after.txt"};
    GHashTable *got[2];
    for (int k = 0; k < 2; k++) {
        g_autofree char *path = g_build_filename(kiln_test_corpus(), "folded/inferno/diff-folded",
                                                 names[k], NULL);
        GError *err = NULL;
        g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
        g_assert_no_error(err);
        g_autofree char *out = kiln_test_folded(p, 0);
        got[k] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        char **lines = g_strsplit(out, "\n", -1);
        for (char **l = lines; *l && **l; l++) {
            char *sp = strrchr(*l, ' ');
            g_hash_table_insert(got[k], g_strndup(*l, sp - *l), g_strdup(sp + 1));
        }
        g_strfreev(lines);
    }
    gsize len;
    g_autofree char *text = kiln_test_read(golden, &len);
    char **lines = g_strsplit(text, "\n", -1);
    guint n = 0;
    for (char **l = lines; *l && **l; l++) {
        char *after = strrchr(*l, ' ');
        *after++ = 0;
        char *before = strrchr(*l, ' ');
        *before++ = 0;
        const char *b = g_hash_table_lookup(got[0], *l);
        const char *a = g_hash_table_lookup(got[1], *l);
        g_assert_cmpstr(b ? b : "0", ==, before);
        g_assert_cmpstr(a ? a : "0", ==, after);
        n++;
    }
    g_strfreev(lines);
    g_assert_cmpuint(n, ==, 9);
    g_hash_table_unref(got[0]);
    g_hash_table_unref(got[1]);
}

/* speedscope's Jest snapshot: per file, each frame's self and total
 * weight. Kiln's top table must give the same numbers. */
static void check_speedscope_block(GPtrArray *names, GArray *self, GArray *total, const char *file)
{
    g_autofree char *path = g_build_filename(kiln_test_corpus(), "folded/speedscope", file, NULL);
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    uint32_t n;
    g_autofree KilnTopEntry *e = kiln_top_compute(p, 0, KILN_ROOT_NODE, KILN_TOP_BY_SELF, &n);
    g_assert_cmpuint(n, ==, names->len);
    for (guint i = 0; i < names->len; i++) {
        gboolean found = FALSE;
        for (uint32_t k = 0; k < n; k++) {
            if (strcmp(kiln_profile_string(p, e[k].name), names->pdata[i]) != 0)
                continue;
            g_assert_cmpfloat(e[k].self, ==, g_array_index(self, double, i));
            g_assert_cmpfloat(e[k].total, ==, g_array_index(total, double, i));
            found = TRUE;
        }
        g_assert_true(found);
    }
}

static void test_speedscope_snapshot(void)
{
    g_autofree char *snap = kiln_test_corpus_path("folded/speedscope/expected/bg-flamegraph.test.ts.snap");
    if (!snap)
        return;
    gsize len;
    g_autofree char *text = kiln_test_read(snap, &len);
    char **lines = g_strsplit(text, "\n", -1);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GArray *self = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *total = g_array_new(FALSE, FALSE, sizeof(double));
    guint blocks = 0;
    for (char **l = lines; *l; l++) {
        char *t = g_strstrip(*l);
        if (g_str_has_prefix(t, "\"name\": \"") && g_str_has_suffix(t, "\",")) {
            char *v = g_strndup(t + 9, strlen(t) - 11);
            if (g_str_has_suffix(v, ".txt")) {
                check_speedscope_block(names, self, total, v);
                blocks++;
                g_ptr_array_set_size(names, 0);
                g_array_set_size(self, 0);
                g_array_set_size(total, 0);
                g_free(v);
            } else {
                g_ptr_array_add(names, v);
            }
        } else if (g_str_has_prefix(t, "\"selfWeight\": ")) {
            double v = g_ascii_strtod(t + 14, NULL);
            g_array_append_val(self, v);
        } else if (g_str_has_prefix(t, "\"totalWeight\": ")) {
            double v = g_ascii_strtod(t + 15, NULL);
            g_array_append_val(total, v);
        }
    }
    g_assert_cmpuint(blocks, ==, 5);
    g_ptr_array_unref(names);
    g_array_unref(self);
    g_array_unref(total);
    g_strfreev(lines);
}

/* inferno's SVGs: every <title> "name (N samples, P%)" is a drawn frame with
 * inclusive count N (thousands separated by commas). A node with that name
 * and total must exist in Kiln's tree, and the root total must match. */
static void test_inferno_svg_titles(void)
{
    const char *pairs[][2] = {
        {"austin/flames.txt", "austin/flame.svg"},
        {"differential/perf-cycles-instructions-01-collapsed-all-diff.txt", "differential/diff.svg"},
        {"grey-frames/grey-frames.txt", "grey-frames/grey-frames.svg"},
        {"narrow-blocks/narrow-blocks.txt", "narrow-blocks/narrow-blocks.svg"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(pairs); i++) {
        g_autofree char *in = g_build_filename(kiln_test_corpus(), "folded/inferno/flamegraph",
                                               pairs[i][0], NULL);
        g_autofree char *svg = g_build_filename(kiln_test_corpus(), "folded/inferno/flamegraph",
                                                pairs[i][1], NULL);
        GError *err = NULL;
        g_autoptr(KilnProfile) p = kiln_load_file(in, NULL, NULL, NULL, NULL, &err);
        g_assert_no_error(err);
        uint32_t t = p->default_type; /* "after" for the differential file */
        gsize len;
        g_autofree char *text = kiln_test_read(svg, &len);
        guint titles = 0;
        for (char *c = strstr(text, "<title>"); c; c = strstr(c + 1, "<title>")) {
            char *end = strstr(c, "</title>");
            g_autofree char *raw = g_strndup(c + 7, end - c - 7);
            char *open = strrchr(raw, '(');
            g_assert_nonnull(open);
            open[-1] = 0;
            GString *digits = g_string_new(NULL);
            for (char *d = open + 1; *d && *d != ' '; d++)
                if (g_ascii_isdigit(*d))
                    g_string_append_c(digits, *d);
            double want = g_ascii_strtod(digits->str, NULL);
            g_string_free(digits, TRUE);
            g_autofree char *name = g_strdup(raw);
            /* undo the XML escapes inferno writes */
            const char *esc[][2] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"},
                                    {"&amp;", "&"}};
            for (gsize k = 0; k < G_N_ELEMENTS(esc); k++) {
                char **parts = g_strsplit(name, esc[k][0], -1);
                g_free(name);
                name = g_strjoinv(esc[k][1], parts);
                g_strfreev(parts);
            }
            titles++;
            if (strcmp(name, "all") == 0) {
                g_assert_cmpfloat(kiln_profile_total(p, t, KILN_ROOT_NODE), ==, want);
                continue;
            }
            gboolean found = FALSE;
            for (uint32_t nd = 1; nd < p->n_nodes && !found; nd++) {
                const KilnFrame *f = kiln_profile_node_frame(p, nd);
                g_autofree char *full = g_strconcat(kiln_profile_string(p, f->name),
                                                    kiln_frame_kind_suffix(f->kind), NULL);
                /* inferno draws annotated frames without their suffix */
                found = (strcmp(full, name) == 0 ||
                         strcmp(kiln_profile_string(p, f->name), name) == 0) &&
                        kiln_profile_total(p, t, nd) == want;
            }
            if (!found)
                g_error("%s: no frame \"%s\" with %.0f samples", pairs[i][1], name, want);
        }
        g_assert_cmpuint(titles, >, 5);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/folded/corpus/reference", test_corpus_reference);
    g_test_add_func("/folded/corpus/upstream-identity", test_upstream_identity);
    g_test_add_func("/folded/corpus/diff-folded-golden", test_diff_folded_golden);
    g_test_add_func("/folded/corpus/speedscope-snapshot", test_speedscope_snapshot);
    g_test_add_func("/folded/corpus/inferno-svg-titles", test_inferno_svg_titles);
    return g_test_run();
}
