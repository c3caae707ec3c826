/* kiln-cli-time.c — `--time A,B` for every verb: the samples with
 * A <= t - t0 < B, t0 being the earliest sample of the recording.
 *
 * A and B are read as decimal seconds straight into integer nanoseconds
 * (no binary floating point in between), so "1.25" is exactly
 * 1,250,000,000 ns and a range test agrees with perf script's --ns times.
 */
#include "kiln-cli.h"
#include "analysis/kiln-heat-map.h"
#include "analysis/kiln-transform.h"

#include <stdio.h>
#include <string.h>

/* "12", "1.25", ".5": at most nine decimals; FALSE on anything else. */
static gboolean parse_seconds(const char *s, const char *end, uint64_t *ns)
{
    uint64_t whole = 0, frac = 0, scale = KILN_NS_PER_SECOND;
    const char *p = s;
    gboolean digits = FALSE;
    for (; p < end && g_ascii_isdigit(*p); p++) {
        if (whole > UINT64_MAX / 10 / KILN_NS_PER_SECOND)
            return FALSE;
        whole = whole * 10 + (uint64_t)(*p - '0');
        digits = TRUE;
    }
    if (p < end && *p == '.') {
        for (p++; p < end && g_ascii_isdigit(*p); p++) {
            if (scale == 1)
                return FALSE; /* finer than a nanosecond */
            scale /= 10;
            frac += (uint64_t)(*p - '0') * scale;
            digits = TRUE;
        }
    }
    if (!digits || p != end)
        return FALSE;
    *ns = whole * KILN_NS_PER_SECOND + frac;
    return TRUE;
}

gboolean kiln_cli_parse_time_range(const char *text, uint64_t *a, uint64_t *b)
{
    const char *comma = strchr(text, ',');
    if (!comma || !parse_seconds(text, comma, a) ||
        !parse_seconds(comma + 1, comma + strlen(comma), b) || *b <= *a) {
        fprintf(stderr,
                _("kiln-cli: invalid --time “%s”: write START,END in seconds since the first "
                  "sample, with START before END, e.g. --time 1.25,2.5\n"),
                text);
        return FALSE;
    }
    return TRUE;
}

uint64_t kiln_cli_profile_t0(const KilnProfile *p)
{
    uint64_t t0 = UINT64_MAX;
    for (uint64_t i = 0; p->sample_time && i < p->n_samples; i++)
        if (p->sample_time[i] && p->sample_time[i] < t0)
            t0 = p->sample_time[i];
    return t0 == UINT64_MAX ? 0 : t0;
}

KilnProfile *kiln_cli_apply_time(KilnProfile *p, const char *range, uint64_t origin)
{
    uint64_t a, b;
    if (!kiln_cli_parse_time_range(range, &a, &b)) {
        kiln_profile_unref(p);
        return NULL;
    }
    if (!origin) {
        fprintf(stderr, "%s\n",
                _("kiln-cli: this profile has no sample times, so --time cannot select a range "
                  "of it; record with perf to keep the times of samples."));
        kiln_profile_unref(p);
        return NULL;
    }
    /* The derive engine's time range step, the same transform the app's
     * range chip applies. */
    g_autoptr(KilnTransform) range_step = kiln_transform_new_time_range(origin + a, origin + b);
    GError *err = NULL;
    KilnProfile *kept = kiln_transform_apply(range_step, p, NULL, NULL, &err);
    kiln_profile_unref(p);
    if (!kept) {
        fprintf(stderr, "kiln-cli: %s\n", err->message);
        g_error_free(err);
    }
    return kept;
}
