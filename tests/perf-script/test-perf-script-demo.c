/* test-perf-script-demo.c — the README's demo profile (data/samples/):
 * Kiln's folded export of kiln-demo.perf-script.txt must still be the
 * committed kiln-demo.folded, and the program's own functions must carry
 * the shares of CPU time kiln-demo.c gives them. */
#include "kiln-test-util.h"

#include <math.h>
#include <string.h>

static char *sample_path(const char *name)
{
    const char *root = g_getenv("KILN_SOURCE_ROOT");
    g_assert_nonnull(root);
    return g_build_filename(root, "data", "samples", name, NULL);
}

/* Total of a function over the profile: the sum of the totals of the
 * nodes named `name` that have no ancestor of the same name. */
static double total_of(const KilnProfile *p, const char *name)
{
    double sum = 0;
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        if (strcmp(kiln_profile_node_name(p, n), name) != 0)
            continue;
        gboolean nested = FALSE;
        for (uint32_t a = p->nodes[n].parent; a != KILN_ROOT_NODE && !nested; a = p->nodes[a].parent)
            nested = strcmp(kiln_profile_node_name(p, a), name) == 0;
        if (!nested)
            sum += kiln_profile_total(p, p->default_type, n);
    }
    return sum;
}

static void test_demo(void)
{
    g_autofree char *text = sample_path("kiln-demo.perf-script.txt");
    g_autofree char *folded_path = sample_path("kiln-demo.folded");
    g_autofree char *data = sample_path("kiln-demo.perf.data");
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(text, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(p->format, ==, "perf-script");
    g_assert_cmpuint(p->warnings->len, ==, 0);
    gsize len;
    g_autofree char *want = kiln_test_read(folded_path, &len);
    g_autofree char *got = kiln_test_folded(p, G_MAXUINT32);
    g_assert_cmpstr(got, ==, want);

    /* kiln-demo.c: parse_input 0.04 s, crunch 0.18 s, render_output
     * 0.08 s of CPU; hash_block and mix_bits share the work about evenly. */
    double all = kiln_profile_total(p, p->default_type, KILN_ROOT_NODE);
    g_assert_cmpfloat(all, >, 200 * 1001001.0);
    g_assert_cmpfloat(fabs(total_of(p, "main") / all - 1.0), <, 0.02);
    g_assert_cmpfloat(fabs(total_of(p, "parse_input") / all - 0.04 / 0.3), <, 0.05);
    g_assert_cmpfloat(fabs(total_of(p, "crunch") / all - 0.18 / 0.3), <, 0.05);
    g_assert_cmpfloat(fabs(total_of(p, "render_output") / all - 0.08 / 0.3), <, 0.05);
    g_assert_cmpfloat(total_of(p, "hash_block") / all, >, 0.3);
    g_assert_cmpfloat(total_of(p, "mix_bits") / all, >, 0.3);

    /* The recording stays small enough to keep in the repository. */
    g_autoptr(GFile) f = g_file_new_for_path(data);
    g_autoptr(GFileInfo) info = g_file_query_info(f, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                  G_FILE_QUERY_INFO_NONE, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpint(g_file_info_get_size(info), <, 300 * 1024);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/perf-script/demo", test_demo);
    return g_test_run();
}
