/* kiln-perf-script-event.h — KilnPerfScriptEvent, one parsed `perf script`
 * event (sample header) line such as
 *
 *     V8 WorkerThread 24636/25607 [000] 94564.109216:  100 cycles:u:
 *
 * The parse follows stackcollapse-perf.pl's two regular expressions
 * exactly (see /work/shared/corpus/README.md §1.1), written out by hand so
 * that no regex engine runs per line:
 *   event:  ^(\S.+?)\s+(\d+)[/]*(\d+)*\s+
 *   period: :\s*(\d+)*\s+(\S+):\s*$
 * All spans point into the caller's line; nothing is copied.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct {
    const char *comm; /* process name; may contain spaces */
    gsize comm_len;
    const char *pid; /* "?" is not stored: pid == NULL when only one number */
    gsize pid_len;
    const char *tid; /* the single number when there is only one */
    gsize tid_len;
    const char *event; /* event name without its last ':' ("cycles:u"); NULL if none */
    gsize event_len;
    guint64 period; /* 0 when absent or zero (then the weight is 1) */
    guint64 time_ns; /* 0 when the line has no "SECONDS.FRACTION:" field */
    guint32 tid_num; /* numeric thread id (saturated), for per-sample rows */
    /* Where the text after the event name starts, when the period regex
     * did not match but an "event: ip sym (dso)" form did (one-line
     * samples, Intel PT branch lines): the frame to use, else NULL. */
    const char *inline_frame;
    gsize inline_frame_len;
} KilnPerfScriptEvent;

/* TRUE for Perl's \s: space, \t, \n, \r, \f, \v. */
static inline gboolean kiln_perf_script_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Parses an event line. FALSE when the line is not one (the event regex
 * fails). `line` must not start with whitespace for Perl's semantics; the
 * importer decides when an indented line may be an event line. */
gboolean kiln_perf_script_event_parse(const char *line, gsize len, KilnPerfScriptEvent *ev);

/* TRUE when the event passes a filter naming `filter` exactly, or naming
 * it without its modifiers ("cycles" keeps "cycles:u"). */
gboolean kiln_perf_script_event_matches(const KilnPerfScriptEvent *ev, const char *filter,
                                        gsize filter_len);

G_END_DECLS
