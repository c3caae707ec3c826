/* kiln-cli.c — `kiln-cli VERB ...`: the Kiln engine without a window, for
 * exports, scripts and CI gates. */
#include "kiln-cli.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} Verb;

static const Verb verbs[] = {
    {"info", kiln_cli_info, N_("Describe a profile: format, sample types, counts, warnings")},
    {"export", kiln_cli_export, N_("Write a profile as folded stacks, pprof, SVG, PNG or PDF")},
    {"top", kiln_cli_top, N_("List the functions with the highest self and total values")},
    {"annotate", kiln_cli_annotate, N_("Show the cost of a function's source lines or instructions")},
    {"heatmap", kiln_cli_heatmap, N_("Draw or list when samples happened: FlameScope's heat map")},
    {"tree", kiln_cli_tree, N_("Print the call tree as indented text")},
    {"peek", kiln_cli_peek, N_("List the callers and callees of functions, as pprof -peek")},
    {"record", kiln_cli_record, N_("Record a command, a process or the system with perf events")},
    {"diff", kiln_cli_diff, N_("Compare two profiles; draw or export the difference, gate CI")},
};

static void usage(FILE *out)
{
    fprintf(out, "%s\n\n%s\n", _("Usage: kiln-cli VERB [OPTION…] FILE…"), _("Verbs:"));
    for (gsize i = 0; i < G_N_ELEMENTS(verbs); i++)
        fprintf(out, "  %-8s %s\n", verbs[i].name, _(verbs[i].summary));
    fprintf(out, "\n%s\n", _("Run “kiln-cli VERB --help” for the options of a verb."));
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);

    if (argc < 2) {
        usage(stderr);
        return KILN_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return KILN_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("kiln-cli %s\n", KILN_VERSION);
        return KILN_EXIT_OK;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(verbs); i++) {
        if (strcmp(argv[1], verbs[i].name) == 0) {
            /* The verb sees argv without the program name, as its own. */
            argv[1] = g_strdup_printf("kiln-cli %s", verbs[i].name);
            return verbs[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, _("kiln-cli: unknown verb “%s”\n"), argv[1]);
    usage(stderr);
    return KILN_EXIT_USAGE;
}
