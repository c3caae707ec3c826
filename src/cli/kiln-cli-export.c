/* kiln-cli-export.c — `kiln-cli export FILE --to FORMAT`. */
#include "kiln-cli.h"
#include "formats/kiln-exporter.h"
#include "render/kiln-image-export.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *to, *output, *search, *palette, *title;
    gboolean icicle, dark;
    int width, height;
} ExportArgs;

static gboolean image_format(const char *to, KilnImageFormat *fmt)
{
    if (strcmp(to, "svg") == 0)
        *fmt = KILN_IMAGE_SVG;
    else if (strcmp(to, "png") == 0)
        *fmt = KILN_IMAGE_PNG;
    else if (strcmp(to, "pdf") == 0)
        *fmt = KILN_IMAGE_PDF;
    else
        return FALSE;
    return TRUE;
}

static gboolean write_output(const KilnProfile *p, uint32_t type, const ExportArgs *e,
                             const KilnExporter *exporter, KilnImageFormat fmt, FILE *out,
                             GError **error)
{
    if (exporter)
        return exporter->write(p, type, out, error);
    KilnImageOptions o;
    kiln_image_options_init(&o);
    bool ok = true;
    o.format = fmt;
    o.type = type;
    o.width = e->width;
    o.height = e->height;
    o.icicle = e->icicle;
    o.dark = e->dark;
    o.search = e->search;
    o.title = e->title;
    o.palette = kiln_palette_from_string(e->palette, &ok);
    /* A two-column differential file: colour by the change. */
    int before = kiln_profile_find_type(p, "before");
    if (before >= 0 && (uint32_t)before != type && p->n_types == 2)
        o.diff_base_type = before;
    return kiln_image_export(p, &o, out, error);
}

int kiln_cli_export(int argc, char **argv)
{
    KilnCliLoadArgs args = {0};
    ExportArgs e = {0};
    g_autoptr(KilnProfile) p = NULL;
    e.width = 1200;
    const GOptionEntry entries[] = {
        {"to", 0, 0, G_OPTION_ARG_STRING, &e.to,
         N_("Output format: folded, pprof, svg, png or pdf"), N_("FORMAT")},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &e.output,
         N_("Write to FILE (“-” or none: standard output, for text formats)"), N_("FILE")},
        {"icicle", 0, 0, G_OPTION_ARG_NONE, &e.icicle, N_("Draw the root at the top"), NULL},
        {"width", 0, 0, G_OPTION_ARG_INT, &e.width, N_("Image width in pixels (default 1200)"),
         "W"},
        {"height", 0, 0, G_OPTION_ARG_INT, &e.height,
         N_("Image height in pixels (default: as tall as needed)"), "H"},
        {"search", 0, 0, G_OPTION_ARG_STRING, &e.search,
         N_("Highlight functions matching this regular expression"), N_("REGEX")},
        {"palette", 0, 0, G_OPTION_ARG_STRING, &e.palette,
         N_("Colours: hot (by function), module (by module or package), blue"), N_("NAME")},
        {"dark", 0, 0, G_OPTION_ARG_NONE, &e.dark, N_("Dark background"), NULL},
        {"title", 0, 0, G_OPTION_ARG_STRING, &e.title, N_("Image title"), N_("TEXT")},
        G_OPTION_ENTRY_NULL,
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("FILE — convert or draw a profile"));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    kiln_cli_add_load_options(ctx, &args);

    int rc = KILN_EXIT_USAGE;
    const KilnExporter *exporter = NULL;
    KilnImageFormat fmt = KILN_IMAGE_SVG;
    uint32_t type;
    FILE *out = NULL;
    bool palette_ok = true;
    if (!kiln_cli_parse(ctx, &argc, &argv) || !kiln_cli_check_load_args(&args))
        goto done;
    if (argc != 2) {
        fprintf(stderr, "%s\n", _("kiln-cli export: expected exactly one FILE"));
        goto done;
    }
    if (!e.to) {
        fprintf(stderr, "%s\n", _("kiln-cli export: --to FORMAT is required"));
        goto done;
    }
    exporter = kiln_exporter_find(e.to);
    if (!exporter && !image_format(e.to, &fmt)) {
        fprintf(stderr, _("kiln-cli export: unknown format “%s”\n"), e.to);
        goto done;
    }
    kiln_palette_from_string(e.palette, &palette_ok);
    if (!palette_ok || e.width <= 0 || e.height < 0) {
        fprintf(stderr, "%s\n", _("kiln-cli export: invalid --palette, --width or --height"));
        goto done;
    }
    gboolean binary = exporter ? exporter->binary : fmt != KILN_IMAGE_SVG;
    gboolean to_stdout = !e.output || strcmp(e.output, "-") == 0;
    if (binary && !e.output) {
        fprintf(stderr, _("kiln-cli export: %s is binary; name a file with -o FILE (or -o - for "
                          "standard output)\n"),
                e.to);
        goto done;
    }

    rc = KILN_EXIT_FAILED;
    p = kiln_cli_load(&args, argv[1]);
    if (!p)
        goto done;
    rc = KILN_EXIT_USAGE;
    if (!kiln_cli_pick_type(p, args.sample_type, &type))
        goto done;

    rc = KILN_EXIT_FAILED;
    out = to_stdout ? stdout : fopen(e.output, "wb");
    if (!out) {
        fprintf(stderr, _("kiln-cli: cannot write %s: %s\n"), e.output, g_strerror(errno));
        goto done;
    }
    /* Images arrive from cairo in small pieces: give them a big buffer.
     * Text exporters buffer themselves and write whole megabytes, which
     * stdio passes straight through when its own buffer is small. */
    static char buffer[1 << 20];
    if (!exporter)
        setvbuf(out, buffer, _IOFBF, sizeof buffer);
    GError *err = NULL;
    gboolean ok = write_output(p, type, &e, exporter, fmt, out, &err);
    if (fflush(out) != 0 && ok) {
        ok = FALSE;
        g_set_error(&err, KILN_ERROR, KILN_ERROR_FAILED, "%s", g_strerror(errno));
    }
    if (!to_stdout && fclose(out) != 0 && ok) {
        ok = FALSE;
        g_set_error(&err, KILN_ERROR, KILN_ERROR_FAILED, "%s", g_strerror(errno));
    }
    if (!ok) {
        fprintf(stderr, "kiln-cli: %s\n", err->message);
        g_error_free(err);
        goto done;
    }
    rc = KILN_EXIT_OK;
done:
    g_free(e.to);
    g_free(e.output);
    g_free(e.search);
    g_free(e.palette);
    g_free(e.title);
    kiln_cli_load_args_clear(&args);
    return rc;
}
