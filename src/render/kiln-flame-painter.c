/* kiln-flame-painter.c — rectangles, colours and elided labels.
 *
 * Text uses cairo's own font API so that the same code draws into image,
 * SVG and PDF surfaces with no toolkit. Label fitting measures ASCII from a
 * per-paint table of advances, because calling cairo_text_extents() for
 * every candidate prefix of thousands of labels would dominate the frame.
 */
#include "kiln-flame-painter.h"

#include <math.h>
#include <string.h>

void kiln_flame_style_init(KilnFlameStyle *s)
{
    memset(s, 0, sizeof *s);
    s->palette = KILN_PALETTE_HOT;
    s->row_height = 18;
    s->font_size = 12;
    s->font_family = "Sans";
    s->selected = KILN_NO_NODE;
    s->hovered = KILN_NO_NODE;
    s->diff_base_type = -1;
}

double kiln_flame_content_height(const KilnFlameLayout *l, const KilnFlameStyle *s)
{
    return l->n_rows * s->row_height;
}

double kiln_flame_row_y(const KilnFlameLayout *l, const KilnFlameStyle *s, double height,
                        uint32_t row)
{
    if (s->icicle)
        return row * s->row_height - s->y_offset;
    double base = MAX(height, kiln_flame_content_height(l, s));
    return base - (row + 1) * s->row_height - s->y_offset;
}

int kiln_flame_row_at(const KilnFlameLayout *l, const KilnFlameStyle *s, double height, double y)
{
    double r;
    if (s->icicle) {
        r = floor((y + s->y_offset) / s->row_height);
    } else {
        double base = MAX(height, kiln_flame_content_height(l, s));
        r = floor((base - y - s->y_offset) / s->row_height);
    }
    return (r < 0 || r >= l->n_rows) ? -1 : (int)r;
}

typedef struct {
    double ascii[128];
    double ellipsis;
    double wide; /* stand-in advance for non-ASCII characters */
} Metrics;

static void metrics_init(cairo_t *cr, Metrics *m)
{
    char s[2] = {0, 0};
    cairo_text_extents_t e;
    for (int c = 32; c < 127; c++) {
        s[0] = (char)c;
        cairo_text_extents(cr, s, &e);
        m->ascii[c] = e.x_advance;
    }
    cairo_text_extents(cr, "…", &e);
    m->ellipsis = e.x_advance;
    m->wide = m->ascii['M'];
}

static double measure_char(const Metrics *m, const char **p)
{
    unsigned char c = (unsigned char)**p;
    if (c < 0x80) {
        (*p)++;
        return c >= 32 && c < 127 ? m->ascii[c] : m->wide;
    }
    *p = g_utf8_next_char(*p);
    return m->wide;
}

static gboolean elide(const Metrics *m, const char *text, double max_width, GString *out)
{
    g_string_truncate(out, 0);
    double w = 0;
    const char *p = text;
    while (*p) {
        w += measure_char(m, &p);
        if (w > max_width)
            break;
    }
    if (!*p && w <= max_width) {
        g_string_append(out, text);
        return TRUE;
    }
    double budget = max_width - m->ellipsis;
    w = 0;
    p = text;
    int chars = 0;
    while (*p) {
        const char *q = p;
        double cw = measure_char(m, &q);
        if (w + cw > budget)
            break;
        w += cw;
        p = q;
        chars++;
    }
    if (chars < 3)
        return FALSE;
    g_string_append_len(out, text, p - text);
    g_string_append(out, "…");
    return TRUE;
}

gboolean kiln_flame_elide(cairo_t *cr, const char *text, double max_width, GString *out)
{
    Metrics m;
    metrics_init(cr, &m);
    return elide(&m, text, max_width, out);
}

/* Change of each node between the base type and the shown type, in the
 * profile's own units, as flamegraph.pl's differential graphs colour it:
 * red grew, blue shrank. (Normalise the inputs first to compare shapes.) */
static double diff_delta(const KilnFlameLayout *l, int base, uint32_t node)
{
    const KilnProfile *p = l->profile;
    return kiln_profile_total(p, l->type, node) - kiln_profile_total(p, (uint32_t)base, node);
}

