/* test-svg.c — the SVG writer: one <g>/<title> per visible box and none for
 * culled ones, exact titles in the sample type's unit, escaping of hostile
 * names, orientation, search marks, differential titles, a fixed height,
 * well-formed XML (xmllint), inferno's titles for the same folded input,
 * and the embedded script's zoom and search run under node. */
#include "kiln-test-util.h"
#include "core/kiln-builder.h"
#include "analysis/kiln-search.h"
#include "render/kiln-image-export.h"
#include "render/kiln-svg-writer.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static const char small_text[] =
    "main;parse;lex 40\nmain;parse 10\nmain;eval;gc 25\nidle 25\nmain;a<b>&\"q' 3\n";

static KilnProfile *load(const char *text)
{
    GError *err = NULL;
    KilnProfile *p = kiln_test_load_bytes(text, strlen(text), &err);
    g_assert_no_error(err);
    return p;
}

/* The writer's document for `p` as the CLI would lay it out, with culling
 * at `min_width` pixels; the layout's box count in *n_boxes. */
static char *write_svg(const KilnProfile *p, const KilnSvgWriter *w, double min_width,
                       guint *n_boxes)
{
    g_autoptr(KilnFlameLayout) l = kiln_flame_layout_new(p, p->default_type, KILN_ROOT_NODE,
                                                         w->width - 2 * w->margin, min_width);
    if (n_boxes)
        *n_boxes = l->rects->len;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    GError *err = NULL;
    g_assert_true(kiln_svg_writer_write(w, l, f, &err));
    g_assert_no_error(err);
    fclose(f);
    return buf;
}

static guint count(const char *s, const char *needle)
{
    guint n = 0;
    for (const char *c = strstr(s, needle); c; c = strstr(c + 1, needle))
        n++;
    return n;
}

static char *unescape(const char *s)
{
    const char *esc[][2] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
    char *out = g_strdup(s);
    for (gsize k = 0; k < G_N_ELEMENTS(esc); k++) {
        char **parts = g_strsplit(out, esc[k][0], -1);
        g_free(out);
        out = g_strjoinv(esc[k][1], parts);
        g_strfreev(parts);
    }
    return out;
}

/* Every <title>'s text, unescaped, in document order. */
static GPtrArray *titles(const char *svg)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    for (const char *c = strstr(svg, "<title>"); c; c = strstr(c + 1, "<title>")) {
        const char *end = strstr(c, "</title>");
        g_assert_nonnull(end);
        g_autofree char *raw = g_strndup(c + 7, end - c - 7);
        g_ptr_array_add(a, unescape(raw));
    }
    return a;
}

/* Whether xmllint finds `svg` well formed; TRUE (and a note) without it. */
static void assert_xml_valid(const char *svg)
{
    g_autofree char *xmllint = g_find_program_in_path("xmllint");
    if (!xmllint) {
        g_test_message("xmllint is not installed: well-formedness not checked");
        return;
    }
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("kiln-svg-XXXXXX.svg", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    g_assert_true(g_file_set_contents(path, svg, -1, NULL));
    close(fd);
    const char *argv[] = {xmllint, "--noout", path, NULL};
    int status = 0;
    g_autofree char *err = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, NULL));
    if (!g_spawn_check_wait_status(status, NULL))
        g_error("xmllint rejects the SVG: %s", err);
    g_unlink(path);
}

