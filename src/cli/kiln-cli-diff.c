/* kiln-cli-diff.c — `kiln-cli diff BEFORE AFTER`: what changed between two
 * profiles, as a table, a differential flame graph or 3-column folded
 * stacks, and a CI gate (--fail-above). */
#include "kiln-cli.h"
#include "analysis/kiln-diff.h"
#include "analysis/kiln-diff-root.h"
#include "analysis/kiln-top.h"
#include "analysis/kiln-units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    uint32_t name;
    double before, after;
} Change;

static int cmp_changes(gconstpointer a, gconstpointer b)
{
    const Change *ca = a, *cb = b;
    double da = fabs(ca->after - ca->before), db = fabs(cb->after - cb->before);
    if (da != db)
        return da > db ? -1 : 1;
    return ca->name < cb->name ? -1 : ca->name > cb->name;
}

/* Per function: total before and after (recursion counted once). */
static GArray *changes(const KilnProfile *d)
{
    uint32_t n0, n1;
    g_autofree KilnTopEntry *e0 = kiln_top_compute(d, 0, KILN_ROOT_NODE, KILN_TOP_BY_TOTAL, &n0);
    g_autofree KilnTopEntry *e1 = kiln_top_compute(d, 1, KILN_ROOT_NODE, KILN_TOP_BY_TOTAL, &n1);
    GHashTable *idx = g_hash_table_new(NULL, NULL);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(Change));
    for (uint32_t i = 0; i < n0; i++) {
        Change c = {e0[i].name, e0[i].total, 0};
        g_array_append_val(out, c);
        g_hash_table_insert(idx, GUINT_TO_POINTER(e0[i].name + 1), GUINT_TO_POINTER(out->len));
    }
    for (uint32_t i = 0; i < n1; i++) {
        guint at = GPOINTER_TO_UINT(g_hash_table_lookup(idx, GUINT_TO_POINTER(e1[i].name + 1)));
        if (at) {
            g_array_index(out, Change, at - 1).after = e1[i].total;
        } else {
            Change c = {e1[i].name, 0, e1[i].total};
            g_array_append_val(out, c);
        }
    }
    g_hash_table_unref(idx);
    /* Functions present in neither column's totals (zero everywhere) drop. */
    for (guint i = out->len; i-- > 0;)
        if (g_array_index(out, Change, i).before == 0 && g_array_index(out, Change, i).after == 0)
            g_array_remove_index_fast(out, i);
    g_array_sort(out, cmp_changes);
    return out;
}

/* Normalised before values are fractions of a unit: rounded for the table,
 * every column keeps one number format ("1,866,000,000", not "1.866e+09"
 * beside a grouped after). */
static const char *quantity(double v, const char *unit, char *buf, gsize size)
{
    return kiln_format_quantity(round(v), unit, buf, size);
}

/* A raw value for --tsv: plain digits, integers without decimals. */
static void print_raw(double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    if (v == floor(v) && fabs(v) < 1e18)
        printf("%.0f", v == 0 ? 0.0 : v); /* no "-0" */
    else
        printf("%s", g_ascii_formatd(buf, sizeof buf, "%.6f", v));
}

/* function, before, after, delta: every function, for scripts and tests
 * against `go tool pprof -top -cum -diff_base`. */
static void print_tsv(const KilnProfile *d, GArray *ch)
{
    for (guint i = 0; i < ch->len; i++) {
        const Change *c = &g_array_index(ch, Change, i);
        printf("%s\t", kiln_profile_string(d, c->name));
        print_raw(c->before);
        putchar('\t');
        print_raw(c->after);
        putchar('\t');
        print_raw(c->after - c->before);
        putchar('\n');
    }
}

static void print_table(const KilnProfile *d, GArray *ch, int limit)
{
    const char *unit = kiln_profile_string(d, d->types[1].unit);
    double tb = kiln_profile_total(d, 0, KILN_ROOT_NODE),
           ta = kiln_profile_total(d, 1, KILN_ROOT_NODE);
    char b1[64], b2[64], b3[64];
    printf(_("Total: %s before, %s after (%+.2f%%)\n"), quantity(tb, unit, b1, sizeof b1),
           quantity(ta, unit, b2, sizeof b2), tb > 0 ? 100.0 * (ta - tb) / tb : 0.0);
    printf("%14s %14s %14s %8s  %s\n", _("before"), _("after"), _("delta"), _("delta%"),
           _("function"));
    for (guint i = 0; i < ch->len && (limit == 0 || i < (guint)limit); i++) {
        const Change *c = &g_array_index(ch, Change, i);
        double delta = c->after - c->before;
        char sign[66];
        g_snprintf(sign, sizeof sign, "%s%s", delta >= 0 ? "+" : "-",
                   quantity(fabs(delta), unit, b3, sizeof b3));
        printf("%14s %14s %14s %+7.2f%%  %s\n", quantity(c->before, unit, b1, sizeof b1),
               quantity(c->after, unit, b2, sizeof b2), sign, tb > 0 ? 100.0 * delta / tb : 0.0,
               kiln_profile_string(d, c->name));
    }
}

