/* kiln-cli.h — shared pieces of kiln-cli's verbs: loading options, sample
 * type selection and exit statuses. */
#pragma once

#include <glib.h>
#include <glib/gi18n.h>

#include "formats/kiln-loader.h"

G_BEGIN_DECLS

enum {
    KILN_EXIT_OK = 0,
    KILN_EXIT_FAILED = 1, /* the input could not be read or the output written */
    KILN_EXIT_USAGE = 2,
    KILN_EXIT_GATE = 3, /* `diff --fail-above`: the profile grew past the threshold */
};

/* An integer option not given on the command line. */
#define KILN_CLI_UNSET G_MININT

typedef struct {
    char *format;           /* --format: force an importer */
    char *sample_type;      /* --sample-type */
    char *max_decompressed; /* --max-decompressed, with optional K/M/G suffix */
    int max_depth;
    gboolean perf_pid, perf_tid, perf_kernel, perf_jit, perf_all, perf_addrs;
    gboolean no_symbols; /* --no-symbols */
    gboolean tree_only;  /* set by verbs that need no per-sample table */
    char *granularity;   /* --granularity: functions (default), lines, addresses */
    char *time_range;    /* --time A,B (kiln-cli-time.c) */
    /* Filters (kiln-cli-filter.c): pprof's -focus, -ignore, -hide, -show,
     * -show_from, -prune_from, a thread set and bottom-up. */
    char *focus, *ignore, *hide, *show, *show_from, *prune_from, *threads;
    gboolean invert;
} KilnCliLoadArgs;

/* Adds the loading options (--format, --sample-type, limits, perf
 * options) as a group of `context`. */
void kiln_cli_add_load_options(GOptionContext *context, KilnCliLoadArgs *args);
void kiln_cli_load_args_clear(KilnCliLoadArgs *args);

/* Validates the loading options; prints why and returns FALSE on bad usage. */
gboolean kiln_cli_check_load_args(const KilnCliLoadArgs *args);

/* Loads `path` ("-" reads standard input); on failure prints one line to
 * stderr and returns NULL. */
KilnProfile *kiln_cli_load(const KilnCliLoadArgs *args, const char *path);
/* Loads several files as one profile (kiln_derive_merge()), then applies
 * --time and the filters once; NULL, the reason printed, on failure. */
KilnProfile *kiln_cli_load_many(const KilnCliLoadArgs *args, char *const *paths, int n);

/* kiln-cli-filter.c: the filter options as a group of `context`, their
 * check (a bad regex or thread list is bad usage), and their application
 * to a loaded profile, in pprof's order (consumes `profile`; NULL, the
 * reason printed, on failure). */
void kiln_cli_add_filter_options(GOptionContext *context, KilnCliLoadArgs *args);
gboolean kiln_cli_check_filter_args(const KilnCliLoadArgs *args);
gboolean kiln_cli_has_filters(const KilnCliLoadArgs *args);
KilnProfile *kiln_cli_apply_filters(KilnProfile *profile, const KilnCliLoadArgs *args);

/* kiln-cli-url.c: loads an http(s):// URL, saying on a terminal that the
 * server is collecting. */
KilnProfile *kiln_cli_load_url(const char *url, const KilnLoadOptions *o, GError **error);

/* Resolves --sample-type (NULL = the default); on an unknown name prints
 * the available ones and returns FALSE. */
gboolean kiln_cli_pick_type(const KilnProfile *profile, const char *name, uint32_t *type);

/* Parses argv for a verb; prints the error and returns FALSE on bad usage. */
gboolean kiln_cli_parse(GOptionContext *context, int *argc, char ***argv);

typedef struct {
    char *to, *output, *search, *palette, *title;
    gboolean icicle, dark;
    int width, height;
} KilnCliOutputArgs;

/* --to, -o and the drawing options, as a group of `context`. */
void kiln_cli_add_output_options(GOptionContext *context, KilnCliOutputArgs *args);
void kiln_cli_output_args_clear(KilnCliOutputArgs *args);
/* Validates them (for `verb`'s messages); FALSE on bad usage. */
gboolean kiln_cli_check_output_args(const KilnCliOutputArgs *args, const char *verb);
/* Writes `profile` as asked; diff_base >= 0 names the "before" type of a
 * differential profile (two folded columns, red/blue colouring). Returns an
 * exit status. */
int kiln_cli_write_output(const KilnProfile *profile, uint32_t type, int diff_base,
                          const KilnCliOutputArgs *args);

/* --time (kiln-cli-time.c): parses "A,B" (decimal seconds) into ns, printing
 * why on bad usage; the earliest sample time of `profile` (0: no times);
 * and the profile of the samples with a <= t - origin < b (consumes
 * `profile`; NULL, the reason printed, when it has no times). */
gboolean kiln_cli_parse_time_range(const char *text, uint64_t *a, uint64_t *b);
uint64_t kiln_cli_profile_t0(const KilnProfile *profile);
KilnProfile *kiln_cli_apply_time(KilnProfile *profile, const char *range, uint64_t origin);

int kiln_cli_info(int argc, char **argv);
int kiln_cli_heatmap(int argc, char **argv);
int kiln_cli_diff(int argc, char **argv);
int kiln_cli_export(int argc, char **argv);
int kiln_cli_record(int argc, char **argv);
int kiln_cli_top(int argc, char **argv);
int kiln_cli_peek(int argc, char **argv);
int kiln_cli_tree(int argc, char **argv);
int kiln_cli_annotate(int argc, char **argv);

G_END_DECLS
