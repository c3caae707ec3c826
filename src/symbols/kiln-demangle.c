/* kiln-demangle.c — __cxa_demangle from libstdc++, loaded on first use. */
#include "kiln-demangle.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

typedef char *(*CxaDemangle)(const char *mangled, char *buf, size_t *len, int *status);

static CxaDemangle demangler(void)
{
    static gsize once = 0;
    static CxaDemangle fn = NULL;
    if (g_once_init_enter(&once)) {
        void *lib = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);
        if (lib)
            fn = (CxaDemangle)dlsym(lib, "__cxa_demangle");
        /* The library stays loaded for the life of the process. */
        g_once_init_leave(&once, 1);
    }
    return fn;
}

/* Rust's legacy mangling goes through the C++ demangler and leaves
 * "path::to::fn::h0123456789abcdef" with $LT$-style escapes; perf then
 * drops the hash and undoes the escapes, and so does Kiln. */
static const struct {
    const char *from, *to;
} rust_escapes[] = {
    {"$C$", ","},   {"$SP$", "@"},  {"$BP$", "*"},  {"$RF$", "&"},  {"$LT$", "<"},
    {"$GT$", ">"},  {"$LP$", "("},  {"$RP$", ")"},  {"$u7e$", "~"}, {"$u20$", " "},
    {"$u27$", "'"}, {"$u5b$", "["}, {"$u5d$", "]"}, {"$u7b$", "{"}, {"$u7d$", "}"},
    {"$u3b$", ";"}, {"$u2b$", "+"}, {"$u22$", "\""},
};

static gboolean rust_hash(const char *h)
{
    if (strncmp(h, "::h", 3) != 0)
        return FALSE;
    guint seen = 0;
    for (int i = 3; i < 19; i++) {
        if (!g_ascii_isxdigit(h[i]))
            return FALSE;
        seen |= 1u << g_ascii_xdigit_value(h[i]);
    }
    /* Rust hashes use many digits; an accidental "::h" suffix does not. */
    return h[19] == 0 && __builtin_popcount(seen) >= 5;
}

static char *rust_tidy(char *d)
{
    gsize len = strlen(d);
    if (len <= 19 || !rust_hash(d + len - 19))
        return d;
    gsize n = len - 19;
    GString *out = g_string_sized_new(n);
    for (gsize i = 0; i < n;) {
        char c = d[i];
        if (c == '$') {
            gsize k = 0;
            for (; k < G_N_ELEMENTS(rust_escapes); k++) {
                gsize el = strlen(rust_escapes[k].from);
                if (i + el <= n && strncmp(d + i, rust_escapes[k].from, el) == 0) {
                    g_string_append(out, rust_escapes[k].to);
                    i += el;
                    break;
                }
            }
            if (k == G_N_ELEMENTS(rust_escapes)) {
                g_string_free(out, TRUE);
                return d; /* not Rust after all */
            }
        } else if (c == '.') {
            if (i + 1 < n && d[i + 1] == '.') {
                g_string_append(out, "::");
                i += 2;
            } else {
                g_string_append_c(out, '-');
                i++;
            }
        } else if (c == '_' && (i == 0 || d[i - 1] == ':') && d[i + 1] == '$') {
            i++; /* the mangler's "_" before a component starting with an escape */
        } else if (g_ascii_isalnum(c) || c == '_' || c == ':') {
            g_string_append_c(out, c);
            i++;
        } else {
            g_string_free(out, TRUE);
            return d;
        }
    }
    g_free(d);
    return g_string_free(out, FALSE);
}

/* perf prints demangled names without parameters (the fold cuts those
 * anyway) and so without the return type __cxa_demangle puts in front of
 * template functions ("std::pair<...> ns::f<int>(int)"): drop it, cutting
 * at the last space outside <> and () before the parameter list. */
static char *param_list(char *d)
{
    /* The group closed by the last ')'. */
    char *close = strrchr(d, ')');
    if (!close)
        return NULL;
    int depth = 0;
    for (char *p = close; p >= d; p--) {
        if (*p == ')')
            depth++;
        else if (*p == '(' && --depth == 0)
            return p;
    }
    return NULL;
}

static char *drop_return_type(char *d)
{
    gsize len = strlen(d);
    const char *open = param_list(d);
    /* Only template functions carry a return type, and their names end in
     * template arguments: "ns::f<int>(int)". */
    if (!open || open == d || open[-1] != '>')
        return d;
    /* "virtual thunk to ", "non-virtual thunk to ", "vtable for "…: keep. */
    const char *from = d;
    const char *to = strstr(d, " to ");
    const char *for_ = strstr(d, " for ");
    if (to && to < open && !memchr(d, '<', (gsize)(to - d)))
        from = to + 4;
    else if (for_ && for_ < open && !memchr(d, '<', (gsize)(for_ - d)))
        from = for_ + 5;
    const char *cut = NULL;
    int depth = 0;
    for (const char *p = from; p < open; p++) {
        if (*p == '<' || *p == '(')
            depth++;
        else if ((*p == '>' || *p == ')') && depth > 0)
            depth--;
        else if (*p == ' ' && depth == 0 && !(p - from >= 8 && strncmp(p - 8, "operator", 8) == 0))
            cut = p;
    }
    if (!cut)
        return d;
    gsize keep = (gsize)(from - d);
    memmove(d + keep, cut + 1, len - (gsize)(cut + 1 - d) + 1);
    return d;
}

gboolean kiln_demangle_available(void)
{
    return demangler() != NULL;
}

char *kiln_demangle_no_params(const char *sym)
{
    char *d = kiln_demangle(sym);
    char *open = d ? param_list(d) : NULL;
    if (open && open > d)
        *open = 0;
    return d;
}

char *kiln_demangle(const char *sym)
{
    if (sym[0] != '_' || sym[1] != 'Z')
        return NULL;
    CxaDemangle fn = demangler();
    if (!fn)
        return NULL;
    int status = 0;
    char *out = fn(sym, NULL, NULL, &status);
    if (status != 0 || !out) {
        free(out);
        return NULL;
    }
    /* Hand out GLib-allocated memory so callers can g_free it. */
    char *r = g_strdup(out);
    free(out);
    return rust_tidy(drop_return_type(r));
}
