/* kiln-kallsyms.c — reading /proc/kallsyms. */
#include "kiln-kallsyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KilnSymbolTable *kiln_kallsyms_load(const char *path, uint64_t *text_addr)
{
    *text_addr = 0;
    /* Streamed line by line: the file is ~10 MB of text on a distribution
     * kernel, and only the parsed table needs to stay. */
    FILE *f = fopen(path, "re");
    if (!f)
        return NULL;
    KilnSymbolTable *t = kiln_symbol_table_new();
    t->unsized_last_wins = TRUE;
    gboolean any_addr = FALSE;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        char *eol = line + n;
        if (eol > line && eol[-1] == '\n')
            *--eol = 0;
        /* "ffffffff81000000 T _text" or "... t name\t[module]" */
        char *sp1 = memchr(line, ' ', (gsize)(eol - line));
        if (!sp1 || eol - sp1 <= 3 || sp1[2] != ' ')
            continue;
        char type = sp1[1];
        char *name = sp1 + 3;
        char *name_end = name;
        while (name_end < eol && *name_end != '\t' && *name_end != ' ')
            name_end++;
        uint64_t addr = g_ascii_strtoull(line, NULL, 16);
        if (addr)
            any_addr = TRUE;
        if (name_end - name == 5 && memcmp(name, "_text", 5) == 0)
            *text_addr = addr;
        if (addr && (type == 't' || type == 'T' || type == 'w' || type == 'W'))
            kiln_symbol_table_add_full(t, addr, 0, name, (gsize)(name_end - name),
                                       type == 'T'   ? KILN_SYMBOL_GLOBAL
                                       : type == 't' ? KILN_SYMBOL_LOCAL
                                                     : KILN_SYMBOL_WEAK);
    }
    free(line);
    fclose(f);
    if (!any_addr || kiln_symbol_table_size(t) == 0) {
        kiln_symbol_table_free(t);
        return NULL;
    }
    kiln_symbol_table_seal(t, 1u << 20);
    return t;
}
