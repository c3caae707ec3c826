/* kiln-vdso.c — reading the vdso image through /proc/self/maps. */
#include "kiln-vdso.h"

#include <string.h>

KilnElfSymbols *kiln_vdso_symbols(void)
{
    g_autofree char *maps = NULL;
    if (!g_file_get_contents("/proc/self/maps", &maps, NULL, NULL))
        return NULL;
    for (char *line = maps; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        if (g_str_has_suffix(line, "[vdso]")) {
            char *dash = NULL;
            guint64 start = g_ascii_strtoull(line, &dash, 16);
            guint64 end = dash && *dash == '-' ? g_ascii_strtoull(dash + 1, NULL, 16) : 0;
            if (end > start && end - start <= (64u << 10)) {
                /* Copy first: the image is read through libelf as memory. */
                g_autofree void *copy = g_memdup2((const void *)(uintptr_t)start,
                                                  (gsize)(end - start));
                return kiln_elf_symbols_load_memory("[vdso]", copy, (gsize)(end - start));
            }
            return NULL;
        }
        line = nl ? nl + 1 : NULL;
    }
    return NULL;
}
