/* test-document.c — KilnDocument without a window: load states on real
 * files (loaded, failed with the loader's message, cancelled), dropping
 * the last reference while loading, zoom and selection paths surviving a
 * rebuild of the tree by a transform and a reload, sample types, and the
 * zoom history. No display needed. */
#include <glib/gstdio.h>
#include <string.h>

#include "app-test-transform.h"
#include "kiln-document.h"
#include "kiln-test-util.h"

static gboolean app_wake(gpointer data)
{
    return G_SOURCE_CONTINUE;
}

static void wait_until(gboolean (*cond)(gpointer), gpointer data)
{
    guint wake = g_timeout_add(50, app_wake, NULL);
    gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    while (!cond(data)) {
        if (g_get_monotonic_time() > deadline)
            g_error("timed out waiting for the document");
        g_main_context_iteration(NULL, TRUE);
    }
    g_source_remove(wake);
}

static gboolean not_loading(gpointer doc)
{
    KilnDocumentState s = kiln_document_get_state(doc);
    return s != KILN_DOCUMENT_LOADING && s != KILN_DOCUMENT_IDLE;
}

static gboolean not_rebuilding(gpointer doc)
{
    return !kiln_document_get_rebuilding(doc);
}

static void record_state(KilnDocument *doc, GParamSpec *pspec, GString *states)
{
    g_string_append_printf(states, "%d", kiln_document_get_state(doc));
}

static KilnDocument *open_path(const char *path, GString *states)
{
    g_autoptr(GFile) file = g_file_new_for_path(path);
    KilnDocument *doc = kiln_document_new_for_file(file);
    g_assert_cmpint(kiln_document_get_state(doc), ==, KILN_DOCUMENT_IDLE);
    g_assert_null(kiln_document_get_profile(doc));
    if (states)
        g_signal_connect(doc, "notify::state", G_CALLBACK(record_state), states);
    kiln_document_load(doc);
    wait_until(not_loading, doc);
    return doc;
}

static char *write_temp(const char *name, const char *text, char **dir)
{
    *dir = g_dir_make_tmp("kiln-doc-test-XXXXXX", NULL);
    char *path = g_build_filename(*dir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

static void remove_temp(const char *path, const char *dir)
{
    g_unlink(path);
    g_rmdir(dir);
}

static void test_loaded(void)
{
    g_autofree char *path = kiln_test_corpus_path("folded/speedscope/simple.txt");
    if (!path)
        return;
    g_autoptr(GString) states = g_string_new(NULL);
    g_autoptr(KilnDocument) doc = open_path(path, states);
    /* Idle -> loading -> loaded, each once. */
    g_assert_cmpstr(states->str, ==, "12");
    g_assert_cmpint(kiln_document_get_state(doc), ==, KILN_DOCUMENT_LOADED);
    g_assert_cmpint(kiln_document_get_source(doc), ==, KILN_DOCUMENT_SOURCE_FILE);
    g_assert_cmpstr(kiln_document_get_title(doc), ==, "simple.txt");
    g_assert_null(kiln_document_get_error(doc));
    KilnProfile *p = kiln_document_get_profile(doc);
    g_assert_nonnull(p);
    g_assert_true(p == kiln_document_get_loaded_profile(doc));
    g_assert_cmpuint(p->n_nodes, ==, 5);
    g_assert_cmpfloat(kiln_profile_total(p, 0, KILN_ROOT_NODE), ==, 14);
    g_assert_nonnull(kiln_document_get_stats(doc));
    g_assert_cmpuint(kiln_document_get_generation(doc), ==, 1);
    g_assert_cmpuint(kiln_frame_path_get_length(kiln_document_get_zoom_path(doc)), ==, 0);
}

static void loaded_cb(GObject *source, GAsyncResult *result, gpointer data)
{
    GError **out = data;
    g_assert_false(kiln_document_load_finish(KILN_DOCUMENT(source), result, out));
    g_assert_nonnull(*out);
}

static gboolean is_set(gpointer data)
{
    return *(GError **)data != NULL;
}

static void test_failed(void)
{
    g_autofree char *dir = NULL;
    g_autofree char *path = write_temp("garbage.bin", "\x01\x02\xff\xfe\x13\x37", &dir);
    g_autoptr(GString) states = g_string_new(NULL);
    g_autoptr(KilnDocument) doc = open_path(path, states);
    g_assert_cmpstr(states->str, ==, "13");
    const GError *error = kiln_document_get_error(doc);
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, "is not a profile Kiln can read"));
    g_assert_null(kiln_document_get_profile(doc));

    /* The async form reports the same loader error to its caller. */
    GError *again = NULL;
    kiln_document_load_async(doc, NULL, loaded_cb, &again);
    wait_until(is_set, &again);
    g_assert_cmpstr(again->message, ==, kiln_document_get_error(doc)->message);
    g_error_free(again);
    remove_temp(path, dir);

    /* A pair to compare loads both sides (issue 17): a missing one fails
     * in the same state, naming the file. */
    g_autoptr(GFile) f = g_file_new_for_path("/nonexistent/a.pprof");
    g_autoptr(KilnDocument) pair = kiln_document_new_for_comparison(f, f);
    kiln_document_load(pair);
    wait_until(not_loading, pair);
    g_assert_cmpint(kiln_document_get_state(pair), ==, KILN_DOCUMENT_FAILED);
    g_assert_nonnull(strstr(kiln_document_get_error(pair)->message, "a.pprof"));
}

