/* test-compare-document.c — a pair to compare as a KilnDocument (issue
 * 17): both files load on the worker into one profile whose sample types
 * are before and after, stacks matched, and perf-style process roots that
 * differ (prog, prog2) dropped so the code lines up. No display needed. */
#include <glib/gstdio.h>
#include <string.h>

#include "kiln-document.h"
#include "kiln-test-util.h"

static gboolean wake(gpointer data)
{
    return G_SOURCE_CONTINUE;
}

static gboolean not_loading(KilnDocument *doc)
{
    KilnDocumentState s = kiln_document_get_state(doc);
    return s != KILN_DOCUMENT_LOADING && s != KILN_DOCUMENT_IDLE;
}

static void load_and_wait(KilnDocument *doc)
{
    guint w = g_timeout_add(50, wake, NULL);
    gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    kiln_document_load(doc);
    while (!not_loading(doc) || kiln_document_get_rebuilding(doc)) {
        if (g_get_monotonic_time() > deadline)
            g_error("timed out waiting for the comparison");
        g_main_context_iteration(NULL, TRUE);
    }
    g_source_remove(w);
}

static GFile *write_temp(const char *dir, const char *name, const char *text)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return g_file_new_for_path(path);
}

/* The value of the node at `stack` (names separated by ';') in type t. */
static double total_at(const KilnProfile *p, const char *stack, uint32_t t)
{
    g_auto(GStrv) names = g_strsplit(stack, ";", -1);
    uint32_t node = KILN_ROOT_NODE;
    for (char **n = names; *n; n++) {
        uint32_t found = KILN_NO_NODE;
        for (uint32_t c = node + 1; c < node + p->nodes[node].size; c += p->nodes[c].size)
            if (strcmp(kiln_profile_node_name(p, c), *n) == 0)
                found = c;
        if (found == KILN_NO_NODE)
            return -1;
        node = found;
    }
    return kiln_profile_total(p, t, node);
}

static void test_pair(void)
{
    g_autofree char *dir = g_dir_make_tmp("kiln-compare-XXXXXX", NULL);
    g_assert_nonnull(dir);
    g_autoptr(GFile) a =
        write_temp(dir, "before.folded", "main;halve 40\nmain;twice 10\nmain;same 5\n");
    g_autoptr(GFile) b = write_temp(dir, "after.folded",
                                    "main;halve 20\nmain;twice 20\nmain;same 5\nmain;fresh 8\n");
    g_autoptr(KilnDocument) doc = kiln_document_new_for_comparison(a, b);
    g_assert_cmpint(kiln_document_get_source(doc), ==, KILN_DOCUMENT_SOURCE_COMPARISON);
    g_assert_cmpstr(kiln_document_get_title(doc), ==, "before.folded → after.folded");
    load_and_wait(doc);
    g_assert_cmpint(kiln_document_get_state(doc), ==, KILN_DOCUMENT_LOADED);
    KilnProfile *p = kiln_document_get_profile(doc);
    g_assert_nonnull(p);
    g_assert_cmpuint(p->n_types, ==, 2);
    g_assert_cmpstr(kiln_profile_string(p, p->types[0].name), ==, "before");
    g_assert_cmpstr(kiln_profile_string(p, p->types[1].name), ==, "after");
    g_assert_cmpfloat(total_at(p, "main;halve", 0), ==, 40);
    g_assert_cmpfloat(total_at(p, "main;halve", 1), ==, 20);
    g_assert_cmpfloat(total_at(p, "main;twice", 1), ==, 20);
    g_assert_cmpfloat(total_at(p, "main;fresh", 0), ==, 0);
    g_assert_cmpfloat(total_at(p, "main;fresh", 1), ==, 8);
    g_assert_cmpfloat(total_at(p, "main", 0), ==, 55);
    g_assert_cmpfloat(total_at(p, "main", 1), ==, 53);

    /* Swapped: the same stacks, the columns exchanged. */
    g_autoptr(KilnDocument) back = kiln_document_new_for_comparison(b, a);
    load_and_wait(back);
    KilnProfile *q = kiln_document_get_profile(back);
    g_assert_cmpfloat(total_at(q, "main;fresh", 0), ==, 8);
    g_assert_cmpfloat(total_at(q, "main;fresh", 1), ==, 0);

    g_autofree char *pa = g_file_get_path(a), *pb = g_file_get_path(b);
    g_unlink(pa);
    g_unlink(pb);
    g_rmdir(dir);
}

/* perf script text of a build named `comm`: n samples in work, called
 * from main; the process root is the command name. */
static char *script(const char *comm, int n)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < n; i++)
        g_string_append_printf(s,
                               "%s 100 1.%06d: 1000000 cpu-clock:\n"
                               "\t    1111 work+0x1 (/tmp/%s)\n"
                               "\t    2222 main+0x2 (/tmp/%s)\n\n",
                               comm, i * 1000, comm, comm);
    return g_string_free(s, FALSE);
}

static void test_roots(void)
{
    g_autofree char *dir = g_dir_make_tmp("kiln-compare-XXXXXX", NULL);
    g_autofree char *t1 = script("prog", 2);
    g_autofree char *t2 = script("prog2", 4);
    g_autoptr(GFile) a = write_temp(dir, "prog.perf", t1);
    g_autoptr(GFile) b = write_temp(dir, "prog2.perf", t2);
    g_autoptr(KilnDocument) doc = kiln_document_new_for_comparison(a, b);
    load_and_wait(doc);
    if (kiln_document_get_state(doc) != KILN_DOCUMENT_LOADED)
        g_error("%s", kiln_document_get_error(doc)->message);
    KilnProfile *p = kiln_document_get_profile(doc);
    /* The roots prog and prog2 are gone: main lines up on both sides. */
    g_assert_cmpfloat(total_at(p, "prog", 0), ==, -1);
    g_assert_cmpfloat(total_at(p, "prog2", 1), ==, -1);
    double before = total_at(p, "main;work", 0), after = total_at(p, "main;work", 1);
    g_assert_cmpfloat(before, >, 0);
    g_assert_cmpfloat(after, ==, 2 * before);

    g_autofree char *pa = g_file_get_path(a), *pb = g_file_get_path(b);
    g_unlink(pa);
    g_unlink(pb);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/compare/document/pair", test_pair);
    g_test_add_func("/compare/document/roots", test_roots);
    return g_test_run();
}
