/* kiln-units.h — values formatted for people, by unit: nanoseconds as
 * ms/s, bytes as KiB/MiB, counts as grouped integers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes into buf (at least 64 bytes) and returns it. */
const char *kiln_format_quantity(double value, const char *unit, char *buf, gsize size);

G_END_DECLS
