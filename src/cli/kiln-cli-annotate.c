/* kiln-cli-annotate.c — `kiln-cli annotate FILE REGEX`: per-line self and
 * total (`go tool pprof -list`), or with --asm per-instruction self.
 *
 * The profile is loaded at addresses granularity unless --granularity says
 * otherwise: pprof keeps its line table, perf.data keeps each frame's
 * address for DWARF.
 */
#include "kiln-cli.h"
#include "analysis/kiln-annotation.h"
#include "analysis/kiln-disassembly.h"

#include <stdio.h>

/* Raw units as plain digits: integers without decimals. */
static void print_value(double v)
{
    if (v == (double)(int64_t)v)
        printf("%" G_GINT64_FORMAT, (int64_t)v);
    else
        printf("%.6g", v);
}

static void print_warnings(const GPtrArray *w)
{
    for (guint i = 0; i < w->len; i++)
        fprintf(stderr, _("kiln-cli annotate: %s\n"), (const char *)g_ptr_array_index(w, i));
}

static int print_lines(const KilnProfile *p, const char *regex, uint32_t type, gboolean tsv)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(KilnAnnotation) a = kiln_annotation_new(p, regex, type, &error);
    if (!a) {
        fprintf(stderr, _("kiln-cli annotate: “%s” is not a valid regular expression: %s\n"), regex,
                error->message);
        return KILN_EXIT_USAGE;
    }
    print_warnings(kiln_annotation_warnings(a));
    const char *last = NULL, *last_file = NULL;
    for (guint i = 0; i < kiln_annotation_n_lines(a); i++) {
        const KilnAnnotationLine *l = kiln_annotation_line(a, i);
        if (tsv) {
            printf("%s\t%u\t", l->function, l->line);
            print_value(l->self);
            putchar('\t');
            print_value(l->total);
            putchar('\n');
            continue;
        }
        if (!last || strcmp(last, l->function) || strcmp(last_file, l->file))
            printf(_("ROUTINE %s in %s\n"), l->function, l->file[0] ? l->file : "??");
        last = l->function;
        last_file = l->file;
        printf("%14.10g %14.10g %6u\n", l->self, l->total, l->line);
    }
    if (kiln_annotation_n_lines(a) == 0)
        fprintf(stderr,
                _("kiln-cli annotate: no source lines of a function matching “%s” have "
                  "samples; perf.data needs binaries built with -g\n"),
                regex);
    return KILN_EXIT_OK;
}

static int print_asm(const KilnProfile *p, const char *regex, uint32_t type, gboolean tsv)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(KilnDisassembly) d = kiln_disassembly_new(p, regex, type, &error);
    if (!d) {
        fprintf(stderr, _("kiln-cli annotate: “%s” is not a valid regular expression: %s\n"), regex,
                error->message);
        return KILN_EXIT_USAGE;
    }
    print_warnings(kiln_disassembly_warnings(d));
    for (guint i = 0; i < kiln_disassembly_n_functions(d); i++) {
        const KilnDisassemblyFunction *f = kiln_disassembly_function(d, i);
        if (!tsv)
            printf(_("ROUTINE %s in %s\n"), f->function, f->module);
        const char *file = NULL;
        uint32_t line = 0;
        for (guint j = 0; j < f->insns->len; j++) {
            const KilnDisassemblyInsn *in = &g_array_index(f->insns, KilnDisassemblyInsn, j);
            if (tsv) {
                printf("%s\t0x%" G_GINT64_MODIFIER "x\t", f->function, in->offset);
                print_value(in->self);
                printf("\t%s\n", in->text);
                continue;
            }
            /* Source lines interleaved where the line changes. */
            if (in->line && (in->line != line || g_strcmp0(file, in->file))) {
                printf("%30s %s:%u\n", "", in->file, in->line);
                file = in->file;
                line = in->line;
            }
            printf("%14.10g %8" G_GINT64_MODIFIER "x:   %s\n", in->self, in->address, in->text);
        }
    }
    if (kiln_disassembly_n_functions(d) == 0)
        fprintf(stderr,
                _("kiln-cli annotate: no function matching “%s” could be disassembled; "
                  "it needs frames with addresses in an ELF file on this machine\n"),
                regex);
    return KILN_EXIT_OK;
}

int kiln_cli_annotate(int argc, char **argv)
{
    KilnCliLoadArgs args = {0};
    g_autoptr(KilnProfile) p = NULL;
    gboolean want_asm = FALSE, tsv = FALSE;
    const GOptionEntry entries[] = {
        {"asm", 0, 0, G_OPTION_ARG_NONE, &want_asm,
         N_("List instructions with their self samples instead of source lines"), NULL},
        {"tsv", 0, 0, G_OPTION_ARG_NONE, &tsv, N_("Tab-separated rows, raw values, no header"),
         NULL},
        G_OPTION_ENTRY_NULL,
    };
    g_autoptr(GOptionContext) ctx =
        g_option_context_new(_("FILE REGEX — per-line or per-instruction cost of functions"));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    kiln_cli_add_load_options(ctx, &args);
    int rc = KILN_EXIT_USAGE;
    uint32_t type;
    if (!kiln_cli_parse(ctx, &argc, &argv) || !kiln_cli_check_load_args(&args))
        goto out;
    if (argc != 3) {
        fprintf(stderr, "%s\n", _("kiln-cli annotate: expected a FILE and a REGEX"));
        goto out;
    }
    if (!args.granularity)
        args.granularity = g_strdup("addresses");
    args.tree_only = TRUE;
    rc = KILN_EXIT_FAILED;
    p = kiln_cli_load(&args, argv[1]);
    if (!p)
        goto out;
    rc = KILN_EXIT_USAGE;
    if (!kiln_cli_pick_type(p, args.sample_type, &type))
        goto out;
    rc = want_asm ? print_asm(p, argv[2], type, tsv) : print_lines(p, argv[2], type, tsv);
out:
    kiln_cli_load_args_clear(&args);
    return rc;
}
