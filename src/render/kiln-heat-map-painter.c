/* kiln-heat-map-painter.c — the heat map's cells, axes and legend. */
#include "kiln-heat-map-painter.h"

#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define LEFT         64.0
#define RIGHT        84.0
#define BOTTOM       38.0
#define TOP_PLAIN    12.0
#define TOP_TITLED   36.0
#define MAX_IMAGE_PX 16000

void kiln_heat_map_style_init(KilnHeatMapStyle *s)
{
    memset(s, 0, sizeof *s);
}

/* The ramp: eight stops from dark violet to pale yellow whose lightness
 * rises in nearly equal steps, hue turning through magenta, red and
 * orange, so neighbouring counts look neighbouring and the order reads
 * the same for people with red-green colour blindness. */
static const KilnRgb ramp[] = {
    {0.05, 0.03, 0.18}, {0.23, 0.06, 0.43}, {0.45, 0.12, 0.51}, {0.66, 0.19, 0.49},
    {0.86, 0.29, 0.39}, {0.97, 0.47, 0.32}, {0.99, 0.68, 0.44}, {0.99, 0.92, 0.70},
};

static KilnRgb ramp_at(double t)
{
    t = CLAMP(t, 0.0, 1.0) * (double)(G_N_ELEMENTS(ramp) - 1);
    guint i = (guint)floor(t);
    if (i >= G_N_ELEMENTS(ramp) - 1)
        return ramp[G_N_ELEMENTS(ramp) - 1];
    double f = t - i;
    return (KilnRgb){ramp[i].r + (ramp[i + 1].r - ramp[i].r) * f,
                     ramp[i].g + (ramp[i + 1].g - ramp[i].g) * f,
                     ramp[i].b + (ramp[i + 1].b - ramp[i].b) * f};
}

KilnRgb kiln_heat_map_color(double fraction, bool dark)
{
    fraction = CLAMP(fraction, 0.0, 1.0);
    /* The ends kept off the background: the darkest violet would vanish
     * into a dark window, the palest yellow into a light one. */
    return dark ? ramp_at(0.14 + 0.86 * fraction) : ramp_at(0.96 - 0.96 * fraction);
}

static KilnRgb background(bool dark)
{
    return dark ? (KilnRgb){0.12, 0.12, 0.13} : (KilnRgb){0.98, 0.98, 0.97};
}

static double foreground(bool dark)
{
    return dark ? 0.92 : 0.12;
}

void kiln_heat_map_geometry(const KilnHeatMap *m, const KilnHeatMapStyle *s, double width,
                            double height, KilnHeatMapGeometry *g)
{
    double top = s->title ? TOP_TITLED : TOP_PLAIN;
    g->columns = kiln_heat_map_columns(m);
    g->rows = kiln_heat_map_rows(m);
    g->plot_x = LEFT;
    g->plot_y = top;
    g->plot_w = MAX(width - LEFT - RIGHT, 1.0);
    g->plot_h = MAX(height - top - BOTTOM, 1.0);
    g->cell_w = g->plot_w / g->columns;
    g->cell_h = g->plot_h / g->rows;
}

bool kiln_heat_map_hit(const KilnHeatMapGeometry *g, double x, double y, bool clamp,
                       uint32_t *column, uint32_t *row)
{
    double c = floor((x - g->plot_x) / g->cell_w);
    double r = floor((y - g->plot_y) / g->cell_h);
    bool inside = c >= 0 && r >= 0 && c < g->columns && r < g->rows;
    if (!inside && !clamp)
        return false;
    *column = (uint32_t)CLAMP(c, 0.0, (double)g->columns - 1);
    *row = (uint32_t)CLAMP(r, 0.0, (double)g->rows - 1);
    return true;
}

/* Cell edges on whole pixels, so neighbouring cells neither overlap nor
 * leave hairline gaps. */
static double edge_x(const KilnHeatMapGeometry *g, uint32_t c)
{
    return round(g->plot_x + c * g->cell_w);
}

static double edge_y(const KilnHeatMapGeometry *g, uint32_t r)
{
    return round(g->plot_y + r * g->cell_h);
}

/* The smallest step from `steps` whose labels are at least `min_px` apart. */
static double pick_step(const double *steps, guint n, double px_per_unit, double min_px)
{
    for (guint i = 0; i < n; i++)
        if (steps[i] * px_per_unit >= min_px)
            return steps[i];
    return steps[n - 1];
}

