/* kiln-symbol-table.c — KilnSymbolTable: sorted address ranges. */
#include "kiln-symbol-table.h"

#include <string.h>

KilnSymbolTable *kiln_symbol_table_new(void)
{
    KilnSymbolTable *t = g_new0(KilnSymbolTable, 1);
    t->syms = g_array_new(FALSE, FALSE, sizeof(KilnSymbol));
    t->names = g_string_chunk_new(64 << 10);
    return t;
}

void kiln_symbol_table_free(KilnSymbolTable *t)
{
    if (!t)
        return;
    g_array_unref(t->syms);
    g_string_chunk_free(t->names);
    g_free(t);
}

void kiln_symbol_table_add_full(KilnSymbolTable *t, uint64_t start, uint64_t size,
                                const char *name, gsize name_len, KilnSymbolBinding binding)
{
    KilnSymbol s = {start, size ? start + size : 0,
                    g_string_chunk_insert_len(t->names, name, (gssize)name_len), t->syms->len,
                    (uint8_t)binding};
    if (s.end != 0 && s.end < start)
        s.end = UINT64_MAX;
    g_array_append_val(t->syms, s);
    t->sealed = FALSE;
}

void kiln_symbol_table_add(KilnSymbolTable *t, uint64_t start, uint64_t size, const char *name,
                           gsize name_len)
{
    kiln_symbol_table_add_full(t, start, size, name, name_len, KILN_SYMBOL_GLOBAL);
}

static int underscores(const char *s)
{
    int n = 0;
    while (s[n] == '_')
        n++;
    return n;
}

/* Negative when a is the better name for the address, as perf decides. */
static int better(const KilnSymbolTable *t, const KilnSymbol *a, const KilnSymbol *b)
{
    if ((a->end != 0) != (b->end != 0))
        return a->end ? -1 : 1;
    if (t->unsized_last_wins && a->end == 0 && b->end == 0)
        return a->order > b->order ? -1 : a->order < b->order;
    if ((a->binding == KILN_SYMBOL_WEAK) != (b->binding == KILN_SYMBOL_WEAK))
        return a->binding == KILN_SYMBOL_WEAK ? 1 : -1;
    if ((a->binding == KILN_SYMBOL_GLOBAL) != (b->binding == KILN_SYMBOL_GLOBAL))
        return a->binding == KILN_SYMBOL_GLOBAL ? -1 : 1;
    int ua = underscores(a->name), ub = underscores(b->name);
    if (ua != ub)
        return ua < ub ? -1 : 1;
    size_t la = strlen(a->name), lb = strlen(b->name);
    if (la != lb)
        return la > lb ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static int cmp_sym(gconstpointer a, gconstpointer b, gpointer table)
{
    const KilnSymbol *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return better(table, x, y);
}

void kiln_symbol_table_seal(KilnSymbolTable *t, uint64_t max_gap)
{
    GArray *a = t->syms;
    g_array_sort_with_data(a, cmp_sym, t);
    guint out = 0;
    for (guint i = 0; i < a->len; i++) {
        KilnSymbol s = g_array_index(a, KilnSymbol, i);
        if (out > 0 && g_array_index(a, KilnSymbol, out - 1).start == s.start)
            continue; /* aliases: keep the first */
        g_array_index(a, KilnSymbol, out++) = s;
    }
    g_array_set_size(a, out);
    for (guint i = 0; i < a->len; i++) {
        KilnSymbol *s = &g_array_index(a, KilnSymbol, i);
        if (s->end)
            continue;
        uint64_t next = i + 1 < a->len ? g_array_index(a, KilnSymbol, i + 1).start : UINT64_MAX;
        uint64_t cap = s->start + max_gap < s->start ? UINT64_MAX : s->start + max_gap;
        s->end = MIN(next, cap);
        if (s->end <= s->start)
            s->end = s->start + 1;
    }
    t->sealed = TRUE;
}

const char *kiln_symbol_table_lookup(const KilnSymbolTable *t, uint64_t addr, uint32_t *index)
{
    const GArray *a = t->syms;
    guint lo = 0, hi = a->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(a, KilnSymbol, mid).start <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* Sized symbols may nest or overlap; look back a little for one that
     * covers addr. */
    for (guint k = 0; k < 4 && lo > k; k++) {
        const KilnSymbol *s = &g_array_index(a, KilnSymbol, lo - 1 - k);
        if (addr < s->end) {
            if (index)
                *index = lo - 1 - k;
            return s->name;
        }
    }
    return NULL;
}
