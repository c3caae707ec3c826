/* kiln-importers.c — the registry of built-in importers and sniffing. */
#include "kiln-importer.h"

#include <string.h>

extern const KilnImporter kiln_folded_importer;
extern const KilnImporter kiln_perf_script_importer;
extern const KilnImporter kiln_perf_data_importer;
extern const KilnImporter kiln_pprof_importer;

static const KilnImporter *const importers[] = {
    &kiln_pprof_importer,
    &kiln_perf_data_importer,
    &kiln_perf_script_importer,
    &kiln_folded_importer,
    NULL,
};

const KilnImporter *const *kiln_importers(void)
{
    return importers;
}

const KilnImporter *kiln_importer_find(const char *id)
{
    for (const KilnImporter *const *i = importers; *i; i++)
        if (strcmp((*i)->id, id) == 0)
            return *i;
    return NULL;
}

const KilnImporter *kiln_importer_sniff(const guint8 *data, gsize len)
{
    gsize head = MIN(len, (gsize)64 << 10);
    const KilnImporter *best = NULL;
    int best_score = 0;
    for (const KilnImporter *const *i = importers; *i; i++) {
        int score = (*i)->sniff(data, head);
        if (score > best_score) {
            best_score = score;
            best = *i;
        }
    }
    return best;
}
