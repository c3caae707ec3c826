/* kiln-svg-writer.c — SVG text from the layout.
 *
 * The document is built in a GString and handed to stdio a megabyte at a
 * time. Numbers in attributes are written by hand, never with printf's %f,
 * so a user's locale (a decimal comma) cannot corrupt the geometry; titles
 * are text for people and follow the locale like the rest of the CLI.
 */
#include "kiln-svg-writer.h"
#include "render/kiln-render-error.h"
#include "analysis/kiln-units.h"
#include "render/kiln-flame-viewport.h"
#include "render/kiln-svg-resources.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#define HEADER_HEIGHT 44.0
#define FOOTER_HEIGHT 22.0
#define MAX_PIXELS    32000
#define FLUSH_AT      (1u << 20)
/* Advance of a monospace glyph in ems: DejaVu Sans Mono, Liberation Mono
 * and Courier are 0.60, Menlo 0.602; the margin keeps labels inside. */
#define MONO_ADVANCE 0.61

void kiln_svg_writer_init(KilnSvgWriter *w)
{
    memset(w, 0, sizeof *w);
    kiln_flame_style_init(&w->style);
    w->width = 1200;
    w->margin = 10;
}

/* --- text ---------------------------------------------------------------- */

/* Code points XML 1.0 allows as characters (§2.2). */
static gboolean xml_char(gunichar c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

void kiln_svg_append_escaped(GString *out, const char *text, gssize len)
{
    const char *p = text;
    const char *end = text + (len < 0 ? (gssize)strlen(text) : len);
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c < 0x7F) {
            switch (c) {
            case '&':
                g_string_append(out, "&amp;");
                break;
            case '<':
                g_string_append(out, "&lt;");
                break;
            case '>':
                g_string_append(out, "&gt;");
                break;
            case '"':
                g_string_append(out, "&quot;");
                break;
            case '\'':
                g_string_append(out, "&apos;");
                break;
            default:
                g_string_append_c(out, (char)c);
                break;
            }
            p++;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            /* Control bytes (tabs and newlines included: a label is one
             * line) as the Control Pictures block shows them: ␀ … ␟, ␡. */
            g_string_append_unichar(out, c == 0x7F ? 0x2421 : 0x2400 + c);
            p++;
            continue;
        }
        gunichar u = g_utf8_get_char_validated(p, end - p);
        if (u == (gunichar)-1 || u == (gunichar)-2) {
            g_string_append_unichar(out, 0xFFFD);
            p++;
            continue;
        }
        g_string_append_unichar(out, xml_char(u) ? u : 0xFFFD);
        p = g_utf8_next_char(p);
    }
}

/* The same ranges as isWide() in kiln-svg-script.js, so the script's
 * relabelling agrees with what was written. */
