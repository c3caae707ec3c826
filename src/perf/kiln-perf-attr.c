/* kiln-perf-attr.c — KilnPerfAttr: event names and units. */
#include "kiln-perf-attr.h"

#include "kiln-perf-format.h"

#include <string.h>

static const char *const hw_names[] = {
    "cycles",
    "instructions",
    "cache-references",
    "cache-misses",
    "branches",
    "branch-misses",
    "bus-cycles",
    "stalled-cycles-frontend",
    "stalled-cycles-backend",
    "ref-cycles",
};
static const char *const sw_names[] = {
    "cpu-clock",        "task-clock",   "page-faults",  "context-switches",
    "cpu-migrations",   "minor-faults", "major-faults", "alignment-faults",
    "emulation-faults", "dummy",        "bpf-output",   "cgroup-switches",
};

char *kiln_perf_attr_default_name(const KilnPerfAttr *a)
{
    if (a->type == PERF_TYPE_HARDWARE && a->config < G_N_ELEMENTS(hw_names))
        return g_strdup(hw_names[a->config]);
    if (a->type == PERF_TYPE_SOFTWARE && a->config < G_N_ELEMENTS(sw_names))
        return g_strdup(sw_names[a->config]);
    if (a->type == PERF_TYPE_TRACEPOINT)
        return g_strdup_printf("tracepoint-%" G_GUINT64_FORMAT, a->config);
    if (a->type == PERF_TYPE_HW_CACHE)
        return g_strdup_printf("cache-event-0x%" G_GINT64_MODIFIER "x", a->config);
    if (a->type == PERF_TYPE_BREAKPOINT)
        return g_strdup("breakpoint");
    return g_strdup_printf("raw-0x%x-0x%" G_GINT64_MODIFIER "x", a->type, a->config);
}

char *kiln_perf_attr_base_name(const KilnPerfAttr *a)
{
    const char *n = a->name ? a->name : "";
    /* A PMU event "pmu/terms/mods": the modifiers follow the last '/'. */
    const char *slash = strrchr(n, '/');
    if (slash && slash != n && strchr(n, '/') != slash)
        return g_strndup(n, (gsize)(slash - n) + 1);
    /* A tracepoint is "subsystem:event", modifiers after a second ':';
     * a breakpoint "mem:ADDR:rw" keeps its access type. */
    const char *colon = strchr(n, ':');
    if (colon && (a->type == PERF_TYPE_TRACEPOINT || a->type == PERF_TYPE_BREAKPOINT))
        colon = a->type == PERF_TYPE_TRACEPOINT ? strchr(colon + 1, ':') : NULL;
    if (colon && colon != n)
        return g_strndup(n, (gsize)(colon - n));
    return g_strdup(n);
}

gboolean kiln_perf_attr_is_clock(const KilnPerfAttr *a)
{
    return a->type == PERF_TYPE_SOFTWARE &&
           (a->config == PERF_COUNT_SW_CPU_CLOCK || a->config == PERF_COUNT_SW_TASK_CLOCK);
}

const char *kiln_perf_attr_unit(const KilnPerfAttr *a)
{
    /* Without a PERIOD field a sample stands for attr.sample_period, which
     * is a period only with -c N; with -F it is the frequency, and the
     * samples are just counted. */
    gboolean periods = (a->sample_type & PERF_SAMPLE_PERIOD) || !(a->flags & PERF_ATTR_FLAG_FREQ);
    return kiln_perf_attr_is_clock(a) && periods ? "nanoseconds" : "count";
}
