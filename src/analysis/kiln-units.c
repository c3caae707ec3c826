#include "kiln-units.h"

#include <math.h>
#include <string.h>

static const char *group(double v, char *buf, gsize size)
{
    if (v != floor(v) || fabs(v) >= 1e18) {
        g_snprintf(buf, size, "%.4g", v);
        return buf;
    }
    char digits[32];
    g_snprintf(digits, sizeof digits, "%.0f", fabs(v));
    gsize n = strlen(digits), o = 0;
    if (v < 0 && o + 1 < size)
        buf[o++] = '-';
    for (gsize i = 0; i < n && o + 2 < size; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = 0;
    return buf;
}

const char *kiln_format_quantity(double v, const char *unit, char *buf, gsize size)
{
    double a = fabs(v);
    if (!unit)
        unit = "";
    if (g_str_equal(unit, "nanoseconds") || g_str_equal(unit, "ns")) {
        if (a >= 60e9)
            g_snprintf(buf, size, "%.2f min", v / 60e9);
        else if (a >= 1e9)
            g_snprintf(buf, size, "%.2f s", v / 1e9);
        else if (a >= 1e6)
            g_snprintf(buf, size, "%.2f ms", v / 1e6);
        else if (a >= 1e3)
            g_snprintf(buf, size, "%.2f µs", v / 1e3);
        else
            g_snprintf(buf, size, "%.0f ns", v);
        return buf;
    }
    if (g_str_equal(unit, "microseconds") || g_str_equal(unit, "us"))
        return kiln_format_quantity(v * 1e3, "nanoseconds", buf, size);
    if (g_str_equal(unit, "milliseconds") || g_str_equal(unit, "ms"))
        return kiln_format_quantity(v * 1e6, "nanoseconds", buf, size);
    if (g_str_equal(unit, "seconds") || g_str_equal(unit, "s"))
        return kiln_format_quantity(v * 1e9, "nanoseconds", buf, size);
    if (g_str_equal(unit, "bytes") || g_str_equal(unit, "byte")) {
        static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (a >= 1024 && u < 5) {
            a /= 1024;
            v /= 1024;
            u++;
        }
        if (u == 0)
            g_snprintf(buf, size, "%.0f B", v);
        else
            g_snprintf(buf, size, "%.2f %s", v, units[u]);
        return buf;
    }
    group(v, buf, size);
    return buf;
}

const char *kiln_format_property(const KilnProperty *prop, char *buf, gsize size)
{
    if (!prop->unit)
        return prop->value;
    char readable[64];
    kiln_format_quantity(prop->quantity, prop->unit, readable, sizeof readable);
    if (strcmp(prop->key, "Period") == 0)
        g_snprintf(buf, size, "%s (%s)", prop->value, readable);
    else
        g_strlcpy(buf, readable, size);
    return buf;
}