static void test_cancelled(void)
{
    g_autofree char *path = kiln_test_corpus_path("folded/inferno/flamegraph/base/flames.txt");
    if (!path)
        return;
    g_autoptr(GFile) file = g_file_new_for_path(path);
    g_autoptr(KilnDocument) doc = kiln_document_new_for_file(file);
    g_autoptr(GString) states = g_string_new(NULL);
    g_signal_connect(doc, "notify::state", G_CALLBACK(record_state), states);
    g_autoptr(GCancellable) caller = g_cancellable_new();
    GError *error = NULL;
    kiln_document_load_async(doc, caller, loaded_cb, &error);
    g_assert_cmpint(kiln_document_get_state(doc), ==, KILN_DOCUMENT_LOADING);
    /* The caller's cancellable cancels the document's load. */
    g_cancellable_cancel(caller);
    wait_until(is_set, &error);
    g_assert_cmpstr(states->str, ==, "14");
    g_assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    g_assert_cmpstr(error->message, ==, "Loading was cancelled.");
    g_assert_null(kiln_document_get_profile(doc));
    g_error_free(error);

    /* Loading again after a cancel works. */
    kiln_document_load(doc);
    wait_until(not_loading, doc);
    g_assert_cmpint(kiln_document_get_state(doc), ==, KILN_DOCUMENT_LOADED);
    g_assert_cmpuint(kiln_document_get_profile(doc)->n_nodes, ==, 208);
}

static void test_unref_while_loading(void)
{
    g_autofree char *path = kiln_test_corpus_path("folded/inferno/flamegraph/base/flames.txt");
    if (!path)
        return;
    g_autoptr(GFile) file = g_file_new_for_path(path);
    KilnDocument *doc = kiln_document_new_for_file(file);
    gpointer watch = NULL;
    g_set_weak_pointer(&watch, doc);
    kiln_document_load(doc);
    g_autoptr(GCancellable) c = g_object_ref(kiln_document_get_cancellable(doc));
    g_assert_false(g_cancellable_is_cancelled(c));
    /* Nothing but us holds it: it goes at once, and its load is told. */
    g_object_unref(doc);
    g_assert_null(watch);
    g_assert_true(g_cancellable_is_cancelled(c));
    /* The worker's result, when it comes, finds nobody and is freed. */
    for (int i = 0; i < 100 && g_main_context_pending(NULL); i++)
        g_main_context_iteration(NULL, FALSE);
}

