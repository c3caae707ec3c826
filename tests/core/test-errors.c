/* test-errors.c — one error domain per layer (issue 11), and cancellation
 * as G_IO_ERROR_CANCELLED. */
#include "kiln-test-util.h"
#include "analysis/kiln-analysis-error.h"
#include "core/kiln-core-error.h"
#include "render/kiln-image-export.h"
#include "symbols/kiln-elf-symbols.h"

#include <gio/gio.h>
#include <string.h>

static void test_domains(void)
{
    const GQuark q[] = {KILN_CORE_ERROR, KILN_SYMBOLS_ERROR, KILN_FORMAT_ERROR, KILN_ANALYSIS_ERROR,
                        KILN_RENDER_ERROR};
    const char *names[] = {"kiln-core-error-quark", "kiln-symbols-error-quark",
                           "kiln-format-error-quark", "kiln-analysis-error-quark",
                           "kiln-render-error-quark"};
    for (gsize i = 0; i < G_N_ELEMENTS(q); i++) {
        g_assert_cmpstr(g_quark_to_string(q[i]), ==, names[i]);
        for (gsize j = 0; j < i; j++)
            g_assert_cmpuint(q[i], !=, q[j]);
    }
}

/* Each layer fails in its own domain: formats for bytes that are no
 * profile, symbols for a file that is no ELF object, render for an image
 * that cannot be written. */
static void test_layer_errors(void)
{
    GError *err = NULL;
    g_assert_null(kiln_test_load_bytes("\x01\x02 not a profile\n", 17, &err));
    g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT);
    g_clear_error(&err);

    g_assert_null(kiln_elf_symbols_load("/proc/self/status", TRUE, &err));
    g_assert_error(err, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_NOT_ELF);
    g_clear_error(&err);

    g_autoptr(KilnProfile) p = kiln_test_load_bytes("main;a 3\nmain;b 1\n", 18, &err);
    g_assert_no_error(err);
    FILE *full = fopen("/dev/full", "w");
    if (!full) {
        g_test_skip("no /dev/full");
        return;
    }
    KilnImageOptions o;
    kiln_image_options_init(&o);
    o.format = KILN_IMAGE_PNG;
    o.width = 64;
    g_assert_false(kiln_image_export(p, &o, full, &err));
    g_assert_error(err, KILN_RENDER_ERROR, KILN_RENDER_ERROR_WRITE);
    g_assert_nonnull(strstr(err->message, "Could not write the image"));
    g_clear_error(&err);
    fclose(full);
}

/* A cancelled load ends in G_IO_ERROR_CANCELLED, as a GTask or any GIO call
 * would report it. */
static void test_cancelled(void)
{
    GString *s = g_string_new(NULL);
    while (s->len < (4u << 20))
        g_string_append(s, "main;parse;lex 1\nmain;eval 2\n");
    g_autoptr(GCancellable) c = g_cancellable_new();
    g_cancellable_cancel(c);
    GError *err = NULL;
    KilnProfile *p =
        kiln_load_bytes((const guint8 *)s->str, s->len, "x.folded", NULL, c, NULL, NULL, &err);
    g_assert_null(p);
    g_assert_error(err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error(&err);
    g_string_free(s, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/errors/domains", test_domains);
    g_test_add_func("/errors/layers", test_layer_errors);
    g_test_add_func("/errors/cancelled", test_cancelled);
    return g_test_run();
}