static void test_boxes_and_titles(void)
{
    g_autoptr(KilnProfile) p = load(small_text);
    KilnSvgWriter w;
    kiln_svg_writer_init(&w);
    guint n = 0;
    g_autofree char *svg = write_svg(p, &w, 0.33, &n);
    /* all, idle, main, a<b>&"q', eval, gc, parse, lex */
    g_assert_cmpuint(n, ==, 8);
    g_assert_cmpuint(count(svg, "<g data-n="), ==, 8);
    g_assert_cmpuint(count(svg, "<title>"), ==, 8);
    g_assert_cmpuint(count(svg, "<rect "), ==, 8 + 1); /* and the background */
    g_autoptr(GPtrArray) t = titles(svg);
    g_assert_cmpstr(t->pdata[0], ==, "all (103 samples, 100.00%)");
    g_assert_cmpstr(t->pdata[2], ==, "main (78 samples, 75.73%)");
    g_assert_cmpstr(t->pdata[3], ==, "a<b>&\"q' (3 samples, 2.91%)");
    g_assert_nonnull(strstr(svg, "<title>a&lt;b&gt;&amp;&quot;q&apos; (3 samples, 2.91%)</title>"));
    /* Geometry of main: 78/103 of 1180 pixels, after idle's 25/103. */
    g_assert_nonnull(strstr(svg, "<g data-n=\"2\" data-e=\"8\" data-x=\"25\" data-w=\"78\">"
                                 "<title>main (78 samples, 75.73%)</title><rect x=\"286.41\" "
                                 "y=\"36\" width=\"892.59\" height=\"17\" fill=\""));
    g_assert_nonnull(strstr(svg, "<text x=\"289.41\" y=\"48.7\">main</text>"));
    g_assert_nonnull(strstr(svg, "width=\"1200\" height=\"138\""));
    g_assert_nonnull(strstr(svg, "<text id=\"title\" x=\"600\" y=\"20\">Flame Graph</text>"));
    g_assert_nonnull(strstr(svg, "samples (count): total 103</text>"));
    /* No search: an empty "Matched" line. */
    g_assert_nonnull(strstr(svg, "<text id=\"matched\" x=\"1190\" y=\"132\"> </text>"));
    g_assert_null(strstr(svg, "data-c="));
    assert_xml_valid(svg);
}

/* Boxes under a third of a pixel are culled and not written at all. */
static void test_culled_not_written(void)
{
    GString *s = g_string_new("main;big 1000000\n");
    for (int i = 0; i < 500; i++)
        g_string_append_printf(s, "main;tiny%d 1\n", i);
    g_autoptr(KilnProfile) p = load(s->str);
    g_string_free(s, TRUE);
    KilnSvgWriter w;
    kiln_svg_writer_init(&w);
    guint n = 0;
    g_autofree char *svg = write_svg(p, &w, 0.33, &n);
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpuint(count(svg, "<title>"), ==, 3);
    g_assert_null(strstr(svg, "tiny"));
    g_assert_nonnull(strstr(svg, "<title>big (1,000,000 samples, 99.95%)</title>"));
}

static void test_units(void)
{
    g_autoptr(KilnBuilder) b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "cpu", "nanoseconds");
    kiln_builder_add_sample_type(b, "alloc_space", "bytes");
    uint32_t f[2] = {kiln_builder_frame_named(b, "main", 4, KILN_FRAME_NORMAL),
                     kiln_builder_frame_named(b, "runtime.mallocgc", 16, KILN_FRAME_NORMAL)};
    uint32_t leaf = kiln_builder_stack(b, f, 2, false);
    uint32_t mid = kiln_builder_stack(b, f, 1, false);
    double v1[2] = {120e6, 3 * 1048576.0};
    double v2[2] = {3.75e9, 1024};
    kiln_builder_add_values(b, leaf, v1);
    kiln_builder_add_values(b, mid, v2);
    g_autoptr(KilnProfile) p = kiln_builder_finish(b);
    KilnSvgWriter w;
    kiln_svg_writer_init(&w);
    g_autofree char *svg = write_svg(p, &w, 0.33, NULL);
    g_autoptr(GPtrArray) t = titles(svg);
    g_assert_cmpuint(t->len, ==, 3);
    g_assert_cmpstr(t->pdata[0], ==, "all (3.87 s, 100.00%)");
    g_assert_cmpstr(t->pdata[2], ==, "runtime.mallocgc (120.00 ms, 3.10%)");
    g_assert_nonnull(strstr(svg, "cpu (nanoseconds): total 3.87 s</text>"));

    /* The same profile in bytes, through the image export, as an icicle. */
    KilnImageOptions o;
    kiln_image_options_init(&o);
    o.type = 1;
    o.icicle = true;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    GError *err = NULL;
    g_assert_true(kiln_image_export(p, &o, out, &err));
    g_assert_no_error(err);
    fclose(out);
    g_autofree char *icicle = buf;
    g_autoptr(GPtrArray) ti = titles(icicle);
    g_assert_cmpstr(ti->pdata[2], ==, "runtime.mallocgc (3.00 MiB, 99.97%)");
    /* The root's row is at the top: y 0 inside the frames group. */
    g_assert_nonnull(strstr(icicle, "<title>all (3.00 MiB, 100.00%)</title><rect x=\"0\" y=\"0\""));
    g_assert_nonnull(strstr(icicle, ">Icicle Graph</text>"));
    assert_xml_valid(icicle);
}