/* ---- paths across rebuilds ------------------------------------------ */

static char *zoom_string(KilnDocument *doc)
{
    KilnProfile *p = kiln_document_get_profile(doc);
    uint32_t node = kiln_frame_path_resolve(kiln_document_get_zoom_path(doc), p, NULL);
    g_autoptr(KilnFramePath) back = kiln_frame_path_new(p, node);
    return kiln_frame_path_to_string(back);
}

#define STACKS "main;aaa;parse 5\nmain;aaa;work;leaf 7\nmain;work;leaf 3\nmain;zzz 2\n"

static void test_zoom_survives_rebuild(void)
{
    g_autofree char *dir = NULL;
    g_autofree char *path = write_temp("stacks.folded", STACKS, &dir);
    g_autoptr(KilnDocument) doc = open_path(path, NULL);
    KilnProfile *p = kiln_document_get_profile(doc);
    uint32_t n_nodes = p->n_nodes; /* p goes with the reload below */
    /* Preorder, children by name: main, aaa, parse, work, leaf, work, ... */
    uint32_t leaf = 5;
    g_autoptr(KilnFramePath) zoom = kiln_frame_path_new(p, leaf - 1);
    g_autofree char *zs = kiln_frame_path_to_string(zoom);
    g_assert_cmpstr(zs, ==, "main;aaa;work");
    kiln_document_zoom_to(doc, zoom);
    g_autoptr(KilnFramePath) sel = kiln_frame_path_new(p, leaf);
    kiln_document_set_selection_path(doc, sel);

    /* Hiding "parse" drops a node before the zoomed one: its id moves. */
    push_hide(doc, "^parse$");
    g_assert_true(kiln_document_get_rebuilding(doc));
    wait_until(not_rebuilding, doc);
    KilnProfile *d = kiln_document_get_profile(doc);
    g_assert_true(d != p);
    g_assert_cmpuint(d->n_nodes, ==, p->n_nodes - 1);
    guint matched = 0;
    uint32_t z = kiln_frame_path_resolve(kiln_document_get_zoom_path(doc), d, &matched);
    g_assert_cmpuint(matched, ==, 3);
    g_assert_cmpuint(z, ==, leaf - 2);
    g_autofree char *after = zoom_string(doc);
    g_assert_cmpstr(after, ==, "main;aaa;work");
    uint32_t s = kiln_frame_path_resolve(kiln_document_get_selection_path(doc), d, &matched);
    g_assert_cmpuint(matched, ==, 4);
    g_assert_cmpstr(kiln_profile_node_name(d, s), ==, "leaf");
    g_assert_cmpfloat(kiln_profile_total(d, 0, z), ==, 7);

    /* Hiding a frame on the zoomed path: the zoom falls back to the
     * deepest ancestor still there, and the path itself is kept. */
    push_hide(doc, "^aaa$");
    wait_until(not_rebuilding, doc);
    g_autofree char *fallback = zoom_string(doc);
    g_assert_cmpstr(fallback, ==, "main");
    g_assert_cmpuint(kiln_document_get_n_transforms(doc), ==, 2);
    g_assert_true(kiln_document_pop_transform(doc));
    wait_until(not_rebuilding, doc);
    g_autofree char *restored = zoom_string(doc);
    g_assert_cmpstr(restored, ==, "main;aaa;work");
    /* Without transforms the derived profile is the loaded one again. */
    g_assert_true(kiln_document_pop_transform(doc));
    g_assert_true(kiln_document_get_profile(doc) == kiln_document_get_loaded_profile(doc));
    g_assert_false(kiln_document_pop_transform(doc));

    /* A reload builds a new tree from the changed file; the zoom follows. */
    g_assert_true(g_file_set_contents(path, "main;aaa;a 1\n" STACKS, -1, NULL));
    guint gen = kiln_document_get_generation(doc);
    kiln_document_load(doc);
    g_assert_cmpint(kiln_document_get_state(doc), ==, KILN_DOCUMENT_LOADING);
    wait_until(not_loading, doc);
    g_assert_cmpuint(kiln_document_get_generation(doc), ==, gen + 1);
    KilnProfile *r = kiln_document_get_profile(doc);
    g_assert_cmpuint(r->n_nodes, ==, n_nodes + 1);
    z = kiln_frame_path_resolve(kiln_document_get_zoom_path(doc), r, &matched);
    g_assert_cmpuint(z, ==, leaf); /* one node later */
    g_autofree char *reloaded = zoom_string(doc);
    g_assert_cmpstr(reloaded, ==, "main;aaa;work");
    remove_temp(path, dir);
}

