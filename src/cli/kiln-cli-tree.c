/* kiln-cli-tree.c — `kiln-cli tree FILE`: the call tree as indented text,
 * children by total value, largest first. */
#include "kiln-cli.h"
#include "analysis/kiln-units.h"

#include <stdio.h>

typedef struct {
    const KilnProfile *p;
    uint32_t type;
} Order;

static int by_total(const void *a, const void *b, void *data)
{
    const Order *o = data;
    double x = kiln_profile_total(o->p, o->type, *(const uint32_t *)a);
    double y = kiln_profile_total(o->p, o->type, *(const uint32_t *)b);
    if (x != y)
        return x > y ? -1 : 1;
    /* children are stored sorted by name: keep that order on ties */
    return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static void print_tree(const KilnProfile *p, uint32_t type, int max_depth, double min_value)
{
    const char *unit = kiln_profile_string(p, p->types[type].unit);
    double total = kiln_profile_total(p, type, KILN_ROOT_NODE);
    double pct = total > 0 ? 100.0 / total : 0;
    Order o = {p, type};
    /* Depth-first with an explicit stack: trees may be thousands deep. */
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    GArray *kids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    uint32_t root = KILN_ROOT_NODE;
    g_array_append_val(stack, root);
    char b1[64], b2[64];
    while (stack->len) {
        uint32_t n = g_array_index(stack, uint32_t, stack->len - 1);
        g_array_set_size(stack, stack->len - 1);
        uint32_t depth = p->nodes[n].depth;
        double t = kiln_profile_total(p, type, n);
        printf("%7.2f%% %12s %12s  %*s%s\n", t * pct, kiln_format_quantity(t, unit, b1, sizeof b1),
               kiln_format_quantity(kiln_profile_self(p, type, n), unit, b2, sizeof b2),
               (int)(2 * depth), "", kiln_profile_node_name(p, n));
        if (max_depth > 0 && depth >= (uint32_t)max_depth)
            continue;
        g_array_set_size(kids, 0);
        for (uint32_t c = n + 1; c < n + p->nodes[n].size; c += p->nodes[c].size)
            if (kiln_profile_total(p, type, c) >= min_value && kiln_profile_total(p, type, c) != 0)
                g_array_append_val(kids, c);
        g_array_sort_with_data(kids, by_total, &o);
        for (guint k = kids->len; k > 0; k--)
            g_array_append_val(stack, g_array_index(kids, uint32_t, k - 1));
    }
    g_array_free(kids, TRUE);
    g_array_free(stack, TRUE);
}

int kiln_cli_tree(int argc, char **argv)
{
    KilnCliLoadArgs args = {0};
    g_autoptr(KilnProfile) p = NULL;
    int depth = 0;
    double min_percent = 0;
    const GOptionEntry entries[] = {
        {"depth", 'd', 0, G_OPTION_ARG_INT, &depth, N_("Show N levels below the root (0: all)"),
         "N"},
        {"min-percent", 0, 0, G_OPTION_ARG_DOUBLE, &min_percent,
         N_("Leave out calls below P percent of the total"), "P"},
        G_OPTION_ENTRY_NULL,
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("FILE… — the call tree as text"));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    kiln_cli_add_load_options(ctx, &args);
    int rc = KILN_EXIT_USAGE;
    uint32_t type;
    if (!kiln_cli_parse(ctx, &argc, &argv) || !kiln_cli_check_load_args(&args))
        goto out;
    if (depth < 0) {
        fprintf(stderr, _("kiln-cli tree: --depth must be 0 (all) or more, not %d\n"), depth);
        goto out;
    }
    if (!(min_percent >= 0 && min_percent <= 100)) {
        fprintf(stderr, "%s\n", _("kiln-cli tree: --min-percent must be from 0 to 100"));
        goto out;
    }
    if (argc < 2) {
        fprintf(stderr, "%s\n", _("kiln-cli tree: expected a FILE"));
        goto out;
    }
    args.tree_only = !args.threads;
    rc = KILN_EXIT_FAILED;
    p = kiln_cli_load_many(&args, argv + 1, argc - 1);
    if (!p)
        goto out;
    rc = KILN_EXIT_USAGE;
    if (!kiln_cli_pick_type(p, args.sample_type, &type))
        goto out;
    rc = KILN_EXIT_OK;
    print_tree(p, type, depth, kiln_profile_total(p, type, KILN_ROOT_NODE) * min_percent / 100.0);
out:
    kiln_cli_load_args_clear(&args);
    return rc;
}
