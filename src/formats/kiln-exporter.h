/* kiln-exporter.h — KilnExporter, writing a profile back out as text or
 * binary profile formats (images are in render/). */
#pragma once

#include <stdio.h>

#include "core/kiln-profile.h"
#include "formats/kiln-format-error.h"

G_BEGIN_DECLS

typedef struct {
    const char *id;   /* "folded", "pprof" */
    const char *name;
    gboolean binary;  /* refuse to write it to a terminal */
    /* `type` is the sample type to write for single-valued formats;
     * multi-valued formats (pprof) write every type and ignore it. */
    gboolean (*write)(const KilnProfile *profile, uint32_t type, FILE *out, GError **error);
} KilnExporter;

const KilnExporter *kiln_exporter_find(const char *id);
const KilnExporter *const *kiln_exporters(void);

/* Folded stacks with one value column, or two ("stack BEFORE AFTER", the
 * differential form flamegraph.pl and inferno-diff-folded read): a line
 * for every stack with a value in any column. */
gboolean kiln_folded_write_columns(const KilnProfile *profile, const uint32_t *types,
                                   uint32_t n_types, FILE *out, GError **error);

/* Formats a value the way the text exporters write it: an integer when it
 * is integral, else the shortest decimal that reads back to the same
 * double. buf must hold G_ASCII_DTOSTR_BUF_SIZE bytes. */
const char *kiln_format_value(double value, char *buf);

G_END_DECLS
