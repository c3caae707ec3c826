/* kiln-cli-output.c — the output half of `export` and `diff`: --to, -o and
 * the drawing options, and writing a profile in the chosen format. */
#include "kiln-cli.h"
#include "analysis/kiln-search.h"
#include "core/kiln-atomic-file.h"
#include "formats/kiln-exporter.h"
#include "render/kiln-image-export.h"

#include <errno.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void kiln_cli_add_output_options(GOptionContext *context, KilnCliOutputArgs *a)
{
    a->width = 1200;
    const GOptionEntry entries[] = {
        {"to", 0, 0, G_OPTION_ARG_STRING, &a->to,
         N_("Output format: folded, pprof, svg, png or pdf"), N_("FORMAT")},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &a->output,
         N_("Write to FILE (“-” or none: standard output, for text formats)"), N_("FILE")},
        {"icicle", 0, 0, G_OPTION_ARG_NONE, &a->icicle, N_("Draw the root at the top"), NULL},
        {"width", 0, 0, G_OPTION_ARG_INT, &a->width, N_("Image width in pixels (default 1200)"),
         "W"},
        {"height", 0, 0, G_OPTION_ARG_INT, &a->height,
         N_("Image height in pixels (default: as tall as needed)"), "H"},
        {"search", 0, 0, G_OPTION_ARG_STRING, &a->search,
         N_("Highlight functions matching this regular expression"), N_("REGEX")},
        {"palette", 0, 0, G_OPTION_ARG_STRING, &a->palette,
         N_("Colours: hot (by function), module (by module or package), blue"), N_("NAME")},
        {"dark", 0, 0, G_OPTION_ARG_NONE, &a->dark, N_("Dark background"), NULL},
        {"title", 0, 0, G_OPTION_ARG_STRING, &a->title, N_("Image title"), N_("TEXT")},
        G_OPTION_ENTRY_NULL,
    };
    GOptionGroup *g =
        g_option_group_new("output", _("Output options:"),
                           _("Show options for writing profiles and images"), NULL, NULL);
    g_option_group_add_entries(g, entries);
    g_option_group_set_translation_domain(g, GETTEXT_PACKAGE);
    g_option_context_add_group(context, g);
}

void kiln_cli_output_args_clear(KilnCliOutputArgs *a)
{
    g_free(a->to);
    g_free(a->output);
    g_free(a->search);
    g_free(a->palette);
    g_free(a->title);
}

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

gboolean kiln_cli_check_output_args(const KilnCliOutputArgs *a, const char *verb)
{
    KilnImageFormat fmt;
    bool palette_ok = true;
    if (!a->to) {
        fprintf(stderr, _("kiln-cli %s: --to FORMAT is required\n"), verb);
        return FALSE;
    }
    const KilnExporter *exporter = kiln_exporter_find(a->to);
    if (!exporter && !image_format(a->to, &fmt)) {
        fprintf(stderr, _("kiln-cli %s: unknown format “%s”\n"), verb, a->to);
        return FALSE;
    }
    kiln_palette_from_string(a->palette, &palette_ok);
    if (!palette_ok) {
        fprintf(stderr, _("kiln-cli %s: unknown palette “%s” (hot, module or blue)\n"), verb,
                a->palette);
        return FALSE;
    }
    if (a->width <= 0) {
        fprintf(stderr, _("kiln-cli %s: --width must be 1 pixel or more, not %d\n"), verb,
                a->width);
        return FALSE;
    }
    if (a->height < 0) {
        fprintf(stderr, _("kiln-cli %s: --height must be 0 (as tall as needed) or more, not %d\n"),
                verb, a->height);
        return FALSE;
    }
    gboolean binary = exporter ? exporter->binary : fmt != KILN_IMAGE_SVG;
    if (binary && !a->output) {
        fprintf(stderr,
                _("kiln-cli %s: %s is binary; name a file with -o FILE (or -o - for standard "
                  "output)\n"),
                verb, a->to);
        return FALSE;
    }
    return TRUE;
}