/* Names straight from a builder's raw interning (no display escaping):
 * control bytes, invalid UTF-8, a character XML forbids. */
static void test_hostile_names(void)
{
    g_autoptr(GString) e = g_string_new(NULL);
    kiln_svg_append_escaped(e, "a<b>&\"'\x01\t\x7f\xff\xef\xbf\xbe\xc3\xa9z", -1);
    g_assert_cmpstr(e->str, ==,
                    "a&lt;b&gt;&amp;&quot;&apos;\xe2\x90\x81\xe2\x90\x89\xe2\x90\xa1"
                    "\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9z");

    g_autoptr(KilnBuilder) b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "samples", "count");
    const char raw[] = "bad\x02\xfe]]><!--&name";
    uint32_t name = kiln_builder_intern(b, raw, sizeof raw - 1);
    uint32_t f = kiln_builder_frame(b, name, 0, 0, 0, KILN_FRAME_NORMAL);
    kiln_builder_add_value(b, kiln_builder_stack(b, &f, 1, false), 0, 5);
    g_autoptr(KilnProfile) p = kiln_builder_finish(b);
    KilnSvgWriter w;
    kiln_svg_writer_init(&w);
    w.search = "]]></script><script>alert(1)</script>";
    g_autofree guint8 *match = g_new0(guint8, p->n_nodes);
    w.style.highlight = match;
    g_autofree char *svg = write_svg(p, &w, 0.33, NULL);
    g_assert_nonnull(strstr(svg, "<title>bad\xe2\x90\x82\xef\xbf\xbd]]&gt;&lt;!--&amp;name (5 "
                                 "samples, 100.00%)</title>"));
    /* The search pattern is a JavaScript string that cannot end the CDATA
     * section or the script. */
    g_assert_nonnull(strstr(svg, "search: \"]]\\u003e\\u003c/script\\u003e"));
    g_assert_cmpuint(count(svg, "]]>"), ==, 2); /* style and script */
    assert_xml_valid(svg);
}

static void test_search_marks(void)
{
    g_autoptr(KilnProfile) p = load(small_text);
    GError *err = NULL;
    g_autoptr(KilnSearch) search = kiln_search_new(p, "parse|lex", &err);
    g_assert_no_error(err);
    KilnImageOptions o;
    kiln_image_options_init(&o);
    o.search = "parse|lex";
    o.highlight = search->node_match;
    o.highlight_value = kiln_search_matched_value(search, p->default_type, KILN_ROOT_NODE);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    g_assert_true(kiln_image_export(p, &o, out, &err));
    g_assert_no_error(err);
    fclose(out);
    g_autofree char *svg = buf;
    /* Exactly parse (node 6) and lex (node 7) are marked and filled with
     * the highlight colour; nested lex counts once: 50 of 103. */
    g_assert_cmpuint(count(svg, "data-c="), ==, 2);
    g_assert_cmpuint(count(svg, "fill=\"#e659e6\""), ==, 2);
    g_assert_nonnull(
        strstr(svg, "<g data-n=\"6\" data-e=\"8\" data-x=\"53\" data-w=\"50\" data-c="));
    g_assert_nonnull(
        strstr(svg, "<g data-n=\"7\" data-e=\"8\" data-x=\"53\" data-w=\"40\" data-c="));
    g_assert_nonnull(strstr(svg, ">Matched: 48.54%</text>"));
    g_assert_nonnull(strstr(svg, "class=\"button show\" x=\"1190\" y=\"20\">Reset Search</text>"));
    assert_xml_valid(svg);

    /* Dark: the dark background and the dark highlight. */
    o.dark = true;
    buf = NULL;
    out = open_memstream(&buf, &len);
    g_assert_true(kiln_image_export(p, &o, out, &err));
    fclose(out);
    g_assert_nonnull(strstr(buf, "height=\"100%\" fill=\"#1f1f21\""));
    g_assert_cmpuint(count(buf, "fill=\"#bf4dd9\""), ==, 2);
    free(buf);
}

