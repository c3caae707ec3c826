#include "kiln-profile-stats.h"

#include <string.h>

KilnProfileStats *kiln_profile_stats_new(const KilnProfile *p, uint32_t type, uint32_t max_top)
{
    KilnProfileStats *s = g_new0(KilnProfileStats, 1);
    s->type = type < p->n_types ? type : p->default_type;
    s->n_functions = kiln_profile_count_functions(p);
    s->n_stacks = kiln_profile_count_stacks(p);
    uint32_t n = 0;
    KilnTopEntry *all = kiln_top_compute(p, s->type, KILN_ROOT_NODE, KILN_TOP_BY_SELF, &n);
    s->n_top = MIN(n, max_top);
    s->top = g_new(KilnTopEntry, s->n_top ? s->n_top : 1);
    if (s->n_top)
        memcpy(s->top, all, sizeof *all * s->n_top);
    g_free(all);
    return s;
}

void kiln_profile_stats_free(KilnProfileStats *s)
{
    if (!s)
        return;
    g_free(s->top);
    g_free(s);
}