int kiln_cli_diff(int argc, char **argv)
{
    KilnCliLoadArgs args = {0};
    KilnCliOutputArgs out = {0};
    g_autoptr(KilnProfile) before = NULL;
    g_autoptr(KilnProfile) after = NULL;
    g_autoptr(KilnProfile) d = NULL;
    gboolean normalize = FALSE, tsv = FALSE;
    g_autofree char *root_arg = NULL;
    KilnDiffRoot root = KILN_DIFF_ROOT_AUTO;
    g_autofree char *fail_above_arg = NULL;
    double fail_above = -1;
    int limit = 20;
    const GOptionEntry entries[] = {
        {"normalize", 0, 0, G_OPTION_ARG_NONE, &normalize,
         N_("Scale BEFORE to AFTER's total: compare where the time went, not how much"), NULL},
        {"fail-above", 0, 0, G_OPTION_ARG_STRING, &fail_above_arg,
         N_("Exit with status 3 if the total, or any function's total, grew by more than PCT "
            "percent of BEFORE's total"),
         N_("PCT")},
        {"count", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show N functions (0: all)"), "N"},
        {"tsv", 0, 0, G_OPTION_ARG_NONE, &tsv,
         N_("Print every function as “function, before, after, delta”, tab-separated, in raw "
            "units"),
         NULL},
        {"root", 0, 0, G_OPTION_ARG_STRING, &root_arg,
         N_("Keep the process frames at the root (process, process+pid) or drop them (none); "
            "by default they are dropped when they alone keep the two sides apart"),
         N_("process|process+pid|none")},
        G_OPTION_ENTRY_NULL,
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("BEFORE AFTER — compare two profiles"));
    g_option_context_set_summary(
        ctx, _("Without --to, prints the functions whose total changed most. With --to, writes "
               "the difference: folded as “stack BEFORE AFTER”, images as a differential flame "
               "graph (red grew, blue shrank)."));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    kiln_cli_add_output_options(ctx, &out);
    kiln_cli_add_load_options(ctx, &args);

    int rc = KILN_EXIT_USAGE;
    uint32_t tb, ta;
    if (!kiln_cli_parse(ctx, &argc, &argv) || !kiln_cli_check_load_args(&args))
        goto done;
    if (limit < 0) {
        fprintf(stderr, _("kiln-cli diff: -n must be 0 (all) or a positive count, not %d\n"),
                limit);
        goto done;
    }
    if (fail_above_arg) {
        char *end = NULL;
        fail_above = g_ascii_strtod(fail_above_arg, &end);
        if (end == fail_above_arg || *end || !isfinite(fail_above) || fail_above < 0) {
            fprintf(stderr,
                    _("kiln-cli diff: --fail-above takes a percentage of 0 or more, not “%s”\n"),
                    fail_above_arg);
            goto done;
        }
    }
    if (root_arg && (!kiln_diff_root_from_string(root_arg, &root) || root == KILN_DIFF_ROOT_AUTO)) {
        fprintf(stderr, _("kiln-cli diff: --root takes process, process+pid or none, not “%s”\n"),
                root_arg);
        goto done;
    }
    if (tsv && out.to) {
        fprintf(stderr, "%s\n", _("kiln-cli diff: --tsv prints the table: leave out --to"));
        goto done;
    }
    if (argc != 3) {
        fprintf(stderr, "%s\n", _("kiln-cli diff: expected BEFORE and AFTER"));
        goto done;
    }
    if (!out.to && out.output) {
        fprintf(stderr, "%s\n",
                _("kiln-cli diff: -o writes the difference in a format: add --to FORMAT"));
        goto done;
    }
    if (out.to && !kiln_cli_check_output_args(&out, "diff"))
        goto done;
    if (kiln_diff_root_wants_pid(root))
        args.perf_pid = TRUE;
    rc = KILN_EXIT_FAILED;
    before = kiln_cli_load(&args, argv[1]);
    if (!before)
        goto done;
    after = kiln_cli_load(&args, argv[2]);
    if (!after)
        goto done;
    rc = KILN_EXIT_USAGE;
    if (!kiln_cli_pick_type(before, args.sample_type, &tb) ||
        !kiln_cli_pick_type(after, args.sample_type, &ta))
        goto done;
    root = kiln_diff_root_resolve(root, before, after);
    {
        g_autoptr(KilnProfile) b = kiln_diff_root_apply(before, root);
        g_autoptr(KilnProfile) a = kiln_diff_root_apply(after, root);
        d = kiln_diff_new(b, tb, a, ta, normalize);
    }

    GArray *ch = changes(d);
    if (out.to)
        rc = kiln_cli_write_output(d, 1, 0, &out);
    else if (tsv) {
        print_tsv(d, ch);
        rc = KILN_EXIT_OK;
    } else {
        print_table(d, ch, limit);
        rc = KILN_EXIT_OK;
    }
    if (rc == KILN_EXIT_OK && fail_above >= 0) {
        double total_before = kiln_profile_total(d, 0, KILN_ROOT_NODE);
        double total_after = kiln_profile_total(d, 1, KILN_ROOT_NODE);
        double limit_value = total_before * fail_above / 100.0;
        if (total_after - total_before > limit_value) {
            fprintf(stderr, _("kiln-cli diff: the total grew by %.2f%%, more than %.2f%%\n"),
                    total_before > 0 ? 100.0 * (total_after - total_before) / total_before : 100.0,
                    fail_above);
            rc = KILN_EXIT_GATE;
        }
        for (guint i = 0; i < ch->len; i++) {
            const Change *c = &g_array_index(ch, Change, i);
            if (c->after - c->before > limit_value) {
                fprintf(stderr,
                        _("kiln-cli diff: %s grew by %.2f%% of the total, more than %.2f%%\n"),
                        kiln_profile_string(d, c->name),
                        total_before > 0 ? 100.0 * (c->after - c->before) / total_before : 100.0,
                        fail_above);
                rc = KILN_EXIT_GATE;
            }
        }
    }
    g_array_unref(ch);
done:
    kiln_cli_output_args_clear(&out);
    kiln_cli_load_args_clear(&args);
    return rc;
}
