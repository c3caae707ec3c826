/* kiln-cli-export.c — `kiln-cli export FILE --to FORMAT`. */
#include "kiln-cli.h"

#include <stdio.h>

int kiln_cli_export(int argc, char **argv)
{
    KilnCliLoadArgs args = {0};
    KilnCliOutputArgs out = {0};
    g_autoptr(KilnProfile) p = NULL;
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("FILE — convert or draw a profile"));
    g_option_context_set_summary(ctx, _("Writes FILE as folded stacks or pprof, or draws it as "
                                        "an SVG, PNG or PDF flame graph."));
    kiln_cli_add_output_options(ctx, &out);
    kiln_cli_add_load_options(ctx, &args);

    int rc = KILN_EXIT_USAGE;
    uint32_t type;
    if (!kiln_cli_parse(ctx, &argc, &argv) || !kiln_cli_check_load_args(&args))
        goto done;
    if (argc < 2) {
        fprintf(stderr, "%s\n", _("kiln-cli export: expected a FILE"));
        goto done;
    }
    if (!kiln_cli_check_output_args(&out, "export"))
        goto done;
    /* pprof keeps source lines: unless asked otherwise, export the tree of
     * lines, which is exactly what pprof export wrote before granularity. */
    if (!args.granularity && g_strcmp0(out.to, "pprof") == 0)
        args.granularity = g_strdup("lines");
    rc = KILN_EXIT_FAILED;
    /* Folded stacks are the call tree: no per-sample table needed. */
    args.tree_only = g_strcmp0(out.to, "folded") == 0;
    p = kiln_cli_load_many(&args, argv + 1, argc - 1); /* several: merged */
    if (!p)
        goto done;
    rc = KILN_EXIT_USAGE;
    if (!kiln_cli_pick_type(p, args.sample_type, &type))
        goto done;
    /* A differential profile (two-column folded input) keeps both columns
     * in folded output and is coloured by change in images, unless one
     * sample type was asked for. */
    int before = kiln_profile_find_type(p, "before");
    int diff_base = -1;
    if (p->n_types == 2 && before == 0 && kiln_profile_find_type(p, "after") == 1 &&
        !args.sample_type)
        diff_base = 0;
    rc = kiln_cli_write_output(p, type, diff_base, &out);
done:
    kiln_cli_output_args_clear(&out);
    kiln_cli_load_args_clear(&args);
    return rc;
}
