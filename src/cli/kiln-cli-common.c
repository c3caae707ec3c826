#include "kiln-cli.h"
#include "core/kiln-derive.h"
#include "formats/kiln-url.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void kiln_cli_add_load_options(GOptionContext *context, KilnCliLoadArgs *a)
{
    a->max_depth = KILN_CLI_UNSET;
    const GOptionEntry entries[] = {
        {"format", 0, 0, G_OPTION_ARG_STRING, &a->format,
         N_("Read the input as this format (folded, pprof, perf-data, perf-script) instead of "
            "detecting it"),
         N_("ID")},
        {"sample-type", 't', 0, G_OPTION_ARG_STRING, &a->sample_type,
         N_("Sample type to use (see “info”); default: the profile's default"), N_("NAME")},
        {"max-decompressed", 0, 0, G_OPTION_ARG_STRING, &a->max_decompressed,
         N_("Refuse compressed input that expands past SIZE (default 1G)"), N_("SIZE")},
        {"max-depth", 0, 0, G_OPTION_ARG_INT, &a->max_depth,
         N_("Fold frames deeper than N into [truncated] (default 4096)"), "N"},
        {"pid", 0, 0, G_OPTION_ARG_NONE, &a->perf_pid,
         N_("perf: root frame is process name and PID"), NULL},
        {"tid", 0, 0, G_OPTION_ARG_NONE, &a->perf_tid,
         N_("perf: root frame is process name, PID and TID"), NULL},
        {"kernel", 0, 0, G_OPTION_ARG_NONE, &a->perf_kernel,
         N_("perf: mark kernel frames with _[k]"), NULL},
        {"jit", 0, 0, G_OPTION_ARG_NONE, &a->perf_jit, N_("perf: mark JIT frames with _[j]"),
         NULL},
        {"all", 0, 0, G_OPTION_ARG_NONE, &a->perf_all, N_("perf: both --kernel and --jit"), NULL},
        {"addrs", 0, 0, G_OPTION_ARG_NONE, &a->perf_addrs,
         N_("perf: name unknown frames by their address"), NULL},
        {"no-symbols", 0, 0, G_OPTION_ARG_NONE, &a->no_symbols,
         N_("perf.data: do not look up symbols (frames show as [file] or [unknown])"), NULL},
        {"granularity", 0, 0, G_OPTION_ARG_STRING, &a->granularity,
         N_("Key the call tree by functions (default), lines or addresses, like pprof's "
            "-functions, -lines and -addresses"),
         N_("functions|lines|addresses")},
        {"time", 0, 0, G_OPTION_ARG_STRING, &a->time_range,
         N_("Keep the samples from A to B seconds after the first one (A inclusive), e.g. "
            "1.25,2.5"),
         N_("A,B")},
        G_OPTION_ENTRY_NULL,
    };
    GOptionGroup *g = g_option_group_new("input", _("Input options:"),
                                         _("Show options for reading profiles"), NULL, NULL);
    g_option_group_add_entries(g, entries);
    g_option_group_set_translation_domain(g, GETTEXT_PACKAGE);
    g_option_context_add_group(context, g);
    kiln_cli_add_filter_options(context, a);
}

void kiln_cli_load_args_clear(KilnCliLoadArgs *a)
{
    g_free(a->format);
    g_free(a->sample_type);
    g_free(a->max_decompressed);
    g_free(a->granularity);
    g_free(a->time_range);
    g_free(a->focus);
    g_free(a->ignore);
    g_free(a->hide);
    g_free(a->show);
    g_free(a->show_from);
    g_free(a->prune_from);
    g_free(a->threads);
}

gboolean kiln_cli_parse(GOptionContext *context, int *argc, char ***argv)
{
    GError *err = NULL;
    g_option_context_set_translation_domain(context, GETTEXT_PACKAGE);
    if (!g_option_context_parse(context, argc, argv, &err)) {
        fprintf(stderr, "kiln-cli: %s\n", err->message);
        g_error_free(err);
        return FALSE;
    }
    return TRUE;
}

static gboolean parse_size(const char *s, guint64 *out)
{
    char *end = NULL;
    if (!g_ascii_isdigit(*s))
        return FALSE; /* strtoull would take "-1" as 2^64 - 1 */
    errno = 0;
    guint64 v = g_ascii_strtoull(s, &end, 10);
    if (end == s || errno == ERANGE)
        return FALSE;
    unsigned shift = 0;
    switch (g_ascii_toupper(*end)) {
    case 'K':
        shift = 10;
        end++;
        break;
    case 'M':
        shift = 20;
        end++;
        break;
    case 'G':
        shift = 30;
        end++;
        break;
    default:
        break;
    }
    if (v > (G_MAXUINT64 >> shift))
        return FALSE;
    v <<= shift;
    if (*end == 'i' || *end == 'B')
        end++;
    if (*end == 'B')
        end++;
    *out = v;
    return *end == 0 && v > 0;
}