static void test_sample_type(void)
{
    g_autofree char *path = kiln_test_corpus_path("pprof/google-pprof/driver-synthetic/heap.pb.gz");
    if (!path)
        return;
    g_autoptr(KilnDocument) doc = open_path(path, NULL);
    KilnProfile *p = kiln_document_get_profile(doc);
    g_assert_cmpuint(p->n_types, ==, 2);
    g_assert_cmpuint(kiln_document_get_sample_type(doc), ==, p->default_type);
    uint32_t other = 1 - p->default_type;
    guint notified = 0;
    g_signal_connect_swapped(doc, "notify::sample-type", G_CALLBACK(g_atomic_int_inc), &notified);
    kiln_document_set_sample_type(doc, other);
    g_assert_cmpuint(notified, ==, 1);
    kiln_document_set_sample_type(doc, other);
    kiln_document_set_sample_type(doc, 7); /* no such type */
    g_assert_cmpuint(notified, ==, 1);
    g_assert_cmpuint(kiln_document_get_sample_type(doc), ==, other);
    /* The chosen type survives a transform. */
    push_hide(doc, "^nothing-has-this-name$");
    wait_until(not_rebuilding, doc);
    g_assert_cmpuint(kiln_document_get_sample_type(doc), ==, other);
    g_assert_null(kiln_document_get_transform_error(doc));
}

static KilnFramePath *names(const char *joined)
{
    g_auto(GStrv) v = g_strsplit(joined, ";", -1);
    return kiln_frame_path_new_from_names((const char *const *)v, g_strv_length(v));
}

static void test_history(void)
{
    g_autofree char *dir = NULL;
    g_autofree char *path = write_temp("stacks.folded", STACKS, &dir);
    g_autoptr(KilnDocument) doc = open_path(path, NULL);
    g_autoptr(KilnFramePath) a = names("main");
    g_autoptr(KilnFramePath) b = names("main;aaa");
    g_autoptr(KilnFramePath) c = names("main;aaa;work");
    g_autoptr(KilnFramePath) d = names("main;zzz");
    g_assert_false(kiln_document_can_go_back(doc));
    kiln_document_zoom_to(doc, a);
    kiln_document_zoom_to(doc, b);
    kiln_document_zoom_to(doc, b); /* the same: no new entry */
    kiln_document_zoom_to(doc, c);
    g_assert_true(kiln_frame_path_equal(kiln_document_get_selection_path(doc), c));
    g_assert_true(kiln_document_go_back(doc));
    g_assert_true(kiln_frame_path_equal(kiln_document_get_zoom_path(doc), b));
    g_assert_true(kiln_frame_path_equal(kiln_document_get_selection_path(doc), b));
    g_assert_true(kiln_document_go_back(doc));
    g_assert_true(kiln_document_go_back(doc));
    g_assert_cmpuint(kiln_frame_path_get_length(kiln_document_get_zoom_path(doc)), ==, 0);
    g_assert_false(kiln_document_go_back(doc));
    g_assert_true(kiln_document_can_go_forward(doc));
    g_assert_true(kiln_document_go_forward(doc));
    g_assert_true(kiln_document_go_forward(doc));
    g_assert_true(kiln_frame_path_equal(kiln_document_get_zoom_path(doc), b));
    /* A new zoom drops the forward history. */
    kiln_document_zoom_to(doc, d);
    g_assert_false(kiln_document_can_go_forward(doc));
    g_assert_true(kiln_document_go_back(doc));
    g_assert_true(kiln_frame_path_equal(kiln_document_get_zoom_path(doc), b));
    /* Zooming to NULL is zooming to the root. */
    kiln_document_zoom_to(doc, NULL);
    g_assert_cmpuint(kiln_frame_path_get_length(kiln_document_get_zoom_path(doc)), ==, 0);
    remove_temp(path, dir);
}

