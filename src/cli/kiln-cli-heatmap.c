/* kiln-cli-heatmap.c — `kiln-cli heatmap FILE --to csv|png|svg`: when the
 * samples happened, as FlameScope's sub-second heat map. */
#include "kiln-cli.h"
#include "render/kiln-heat-map-painter.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* `second,bucket,samples`, one line per non-empty cell, in time order. */
static gboolean write_csv(const KilnHeatMap *m, FILE *out)
{
    fputs("second,bucket,samples\n", out);
    for (uint32_t c = 0; c < kiln_heat_map_columns(m); c++)
        for (uint32_t r = 0; r < kiln_heat_map_rows(m); r++) {
            uint32_t n = kiln_heat_map_count(m, c, r);
            if (n)
                fprintf(out, "%u,%u,%u\n", c, r, n);
        }
    return !ferror(out);
}

int kiln_cli_heatmap(int argc, char **argv)
{
    KilnCliLoadArgs args = {0};
    g_autofree char *to = NULL, *output = NULL, *thread = NULL, *title = NULL, *range = NULL;
    int rows = (int)KILN_HEAT_MAP_DEFAULT_ROWS, width = 0, height = 0;
    gboolean dark = FALSE, by_value = FALSE;
    const GOptionEntry entries[] = {
        {"to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Output format: csv, png or svg"), N_("FORMAT")},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         N_("Write to FILE (“-” or none: standard output, for csv and svg)"), N_("FILE")},
        {"rows", 0, 0, G_OPTION_ARG_INT, &rows,
         N_("Slices of each second, one row each (default 50)"), "N"},
        {"thread", 0, 0, G_OPTION_ARG_STRING, &thread,
         N_("Count only this thread's samples (same seconds as the whole recording)"), N_("TID")},
        {"by-value", 0, 0, G_OPTION_ARG_NONE, &by_value,
         N_("Colour cells by the sum of the sample type (-t) instead of the sample count"), NULL},
        {"width", 0, 0, G_OPTION_ARG_INT, &width, N_("Image width in pixels"), "W"},
        {"height", 0, 0, G_OPTION_ARG_INT, &height, N_("Image height in pixels"), "H"},
        {"dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Dark background"), NULL},
        {"title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Image title"), N_("TEXT")},
        G_OPTION_ENTRY_NULL,
    };
    g_autoptr(GOptionContext) ctx =
        g_option_context_new(_("FILE — when did the samples happen (FlameScope's heat map)"));
    g_option_context_set_summary(
        ctx, _("One column per second since the first sample, one row per slice of a second; "
               "as CSV (second,bucket,samples for each non-empty cell) or drawn as PNG or SVG."));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    kiln_cli_add_load_options(ctx, &args);

    int rc = KILN_EXIT_USAGE;
    FILE *out = NULL;
    gboolean to_stdout = FALSE;
    g_autoptr(KilnProfile) p = NULL;
    g_autoptr(KilnHeatMap) map = NULL;
    GError *err = NULL;
    KilnHeatMapOptions ho;
    kiln_heat_map_options_init(&ho);
    if (!kiln_cli_parse(ctx, &argc, &argv) || !kiln_cli_check_load_args(&args))
        goto done;
    if (argc != 2) {
        fprintf(stderr, "%s\n", _("kiln-cli heatmap: expected exactly one FILE"));
        goto done;
    }
    if (!to || (strcmp(to, "csv") != 0 && strcmp(to, "png") != 0 && strcmp(to, "svg") != 0)) {
        fprintf(stderr, "%s\n", _("kiln-cli heatmap: --to csv, png or svg is required"));
        goto done;
    }
    if (rows < 1 || rows > (int)KILN_HEAT_MAP_MAX_ROWS || width < 0 || height < 0) {
        fprintf(stderr, _("kiln-cli heatmap: --rows takes 1 to %u; --width and --height a size\n"),
                KILN_HEAT_MAP_MAX_ROWS);
        goto done;
    }
    ho.rows = (uint32_t)rows;
    if (thread) {
        char *end = NULL;
        guint64 tid = g_ascii_strtoull(thread, &end, 10);
        if (end == thread || *end || tid > UINT32_MAX) {
            fprintf(stderr, _("kiln-cli heatmap: invalid --thread “%s”: give a thread id\n"),
                    thread);
            goto done;
        }
        ho.one_thread = true;
        ho.thread = (uint32_t)tid;
    }
    to_stdout = !output || strcmp(output, "-") == 0;
    if (strcmp(to, "png") == 0 && !output) {
        fprintf(stderr, "%s\n",
                _("kiln-cli heatmap: png is binary; name a file with -o FILE (or -o - for "
                  "standard output)"));
        goto done;
    }

    /* Load the whole recording first: --time counts from its first
     * sample, and so do the map's seconds, whatever range is kept. */
    rc = KILN_EXIT_FAILED;
    range = g_steal_pointer(&args.time_range);
    p = kiln_cli_load(&args, argv[1]);
    if (!p)
        goto done;
    uint64_t origin = kiln_cli_profile_t0(p);
    if (!origin) {
        fprintf(stderr,
                _("kiln-cli heatmap: %s has no sample times (pprof and folded stacks "
                  "usually do not), so it has no heat map; record with perf to get "
                  "them.\n"),
                argv[1]);
        goto done;
    }
    uint32_t type = p->default_type;
    if (!kiln_cli_pick_type(p, args.sample_type, &type)) {
        rc = KILN_EXIT_USAGE;
        goto done;
    }
    if (range) {
        p = kiln_cli_apply_time(p, range, origin);
        if (!p)
            goto done;
    }
    ho.origin = origin;
    map = kiln_heat_map_new(p, &ho, &err);
    if (!map) {
        fprintf(stderr, "kiln-cli heatmap: %s\n", err->message);
        g_error_free(err);
        goto done;
    }

    out = to_stdout ? stdout : fopen(output, "wb");
    if (!out) {
        fprintf(stderr, _("kiln-cli: cannot write %s: %s\n"), output, g_strerror(errno));
        goto done;
    }
    gboolean ok;
    if (strcmp(to, "csv") == 0) {
        ok = write_csv(map, out);
        if (!ok)
            g_set_error_literal(&err, G_IO_ERROR, g_io_error_from_errno(errno), g_strerror(errno));
    } else {
        KilnHeatMapStyle style;
        kiln_heat_map_style_init(&style);
        style.dark = dark;
        style.by_value = by_value;
        style.type = type;
        style.unit = p->n_types ? kiln_profile_string(p, p->types[type].unit) : NULL;
        style.title = title;
        ok = kiln_heat_map_export(
            map, &style, strcmp(to, "png") == 0 ? KILN_HEAT_MAP_IMAGE_PNG : KILN_HEAT_MAP_IMAGE_SVG,
            width, height, out, &err);
    }
    int flushed = fflush(out), closed = to_stdout ? 0 : fclose(out);
    if ((flushed != 0 || closed != 0) && ok) {
        ok = FALSE;
        g_set_error_literal(&err, G_IO_ERROR, g_io_error_from_errno(errno), g_strerror(errno));
    }
    if (!ok) {
        fprintf(stderr, "kiln-cli: %s\n", err->message);
        g_error_free(err);
        goto done;
    }
    rc = KILN_EXIT_OK;
done:
    kiln_cli_load_args_clear(&args);
    return rc;
}
