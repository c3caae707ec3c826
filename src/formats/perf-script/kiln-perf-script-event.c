/* kiln-perf-script-event.c — the event-line parse (see the header for the
 * regular expressions it reproduces). Each regex is matched the way Perl's
 * backtracking would resolve it, derived case by case below, in one or two
 * linear scans of the line. */
#include "kiln-perf-script-event.h"
#include "kiln-perf-script-frame.h"

#include <string.h>

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

static guint64 parse_u64_sat(const char *s, gsize n)
{
    guint64 v = 0;
    for (gsize i = 0; i < n; i++) {
        guint d = (guint)(s[i] - '0');
        if (v > (G_MAXUINT64 - d) / 10)
            return G_MAXUINT64;
        v = v * 10 + d;
    }
    return v;
}

/* ^(\S.+?)\s+(\d+)[/]*(\d+)*\s+
 * The comm is the shortest prefix of at least two bytes that is followed
 * by whitespace, digits, optional slashes and digits, and whitespace. Within
 * one whitespace run every split point leaves the same suffix, so only the
 * first byte of each run is a candidate; past the digits the pattern has no
 * alternative that backtracking could find (a shorter (\d+) leaves a digit
 * where \s+ or [/]* must match). Returns the offset just past the match. */
static gsize match_head(const char *s, gsize n, KilnPerfScriptEvent *ev)
{
    if (n < 3 || kiln_perf_script_is_space(s[0]))
        return 0;
    gsize i = 2; /* \S plus at least one more byte */
    while (i < n) {
        if (!kiln_perf_script_is_space(s[i])) {
            i++;
            continue;
        }
        gsize p = i;
        while (p < n && kiln_perf_script_is_space(s[p]))
            p++;
        gsize d1 = p;
        while (p < n && IS_DIGIT(s[p]))
            p++;
        gsize d1_end = p;
        if (d1_end > d1) {
            while (p < n && s[p] == '/')
                p++;
            gsize d2 = p;
            while (p < n && IS_DIGIT(s[p]))
                p++;
            gsize d2_end = p;
            if (p < n && kiln_perf_script_is_space(s[p])) {
                ev->comm = s;
                ev->comm_len = i;
                /* Perl's `not $tid`: a missing or "0" tid means one number,
                 * which is the TID, and the PID is unknown. */
                gboolean has_tid = d2_end > d2 && !(d2_end - d2 == 1 && s[d2] == '0');
                if (has_tid) {
                    ev->pid = s + d1;
                    ev->pid_len = d1_end - d1;
                    ev->tid = s + d2;
                    ev->tid_len = d2_end - d2;
                } else {
                    ev->pid = NULL;
                    ev->pid_len = 0;
                    ev->tid = s + d1;
                    ev->tid_len = d1_end - d1;
                }
                guint64 t = parse_u64_sat(ev->tid, ev->tid_len);
                ev->tid_num = t > G_MAXUINT32 ? G_MAXUINT32 : (guint32)t;
                return p;
            }
        }
        /* Skip the rest of this whitespace run: same suffix, same result. */
        while (i < n && kiln_perf_script_is_space(s[i]))
            i++;
    }
    return 0;
}

/* :\s*(\d+)*\s+(\S+):\s*$
 * Read from the end: T, the last whitespace-separated token, must end in
 * ':' and be at least two bytes; whitespace W2 precedes it. Either digits
 * D (preceded by optional whitespace and a ':') precede W2 — the period —
 * or W2 directly follows a ':' (no period). No other ':' can start a match,
 * so the leftmost-match rule has nothing left to choose. */
static gboolean match_period(const char *s, gsize n, KilnPerfScriptEvent *ev)
{
    gsize e = n;
    while (e > 0 && kiln_perf_script_is_space(s[e - 1]))
        e--;
    if (e < 2 || s[e - 1] != ':')
        return FALSE;
    gsize t = e;
    while (t > 0 && !kiln_perf_script_is_space(s[t - 1]))
        t--;
    if (e - t < 2 || t == 0)
        return FALSE;
    gsize w = t;
    while (w > 0 && kiln_perf_script_is_space(s[w - 1]))
        w--;
    gsize d = w;
    while (d > 0 && IS_DIGIT(s[d - 1]))
        d--;
    gboolean ok = FALSE;
    if (d < w) {
        gsize c = d;
        while (c > 0 && kiln_perf_script_is_space(s[c - 1]))
            c--;
        if (c > 0 && s[c - 1] == ':') {
            ev->period = parse_u64_sat(s + d, w - d);
            ok = TRUE;
        }
    } else if (w > 0 && s[w - 1] == ':') {
        ev->period = 0;
        ok = TRUE;
    }
    if (ok) {
        ev->event = s + t;
        ev->event_len = e - 1 - t;
    }
    return ok;
}