/* Another granularity reloads the file keyed by lines; the zoom path
 * (function names) still resolves, to the first line's node. */
static void test_granularity(void)
{
    g_autofree char *path = kiln_test_corpus_path("pprof/google-pprof/driver-synthetic/cpu.pb.gz");
    if (!path)
        return;
    g_autoptr(KilnDocument) doc = open_path(path, NULL);
    KilnProfile *p = kiln_document_get_profile(doc);
    g_assert_cmpint(kiln_document_get_granularity(doc), ==, KILN_GRANULARITY_FUNCTIONS);
    g_assert_cmpint(p->granularity, ==, KILN_GRANULARITY_FUNCTIONS);
    g_assert_cmpuint(p->n_nodes, ==, 11); /* as kiln-cli info counts them */
    /* The deepest node, as the zoom. */
    uint32_t deep = KILN_ROOT_NODE;
    for (uint32_t n = 1; n < p->n_nodes; n++)
        if (p->nodes[n].depth > p->nodes[deep].depth)
            deep = n;
    g_autoptr(KilnFramePath) zoom = kiln_frame_path_new(p, deep);
    g_autofree char *want = kiln_frame_path_to_string(zoom);
    kiln_document_zoom_to(doc, zoom);
    guint gen = kiln_document_get_generation(doc);
    kiln_document_set_granularity(doc, KILN_GRANULARITY_LINES);
    g_assert_cmpint(kiln_document_get_state(doc), ==, KILN_DOCUMENT_LOADING);
    wait_until(not_loading, doc);
    g_assert_cmpuint(kiln_document_get_generation(doc), ==, gen + 1);
    KilnProfile *q = kiln_document_get_profile(doc);
    g_assert_cmpint(q->granularity, ==, KILN_GRANULARITY_LINES);
    g_assert_cmpuint(q->n_nodes, ==, 13);
    guint matched = 0;
    uint32_t z = kiln_frame_path_resolve(kiln_document_get_zoom_path(doc), q, &matched);
    g_assert_cmpuint(matched, ==, kiln_frame_path_get_length(zoom));
    g_autoptr(KilnFramePath) got = kiln_frame_path_new(q, z);
    g_autofree char *gots = kiln_frame_path_to_string(got);
    g_assert_cmpstr(gots, ==, want);
    /* And back. */
    kiln_document_set_granularity(doc, KILN_GRANULARITY_FUNCTIONS);
    wait_until(not_loading, doc);
    g_assert_cmpuint(kiln_document_get_profile(doc)->n_nodes, ==, 11);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/document/loaded", test_loaded);
    g_test_add_func("/document/failed", test_failed);
    g_test_add_func("/document/cancelled", test_cancelled);
    g_test_add_func("/document/unref-while-loading", test_unref_while_loading);
    g_test_add_func("/document/zoom-survives-rebuild", test_zoom_survives_rebuild);
    g_test_add_func("/document/sample-type", test_sample_type);
    g_test_add_func("/document/history", test_history);
    g_test_add_func("/document/granularity", test_granularity);
    return g_test_run();
}
