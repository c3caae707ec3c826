#include "kiln-granularity.h"

#include <string.h>

static const char *const names[KILN_GRANULARITY_N] = {"functions", "lines", "addresses"};

const char *kiln_granularity_name(KilnGranularity g)
{
    return (unsigned)g < KILN_GRANULARITY_N ? names[g] : names[0];
}

bool kiln_granularity_parse(const char *name, KilnGranularity *out)
{
    for (unsigned g = 0; name && g < KILN_GRANULARITY_N; g++) {
        if (strcmp(name, names[g]) == 0) {
            *out = (KilnGranularity)g;
            return true;
        }
    }
    return false;
}
