/* test-render.c — PNG, SVG and PDF exports open and have the asked-for
 * size; colours are stable and labels legible. */
#include "kiln-test-util.h"
#include "analysis/kiln-search.h"
#include "render/kiln-image-export.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static KilnProfile *profile(void)
{
    const char *text = "main;parse;lex 40\nmain;parse 10\nmain;eval;gc 25\nidle 25\n";
    GError *err = NULL;
    KilnProfile *p = kiln_test_load_bytes(text, strlen(text), &err);
    g_assert_no_error(err);
    return p;
}

static char *export_to_file(const KilnProfile *p, KilnImageOptions *o, const char *suffix)
{
    char *path = NULL;
    int fd = g_file_open_tmp("kiln-render-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_autofree char *named = g_strconcat(path, suffix, NULL);
    g_rename(path, named);
    g_free(path);
    FILE *f = fopen(named, "wb");
    GError *err = NULL;
    g_assert_true(kiln_image_export(p, o, f, &err));
    g_assert_no_error(err);
    fclose(f);
    return g_steal_pointer(&named);
}

static void test_png_size(void)
{
    g_autoptr(KilnProfile) p = profile();
    KilnImageOptions o;
    kiln_image_options_init(&o);
    o.format = KILN_IMAGE_PNG;
    o.width = 640;
    o.height = 300;
    g_autofree char *path = export_to_file(p, &o, ".png");
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(cairo_image_surface_get_width(s), ==, 640);
    g_assert_cmpint(cairo_image_surface_get_height(s), ==, 300);
    /* The "main" frame is painted: the bottom-left area holds the root
     * row's grey, the row above it a palette colour, not background. */
    cairo_surface_flush(s);
    unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    guint32 bg = *(guint32 *)(px + 5 * stride + 5 * 4) & 0xffffff;
    guint32 frame = *(guint32 *)(px + (300 - 10 - 18 - 9) * stride + 40 * 4) & 0xffffff;
    g_assert_cmphex(bg, !=, frame);
    cairo_surface_destroy(s);
    g_unlink(path);

    /* Auto height: header + rows + margin. */
    o.height = 0;
    g_autofree char *auto_path = export_to_file(p, &o, ".png");
    s = cairo_image_surface_create_from_png(auto_path);
    g_assert_cmpint(cairo_image_surface_get_height(s), ==, 44 + 4 * 18 + 10);
    cairo_surface_destroy(s);
    g_unlink(auto_path);
}

static void test_svg_pdf_size(void)
{
    g_autoptr(KilnProfile) p = profile();
    KilnImageOptions o;
    kiln_image_options_init(&o);
    o.width = 800;
    o.height = 400;
    g_autoptr(KilnSearch) search = kiln_search_new(p, "parse", NULL);
    o.search = "parse";
    o.highlight = search->node_match;
    o.highlight_value = kiln_search_matched_value(search, o.type, KILN_ROOT_NODE);
    o.format = KILN_IMAGE_SVG;
    g_autofree char *svg = export_to_file(p, &o, ".svg");
    gsize len;
    g_autofree char *text = kiln_test_read(svg, &len);
    g_assert_true(g_str_has_prefix(text, "<?xml"));
    g_assert_nonnull(strstr(text, "width=\"800\""));
    g_assert_nonnull(strstr(text, "height=\"400\""));
    g_assert_nonnull(strstr(text, "</svg>"));
    /* Real text, not glyph outlines: a <title> per box and the labels. */
    g_assert_null(strstr(text, "<glyph"));
    g_assert_nonnull(strstr(text, "<title>main (75 samples, 75.00%)</title>"));
    g_assert_nonnull(strstr(text, ">parse</text>"));
    g_unlink(svg);

    o.format = KILN_IMAGE_PDF;
    g_autofree char *pdf = export_to_file(p, &o, ".pdf");
    g_autofree char *bytes = kiln_test_read(pdf, &len);
    g_assert_true(g_str_has_prefix(bytes, "%PDF-"));
    g_assert_nonnull(g_strstr_len(bytes, len, "/MediaBox [ 0 0 800 400 ]"));
    g_unlink(pdf);
}

static void test_colours(void)
{
    g_autoptr(KilnProfile) p = profile();
    /* Same name, same colour, in any profile. */
    const char *other_text = "other;parse 1\n";
    GError *err = NULL;
    g_autoptr(KilnProfile) q = kiln_test_load_bytes(other_text, strlen(other_text), &err);
    uint32_t fp = UINT32_MAX, fq = UINT32_MAX;
    for (uint32_t f = 0; f < p->n_frames; f++)
        if (!strcmp(kiln_profile_string(p, p->frames[f].name), "parse"))
            fp = f;
    for (uint32_t f = 0; f < q->n_frames; f++)
        if (!strcmp(kiln_profile_string(q, q->frames[f].name), "parse"))
            fq = f;
    KilnRgb a = kiln_palette_frame_color(p, fp, KILN_PALETTE_HOT, false);
    KilnRgb b = kiln_palette_frame_color(q, fq, KILN_PALETTE_HOT, false);
    g_assert_cmpfloat(a.r, ==, b.r);
    g_assert_cmpfloat(a.g, ==, b.g);
    g_assert_cmpfloat(a.b, ==, b.b);

    /* Every palette colour, light and dark, keeps text at WCAG AA-large
     * contrast (3:1) with the chosen text colour. */
    for (int pal = 0; pal < 3; pal++)
        for (int dark = 0; dark < 2; dark++)
            for (uint32_t f = 0; f < p->n_frames; f++) {
                KilnRgb bg = kiln_palette_frame_color(p, f, pal, dark);
                KilnRgb fg = kiln_palette_text_color(bg);
                double l1 = kiln_palette_luminance(bg), l2 = kiln_palette_luminance(fg);
                double ratio = (MAX(l1, l2) + 0.05) / (MIN(l1, l2) + 0.05);
                g_assert_cmpfloat(ratio, >=, 4.5);
            }
    g_assert_cmpuint(kiln_palette_package_len("net/http.(*Server).Serve"), ==, 8);
    g_assert_cmpuint(kiln_palette_package_len("std::vec::Vec<T>::push"), ==, 8); /* std::vec */
}

static void test_elide(void)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
    cairo_t *cr = cairo_create(s);
    cairo_set_font_size(cr, 12);
    GString *out = g_string_new(NULL);
    g_assert_true(kiln_flame_elide(cr, "short", 1000, out));
    g_assert_cmpstr(out->str, ==, "short");
    g_assert_true(kiln_flame_elide(cr, "a_rather_long_function_name", 60, out));
    g_assert_true(g_str_has_suffix(out->str, "…"));
    cairo_text_extents_t e;
    cairo_text_extents(cr, out->str, &e);
    g_assert_cmpfloat(e.x_advance, <=, 60.5);
    g_assert_false(kiln_flame_elide(cr, "another_long_name", 8, out));
    g_string_free(out, TRUE);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/render/png-size", test_png_size);
    g_test_add_func("/render/svg-pdf-size", test_svg_pdf_size);
    g_test_add_func("/render/colours", test_colours);
    g_test_add_func("/render/elide", test_elide);
    return g_test_run();
}
