/* test-hostile-corpus.c — every valid corpus input, damaged.
 *
 * For each folded, perf script, perf.data and pprof input listed in the
 * corpus MANIFEST.tsv, the test makes six variants in memory: truncated at
 * a third, at two thirds and one byte short of the end, and three copies
 * with seeded bit flips (more flips each time, half of them in the first
 * 4 KiB where the headers are). Each variant goes through kiln_load_bytes()
 * as `kiln-cli info` would and must end in a clean KILN_FORMAT_ERROR or a profile
 * that passes the fuzzers' checks (fuzz/kiln-fuzz-check.h). The seeds
 * depend only on the file's path, so a failure reproduces exactly; the
 * TAP log names the file and variant before each load.
 *
 * KILN_HOSTILE_STRIDE=N tests every Nth file only (default 1: all).
 */
#include "kiln-test-util.h"
#include "kiln-fuzz-check.h"

typedef struct {
    const char *prefix; /* MANIFEST format column starts with this */
    GPtrArray *paths;   /* corpus-relative */
} FormatSet;

static double slowest_s;
static GHashTable *legacy; /* paths of pprof's legacy (pre-protobuf) formats */
static char *slowest_what;

static void load_variant(const guint8 *data, gsize len, const char *what)
{
    g_test_message("%s (%" G_GSIZE_FORMAT " bytes)", what, len);
    /* An exact-size heap copy, so ASan sees a read one byte past the end. */
    guint8 *copy = g_malloc(len ? len : 1);
    memcpy(copy, data, len);
    gint64 t0 = g_get_monotonic_time();
    GError *err = NULL;
    KilnProfile *p = kiln_load_bytes(copy, len, what, NULL, NULL, NULL, NULL, &err);
    if (p) {
        g_assert_no_error(err);
        kiln_fuzz_check_profile(p);
        kiln_profile_unref(p);
    } else {
        kiln_fuzz_check_error(err);
        g_error_free(err);
    }
    double s = (double)(g_get_monotonic_time() - t0) / 1e6;
    if (s > slowest_s) {
        slowest_s = s;
        g_free(slowest_what);
        slowest_what = g_strdup(what);
    }
    /* The CLI contract is 10 s per file on any input; in-process and
     * without symbols an importer should be far below it. */
    g_assert_cmpfloat(s, <, 10.0 * KILN_FUZZ_SLOWDOWN);
    g_free(copy);
}

static void damage_file(const char *rel)
{
    g_autofree char *path = kiln_test_corpus_path(rel);
    if (!path)
        return;
    gsize len = 0;
    g_autofree guint8 *data = (guint8 *)kiln_test_read(path, &len);
    if (len < 2)
        return;

    const gsize cuts[] = {len / 3, len * 2 / 3, len - 1};
    for (guint i = 0; i < G_N_ELEMENTS(cuts); i++) {
        g_autofree char *what = g_strdup_printf("%s cut at %" G_GSIZE_FORMAT, rel, cuts[i]);
        load_variant(data, cuts[i], what);
    }

    g_autofree guint8 *flipped = g_malloc(len);
    for (guint v = 0; v < 3; v++) {
        guint32 seed = g_str_hash(rel) ^ (v * 0x9e3779b9u);
        GRand *r = g_rand_new_with_seed(seed);
        memcpy(flipped, data, len);
        guint flips = 1u << (2 * v); /* 1, 4, 16 */
        for (guint k = 0; k < flips; k++) {
            gsize span = (k & 1) ? len : MIN(len, (gsize)4096);
            gsize at = (gsize)g_rand_double_range(r, 0, (double)span);
            flipped[MIN(at, len - 1)] ^= (guint8)(1u << g_rand_int_range(r, 0, 8));
        }
        g_rand_free(r);
        g_autofree char *what =
            g_strdup_printf("%s with %u bit flips (seed %u)", rel, flips, seed);
        load_variant(flipped, len, what);
    }
}