static gboolean wide_char(gunichar c)
{
    return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
           (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
           (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
           (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
           (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
}

/* One character's advance and the next character; invalid bytes count as
 * one character each (they are written as U+FFFD). */
static double advance(const char **p, double adv)
{
    gunichar u = g_utf8_get_char_validated(*p, -1);
    if (u == (gunichar)-1 || u == (gunichar)-2 || u == 0) {
        (*p)++;
        return adv;
    }
    *p = g_utf8_next_char(*p);
    return wide_char(u) ? 2 * adv : adv;
}

gboolean kiln_svg_fit_label(const char *name, double box_width, double font_size, GString *out)
{
    double adv = font_size * MONO_ADVANCE;
    double gap = box_width >= 3 ? 1 : 0;
    double room = box_width - gap - 6;
    g_string_truncate(out, 0);
    if (room < adv * 2)
        return FALSE;
    /* A megabyte-long name costs only the characters that fit. */
    double w = 0;
    const char *p = name;
    while (*p) {
        const char *q = p;
        double cw = advance(&q, adv);
        if (w + cw > room)
            break;
        w += cw;
        p = q;
    }
    if (!*p) {
        g_string_append(out, name);
        return TRUE;
    }
    double budget = room - adv; /* "…" is one monospace cell */
    int chars = 0;
    w = 0;
    p = name;
    while (*p) {
        const char *q = p;
        double cw = advance(&q, adv);
        if (w + cw > budget)
            break;
        w += cw;
        p = q;
        chars++;
    }
    if (chars < 3)
        return FALSE;
    g_string_append_len(out, name, p - name);
    g_string_append(out, "…");
    return TRUE;
}

/* --- numbers --------------------------------------------------------------- */

/* Digits by hand: printf dominated the writer's profile. */
static void append_uint(GString *s, uint64_t v)
{
    char buf[24];
    int i = sizeof buf;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    g_string_append_len(s, buf + i, (gssize)sizeof buf - i);
}

/* v rounded to two decimals, trailing zeros dropped; locale-free. */
static void append_num(GString *s, double v)
{
    if (!isfinite(v) || fabs(v) > 1e15)
        v = 0;
    int64_t c = llround(v * 100);
    if (c < 0) {
        g_string_append_c(s, '-');
        c = -c;
    }
    append_uint(s, (uint64_t)c / 100);
    int frac = (int)(c % 100);
    if (frac) {
        g_string_append_c(s, '.');
        g_string_append_c(s, (char)('0' + frac / 10));
        if (frac % 10)
            g_string_append_c(s, (char)('0' + frac % 10));
    }
}

/* A value in the profile's units, exact for integers, else 15 digits. */
static void append_value(GString *s, double v)
{
    if (v == floor(v) && fabs(v) < 9e15) {
        if (v < 0)
            g_string_append_c(s, '-');
        append_uint(s, (uint64_t)fabs(v));
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.15g", isfinite(v) ? v : 0));
}

static void append_color(GString *s, KilnRgb c)
{
    g_string_append_printf(s, "#%02x%02x%02x", (int)lround(CLAMP(c.r, 0, 1) * 255),
                           (int)lround(CLAMP(c.g, 0, 1) * 255),
                           (int)lround(CLAMP(c.b, 0, 1) * 255));
}

/* A JSON string (valid JavaScript) that cannot end the CDATA section or
 * the script: <, > and & as \u escapes. */
static void append_js_string(GString *s, const char *text)
{
    g_string_append_c(s, '"');
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\')
            g_string_append_printf(s, "\\%c", c);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7F)
            g_string_append_printf(s, "\\u%04x", c);
        else
            g_string_append_c(s, (char)c);
    }
    g_string_append_c(s, '"');
}

/* --- values ---------------------------------------------------------------- */

typedef struct {
    const KilnSvgWriter *w;
    const KilnFlameLayout *l;
    const KilnProfile *p;
    FILE *out;
    GString *s;
    gboolean failed;
    double total;
    bool diff;
    const char *noun; /* for plain numbers: "samples", "alloc_objects" */
    const char *unit;
    GString *value, *change, *text; /* scratch for titles, reused per box */
} Doc;

/* "1,234 samples", "120.00 ms", "3.00 MiB": the unit formatted as a person
 * reads it; plain counts take the sample type's name. */
static void append_quantity(const Doc *d, GString *s, double v)
{
    char buf[96];
    kiln_format_quantity(v, d->unit, buf, sizeof buf);
    g_string_append(s, buf);
    if (!strchr(buf, ' ') && *d->noun) {
        g_string_append_c(s, ' ');
        g_string_append(s, d->noun);
    }
}

static void append_title(const Doc *d, GString *s, uint32_t node)
{
    const KilnProfile *p = d->p;
    double v = kiln_profile_total(p, d->l->type, node);
    g_string_truncate(d->value, 0);
    append_quantity(d, d->value, v);
    double share = d->total > 0 ? 100.0 * v / d->total : 0;
    g_string_truncate(d->text, 0);
    if (d->diff) {
        double before = kiln_profile_total(p, (uint32_t)d->w->style.diff_base_type, node);
        g_string_assign(d->change, v >= before ? "+" : "");
        append_quantity(d, d->change, v - before);
        /* Translators: a box's tooltip in a differential flame graph: function, value, share of
         * the total, change from the base profile: “main (110 samples, 52.38%; +10 samples)” */
        g_string_append_printf(d->text, _("%s (%s, %.2f%%; %s)"), kiln_profile_node_name(p, node),
                               d->value->str, share, d->change->str);
    } else {
        /* Translators: a box's tooltip: function, value, share of the total, e.g.
         * “main (1,234 samples, 45.60%)” or “runtime.mallocgc (120.00 ms, 3.10%)” */
        g_string_append_printf(d->text, _("%s (%s, %.2f%%)"), kiln_profile_node_name(p, node),
                               d->value->str, share);
    }
    kiln_svg_append_escaped(s, d->text->str, d->text->len);
}

static void flush(Doc *d, gboolean always)
{
    if (d->s->len < FLUSH_AT && !always)
        return;
    if (!d->failed && d->s->len && fwrite(d->s->str, 1, d->s->len, d->out) != d->s->len)
        d->failed = TRUE;
    g_string_truncate(d->s, 0);
}

/* Value of matching stacks, nested matches counted once (as
 * kiln_search_matched_value() does, from the caller's match array). */
static double matched_value(const KilnProfile *p, uint32_t type, const guint8 *match)
{
    double sum = 0;
    for (uint32_t i = 1; i < p->n_nodes;) {
        if (match[i]) {
            sum += kiln_profile_total(p, type, i);
            i += p->nodes[i].size;
        } else {
            i++;
        }
    }
    return sum;
}

/* --- the document ---------------------------------------------------------- */

int kiln_svg_writer_natural_height(const KilnSvgWriter *w, const KilnFlameLayout *l)
{
    double h = HEADER_HEIGHT + kiln_flame_content_height(l, &w->style) + FOOTER_HEIGHT;
    return (int)CLAMP(ceil(h), 16, MAX_PIXELS);
}

static void write_style(Doc *d, KilnRgb fg, double font_size)
{
    GString *s = d->s;
    g_string_append(s, "<style type=\"text/css\"><![CDATA[\n");
    g_string_append(s, "text { font-family: sans-serif; font-size: 12px; fill: ");
    append_color(s, fg);
    g_string_append(s, "; }\n#frames text { font-family: monospace; font-size: ");
    append_num(s, font_size);
    g_string_append(s, "px; fill: #000; pointer-events: none; }\n"
                       "#frames text.w { fill: #fff; }\n"
                       "#frames g { cursor: pointer; }\n"
                       "#frames g:hover rect { stroke: ");
    append_color(s, fg);
    g_string_append(s, "; stroke-width: 0.5; }\n"
                       "#title { font-size: 16px; font-weight: bold; text-anchor: middle; }\n"
                       "#subtitle { font-size: 11px; text-anchor: middle; }\n"
                       "#search, #matched { text-anchor: end; }\n"
                       ".button { cursor: pointer; }\n"
                       "#search { opacity: 0.5; }\n"
                       "#search:hover, #search.show { opacity: 1; }\n"
                       ".hide { display: none; }\n"
                       ".parent { opacity: 0.5; }\n"
                       "]]></style>\n");
}

static void write_text(Doc *d, const char *id, const char *klass, double x, double y,
                       const char *text)
{
    g_string_append_printf(d->s, "<text id=\"%s\"", id);
    if (klass)
        g_string_append_printf(d->s, " class=\"%s\"", klass);
    g_string_append(d->s, " x=\"");
    append_num(d->s, x);
    g_string_append(d->s, "\" y=\"");
    append_num(d->s, y);
    g_string_append(d->s, "\">");
    kiln_svg_append_escaped(d->s, text, -1);
    g_string_append(d->s, "</text>\n");
}

static void write_header(Doc *d, int width, int height, double matched)
{
    const KilnSvgWriter *w = d->w;
    const KilnProfile *p = d->p;
    const char *title =
        w->title ? w->title : (w->style.icicle ? _("Icicle Graph") : _("Flame Graph"));
    write_text(d, "title", NULL, width / 2.0, 20, title);

    char total[96];
    kiln_format_quantity(d->total, d->unit, total, sizeof total);
    g_autofree char *sub = g_strdup_printf(
        _("%s (%s): total %s"), kiln_profile_string(p, p->types[d->l->type].name), d->unit, total);
    write_text(d, "subtitle", NULL, width / 2.0, 37, sub);

    write_text(d, "unzoom", d->l->zoom != KILN_ROOT_NODE ? "button" : "button hide", w->margin, 20,
               _("Reset Zoom"));
    write_text(d, "search", matched >= 0 ? "button show" : "button", width - w->margin, 20,
               matched >= 0 ? _("Reset Search") : _("Search"));
    write_text(d, "details", NULL, w->margin, height - 6, " ");
    if (matched >= 0) {
        char share[32];
        g_snprintf(share, sizeof share, "%.2f", matched);
        g_autofree char *m = g_strdup_printf(_("Matched: %s%%"), share);
        write_text(d, "matched", NULL, width - w->margin, height - 6, m);
    } else {
        write_text(d, "matched", NULL, width - w->margin, height - 6, " ");
    }
}

static void write_script(Doc *d, double inner, double baseline, KilnRgb highlight)
{
    GString *s = d->s;
    const KilnSvgWriter *w = d->w;
    g_string_append(s, "<script type=\"text/ecmascript\"><![CDATA[\nvar kilnConfig = {width: ");
    append_num(s, inner);
    g_string_append(s, ", total: ");
    append_value(s, d->total);
    g_string_append(s, ", minWidth: ");
    append_value(s, d->l->min_width);
    g_string_append(s, ", fontSize: ");
    append_num(s, w->style.font_size);
    g_string_append(s, ", advance: ");
    append_num(s, MONO_ADVANCE);
    g_string_append(s, ", baseline: ");
    append_num(s, baseline);
    g_string_append(s, ", highlight: \"");
    append_color(s, highlight);
    g_string_append(s, "\",\n  search: ");
    append_js_string(s, w->search && w->style.highlight ? w->search : "");
    g_string_append(s, ", searchLabel: ");
    append_js_string(s, _("Search"));
    g_string_append(s, ", resetSearch: ");
    append_js_string(s, _("Reset Search"));
    g_string_append(s, ",\n  prompt: ");
    append_js_string(s, _("Search for functions matching a regular expression:"));
    g_string_append(s, ",\n  matched: ");
    append_js_string(s, _("Matched: %s%%"));
    g_string_append(s, ", invalid: ");
    append_js_string(s, _("“%s” is not a valid regular expression"));
    g_string_append(s, "};\n");
    flush(d, FALSE);
    g_autoptr(GBytes) js = g_resource_lookup_data(
        kiln_svg_get_resource(), "/org/kiln/Kiln/render/kiln-svg-script.js", 0, NULL);
    gsize len = 0;
    const char *code = js ? g_bytes_get_data(js, &len) : "";
    g_string_append_len(s, code, (gssize)len);
    g_string_append(s, "]]></script>\n");
}

gboolean kiln_svg_writer_write(const KilnSvgWriter *w, const KilnFlameLayout *l, FILE *out,
                               GError **error)
{
    const KilnProfile *p = l->profile;
    const KilnFlameStyle *st = &w->style;
    Doc d = {.w = w,
             .l = l,
             .p = p,
             .out = out,
             .s = g_string_sized_new(FLUSH_AT + 4096),
             .value = g_string_new(NULL),
             .change = g_string_new(NULL),
             .text = g_string_new(NULL)};
    d.total = kiln_profile_total(p, l->type, KILN_ROOT_NODE);
    d.diff = st->diff_base_type >= 0 && (uint32_t)st->diff_base_type < p->n_types &&
             (uint32_t)st->diff_base_type != l->type;
    d.unit = kiln_profile_string(p, p->types[l->type].unit);
    /* Translators: the noun after a plain number in a differential graph's tooltip, “12 samples” */
    d.noun = d.diff ? _("samples") : kiln_profile_string(p, p->types[l->type].name);

    int width = CLAMP(w->width > 0 ? w->width : 1200, 16, MAX_PIXELS);
    int height =
        w->height > 0 ? CLAMP(w->height, 16, MAX_PIXELS) : kiln_svg_writer_natural_height(w, l);
    double view_h = MAX(height - HEADER_HEIGHT - FOOTER_HEIGHT, 0);
    double rh = st->row_height;
    double inner = width - 2 * w->margin;
    double matched = -1;
    if (st->highlight)
        matched = d.total > 0 ? 100.0 * matched_value(p, l->type, st->highlight) / d.total : 0;

    KilnRgb bg = st->dark ? (KilnRgb){0.12, 0.12, 0.13} : (KilnRgb){0.98, 0.98, 0.97};
    KilnRgb fg = st->dark ? (KilnRgb){0.92, 0.92, 0.92} : (KilnRgb){0.1, 0.1, 0.1};
    GString *s = d.s;
    g_string_append(s, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
    g_string_append_printf(s,
                           "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                           "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
                           width, height, width, height);
    g_string_append(s, "<!-- Drawn by Kiln " KILN_VERSION ". Click a frame to zoom; Ctrl+F "
                       "searches; hover shows the values. -->\n");
    write_style(&d, fg, st->font_size);
    g_string_append(s, "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"");
    append_color(s, bg);
    g_string_append(s, "\"/>\n");
    write_header(&d, width, height, matched);

    g_string_append(s, "<g id=\"frames\" transform=\"translate(");
    append_num(s, w->margin);
    g_string_append_c(s, ' ');
    append_num(s, HEADER_HEIGHT);
    g_string_append(s, ")\">\n");

    /* Baseline of a label inside its row: centred on the x-height. */
    double baseline = (rh - 1) / 2 + st->font_size * 0.35;
    /* Offsets in value units from the root's left edge, so the script can
     * zoom anywhere and back to the root even when the layout is zoomed:
     * the zoomed node's subtree is laid out relative to it, its ancestors
     * span the width (kiln_flame_viewport_node_extent() says where they
     * really start). */
    double k = l->zoom_total > 0 ? l->zoom_total / l->width : 0; /* pixels -> value units */
    double zoom_x = 0, zoom_w = 0;
    kiln_flame_viewport_node_extent(p, l->type, KILN_ROOT_NODE, d.total, l->zoom, &zoom_x, &zoom_w);
    double diff_scale = kiln_flame_diff_scale(l, st);
    KilnFlameStyle plain = *st;
    plain.highlight = NULL;
    GString *label = g_string_new(NULL);
    for (guint i = 0; i < l->rects->len; i++) {
        const KilnFlameRect *r = &g_array_index(l->rects, KilnFlameRect, i);
        double y = st->icicle ? r->row * rh : view_h - (r->row + 1) * rh;
        if (y < 0 || y + rh > view_h + 0.5)
            continue; /* a fixed height: rows that do not fit are left out */
        const KilnNode *nd = &p->nodes[r->node];
        KilnRgb fill = kiln_flame_frame_color(l, st, r->node, diff_scale);
        g_string_append(s, "<g data-n=\"");
        append_uint(s, r->node);
        g_string_append(s, "\" data-e=\"");
        append_uint(s, (uint64_t)r->node + nd->size);
        g_string_append(s, "\" data-x=\"");
        double vx = zoom_x + r->x * k, vw;
        if (r->node <= l->zoom && l->zoom < r->node + nd->size &&
            !kiln_flame_viewport_node_extent(p, l->type, KILN_ROOT_NODE, d.total, r->node, &vx,
                                             &vw))
            vx = 0;
        append_value(s, vx);
        g_string_append(s, "\" data-w=\"");
        append_value(s, kiln_profile_total(p, l->type, r->node));
        g_string_append_c(s, '"');
        if (st->highlight && st->highlight[r->node]) {
            /* The colour to go back to when the reader resets the search. */
            g_string_append(s, " data-c=\"");
            append_color(s, kiln_flame_frame_color(l, &plain, r->node, diff_scale));
            g_string_append_c(s, '"');
        }
        g_string_append(s, "><title>");
        append_title(&d, s, r->node);
        g_string_append(s, "</title><rect x=\"");
        append_num(s, r->x);
        g_string_append(s, "\" y=\"");
        append_num(s, y);
        g_string_append(s, "\" width=\"");
        append_num(s, MAX(r->w - (r->w >= 3 ? 1 : 0), 0.5));
        g_string_append(s, "\" height=\"");
        append_num(s, rh - 1);
        g_string_append(s, "\" fill=\"");
        append_color(s, fill);
        g_string_append(s, "\"/>");
        if (kiln_svg_fit_label(kiln_profile_node_name(p, r->node), r->w, st->font_size, label)) {
            KilnRgb tc = kiln_palette_text_color(fill);
            g_string_append(s, tc.r > 0.5 ? "<text class=\"w\" x=\"" : "<text x=\"");
            append_num(s, r->x + 3);
            g_string_append(s, "\" y=\"");
            append_num(s, y + baseline);
            g_string_append(s, "\">");
            kiln_svg_append_escaped(s, label->str, label->len);
            g_string_append(s, "</text>");
        }
        g_string_append(s, "</g>\n");
        flush(&d, FALSE);
    }
    g_string_free(label, TRUE);
    g_string_append(s, "</g>\n");
    write_script(&d, inner, baseline, kiln_flame_highlight_color(st->dark));
    g_string_append(s, "</svg>\n");
    flush(&d, TRUE);
    g_string_free(s, TRUE);
    g_string_free(d.value, TRUE);
    g_string_free(d.change, TRUE);
    g_string_free(d.text, TRUE);
    if (d.failed || fflush(out) != 0) {
        /* Translators: %s says why, e.g. “No space left on device” */
        g_set_error(error, KILN_RENDER_ERROR, KILN_RENDER_ERROR_WRITE,
                    _("Could not write the image: %s"), g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}