/* kiln-cli export --to svg with its flags: search, icicle, width, a bad
 * pattern refused with nothing written. */
static void test_cli_flags(void)
{
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("kiln-svg-XXXXXX.folded", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(g_file_set_contents(path, small_text, -1, NULL));
    const char *args[] = {"export",    path,       "--to",    "svg", "--search",
                          "parse|lex", "--icicle", "--width", "800", NULL};
    g_autofree char *out = NULL;
    g_assert_cmpint(kiln_test_run_cli(args, &out, NULL), ==, 0);
    g_assert_nonnull(strstr(out, "width=\"800\" height=\"138\""));
    g_assert_cmpuint(count(out, "<title>"), ==, 8);
    g_assert_cmpuint(count(out, "data-c="), ==, 2);
    g_assert_nonnull(strstr(out, ">Matched: 48.54%</text>"));
    g_assert_nonnull(strstr(out, ">Icicle Graph</text>"));
    g_assert_nonnull(strstr(out, "<title>all (103 samples, 100.00%)</title><rect x=\"0\" y=\"0\""));
    const char *bad[] = {"export", path, "--to", "svg", "--search", "(", NULL};
    g_autofree char *bad_out = NULL;
    g_assert_cmpint(kiln_test_run_cli(bad, &bad_out, NULL), !=, 0);
    g_assert_null(strstr(bad_out ? bad_out : "", "<svg"));

    /* kiln-cli diff --to svg: red/blue by change, the change in each title. */
    g_autofree char *after = g_strconcat(path, ".after", NULL);
    g_assert_true(
        g_file_set_contents(after, "main;parse;lex 50\nmain;parse 10\nidle 20\n", -1, NULL));
    const char *diff[] = {"diff", path, after, "--to", "svg", NULL};
    g_autofree char *diff_out = NULL;
    g_assert_cmpint(kiln_test_run_cli(diff, &diff_out, NULL), ==, 0);
    g_assert_nonnull(strstr(diff_out, ">Differential Flame Graph</text>"));
    g_assert_nonnull(strstr(diff_out, "<title>lex (50 samples, 62.50%; +10 samples)</title>"));
    g_assert_nonnull(strstr(diff_out, "<title>idle (20 samples, 25.00%; -5 samples)</title>"));
    assert_xml_valid(diff_out);
    g_unlink(after);
    g_unlink(path);
}

/* A layout zoomed into parse (the app's current view): ancestors span the
 * width, offsets stay root-relative so the script can zoom back out. */
static void test_zoomed_layout(void)
{
    g_autoptr(KilnProfile) p = load(small_text);
    g_autoptr(KilnFlameLayout) l = kiln_flame_layout_new(p, 0, 6, 1180, 0.33);
    KilnSvgWriter w;
    kiln_svg_writer_init(&w);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    GError *err = NULL;
    g_assert_true(kiln_svg_writer_write(&w, l, f, &err));
    fclose(f);
    g_autofree char *svg = buf;
    g_assert_cmpuint(count(svg, "<title>"), ==, 4); /* all, main, parse, lex */
    g_assert_nonnull(strstr(svg, "<g data-n=\"2\" data-e=\"8\" data-x=\"25\" data-w=\"78\">"
                                 "<title>main (78 samples, 75.73%)</title><rect x=\"0\""));
    g_assert_nonnull(strstr(svg, "<g data-n=\"6\" data-e=\"8\" data-x=\"53\" data-w=\"50\">"
                                 "<title>parse (50 samples, 48.54%)</title><rect x=\"0\""));
    g_assert_nonnull(strstr(svg, "<g data-n=\"7\" data-e=\"8\" data-x=\"53\" data-w=\"40\">"
                                 "<title>lex (40 samples, 38.83%)</title><rect x=\"0\" y=\"0\" "
                                 "width=\"943\""));
    g_assert_nonnull(strstr(svg, "<text id=\"unzoom\" class=\"button\""));
    assert_xml_valid(svg);
}

static void test_fixed_height(void)
{
    /* A 200-deep chain in 600 pixels: 534 for the graph hold 29 rows. */
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 200; i++)
        g_string_append_printf(s, "%sf%d", i ? ";" : "", i);
    g_string_append(s, " 1\n");
    g_autoptr(KilnProfile) p = load(s->str);
    g_string_free(s, TRUE);
    KilnSvgWriter w;
    kiln_svg_writer_init(&w);
    w.width = 800;
    w.height = 600;
    g_autofree char *svg = write_svg(p, &w, 0.33, NULL);
    g_assert_cmpuint(count(svg, "<title>"), ==, 29);
    /* The root stays at the bottom of a flame graph. */
    g_assert_nonnull(strstr(svg, "<title>all (1 samples, 100.00%)</title><rect x=\"0\" y=\"516\""));
    g_assert_nonnull(strstr(svg, "<title>f27 "));
    g_assert_null(strstr(svg, "<title>f28 "));
}

