/* kiln-demangle.c — __cxa_demangle from libstdc++, loaded on first use. */
#include "kiln-demangle.h"

#include <dlfcn.h>
#include <stdlib.h>

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

gboolean kiln_demangle_available(void)
{
    return demangler() != NULL;
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
    return r;
}
