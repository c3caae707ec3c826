#include "kiln-palette.h"
#include "core/kiln-hash.h"

#include <math.h>
#include <string.h>

static KilnRgb hsl(double h, double s, double l)
{
    double c = (1 - fabs(2 * l - 1)) * s;
    double hp = fmod(h, 360.0) / 60.0;
    double x = c * (1 - fabs(fmod(hp, 2.0) - 1));
    double r = 0, g = 0, b = 0;
    if (hp < 1)
        r = c, g = x;
    else if (hp < 2)
        r = x, g = c;
    else if (hp < 3)
        g = c, b = x;
    else if (hp < 4)
        g = x, b = c;
    else if (hp < 5)
        r = x, b = c;
    else
        r = c, b = x;
    double m = l - c / 2;
    return (KilnRgb){r + m, g + m, b + m};
}

size_t kiln_palette_package_len(const char *name)
{
    size_t len = strlen(name);
    /* Stop at the argument list or template: their punctuation is not
     * package structure. */
    size_t lim = strcspn(name, "(<[ ");
    if (lim == 0)
        lim = len;
    size_t cut = 0;
    for (size_t i = 0; i < lim; i++) {
        if (name[i] == '/')
            cut = i;
        else if (name[i] == ':' && i + 1 < lim && name[i + 1] == ':')
            cut = i;
        else if (name[i] == '.' && cut == 0)
            cut = i;
    }
    /* Go: "pkg/path.Func" — the package ends at the first '.' after the
     * last '/'. */
    const char *slash = memrchr(name, '/', lim);
    if (slash) {
        const char *dot = memchr(slash, '.', lim - (size_t)(slash - name));
        if (dot)
            cut = (size_t)(dot - name);
    }
    return cut ? cut : lim;
}

KilnRgb kiln_palette_frame_color(const KilnProfile *p, uint32_t frame, KilnPaletteKind kind,
                                 bool dark)
{
    const KilnFrame *f = &p->frames[frame];
    const char *name = kiln_profile_string(p, f->name);
    if (f->kind == KILN_FRAME_TRUNCATED || f->kind == KILN_FRAME_UNKNOWN)
        return dark ? (KilnRgb){0.35, 0.35, 0.38} : (KilnRgb){0.75, 0.75, 0.78};

    const char *key = name;
    size_t key_len = strlen(name);
    if (kind == KILN_PALETTE_MODULE) {
        if (f->module) {
            key = kiln_profile_string(p, f->module);
            key_len = strlen(key);
        } else {
            key_len = kiln_palette_package_len(name);
        }
    }
    uint64_t h = kiln_hash_bytes(key, key_len);
    double v1 = (double)(h & 0xffff) / 65535.0;
    double v2 = (double)((h >> 16) & 0xffff) / 65535.0;
    double v3 = (double)((h >> 32) & 0xffff) / 65535.0;

    double hue, sat, lig;
    switch (kind) {
    case KILN_PALETTE_MODULE:
        hue = v1 * 360.0;
        sat = 0.45 + 0.2 * v2;
        lig = 0.62 + 0.1 * v3;
        break;
    case KILN_PALETTE_BLUE:
        hue = 195 + 40 * v1;
        sat = 0.45 + 0.25 * v2;
        lig = 0.62 + 0.12 * v3;
        break;
    case KILN_PALETTE_HOT:
    default:
        hue = 0 + 50 * v1;
        sat = 0.75 + 0.2 * v2;
        lig = 0.55 + 0.12 * v3;
        break;
    }
    /* Frame kinds keep their folded-stack convention: kernel frames lean
     * orange-brown, JIT green, inlined cyan. */
    if (f->kind == KILN_FRAME_KERNEL)
        hue = 25 + 15 * v1, sat = 0.6, lig = 0.5 + 0.1 * v3;
    else if (f->kind == KILN_FRAME_JIT)
        hue = 90 + 40 * v1, sat = 0.5;
    else if (f->kind == KILN_FRAME_INLINED)
        hue = 175 + 15 * v1, sat = 0.5;
    else if (f->kind == KILN_FRAME_ROOT)
        sat *= 0.35;
    if (dark)
        lig *= 0.74;
    return hsl(hue, sat, lig);
}

KilnRgb kiln_palette_diff_color(double delta, bool dark)
{
    if (delta > 1)
        delta = 1;
    if (delta < -1)
        delta = -1;
    double base = dark ? 0.30 : 0.92;
    double a = fabs(delta);
    if (delta >= 0)
        return dark ? (KilnRgb){base + 0.55 * a, base * (1 - a), base * (1 - a)}
                    : (KilnRgb){base, base * (1 - 0.8 * a), base * (1 - 0.8 * a)};
    return dark ? (KilnRgb){base * (1 - a), base * (1 - a) + 0.1 * a, base + 0.55 * a}
                : (KilnRgb){base * (1 - 0.8 * a), base * (1 - 0.6 * a), base};
}

static double lin(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double kiln_palette_luminance(KilnRgb c)
{
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

KilnRgb kiln_palette_text_color(KilnRgb bg)
{
    /* WCAG contrast against black vs white: pick the larger. */
    double l = kiln_palette_luminance(bg);
    double with_black = (l + 0.05) / 0.05;
    double with_white = 1.05 / (l + 0.05);
    return with_black >= with_white ? (KilnRgb){0, 0, 0} : (KilnRgb){1, 1, 1};
}

KilnPaletteKind kiln_palette_from_string(const char *s, bool *ok)
{
    *ok = true;
    if (!s || strcmp(s, "hot") == 0)
        return KILN_PALETTE_HOT;
    if (strcmp(s, "module") == 0 || strcmp(s, "package") == 0)
        return KILN_PALETTE_MODULE;
    if (strcmp(s, "blue") == 0 || strcmp(s, "mem") == 0)
        return KILN_PALETTE_BLUE;
    *ok = false;
    return KILN_PALETTE_HOT;
}
