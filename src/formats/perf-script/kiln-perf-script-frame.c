/* kiln-perf-script-frame.c — stack-line parse and stackcollapse-perf.pl's
 * naming rules (see the header). */
#include "kiln-perf-script-frame.h"
#include "kiln-perf-script-event.h"

#include <string.h>

static gboolean is_word(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* ^\s*(\w+)\s*(.+) \((.*)\)
 * E, the last " (" with a ')' at least two bytes after it, and R, the last
 * ')', fix (.+)'s end and the module whatever the start, because both
 * quantifiers after \w+ are greedy. Backtracking only moves the start of
 * (.+) left until it is at least one byte before E: first by giving back
 * whitespace of \s*, then bytes of \w+. */
gboolean kiln_perf_script_frame_parse(const char *s, gsize n, KilnPerfScriptFrame *fr)
{
    gsize lead = 0;
    while (lead < n && kiln_perf_script_is_space(s[lead]))
        lead++;
    gsize w = lead;
    while (w < n && is_word(s[w]))
        w++;
    if (w == lead)
        return FALSE;
    const char *rp = NULL;
    for (gsize i = n; i > 0; i--) {
        if (s[i - 1] == ')') {
            rp = s + i - 1;
            break;
        }
    }
    if (!rp)
        return FALSE;
    gsize r = (gsize)(rp - s);
    gsize e = G_MAXSIZE;
    for (gsize i = r >= 2 ? r - 2 + 1 : 0; i > 0; i--) {
        if (s[i - 1] == ' ' && s[i] == '(') {
            e = i - 1;
            break;
        }
    }
    if (e == G_MAXSIZE || e < 1)
        return FALSE;
    gsize ws = w;
    while (ws < n && kiln_perf_script_is_space(s[ws]))
        ws++;
    gsize pc_end = w, fs;
    if (ws < e)
        fs = ws;
    else if (w < e)
        fs = e - 1;
    else if (e - 1 > lead)
        fs = pc_end = e - 1;
    else
        return FALSE;
    fr->pc = s + lead;
    fr->pc_len = pc_end - lead;
    fr->func = s + fs;
    fr->func_len = e - fs;
    fr->module = s + e + 2;
    fr->module_len = r - (e + 2);
    return TRUE;
}

static gboolean is_hex_lower(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static gboolean span_eq(const char *s, gsize n, const char *lit)
{
    gsize l = strlen(lit);
    return n == l && memcmp(s, lit, l) == 0;
}

static gboolean span_has(const char *s, gsize n, const char *lit)
{
    gsize l = strlen(lit);
    for (gsize i = 0; i + l <= n; i++)
        if (memcmp(s + i, lit, l) == 0)
            return TRUE;
    return FALSE;
}

/* s/\+0x[\da-f]+$// */
static gsize strip_offset(const char *s, gsize n)
{
    gsize j = n;
    while (j > 0 && is_hex_lower(s[j - 1]))
        j--;
    if (j < n && j >= 3 && s[j - 3] == '+' && s[j - 2] == '0' && s[j - 1] == 'x')
        return j - 3;
    return n;
}

/* The module's kind under --kernel / --jit: m/(^\[|vmlinux$)/ without
 * "unknown", and m:/tmp/perf-\d+\.map:. */
static KilnFrameKind module_kind(const KilnPerfScriptFrame *fr, guint flags)
{
    const char *m = fr->module;
    gsize n = fr->module_len;
    if (flags & KILN_PERF_SCRIPT_KERNEL) {
        gboolean k = (n > 0 && m[0] == '[') || (n >= 7 && memcmp(m + n - 7, "vmlinux", 7) == 0);
        if (k && !span_has(m, n, "unknown"))
            return KILN_FRAME_KERNEL;
    }
    if (flags & KILN_PERF_SCRIPT_JIT) {
        for (gsize i = 0; i + 10 <= n; i++) {
            if (memcmp(m + i, "/tmp/perf-", 10) != 0)
                continue;
            gsize d = i + 10;
            while (d < n && m[d] >= '0' && m[d] <= '9')
                d++;
            if (d > i + 10 && d + 4 <= n && memcmp(m + d, ".map", 4) == 0)
                return KILN_FRAME_JIT;
        }
    }
    return KILN_FRAME_NORMAL;
}

/* The generic and Java tidy-ups, in place on out[start..]. */
static void tidy(GString *out, gsize start, guint flags)
{
    char *s = out->str + start;
    gsize n = out->len - start;
    for (gsize i = 0; i < n; i++)
        if (s[i] == ';')
            s[i] = ':';
    /* m/\.\(.*\)\./ marks a Go method ("net/http.(*Client).Do"): keep it. */
    gboolean go = FALSE;
    for (gsize i = 0; i + 1 < n && !go; i++) {
        if (s[i] == '.' && s[i + 1] == '(') {
            for (gsize j = n - 1; j >= i + 2 && !go; j--)
                if (s[j - 1] == ')' && s[j] == '.')
                    go = TRUE;
            break;
        }
    }
    if (!go) {
        static const char anon[] = "anonymous namespace)";
        for (gsize i = 0; i < n; i++) {
            if (s[i] != '(')
                continue;
            if (n - i - 1 >= sizeof anon - 1 && memcmp(s + i + 1, anon, sizeof anon - 1) == 0)
                continue;
            n = i;
            break;
        }
    }
    gsize o = 0;
    for (gsize i = 0; i < n; i++)
        if (s[i] != '"' && s[i] != '\'')
            s[o++] = s[i];
    n = o;
    if ((flags & KILN_PERF_SCRIPT_JAVA) && n > 0 && s[0] == 'L' && memchr(s, '/', n)) {
        memmove(s, s + 1, n - 1);
        n--;
    }
    g_string_truncate(out, start + n);
}

gsize kiln_perf_script_frame_symbol_len(const KilnPerfScriptFrame *fr)
{
    return strip_offset(fr->func, fr->func_len);
}

gboolean kiln_perf_script_frame_uses_pc(const KilnPerfScriptFrame *fr, guint flags)
{
    return (flags & KILN_PERF_SCRIPT_ADDRS) && span_has(fr->func, fr->func_len, "[unknown]");
}

guint kiln_perf_script_frame_names(const KilnPerfScriptFrame *fr, guint flags, GString *out,
                                   GArray *names)
{
    gsize n = strip_offset(fr->func, fr->func_len);
    const char *f = fr->func;
    if (n > 0 && f[0] == '(')
        return 0;
    /* split /->/ drops trailing empty fields. */
    while (n >= 2 && f[n - 2] == '-' && f[n - 1] == '>')
        n -= 2;
    if (n == 0)
        return 0;
    KilnFrameKind mod_kind = module_kind(fr, flags);
    guint count = 0;
    gsize pos = 0;
    while (pos <= n) {
        gsize end = pos;
        while (end < n && !(f[end] == '-' && end + 1 < n && f[end + 1] == '>'))
            end++;
        gsize start = out->len;
        if (span_eq(f + pos, end - pos, "[unknown]")) {
            g_string_append_c(out, '[');
            if (!span_eq(fr->module, fr->module_len, "[unknown]")) {
                gsize b = fr->module_len;
                while (b > 0 && fr->module[b - 1] != '/')
                    b--;
                g_string_append_len(out, fr->module + b, fr->module_len - b);
            } else {
                g_string_append(out, "unknown");
            }
            if (flags & KILN_PERF_SCRIPT_ADDRS) {
                g_string_append(out, " <");
                g_string_append_len(out, fr->pc, fr->pc_len);
                g_string_append_c(out, '>');
            }
            g_string_append_c(out, ']');
        } else {
            g_string_append_len(out, f + pos, end - pos);
        }
        tidy(out, start, flags);
        KilnPerfScriptName name = {start, out->len - start, mod_kind};
        if (count > 0)
            name.kind = span_has(out->str + start, name.len, "_[i]") ? KILN_FRAME_NORMAL
                                                                    : KILN_FRAME_INLINED;
        g_array_append_val(names, name);
        count++;
        if (end >= n)
            break;
        pos = end + 2;
    }
    return count;
}
