/* kiln-symbol-table.h — KilnSymbolTable: address ranges to names.
 *
 * Filled from an ELF symbol table, /proc/kallsyms or a /tmp/perf-PID.map,
 * then sealed: sorted by address; of several names for one address the
 * one perf would print is kept (choose_best_symbol(): sized over unsized,
 * strong over weak, global over local, fewer leading underscores, longer,
 * first seen); symbols without a size extend to the next symbol. Lookups
 * are a binary search.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef enum {
    KILN_SYMBOL_LOCAL,
    KILN_SYMBOL_GLOBAL,
    KILN_SYMBOL_WEAK,
} KilnSymbolBinding;

typedef struct {
    uint64_t start;
    uint64_t end;     /* exclusive; 0 until sealed when the size is unknown */
    const char *name; /* in the table's string chunk */
    uint32_t order;   /* insertion order, to break ties like perf does */
    uint8_t binding;  /* KilnSymbolBinding */
} KilnSymbol;

typedef struct {
    GArray *syms; /* KilnSymbol */
    GStringChunk *names;
    gboolean sealed;
    /* perf sizes kallsyms symbols (to the next one) before it picks among
     * aliases, so of unsized names for one address the last one wins. */
    gboolean unsized_last_wins;
} KilnSymbolTable;

KilnSymbolTable *kiln_symbol_table_new(void);
void kiln_symbol_table_free(KilnSymbolTable *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnSymbolTable, kiln_symbol_table_free)

/* size 0 = unknown (extends to the next symbol, at most `max_gap` bytes when
 * sealed, so the last symbol does not swallow the rest of the space). */
void kiln_symbol_table_add(KilnSymbolTable *t, uint64_t start, uint64_t size, const char *name,
                           gsize name_len);
void kiln_symbol_table_add_full(KilnSymbolTable *t, uint64_t start, uint64_t size,
                                const char *name, gsize name_len, KilnSymbolBinding binding);
void kiln_symbol_table_seal(KilnSymbolTable *t, uint64_t max_gap);

/* The symbol's name covering addr, or NULL; *index gets its position. */
const char *kiln_symbol_table_lookup(const KilnSymbolTable *t, uint64_t addr, uint32_t *index);

static inline guint kiln_symbol_table_size(const KilnSymbolTable *t)
{
    return t->syms->len;
}

G_END_DECLS
