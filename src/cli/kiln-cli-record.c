/* kiln-cli-record.c — `kiln-cli record`: a live recording to perf.data or
 * pprof, spelled as `perf record` spells it (-F, --call-graph, -p, -a,
 * -o, -- COMMAND), through perf_event_open in this process. */
#include "kiln-cli.h"

#include "capture/kiln-capture.h"
#include "formats/kiln-exporter.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static KilnCapture *recording;

/* Ctrl+C ends the recording, keeping what was recorded. */
static void on_sigint(int sig)
{
    (void)sig;
    if (recording)
        kiln_capture_stop(recording);
}

static int write_pprof(const char *perf_data, const char *out_path)
{
    KilnLoadOptions lo;
    kiln_load_options_init(&lo);
    lo.granularity = KILN_GRANULARITY_LINES;
    g_autoptr(GError) error = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(perf_data, &lo, NULL, NULL, NULL, &error);
    if (!p) {
        fprintf(stderr, "kiln-cli record: %s\n", error->message);
        return KILN_EXIT_FAILED;
    }
    FILE *f = fopen(out_path, "wbe");
    if (!f) {
        int e = errno;
        fprintf(stderr, _("kiln-cli record: could not create “%s”: %s\n"), out_path, g_strerror(e));
        return KILN_EXIT_FAILED;
    }
    const KilnExporter *x = kiln_exporter_find("pprof");
    gboolean ok = x->write(p, p->default_type, f, &error);
    if (fclose(f) != 0 && ok) {
        ok = FALSE;
        g_set_error(&error, G_FILE_ERROR, G_FILE_ERROR_IO, _("could not write “%s”"), out_path);
    }
    if (!ok) {
        fprintf(stderr, "kiln-cli record: %s\n", error->message);
        return KILN_EXIT_FAILED;
    }
    return KILN_EXIT_OK;
}

