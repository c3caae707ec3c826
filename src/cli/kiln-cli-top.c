/* kiln-cli-top.c — `kiln-cli top FILE`, in the spirit of `pprof -top`. */
#include "kiln-cli.h"
#include "analysis/kiln-top.h"
#include "analysis/kiln-units.h"

#include <stdio.h>

int kiln_cli_top(int argc, char **argv)
{
    KilnCliLoadArgs args = {0};
    g_autoptr(KilnProfile) p = NULL;
    g_autofree KilnTopEntry *e = NULL;
    int limit = 20;
    gboolean by_total = FALSE;
    const GOptionEntry entries[] = {
        {"count", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show N functions (0: all)"), "N"},
        {"cum", 0, 0, G_OPTION_ARG_NONE, &by_total, N_("Sort by total (cumulative) value"), NULL},
        G_OPTION_ENTRY_NULL,
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("FILE — the costliest functions"));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    kiln_cli_add_load_options(ctx, &args);
    int rc = KILN_EXIT_USAGE;
    uint32_t type;
    if (!kiln_cli_parse(ctx, &argc, &argv) || !kiln_cli_check_load_args(&args))
        goto out;
    if (limit < 0) {
        fprintf(stderr, _("kiln-cli top: -n must be 0 (all) or a positive count, not %d\n"), limit);
        goto out;
    }
    if (argc < 2) {
        fprintf(stderr, "%s\n", _("kiln-cli top: expected a FILE"));
        goto out;
    }
    rc = KILN_EXIT_FAILED;
    p = kiln_cli_load_many(&args, argv + 1, argc - 1); /* several: merged */
    if (!p)
        goto out;
    rc = KILN_EXIT_USAGE;
    if (!kiln_cli_pick_type(p, args.sample_type, &type))
        goto out;
    rc = KILN_EXIT_OK;

    uint32_t n;
    e = kiln_top_compute(p, type, KILN_ROOT_NODE, by_total ? KILN_TOP_BY_TOTAL : KILN_TOP_BY_SELF, &n);
    double total = kiln_profile_total(p, type, KILN_ROOT_NODE);
    const char *unit = kiln_profile_string(p, p->types[type].unit);
    char b1[64], b2[64], b3[64];
    printf(_("Type: %s (%s)\n"), kiln_profile_string(p, p->types[type].name), unit);
    printf(_("Showing %u of %u functions, total %s\n"), limit && (uint32_t)limit < n ? (uint32_t)limit : n,
           n, kiln_format_quantity(total, unit, b1, sizeof b1));
    printf("%14s %7s %7s %14s %7s  %s\n", _("self"), _("self%"), _("sum%"), _("total"),
           _("total%"), _("function"));
    double sum = 0;
    for (uint32_t i = 0; i < n && (limit == 0 || i < (uint32_t)limit); i++) {
        sum += e[i].self;
        double pct = total > 0 ? 100.0 / total : 0;
        printf("%14s %6.2f%% %6.2f%% %14s %6.2f%%  %s\n",
               kiln_format_quantity(e[i].self, unit, b1, sizeof b1), e[i].self * pct, sum * pct,
               kiln_format_quantity(e[i].total, unit, b2, sizeof b2), e[i].total * pct,
               kiln_profile_string(p, e[i].name));
    }
    (void)b3;
out:
    kiln_cli_load_args_clear(&args);
    return rc;
}
