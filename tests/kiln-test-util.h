/* kiln-test-util.h — helpers shared by Kiln's GTest suites: where the
 * shared corpus is, loading files, running kiln-cli. Header-only so every
 * test executable can include it without another library. */
#pragma once

#include <glib.h>
#include <string.h>

#include "formats/kiln-exporter.h"
#include "formats/kiln-loader.h"

/* The shared corpus (../shared/corpus), from KILN_CORPUS set by meson. */
static inline const char *kiln_test_corpus(void)
{
    const char *c = g_getenv("KILN_CORPUS");
    return c ? c : "../shared/corpus";
}

/* Absolute path of a corpus file; skips the test if it is missing. */
static inline char *kiln_test_corpus_path(const char *rel)
{
    char *p = g_build_filename(kiln_test_corpus(), rel, NULL);
    if (!g_file_test(p, G_FILE_TEST_EXISTS)) {
        g_test_skip_printf("corpus file %s is missing", p);
        g_free(p);
        return NULL;
    }
    return p;
}

G_GNUC_UNUSED static G_GNUC_NO_INLINE char *kiln_test_read(const char *path, gsize *len)
{
    char *data = NULL;
    GError *err = NULL;
    g_file_get_contents(path, &data, len, &err);
    g_assert_no_error(err);
    return data;
}

static inline KilnProfile *kiln_test_load_bytes(const char *text, gsize len, GError **error)
{
    return kiln_load_bytes((const guint8 *)text, len, "test input", NULL, NULL, NULL, NULL, error);
}

/* The folded export of a profile, as a string. */
static inline char *kiln_test_folded(const KilnProfile *p, uint32_t type)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    GError *err = NULL;
    gboolean ok = kiln_exporter_find("folded")->write(p, type, f, &err);
    fclose(f);
    g_assert_no_error(err);
    g_assert_true(ok);
    return buf;
}

/* Path of the kiln-cli binary under test (KILN_CLI, set by meson). */
static inline const char *kiln_test_cli(void)
{
    const char *c = g_getenv("KILN_CLI");
    return c ? c : "kiln-cli";
}

/* Runs kiln-cli with the given arguments; returns its exit status and
 * hands out stdout/stderr when asked. */
G_GNUC_UNUSED static G_GNUC_NO_INLINE int kiln_test_run_cli(const char *const *args, char **out, char **err)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer)kiln_test_cli());
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (gpointer)*a);
    g_ptr_array_add(argv, NULL);
    int status = -1;
    GError *e = NULL;
    char *o = NULL, *r = NULL;
    g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &o, &r, &status,
                 &e);
    g_assert_no_error(e);
    g_ptr_array_free(argv, TRUE);
    if (out)
        *out = o;
    else
        g_free(o);
    if (err)
        *err = r;
    else
        g_free(r);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