static void test_format(gconstpointer data)
{
    const FormatSet *set = data;
    if (set->paths->len == 0) {
        g_test_skip("no corpus files of this format (is KILN_CORPUS set?)");
        return;
    }
    for (guint i = 0; i < set->paths->len; i++)
        damage_file(set->paths->pdata[i]);
    g_test_message("%u files; slowest variant %.3f s: %s", set->paths->len, slowest_s,
                   slowest_what ? slowest_what : "-");
}

/* A half-downloaded file is still recognised: cut at two thirds, a
 * perf.data or pprof input either loads (partial, with a warning) or fails
 * with an error about that format, never "not a profile Kiln can read". */
static void test_cut_still_recognised(gconstpointer data)
{
    const FormatSet *sets = data; /* [2] perf.data, [3] pprof */
    guint checked = 0;
    GString *unrecognised = g_string_new(NULL);
    for (guint s = 2; s < 4; s++) {
        for (guint i = 0; i < sets[s].paths->len; i++) {
            const char *rel = sets[s].paths->pdata[i];
            /* pprof's legacy formats have no structure to recognise in a
             * fragment. */
            if (g_hash_table_contains(legacy, rel))
                continue;
            g_autofree char *path = kiln_test_corpus_path(rel);
            if (!path)
                continue;
            gsize len = 0;
            g_autofree char *bytes = kiln_test_read(path, &len);
            if (len < 64 || g_str_has_suffix(rel, ".v1")) /* v1: refused by design */
                continue;
            GError *err = NULL;
            KilnProfile *p = kiln_load_bytes((const guint8 *)bytes, len * 2 / 3, rel, NULL, NULL,
                                             NULL, NULL, &err);
            checked++;
            if (p) {
                kiln_fuzz_check_profile(p);
                kiln_profile_unref(p);
            } else if (g_error_matches(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT)) {
                g_string_append_printf(unrecognised, "  %s\n", rel);
            }
            g_clear_error(&err);
        }
    }
    g_test_message("%u cut files checked", checked);
    if (unrecognised->len)
        g_error("cut at 2/3, these are no longer recognised:\n%s", unrecognised->str);
    g_string_free(unrecognised, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    static FormatSet sets[] = {
        {"folded", NULL},
        {"perf-script", NULL},
        {"perf.data", NULL},
        {"pprof", NULL},
    };
    for (guint i = 0; i < G_N_ELEMENTS(sets); i++)
        sets[i].paths = g_ptr_array_new_with_free_func(g_free);

    guint stride = (guint)MAX(1, g_ascii_strtoull(g_getenv("KILN_HOSTILE_STRIDE") ?: "1", NULL,
                                                   10));
    legacy = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autofree char *manifest = g_build_filename(kiln_test_corpus(), "MANIFEST.tsv", NULL);
    g_autofree char *text = NULL;
    if (g_file_get_contents(manifest, &text, NULL, NULL)) {
        g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
        guint n = 0;
        for (guint l = 1; lines[l]; l++) {
            g_auto(GStrv) col = g_strsplit(lines[l], "\t", 3);
            if (!col[0] || !col[1] || strstr(col[1], "expected"))
                continue;
            for (guint i = 0; i < G_N_ELEMENTS(sets); i++) {
                if (g_str_has_prefix(col[1], "pprof-legacy"))
                    g_hash_table_add(legacy, g_strdup(col[0]));
                if (g_str_has_prefix(col[1], sets[i].prefix)) {
                    if (n++ % stride == 0)
                        g_ptr_array_add(sets[i].paths, g_strdup(col[0]));
                    break;
                }
            }
        }
    }
    g_test_add_data_func("/hostile/corpus/folded", &sets[0], test_format);
    g_test_add_data_func("/hostile/corpus/perf-script", &sets[1], test_format);
    g_test_add_data_func("/hostile/corpus/perf-data", &sets[2], test_format);
    g_test_add_data_func("/hostile/corpus/pprof", &sets[3], test_format);
    g_test_add_data_func("/hostile/corpus/cut-still-recognised", sets, test_cut_still_recognised);
    int rc = g_test_run();
    for (guint i = 0; i < G_N_ELEMENTS(sets); i++)
        g_ptr_array_free(sets[i].paths, TRUE);
    g_free(slowest_what);
    g_hash_table_unref(legacy);
    return rc;
}