int kiln_cli_record(int argc, char **argv)
{
    int freq = 999, pid = 0;
    double duration = 0;
    gboolean all = FALSE;
    g_autofree char *call_graph = NULL, *output = NULL;
    /* Everything after "--" (or after the first word that is not an
     * option) is the command to run, with its own options. */
    int split = argc;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--") == 0) {
            split = i;
            break;
        }
    GOptionEntry entries[] = {
        {"freq", 'F', 0, G_OPTION_ARG_INT, &freq, N_("Samples per second per CPU (999)"), "HZ"},
        {"call-graph", 0, 0, G_OPTION_ARG_STRING, &call_graph,
         N_("Call graphs by frame pointers (fp, the default) or stack copies (dwarf)"), "MODE"},
        {"duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration,
         N_("Stop after S seconds (default: when the command exits, or Ctrl+C)"), "S"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         N_("Write OUT (default perf.data; pprof when it ends in .pb.gz)"), "OUT"},
        {"pid", 'p', 0, G_OPTION_ARG_INT, &pid, N_("Record the running process PID"), "PID"},
        {"all-cpus", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Record the whole system"), NULL},
        {NULL}};
    g_autoptr(GOptionContext) ctx =
        g_option_context_new(_("[-p PID | -a | -- COMMAND [ARG…]] — record with perf events"));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    g_option_context_set_strict_posix(ctx, TRUE);
    int pargc = split;
    char **pargv = g_new0(char *, split + 1);
    memcpy(pargv, argv, sizeof(char *) * split);
    char **pargv_owned = pargv;
    gboolean parsed = kiln_cli_parse(ctx, &pargc, &pargv);
    char **command = NULL;
    int n_command = 0;
    if (split < argc) {
        command = argv + split + 1;
        n_command = argc - split - 1;
        if (pargc > 1)
            parsed = FALSE;
    } else if (pargc > 1) {
        command = pargv + 1;
        n_command = pargc - 1;
    }
    int rc = KILN_EXIT_USAGE;
    g_autofree char *tmp = NULL;
    g_autofree char **cmdline = NULL;
    g_autofree char **cmd = NULL;
    g_autofree char *event = NULL;
    g_autoptr(GError) error = NULL;
    KilnCaptureConfig cfg = {0};
    if (!parsed)
        goto out;
    int n_targets = (pid != 0) + (all != FALSE) + (n_command > 0);
    if (n_targets != 1) {
        fprintf(stderr, "%s\n",
                _("kiln-cli record: give exactly one of -p PID, -a or -- COMMAND [ARG…]"));
        goto out;
    }
    if (freq <= 0 || freq > 100000) {
        fprintf(stderr, _("kiln-cli record: -F must be between 1 and 100000, not %d\n"), freq);
        goto out;
    }
    if (call_graph && strcmp(call_graph, "fp") != 0 && strcmp(call_graph, "dwarf") != 0) {
        fprintf(stderr, _("kiln-cli record: --call-graph is fp or dwarf, not “%s”\n"), call_graph);
        goto out;
    }
    if (duration < 0) {
        fprintf(stderr, "%s\n", _("kiln-cli record: --duration must not be negative"));
        goto out;
    }
    const char *out_path = output ? output : "perf.data";
    gboolean pprof = g_str_has_suffix(out_path, ".pb.gz");
    if (pprof) {
        int fd = g_file_open_tmp("kiln-record-XXXXXX.data", &tmp, NULL);
        if (fd < 0) {
            fprintf(stderr, "%s\n", _("kiln-cli record: could not create a temporary file"));
            rc = KILN_EXIT_FAILED;
            goto out;
        }
        close(fd);
    }
    cmdline = g_new0(char *, argc + 2);
    cmdline[0] = (char *)"kiln-cli";
    for (int i = 0; i < argc; i++)
        cmdline[i + 1] = argv[i];
    cmdline[1] = (char *)"record";
    if (n_command) {
        cmd = g_new0(char *, n_command + 1);
        memcpy(cmd, command, sizeof(char *) * n_command);
    }
    cfg.target = all   ? KILN_CAPTURE_TARGET_SYSTEM
                 : pid ? KILN_CAPTURE_TARGET_PID
                       : KILN_CAPTURE_TARGET_COMMAND;
    cfg.argv = cmd;
    cfg.pid = pid;
    cfg.freq = (unsigned)freq;
    cfg.call_graph = g_strcmp0(call_graph, "dwarf") == 0 ? KILN_CAPTURE_CALL_GRAPH_DWARF
                                                         : KILN_CAPTURE_CALL_GRAPH_FP;
    cfg.duration = duration;
    cfg.output = pprof ? tmp : out_path;
    cfg.cmdline = (const char *const *)cmdline;
    rc = KILN_EXIT_FAILED;
    KilnCapture *c = kiln_capture_start(&cfg, &error);
    if (!c) {
        fprintf(stderr, "kiln-cli record: %s\n", error->message);
        goto out;
    }
    if (kiln_capture_note(c))
        fprintf(stderr, "kiln-cli record: %s\n", kiln_capture_note(c));
    recording = c;
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    gboolean ok = kiln_capture_finish(c, &error);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    recording = NULL;
    KilnCaptureStats st;
    kiln_capture_get_stats(c, &st);
    event = g_strdup(kiln_capture_event_name(c));
    kiln_capture_free(c);
    if (!ok) {
        fprintf(stderr, "kiln-cli record: %s\n", error->message);
        goto out;
    }
    rc = pprof ? write_pprof(tmp, out_path) : KILN_EXIT_OK;
    if (rc != KILN_EXIT_OK)
        goto out;
    printf(_("Wrote %s: %" PRIu64 " samples of %s in %.2f s, %" PRIu64 " lost\n"), out_path,
           st.samples, event, (double)st.elapsed_ns / 1e9, st.lost);
    if (st.lost)
        fprintf(stderr, "%s\n",
                _("kiln-cli record: the kernel dropped samples (its buffers overflowed): record "
                  "with a lower frequency (-F)."));
out:
    if (tmp)
        g_unlink(tmp);
    g_free(pargv_owned);
    return rc;
}