static bool is_diff(const KilnFlameLayout *l, const KilnFlameStyle *s)
{
    return s->diff_base_type >= 0 && (uint32_t)s->diff_base_type < l->profile->n_types &&
           (uint32_t)s->diff_base_type != l->type;
}

double kiln_flame_diff_scale(const KilnFlameLayout *l, const KilnFlameStyle *s)
{
    double max_delta = 0;
    if (!is_diff(l, s))
        return 0;
    for (guint i = 0; i < l->rects->len; i++) {
        double d =
            fabs(diff_delta(l, s->diff_base_type, g_array_index(l->rects, KilnFlameRect, i).node));
        if (d > max_delta)
            max_delta = d;
    }
    return max_delta;
}

KilnRgb kiln_flame_highlight_color(bool dark)
{
    return dark ? (KilnRgb){0.75, 0.3, 0.85} : (KilnRgb){0.9, 0.35, 0.9};
}

KilnRgb kiln_flame_frame_color(const KilnFlameLayout *l, const KilnFlameStyle *s, uint32_t node,
                               double diff_scale)
{
    const KilnProfile *p = l->profile;
    if (node == KILN_ROOT_NODE)
        return s->dark ? (KilnRgb){0.36, 0.36, 0.4} : (KilnRgb){0.82, 0.82, 0.86};
    if (s->highlight && s->highlight[node])
        return kiln_flame_highlight_color(s->dark);
    if (is_diff(l, s))
        return kiln_palette_diff_color(
            diff_scale > 0 ? diff_delta(l, s->diff_base_type, node) / diff_scale : 0, s->dark);
    return kiln_palette_frame_color(p, p->nodes[node].frame, s->palette, s->dark);
}

void kiln_flame_paint(cairo_t *cr, const KilnFlameLayout *l, const KilnFlameStyle *s,
                      double height)
{
    const KilnProfile *p = l->profile;
    double rh = s->row_height;
    GString *label = g_string_new(NULL);
    Metrics m;

    cairo_save(cr);
    cairo_select_font_face(cr, s->font_family ? s->font_family : "Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, s->font_size);
    metrics_init(cr, &m);
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    double baseline = (rh - (fe.ascent + fe.descent)) / 2 + fe.ascent;

    double diff_scale = kiln_flame_diff_scale(l, s);

    for (guint i = 0; i < l->rects->len; i++) {
        const KilnFlameRect *r = &g_array_index(l->rects, KilnFlameRect, i);
        double y = kiln_flame_row_y(l, s, height, r->row);
        if (y + rh < 0 || y > height)
            continue;
        KilnRgb bg = kiln_flame_frame_color(l, s, r->node, diff_scale);
        if (r->node == s->hovered) {
            bg.r += (1 - bg.r) * 0.3;
            bg.g += (1 - bg.g) * 0.3;
            bg.b += (1 - bg.b) * 0.3;
        }
        /* A one-pixel gap separates frames while they are wide enough. */
        double gap = r->w >= 3 ? 1 : 0;
        cairo_set_source_rgb(cr, bg.r, bg.g, bg.b);
        cairo_rectangle(cr, r->x, y, MAX(r->w - gap, 0.5), rh - 1);
        cairo_fill(cr);

        if (r->node == s->selected) {
            KilnRgb fg = kiln_palette_text_color(bg);
            cairo_set_source_rgb(cr, fg.r, fg.g, fg.b);
            cairo_set_line_width(cr, 2);
            cairo_rectangle(cr, r->x + 1, y + 1, MAX(r->w - gap - 2, 0.5), rh - 3);
            cairo_stroke(cr);
        }

        double room = r->w - gap - 6;
        if (room < m.ascii['M'] * 2)
            continue;
        const char *name = kiln_profile_node_name(p, r->node);
        if (!elide(&m, name, room, label))
            continue;
        KilnRgb fg = kiln_palette_text_color(bg);
        cairo_set_source_rgb(cr, fg.r, fg.g, fg.b);
        cairo_move_to(cr, r->x + 3, y + baseline - 0.5);
        cairo_show_text(cr, label->str);
    }
    cairo_restore(cr);
    g_string_free(label, TRUE);
}
