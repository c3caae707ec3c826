/* kiln-units.h — values formatted for people, by unit: nanoseconds as
 * ms/s, bytes as KiB/MiB, counts as grouped integers. */
#pragma once

#include <glib.h>

#include "core/kiln-profile.h"

G_BEGIN_DECLS

/* Writes into buf (at least 64 bytes) and returns it. */
const char *kiln_format_quantity(double value, const char *unit, char *buf, gsize size);

/* A property's value for people: text as it is; a quantity in its readable
 * form ("1.91 s"), except the sampling period ("Period"), which shows the
 * exact number first ("10000000 (10.00 ms)") because that is what the
 * person set and will compare. Writes into buf (at least 128 bytes). */
const char *kiln_format_property(const KilnProperty *property, char *buf, gsize size);

G_END_DECLS
