/* kiln-perf-map.c — reading /tmp/perf-PID.map. */
#include "kiln-perf-map.h"

#include <string.h>

KilnSymbolTable *kiln_perf_map_load(const char *path)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL))
        return NULL;
    KilnSymbolTable *t = kiln_symbol_table_new();
    char *line = data, *end = data + len;
    while (line < end) {
        char *nl = memchr(line, '\n', (gsize)(end - line));
        char *eol = nl ? nl : end;
        char *p = line, *q;
        uint64_t start = g_ascii_strtoull(p, &q, 16);
        if (q != p && q < eol && *q == ' ') {
            p = q + 1;
            uint64_t size = g_ascii_strtoull(p, &q, 16);
            if (q != p && q < eol && *q == ' ') {
                char *name = q + 1;
                gsize n = (gsize)(eol - name);
                if (n > 0 && name[n - 1] == '\r')
                    n--;
                if (n > 0)
                    kiln_symbol_table_add(t, start, size, name, n);
            }
        }
        line = eol + 1;
    }
    if (kiln_symbol_table_size(t) == 0) {
        kiln_symbol_table_free(t);
        return NULL;
    }
    kiln_symbol_table_seal(t, 4096);
    return t;
}