static void text_at(cairo_t *cr, const char *text, double x, double y, double align_x,
                    double align_y)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, text, &e);
    cairo_move_to(cr, x - e.x_advance * align_x, y - (e.height * align_y + e.y_bearing));
    cairo_show_text(cr, text);
}

static void paint_axes(cairo_t *cr, const KilnHeatMapGeometry *g, double fg)
{
    char buf[64];
    cairo_select_font_face(cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 11);
    cairo_set_source_rgb(cr, fg, fg, fg);
    cairo_set_line_width(cr, 1);

    /* x: whole seconds since the first sample, under each labelled column. */
    static const double sec_steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200};
    double step = pick_step(sec_steps, G_N_ELEMENTS(sec_steps), g->cell_w, 44);
    double bottom = g->plot_y + g->plot_h;
    for (double s = 0; s < g->columns; s += step) {
        double x = edge_x(g, (uint32_t)s) + 0.5;
        cairo_move_to(cr, x, bottom);
        cairo_line_to(cr, x, bottom + 4);
        cairo_stroke(cr);
        g_snprintf(buf, sizeof buf, "%.0f", s);
        text_at(cr, buf, x, bottom + 6, 0.0, 0.0);
    }
    text_at(cr, _("seconds since the first sample"), g->plot_x + g->plot_w / 2, bottom + 22, 0.5,
            0.0);

    /* y: the offset within the second, in milliseconds, top to bottom. */
    static const double ms_steps[] = {50, 100, 200, 250, 500, 1000};
    double ms_step = pick_step(ms_steps, G_N_ELEMENTS(ms_steps), g->plot_h / 1000.0, 16);
    for (double ms = 0; ms < 1000; ms += ms_step) {
        double y = round(g->plot_y + ms / 1000.0 * g->plot_h) + 0.5;
        cairo_move_to(cr, g->plot_x - 4, y);
        cairo_line_to(cr, g->plot_x, y);
        cairo_stroke(cr);
        /* Translators: an offset within a second, in milliseconds */
        g_snprintf(buf, sizeof buf, _("%.0f ms"), ms);
        text_at(cr, buf, g->plot_x - 6, y, 1.0, 0.5);
    }
}

static void paint_legend(cairo_t *cr, const KilnHeatMap *m, const KilnHeatMapStyle *s,
                         const KilnHeatMapGeometry *g, double fg)
{
    double x = g->plot_x + g->plot_w + 14, w = 14;
    double y0 = g->plot_y, h = g->plot_h;
    /* The bar: most at the top, in as many bands as it is tall. */
    int bands = MAX((int)h, 1);
    for (int i = 0; i < bands; i++) {
        KilnRgb c = kiln_heat_map_color(1.0 - (double)i / (bands - 1 ? bands - 1 : 1), s->dark);
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
        cairo_rectangle(cr, x, y0 + h * i / bands, w, h / bands + 0.5);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, fg, fg, fg);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, x + 0.5, y0 + 0.5, w - 1, h - 1);
    cairo_stroke(cr);
    char buf[64];
    double max =
        s->by_value ? kiln_heat_map_max_value(m, s->type) : (double)kiln_heat_map_max_count(m);
    g_snprintf(buf, sizeof buf, "%.15g", max);
    text_at(cr, buf, x + w + 4, y0, 0.0, 0.0);
    text_at(cr, s->by_value ? "0" : "1", x + w + 4, y0 + h, 0.0, 1.0);
    const char *what = s->by_value ? (s->unit ? s->unit : _("value")) : _("samples");
    cairo_save(cr);
    cairo_translate(cr, x + w + 12, y0 + h / 2);
    cairo_rotate(cr, -G_PI / 2);
    text_at(cr, what, 0, 0, 0.5, 0.5);
    cairo_restore(cr);
}