static void test_diff_titles(void)
{
    g_autoptr(KilnProfile) p = load("main;f 100 100\nmain;g 100 110\nmain;h 0 2\n");
    KilnImageOptions o;
    kiln_image_options_init(&o);
    o.type = 1;
    o.diff_base_type = 0;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    GError *err = NULL;
    g_assert_true(kiln_image_export(p, &o, out, &err));
    fclose(out);
    g_autofree char *svg = buf;
    g_autoptr(GPtrArray) t = titles(svg);
    g_assert_cmpuint(t->len, ==, 5);
    g_assert_cmpstr(t->pdata[1], ==, "main (212 samples, 100.00%; +12 samples)");
    g_assert_cmpstr(t->pdata[2], ==, "f (100 samples, 47.17%; +0 samples)");
    g_assert_cmpstr(t->pdata[3], ==, "g (110 samples, 51.89%; +10 samples)");
    /* Unchanged f in the neutral colour, grown g and h in reds. */
    g_assert_nonnull(strstr(svg, "<title>f (100 samples, 47.17%; +0 samples)</title><rect "
                                 "x=\"0\" y=\"0\" width=\"555.6\" height=\"17\" fill=\"#ebebeb\""));
    assert_xml_valid(svg);
}

static void test_fit_label(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    /* 7.32 pixels a character at 12 px: room = w - 1 - 6. */
    g_assert_true(kiln_svg_fit_label("parse", 100, 12, out));
    g_assert_cmpstr(out->str, ==, "parse");
    g_assert_true(kiln_svg_fit_label("a_rather_long_function_name", 60, 12, out));
    g_assert_cmpstr(out->str, ==, "a_rath…"); /* 53 px: 7 cells, 6 and the ellipsis */
    g_assert_true(kiln_svg_fit_label("abcdefg", 36.3, 12, out));
    g_assert_cmpstr(out->str, ==, "abc…");
    g_assert_false(kiln_svg_fit_label("abcdefg", 35, 12, out));
    g_assert_false(kiln_svg_fit_label("ab", 20, 12, out));
    /* Wide characters take two cells; invalid bytes one. */
    g_assert_true(kiln_svg_fit_label("漢字漢字漢字", 60, 12, out));
    g_assert_cmpstr(out->str, ==, "漢字漢…");
    g_assert_true(kiln_svg_fit_label("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", 60, 12, out));
    g_assert_cmpuint(out->len, ==, 6 + 3);
}

static int compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* inferno's SVGs for the same folded input, at inferno's default culling
 * (0.1 pixel of 1180): the same boxes, by (name, samples), exactly. */
