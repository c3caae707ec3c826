#include "kiln-image-export.h"
#include "render/kiln-svg-writer.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#define HEADER_HEIGHT 44.0
#define MARGIN        10.0
#define MAX_PIXELS    32000

void kiln_image_options_init(KilnImageOptions *o)
{
    memset(o, 0, sizeof *o);
    o->format = KILN_IMAGE_SVG;
    o->width = 1200;
    o->palette = KILN_PALETTE_HOT;
    o->diff_base_type = -1;
}

static cairo_status_t write_file(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void paint_header(cairo_t *cr, const KilnProfile *p, const KilnImageOptions *o, double width,
                         bool dark)
{
    char total[G_ASCII_DTOSTR_BUF_SIZE];
    double t = kiln_profile_total(p, o->type, KILN_ROOT_NODE);
    g_snprintf(total, sizeof total, "%.15g", t);
    const char *title = o->title ? o->title : (o->icicle ? _("Icicle Graph") : _("Flame Graph"));
    cairo_select_font_face(cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 16);
    cairo_text_extents_t e;
    cairo_text_extents(cr, title, &e);
    double fg = dark ? 0.92 : 0.1;
    cairo_set_source_rgb(cr, fg, fg, fg);
    cairo_move_to(cr, (width - e.x_advance) / 2, 20);
    cairo_show_text(cr, title);

    GString *sub = g_string_new(NULL);
    /* Translators: a sample type, its unit and its total, e.g. “cpu (nanoseconds): total 1200” */
    g_string_append_printf(sub, _("%s (%s): total %s"),
                           kiln_profile_string(p, p->types[o->type].name),
                           kiln_profile_string(p, p->types[o->type].unit), total);
    if (o->highlight && o->search) {
        double mv = o->highlight_value;
        /* Translators: %s is the search pattern, then the share of the total it matched */
        g_string_append_printf(sub, _(" · search “%s” matched %.1f %%"), o->search,
                               t > 0 ? 100.0 * mv / t : 0.0);
    }
    cairo_select_font_face(cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 11);
    GString *fit = g_string_new(NULL);
    if (kiln_flame_elide(cr, sub->str, width - 2 * MARGIN, fit)) {
        cairo_text_extents(cr, fit->str, &e);
        cairo_move_to(cr, (width - e.x_advance) / 2, 37);
        cairo_show_text(cr, fit->str);
    }
    g_string_free(fit, TRUE);
    g_string_free(sub, TRUE);
}

gboolean kiln_image_export(const KilnProfile *p, const KilnImageOptions *o, FILE *out,
                           GError **error)
{
    KilnImageOptions opts = *o;
    if (opts.type >= p->n_types)
        opts.type = p->default_type;
    int width = CLAMP(opts.width > 0 ? opts.width : 1200, 16, MAX_PIXELS);
    double inner = width - 2 * MARGIN;

    /* Culling below a third of a pixel keeps vector output small without
     * visible gaps. */
    g_autoptr(KilnFlameLayout) layout =
        kiln_flame_layout_new(p, opts.type, KILN_ROOT_NODE, inner, 0.33);
    KilnFlameStyle style;
    kiln_flame_style_init(&style);
    style.icicle = opts.icicle;
    style.dark = opts.dark;
    style.palette = opts.palette;
    style.highlight = opts.highlight;
    style.diff_base_type = opts.diff_base_type;

    if (opts.format == KILN_IMAGE_SVG) {
        /* Real text and a <title> per box, written from the layout. */
        KilnSvgWriter writer;
        kiln_svg_writer_init(&writer);
        writer.style = style;
        writer.width = width;
        writer.height = opts.height;
        writer.margin = MARGIN;
        writer.title = opts.title;
        writer.search = opts.search;
        return kiln_svg_writer_write(&writer, layout, out, error);
    }

    double graph_h = kiln_flame_content_height(layout, &style);
    int height = opts.height > 0 ? opts.height : (int)(HEADER_HEIGHT + graph_h + MARGIN);
    height = CLAMP(height, 16, MAX_PIXELS);
    double view_h = MAX(height - HEADER_HEIGHT - MARGIN, 1);

    cairo_surface_t *surface;
    switch (opts.format) {
    case KILN_IMAGE_PNG:
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
        break;
    case KILN_IMAGE_PDF:
    default:
        surface = cairo_pdf_surface_create_for_stream(write_file, out, width, height);
        break;
    }
    cairo_t *cr = cairo_create(surface);
    if (opts.dark)
        cairo_set_source_rgb(cr, 0.12, 0.12, 0.13);
    else
        cairo_set_source_rgb(cr, 0.98, 0.98, 0.97);
    cairo_paint(cr);
    paint_header(cr, p, &opts, width, opts.dark);

    cairo_save(cr);
    cairo_translate(cr, MARGIN, HEADER_HEIGHT);
    cairo_rectangle(cr, 0, 0, inner, view_h);
    cairo_clip(cr);
    kiln_flame_paint(cr, layout, &style, view_h);
    cairo_restore(cr);

    cairo_destroy(cr);
    cairo_status_t st = CAIRO_STATUS_SUCCESS;
    if (opts.format == KILN_IMAGE_PNG)
        st = cairo_surface_write_to_png_stream(surface, write_file, out);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (st != CAIRO_STATUS_SUCCESS || fflush(out) != 0) {
        /* Translators: %s says why, e.g. “No space left on device” */
        g_set_error(error, KILN_RENDER_ERROR, KILN_RENDER_ERROR_WRITE,
                    _("Could not write the image: %s"),
                    st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) : g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}