void kiln_heat_map_paint(cairo_t *cr, const KilnHeatMap *m, const KilnHeatMapStyle *s, double width,
                         double height)
{
    KilnHeatMapGeometry g;
    kiln_heat_map_geometry(m, s, width, height, &g);
    KilnRgb bg = background(s->dark);
    double fg = foreground(s->dark);
    cairo_save(cr);
    cairo_set_source_rgb(cr, bg.r, bg.g, bg.b);
    cairo_paint(cr);

    if (s->title) {
        cairo_select_font_face(cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        cairo_set_font_size(cr, 14);
        cairo_set_source_rgb(cr, fg, fg, fg);
        text_at(cr, s->title, width / 2, 8, 0.5, 0.0);
    }

    /* The plot's own background, a step off the page's, so the extent of
     * the recording shows even where no samples fell. */
    double shade = s->dark ? 0.05 : -0.05;
    cairo_set_source_rgb(cr, bg.r + shade, bg.g + shade, bg.b + shade);
    cairo_rectangle(cr, g.plot_x, g.plot_y, g.plot_w, g.plot_h);
    cairo_fill(cr);

    double max =
        s->by_value ? kiln_heat_map_max_value(m, s->type) : (double)kiln_heat_map_max_count(m);
    for (uint32_t c = 0; c < g.columns; c++) {
        double x0 = edge_x(&g, c), x1 = edge_x(&g, c + 1);
        for (uint32_t r = 0; r < g.rows; r++) {
            uint32_t n = kiln_heat_map_count(m, c, r);
            if (!n)
                continue;
            double v = s->by_value ? kiln_heat_map_value(m, c, r, s->type) : n;
            KilnRgb col = kiln_heat_map_color(max > 0 ? v / max : 0, s->dark);
            cairo_set_source_rgb(cr, col.r, col.g, col.b);
            double y0 = edge_y(&g, r), y1 = edge_y(&g, r + 1);
            cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
            cairo_fill(cr);
        }
    }

    /* The selection: its cells veiled in the text colour, then outlined. */
    if (s->sel_end > s->sel_start) {
        uint32_t c0, r0, c1, r1;
        if (!kiln_heat_map_cell_at(m, s->sel_start, &c0, &r0))
            c0 = g.columns, r0 = 0;
        if (!kiln_heat_map_cell_at(m, s->sel_end - 1, &c1, &r1))
            c1 = g.columns - 1, r1 = g.rows - 1;
        cairo_set_source_rgba(cr, fg, fg, fg, 0.35);
        for (uint32_t c = c0; c <= c1 && c < g.columns; c++) {
            uint32_t from = c == c0 ? r0 : 0, to = c == c1 ? r1 : g.rows - 1;
            double y0 = edge_y(&g, from), y1 = edge_y(&g, to + 1);
            cairo_rectangle(cr, edge_x(&g, c), y0, edge_x(&g, c + 1) - edge_x(&g, c), y1 - y0);
        }
        cairo_fill(cr);
    }
    if (s->has_hover && s->hover_column < g.columns && s->hover_row < g.rows) {
        double x0 = edge_x(&g, s->hover_column), x1 = edge_x(&g, s->hover_column + 1);
        double y0 = edge_y(&g, s->hover_row), y1 = edge_y(&g, s->hover_row + 1);
        cairo_set_line_width(cr, 2);
        cairo_set_source_rgb(cr, fg, fg, fg);
        cairo_rectangle(cr, x0 - 1, y0 - 1, x1 - x0 + 2, y1 - y0 + 2);
        cairo_stroke(cr);
    }
    paint_axes(cr, &g, fg);
    paint_legend(cr, m, s, &g, fg);
    cairo_restore(cr);
}

static cairo_status_t write_file(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

gboolean kiln_heat_map_export(const KilnHeatMap *m, const KilnHeatMapStyle *s,
                              KilnHeatMapImageFormat format, int width, int height, FILE *out,
                              GError **error)
{
    double top = s->title ? TOP_TITLED : TOP_PLAIN;
    if (width <= 0)
        width = (int)MIN(MAX(LEFT + RIGHT + kiln_heat_map_columns(m) * 14.0, 640.0), 4000.0);
    if (height <= 0)
        height = (int)(top + BOTTOM + MAX(kiln_heat_map_rows(m) * 10.0, 200.0));
    width = MIN(width, MAX_IMAGE_PX);
    height = MIN(height, MAX_IMAGE_PX);
    cairo_surface_t *surface =
        format == KILN_HEAT_MAP_IMAGE_PNG
            ? cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height)
            : cairo_svg_surface_create_for_stream(write_file, out, width, height);
    cairo_t *cr = cairo_create(surface);
    kiln_heat_map_paint(cr, m, s, width, height);
    cairo_destroy(cr);
    cairo_status_t st = CAIRO_STATUS_SUCCESS;
    if (format == KILN_HEAT_MAP_IMAGE_PNG)
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
