/* kiln-cli-peek.c — `kiln-cli peek FILE REGEX`: callers and callees of the
 * matching functions, the numbers of `go tool pprof -peek`. */
#include "kiln-cli.h"
#include "analysis/kiln-peek.h"
#include "analysis/kiln-units.h"

#include <stdio.h>

/* A value in the raw unit: integers without decimals, never grouped. */
static void print_raw(double v)
{
    if (v == (double)(int64_t)v)
        printf("%" G_GINT64_FORMAT, (gint64)v);
    else
        printf("%.17g", v);
}

static void print_tsv(const KilnProfile *p, const KilnPeek *peek)
{
    for (uint32_t i = 0; i < peek->n_entries; i++) {
        const KilnPeekEntry *e = &peek->entries[i];
        const char *name = kiln_profile_string(p, e->name);
        for (uint32_t k = 0; k < e->n_callers; k++) {
            printf("%s\tcaller\t%s\t", name, kiln_profile_string(p, e->callers[k].name));
            print_raw(e->callers[k].value);
            putchar('\n');
        }
        for (uint32_t k = 0; k < e->n_callees; k++) {
            printf("%s\tcallee\t%s\t", name, kiln_profile_string(p, e->callees[k].name));
            print_raw(e->callees[k].value);
            putchar('\n');
        }
    }
}

static void print_edges(const KilnProfile *p, const KilnPeekEdge *edges, uint32_t n, double of,
                        const char *unit)
{
    char b[64];
    for (uint32_t k = 0; k < n; k++)
        printf("%38s %6.2f%% |   %s\n", kiln_format_quantity(edges[k].value, unit, b, sizeof b),
               of > 0 ? 100.0 * edges[k].value / of : 0.0, kiln_profile_string(p, edges[k].name));
}

static void print_text(const KilnProfile *p, uint32_t type, const KilnPeek *peek)
{
    const char *unit = kiln_profile_string(p, p->types[type].unit);
    double total = kiln_profile_total(p, type, KILN_ROOT_NODE);
    double pct = total > 0 ? 100.0 / total : 0;
    char b1[64], b2[64];
    printf(_("Type: %s (%s), total %s\n"), kiln_profile_string(p, p->types[type].name), unit,
           kiln_format_quantity(total, unit, b1, sizeof b1));
    /* Translators: column heads of kiln-cli peek; keep them short */
    printf("%12s %7s %12s %7s   %s\n", _("self"), _("self%"), _("total"), _("total%"),
           _("callers above, callees below"));
    for (uint32_t i = 0; i < peek->n_entries; i++) {
        const KilnPeekEntry *e = &peek->entries[i];
        puts("-----------------------------------------------+-------------");
        double in = 0, out = 0;
        for (uint32_t k = 0; k < e->n_callers; k++)
            in += e->callers[k].value;
        for (uint32_t k = 0; k < e->n_callees; k++)
            out += e->callees[k].value;
        print_edges(p, e->callers, e->n_callers, in, unit);
        printf("%12s %6.2f%% %12s %6.2f%%      | %s\n",
               kiln_format_quantity(e->self, unit, b1, sizeof b1), e->self * pct,
               kiln_format_quantity(e->total, unit, b2, sizeof b2), e->total * pct,
               kiln_profile_string(p, e->name));
        print_edges(p, e->callees, e->n_callees, e->total, unit);
    }
    if (peek->n_entries)
        puts("-----------------------------------------------+-------------");
}

int kiln_cli_peek(int argc, char **argv)
{
    KilnCliLoadArgs args = {0};
    g_autoptr(KilnProfile) p = NULL;
    g_autoptr(GRegex) re = NULL;
    g_autoptr(KilnPeek) peek = NULL;
    gboolean tsv = FALSE;
    const GOptionEntry entries[] = {
        {"tsv", 0, 0, G_OPTION_ARG_NONE, &tsv,
         N_("One line per edge: function, caller or callee, name, raw value (tab-separated)"),
         NULL},
        G_OPTION_ENTRY_NULL,
    };
    g_autoptr(GOptionContext) ctx =
        g_option_context_new(_("FILE… REGEX — callers and callees of matching functions"));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    kiln_cli_add_load_options(ctx, &args);
    int rc = KILN_EXIT_USAGE;
    uint32_t type;
    if (!kiln_cli_parse(ctx, &argc, &argv) || !kiln_cli_check_load_args(&args))
        goto out;
    if (argc < 3) {
        fprintf(stderr, "%s\n", _("kiln-cli peek: expected a FILE and a REGEX"));
        goto out;
    }
    GError *err = NULL;
    re = g_regex_new(argv[argc - 1], G_REGEX_OPTIMIZE, 0, &err);
    if (!re) {
        fprintf(stderr, _("kiln-cli peek: “%s” is not a regular expression: %s\n"), argv[argc - 1],
                err->message);
        g_error_free(err);
        goto out;
    }
    args.tree_only = !args.threads;
    rc = KILN_EXIT_FAILED;
    p = kiln_cli_load_many(&args, argv + 1, argc - 2);
    if (!p)
        goto out;
    rc = KILN_EXIT_USAGE;
    if (!kiln_cli_pick_type(p, args.sample_type, &type))
        goto out;
    rc = KILN_EXIT_OK;
    peek = kiln_peek_compute_regex(p, type, re);
    if (tsv)
        print_tsv(p, peek);
    else
        print_text(p, type, peek);
out:
    kiln_cli_load_args_clear(&args);
    return rc;
}