gboolean kiln_cli_check_load_args(const KilnCliLoadArgs *a)
{
    guint64 size;
    if (a->max_decompressed && !parse_size(a->max_decompressed, &size)) {
        fprintf(stderr, _("kiln-cli: invalid size “%s”\n"), a->max_decompressed);
        return FALSE;
    }
    KilnGranularity g;
    if (a->granularity && !kiln_granularity_parse(a->granularity, &g)) {
        fprintf(stderr,
                _("kiln-cli: unknown granularity “%s” (expected functions, lines or "
                  "addresses)\n"),
                a->granularity);
        return FALSE;
    }
    if (a->max_depth != KILN_CLI_UNSET && a->max_depth <= 0) {
        fprintf(stderr, _("kiln-cli: --max-depth must be 1 or more, not %d\n"), a->max_depth);
        return FALSE;
    }
    uint64_t ta, tb;
    if (a->time_range && !kiln_cli_parse_time_range(a->time_range, &ta, &tb))
        return FALSE;
    if (a->format && !kiln_importer_find(a->format)) {
        fprintf(stderr, _("kiln-cli: unknown format “%s”\n"), a->format);
        return FALSE;
    }
    return kiln_cli_check_filter_args(a);
}

static KilnProfile *load_one(const KilnCliLoadArgs *a, const char *path)
{
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    if (a->max_decompressed)
        parse_size(a->max_decompressed, &o.limits.max_decompressed);
    if (a->max_depth > 0)
        o.limits.max_depth = (uint32_t)a->max_depth;
    o.perf_pid = a->perf_pid;
    o.perf_tid = a->perf_tid;
    o.perf_kernel = a->perf_kernel || a->perf_all;
    o.perf_jit = a->perf_jit || a->perf_all;
    o.perf_addrs = a->perf_addrs;
    o.no_symbols = a->no_symbols;
    /* --time and --thread need the sample rows */
    o.tree_only = a->tree_only && !a->time_range && !a->threads;
    if (a->granularity)
        kiln_granularity_parse(a->granularity, &o.granularity);

    GError *err = NULL;
    KilnProfile *p = NULL;
    const KilnImporter *forced = NULL;
    if (a->format)
        forced = kiln_importer_find(a->format);
    if (kiln_is_url(path)) {
        p = kiln_cli_load_url(path, &o, &err);
    } else if (strcmp(path, "-") == 0) {
        gchar *data = NULL;
        gsize len = 0;
        GIOChannel *ch = g_io_channel_unix_new(0);
        g_io_channel_set_encoding(ch, NULL, NULL);
        g_io_channel_read_to_end(ch, &data, &len, &err);
        g_io_channel_unref(ch);
        if (!err)
            p = forced ? kiln_load_bytes_as(forced, (guint8 *)data, len, path, &o, NULL, NULL, NULL,
                                            &err)
                       : kiln_load_bytes((guint8 *)data, len, path, &o, NULL, NULL, NULL, &err);
        g_free(data);
    } else if (forced) {
        /* Mapped and streamed like any file: a forced format must not
         * read a 1 GB file into memory first. */
        p = kiln_load_file_as(forced, path, &o, NULL, NULL, NULL, &err);
    } else {
        p = kiln_load_file(path, &o, NULL, NULL, NULL, &err);
    }
    if (!p) {
        fprintf(stderr, "kiln-cli: %s\n", err->message);
        g_error_free(err);
    }
    return p;
}

KilnProfile *kiln_cli_load_many(const KilnCliLoadArgs *a, char *const *paths, int n)
{
    KilnProfile *p = NULL;
    if (n == 1) {
        p = load_one(a, paths[0]);
    } else {
        g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_profile_unref);
        for (int i = 0; i < n; i++) {
            KilnProfile *one = load_one(a, paths[i]);
            if (!one)
                return NULL;
            g_ptr_array_add(all, one);
        }
        GError *err = NULL;
        p = kiln_derive_merge((KilnProfile *const *)all->pdata, all->len, NULL, NULL, &err);
        if (!p) {
            fprintf(stderr, "kiln-cli: %s\n", err->message);
            g_error_free(err);
            return NULL;
        }
    }
    if (p && a->time_range)
        p = kiln_cli_apply_time(p, a->time_range, kiln_cli_profile_t0(p));
    if (p && kiln_cli_has_filters(a))
        p = kiln_cli_apply_filters(p, a);
    return p;
}

KilnProfile *kiln_cli_load(const KilnCliLoadArgs *a, const char *path)
{
    char *paths[] = {(char *)path};
    return kiln_cli_load_many(a, paths, 1);
}

gboolean kiln_cli_pick_type(const KilnProfile *p, const char *name, uint32_t *type)
{
    if (!name) {
        *type = p->default_type;
        return TRUE;
    }
    int t = kiln_profile_find_type(p, name);
    if (t >= 0) {
        *type = (uint32_t)t;
        return TRUE;
    }
    GString *names = g_string_new(NULL);
    for (uint32_t i = 0; i < p->n_types; i++)
        g_string_append_printf(names, "%s%s", i ? ", " : "",
                               kiln_profile_string(p, p->types[i].name));
    fprintf(stderr, _("kiln-cli: no sample type “%s” in this profile (it has: %s)\n"), name,
            names->str);
    g_string_free(names, TRUE);
    return FALSE;
}