static void test_inferno_titles(void)
{
    const char *pairs[][2] = {
        {"austin/flames.txt", "austin/flame.svg"},
        {"grey-frames/grey-frames.txt", "grey-frames/grey-frames.svg"},
        {"narrow-blocks/narrow-blocks.txt", "narrow-blocks/narrow-blocks.svg"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(pairs); i++) {
        g_autofree char *dir = g_build_filename("folded/inferno/flamegraph", NULL);
        g_autofree char *rin = g_build_filename(dir, pairs[i][0], NULL);
        g_autofree char *rsvg = g_build_filename(dir, pairs[i][1], NULL);
        g_autofree char *in = kiln_test_corpus_path(rin);
        g_autofree char *ref = kiln_test_corpus_path(rsvg);
        if (!in || !ref)
            return;
        GError *err = NULL;
        g_autoptr(KilnProfile) p = kiln_load_file(in, NULL, NULL, NULL, NULL, &err);
        g_assert_no_error(err);
        KilnSvgWriter w;
        kiln_svg_writer_init(&w);
        g_autofree char *ours = write_svg(p, &w, 0.1, NULL);
        gsize len;
        g_autofree char *theirs = kiln_test_read(ref, &len);
        g_autoptr(GPtrArray) a = titles(ours);
        g_autoptr(GPtrArray) b = titles(theirs);
        /* inferno writes the root's share as "100%" */
        for (guint k = 0; k < b->len; k++)
            if (g_str_has_prefix(b->pdata[k], "all (") && g_str_has_suffix(b->pdata[k], " 100%)")) {
                char *t = b->pdata[k];
                b->pdata[k] = g_strdup_printf("%.*s 100.00%%)", (int)strlen(t) - 6, t);
                g_free(t);
            }
        g_ptr_array_sort(a, compare_strings);
        g_ptr_array_sort(b, compare_strings);
        g_test_message("%s: %u titles", pairs[i][1], b->len);
        g_assert_cmpuint(a->len, ==, b->len);
        for (guint k = 0; k < a->len; k++)
            g_assert_cmpstr(a->pdata[k], ==, b->pdata[k]);
        assert_xml_valid(ours);
    }
}

/* The embedded script under node with a small DOM of the boxes: zoom
 * hides exactly the boxes outside the zoomed one's stack and refits the
 * labels; search marks exactly the matches and reports their share. */
static void test_script(void)
{
    g_autofree char *node = g_find_program_in_path("node");
    if (!node) {
        g_test_skip("node is not installed");
        return;
    }
    g_autoptr(KilnProfile) p = load(small_text);
    KilnSvgWriter w;
    kiln_svg_writer_init(&w);
    g_autofree char *svg = write_svg(p, &w, 0.33, NULL);
    g_autofree char *dir = g_dir_make_tmp("kiln-svg-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "graph.svg", NULL);
    g_assert_true(g_file_set_contents(path, svg, -1, NULL));
    g_autofree char *harness =
        g_build_filename(g_getenv("KILN_SOURCE_ROOT"), "tests", "core", "svg-script-test.js", NULL);
    const char *argv[] = {node, harness, path, NULL};
    int status = 0;
    g_autofree char *out = NULL, *err = NULL;
    g_assert_true(
        g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, &err, &status, NULL));
    g_test_message("%s", out);
    if (!g_spawn_check_wait_status(status, NULL))
        g_error("the script test failed:\n%s%s", out, err);
    g_assert_nonnull(strstr(out, "ok 6 checks"));
    g_unlink(path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/svg/boxes-and-titles", test_boxes_and_titles);
    g_test_add_func("/svg/culled-not-written", test_culled_not_written);
    g_test_add_func("/svg/units", test_units);
    g_test_add_func("/svg/hostile-names", test_hostile_names);
    g_test_add_func("/svg/search-marks", test_search_marks);
    g_test_add_func("/svg/cli-flags", test_cli_flags);
    g_test_add_func("/svg/zoomed-layout", test_zoomed_layout);
    g_test_add_func("/svg/fixed-height", test_fixed_height);
    g_test_add_func("/svg/diff-titles", test_diff_titles);
    g_test_add_func("/svg/fit-label", test_fit_label);
    g_test_add_func("/svg/inferno-titles", test_inferno_titles);
    g_test_add_func("/svg/script", test_script);
    return g_test_run();
}
