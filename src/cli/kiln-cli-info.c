/* kiln-cli-info.c — `kiln-cli info FILE`. */
#include "kiln-cli.h"
#include "analysis/kiln-units.h"

#include <stdio.h>

static void row(const char *key, const char *value)
{
    printf("%-15s %s\n", key, value);
}

int kiln_cli_info(int argc, char **argv)
{
    KilnCliLoadArgs args = {0};
    g_autoptr(KilnProfile) p = NULL;
    g_autofree char *fmt = NULL;
    g_autofree char *files = NULL;
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("FILE — describe a profile"));
    kiln_cli_add_load_options(ctx, &args);
    int rc = KILN_EXIT_USAGE;
    if (!kiln_cli_parse(ctx, &argc, &argv) || !kiln_cli_check_load_args(&args))
        goto out;
    if (argc < 2) {
        fprintf(stderr, "%s\n", _("kiln-cli info: expected a FILE"));
        goto out;
    }
    rc = KILN_EXIT_FAILED;
    p = kiln_cli_load_many(&args, argv + 1, argc - 1); /* several: merged */
    if (!p)
        goto out;
    /* -t names nothing here but must still name a type that exists: a
     * typo in a script should fail, as it does for top and export. */
    uint32_t type;
    rc = KILN_EXIT_USAGE;
    if (!kiln_cli_pick_type(p, args.sample_type, &type))
        goto out;
    rc = KILN_EXIT_OK;

    char buf[128];
    const KilnImporter *imp = kiln_importer_find(p->format);
    fmt = g_strdup_printf("%s (%s)", p->format, imp ? imp->name : p->format);
    g_free(files);
    files = g_strjoinv(", ", argv + 1);
    row(argc > 2 ? _("Files (merged):") : _("File:"), files);
    row(_("Format:"), fmt);
    for (uint32_t t = 0; t < p->n_types; t++) {
        const char *unit = kiln_profile_string(p, p->types[t].unit);
        g_autofree char *line = g_strdup_printf(
            "%s/%s%s  total %s", kiln_profile_string(p, p->types[t].name), unit,
            t == p->default_type ? _(" [default]") : "",
            kiln_format_quantity(kiln_profile_total(p, t, KILN_ROOT_NODE), unit, buf, sizeof buf));
        row(t == 0 ? _("Sample types:") : "", line);
    }
    g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, p->samples_seen);
    row(_("Samples:"), buf);
    g_snprintf(buf, sizeof buf, "%u", kiln_profile_count_stacks(p));
    row(_("Stacks:"), buf);
    g_snprintf(buf, sizeof buf, "%u", kiln_profile_count_functions(p));
    row(_("Functions:"), buf);
    g_snprintf(buf, sizeof buf, "%u", p->n_nodes);
    row(_("Tree nodes:"), buf);
    if (p->time_end > p->time_start) {
        char span[64];
        kiln_format_quantity((double)(p->time_end - p->time_start), "nanoseconds", span,
                             sizeof span);
        row(_("Time span:"), span);
        /* Samples per second of the recording, all threads together. */
        double rate = (double)p->n_samples * 1e9 / (double)(p->time_end - p->time_start);
        g_snprintf(span, sizeof span, _("%.1f samples per second"), rate);
        row(_("Sample rate:"), span);
    }
    for (guint i = 0; p->properties && i < p->properties->len; i++) {
        KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        g_autofree char *key = g_strdup_printf("%s:", prop->key);
        char value[128];
        row(key, kiln_format_property(prop, value, sizeof value));
    }
    if (p->warnings && p->warnings->len) {
        printf("%s\n", _("Warnings:"));
        for (guint i = 0; i < p->warnings->len; i++)
            printf("  - %s\n", (const char *)p->warnings->pdata[i]);
    }
out:
    kiln_cli_load_args_clear(&args);
    return rc;
}