static gboolean write_to(const KilnProfile *p, uint32_t type, int diff_base,
                         const KilnCliOutputArgs *a, FILE *out, GError **error)
{
    KilnImageFormat fmt = KILN_IMAGE_SVG;
    const KilnExporter *exporter = kiln_exporter_find(a->to);
    if (exporter && strcmp(exporter->id, "folded") == 0 && diff_base >= 0) {
        uint32_t cols[2] = {(uint32_t)diff_base, type};
        return kiln_folded_write_columns(p, cols, 2, out, error);
    }
    if (exporter)
        return exporter->write(p, type, out, error);
    image_format(a->to, &fmt);
    g_autoptr(KilnSearch) search = NULL;
    if (a->search && *a->search) {
        search = kiln_search_new(p, a->search, error);
        if (!search)
            return FALSE;
    }
    KilnImageOptions o;
    kiln_image_options_init(&o);
    bool ok = true;
    o.format = fmt;
    o.type = type;
    o.width = a->width;
    o.height = a->height;
    o.icicle = a->icicle;
    o.dark = a->dark;
    if (search) {
        o.search = a->search;
        o.highlight = search->node_match;
        o.highlight_value = kiln_search_matched_value(search, type, KILN_ROOT_NODE);
    }
    o.title = a->title ? a->title : diff_base >= 0 ? _("Differential Flame Graph") : NULL;
    o.palette = kiln_palette_from_string(a->palette, &ok);
    o.diff_base_type = diff_base;
    return kiln_image_export(p, &o, out, error);
}

/* The temporary file of an -o being written, for the signal handler: a
 * Ctrl+C (or a file size limit) while writing must not leave it behind. */
static char pending_temp[4096];
static volatile sig_atomic_t have_pending;

static void remove_pending_and_die(int sig)
{
    if (have_pending)
        unlink(pending_temp);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void watch_signals(const char *temp)
{
    if (!temp || strlen(temp) >= sizeof pending_temp)
        return;
    strcpy(pending_temp, temp);
    have_pending = 1;
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGXFSZ};
    for (gsize i = 0; i < G_N_ELEMENTS(sigs); i++) {
        struct sigaction old;
        /* An ignored signal (nohup, a test) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            signal(sigs[i], remove_pending_and_die);
    }
}

int kiln_cli_write_output(const KilnProfile *p, uint32_t type, int diff_base,
                          const KilnCliOutputArgs *a)
{
    gboolean to_stdout = !a->output || strcmp(a->output, "-") == 0;
    GError *err = NULL;
    KilnAtomicFile *file = NULL;
    FILE *out = stdout;
    if (!to_stdout) {
        /* Written beside the target and renamed into place at the end: a
         * failure leaves no half file and an existing one as it was. */
        file = kiln_atomic_file_open(a->output, &err);
        if (!file) {
            fprintf(stderr, "kiln-cli: %s\n", err->message);
            g_error_free(err);
            return KILN_EXIT_FAILED;
        }
        out = kiln_atomic_file_stream(file);
        watch_signals(kiln_atomic_file_temp_path(file));
    }
    /* Images arrive from cairo in small pieces: give them a big buffer.
     * Text exporters buffer themselves and write whole megabytes, which
     * stdio passes straight through when its own buffer is small. */
    static char buffer[1 << 20];
    if (!kiln_exporter_find(a->to))
        setvbuf(out, buffer, _IOFBF, sizeof buffer);
    gboolean ok = write_to(p, type, diff_base, a, out, &err);
    if (to_stdout && fflush(out) != 0 && ok) {
        ok = FALSE;
        int e = errno;
        g_set_error_literal(&err, G_IO_ERROR, g_io_error_from_errno(e), g_strerror(e));
    }
    if (file) {
        if (ok)
            ok = kiln_atomic_file_commit(file, &err);
        else
            kiln_atomic_file_abort(file);
        have_pending = 0;
    }
    if (!ok) {
        fprintf(stderr, "kiln-cli: %s\n", err->message);
        g_error_free(err);
        return KILN_EXIT_FAILED;
    }
    return KILN_EXIT_OK;
}