static gboolean is_time_token(const char *s, gsize n)
{
    gsize i = 0;
    while (i < n && IS_DIGIT(s[i]))
        i++;
    if (i == 0 || i >= n || s[i] != '.')
        return FALSE;
    gsize f = ++i;
    while (i < n && IS_DIGIT(s[i]))
        i++;
    return i > f && i + 1 == n && s[i] == ':';
}

static guint64 parse_time(const char *s, gsize n)
{
    gsize dot = 0;
    while (s[dot] != '.')
        dot++;
    guint64 sec = parse_u64_sat(s, dot);
    guint64 frac = 0;
    gsize digits = 0;
    for (gsize i = dot + 1; i < n - 1 && digits < 9; i++, digits++)
        frac = frac * 10 + (guint64)(s[i] - '0');
    for (; digits < 9; digits++)
        frac *= 10;
    if (sec > (G_MAXUINT64 - frac) / 1000000000u)
        return G_MAXUINT64;
    return sec * 1000000000u + frac;
}

/* Not Perl: when the line does not end in "event:", a one-line sample
 * ("... 1 cycles:u:  ffff sym+0x4 (/lib/x.so)", Intel PT "... => ...")
 * still names its event and carries its frame after it. */
static void match_inline(const char *s, gsize n, gsize p, KilnPerfScriptEvent *ev)
{
    guint64 period = 0;
    while (p < n) {
        while (p < n && kiln_perf_script_is_space(s[p]))
            p++;
        gsize t = p;
        while (p < n && !kiln_perf_script_is_space(s[p]))
            p++;
        gsize len = p - t;
        if (len == 0)
            return;
        if (s[t] == '[' || is_time_token(s + t, len))
            continue;
        gsize k = 0;
        while (k < len && IS_DIGIT(s[t + k]))
            k++;
        if (k == len) {
            period = parse_u64_sat(s + t, len);
            continue;
        }
        if (len < 2 || s[t + len - 1] != ':')
            return;
        while (p < n && kiln_perf_script_is_space(s[p]))
            p++;
        if (p == n)
            return;
        /* An Intel PT branch "from => to": the sample is at "from". */
        gsize fl = n - p;
        for (gsize i = p; i + 4 <= n; i++) {
            if (memcmp(s + i, " => ", 4) == 0) {
                fl = i - p;
                break;
            }
        }
        /* Only a real frame makes this form: a tracepoint's "name: args"
         * stays an event line without an event, as in Perl. */
        KilnPerfScriptFrame fr;
        if (!kiln_perf_script_frame_parse(s + p, fl, &fr))
            return;
        ev->event = s + t;
        ev->event_len = len - 1;
        ev->period = period;
        ev->inline_frame = s + p;
        ev->inline_frame_len = fl;
        return;
    }
}

gboolean kiln_perf_script_event_parse(const char *line, gsize len, KilnPerfScriptEvent *ev)
{
    memset(ev, 0, sizeof *ev);
    gsize p = match_head(line, len, ev);
    if (p == 0)
        return FALSE;
    /* The time is the first "SECONDS.FRACTION:" token after the pid. */
    for (gsize q = p; q < len;) {
        while (q < len && kiln_perf_script_is_space(line[q]))
            q++;
        gsize t = q;
        while (q < len && !kiln_perf_script_is_space(line[q]))
            q++;
        if (q > t && is_time_token(line + t, q - t)) {
            ev->time_ns = parse_time(line + t, q - t);
            break;
        }
        if (q > t && line[q - 1] == ':')
            break; /* the event name: no time field on this line */
    }
    if (!match_period(line, len, ev))
        match_inline(line, len, p, ev);
    return TRUE;
}

gboolean kiln_perf_script_event_matches(const KilnPerfScriptEvent *ev, const char *filter,
                                        gsize filter_len)
{
    if (!ev->event)
        return TRUE;
    if (ev->event_len == filter_len && memcmp(ev->event, filter, filter_len) == 0)
        return TRUE;
    return ev->event_len > filter_len && ev->event[filter_len] == ':' &&
           memcmp(ev->event, filter, filter_len) == 0;
}
