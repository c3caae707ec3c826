/* kiln-symbol-cache.c — KilnSymbolCache: locating binaries and debug files. */
#include "kiln-symbol-cache.h"

#include <string.h>

struct _KilnSymbolCache {
    GHashTable *by_key; /* "path\nbuildid" -> KilnElfSymbols* (NULL = none found) */
    char **extra_paths;
    guint n_mismatched;
    char *mismatch_example;
};

KilnSymbolCache *kiln_symbol_cache_new(const char *const *extra_paths)
{
    KilnSymbolCache *c = g_new0(KilnSymbolCache, 1);
    c->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)kiln_elf_symbols_free);
    c->extra_paths = g_strdupv((char **)extra_paths);
    return c;
}

void kiln_symbol_cache_free(KilnSymbolCache *c)
{
    if (!c)
        return;
    g_hash_table_unref(c->by_key);
    g_strfreev(c->extra_paths);
    g_free(c->mismatch_example);
    g_free(c);
}

guint kiln_symbol_cache_n_mismatched(const KilnSymbolCache *c)
{
    return c->n_mismatched;
}

const char *kiln_symbol_cache_mismatch_example(const KilnSymbolCache *c)
{
    return c->mismatch_example;
}

static gboolean same_id(const KilnElfSymbols *e, const uint8_t *id, gsize n)
{
    return e->build_id_size == n && memcmp(e->build_id, id, n) == 0;
}

/* Loads `path` if it exists and (when an id is given) carries that id. */
static KilnElfSymbols *try_file(KilnSymbolCache *c, const char *path, const uint8_t *id, gsize n)
{
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
        return NULL;
    KilnElfSymbols *e = kiln_elf_symbols_load(path, TRUE, NULL);
    if (!e)
        return NULL;
    if (n && !same_id(e, id, n)) {
        c->n_mismatched++;
        if (!c->mismatch_example)
            c->mismatch_example = g_strdup(path);
        kiln_elf_symbols_free(e);
        return NULL;
    }
    return e;
}

static char *build_id_path(const char *root, const uint8_t *id, gsize n, const char *suffix)
{
    g_autofree char *hex = kiln_build_id_hex(id, n);
    g_autofree char *rest = g_strconcat(hex + 2, suffix, NULL);
    char two[3] = {hex[0], hex[1], 0};
    return g_build_filename(root, ".build-id", two, rest, NULL);
}

static KilnElfSymbols *find_binary(KilnSymbolCache *c, const char *path, const uint8_t *id,
                                   gsize n)
{
    KilnElfSymbols *e = NULL;
    if (n) {
        /* perf's cache: the link is a directory holding "elf" (newer perf)
         * or the file itself (older perf). */
        g_autofree char *home = g_build_filename(g_get_home_dir(), ".debug", NULL);
        g_autofree char *link = build_id_path(home, id, n, "");
        g_autofree char *elf = g_build_filename(link, "elf", NULL);
        if ((e = try_file(c, elf, id, n)) || (e = try_file(c, link, id, n)))
            return e;
    }
    for (char **p = c->extra_paths; p && *p; p++) {
        g_autofree char *full = g_build_filename(*p, path, NULL);
        g_autofree char *base = g_path_get_basename(path);
        g_autofree char *flat = g_build_filename(*p, base, NULL);
        if ((e = try_file(c, full, id, n)) || (e = try_file(c, flat, id, n)))
            return e;
    }
    if ((e = try_file(c, path, id, n)))
        return e;
    if (n) {
        g_autofree char *dbg = build_id_path("/usr/lib/debug", id, n, ".debug");
        e = try_file(c, dbg, id, n);
    }
    return e;
}

/* Swaps in the .symtab of a separate debug file matching e's build-id. */
static void add_debug_symbols(KilnSymbolCache *c, KilnElfSymbols *e)
{
    GPtrArray *cands = g_ptr_array_new_with_free_func(g_free);
    if (e->build_id_size)
        g_ptr_array_add(cands, build_id_path("/usr/lib/debug", e->build_id, e->build_id_size,
                                             ".debug"));
    if (e->debuglink) {
        g_autofree char *dir = g_path_get_dirname(e->path);
        g_ptr_array_add(cands, g_build_filename(dir, e->debuglink, NULL));
        g_ptr_array_add(cands, g_build_filename(dir, ".debug", e->debuglink, NULL));
        g_ptr_array_add(cands, g_build_filename("/usr/lib/debug", dir, e->debuglink, NULL));
    }
    for (guint i = 0; i < cands->len; i++) {
        const char *p = g_ptr_array_index(cands, i);
        if (strcmp(p, e->path) == 0)
            continue;
        KilnElfSymbols *d = try_file(c, p, e->build_id, e->build_id_size);
        if (d && d->has_symtab && kiln_symbol_table_size(d->table) > 0) {
            /* The PLT stubs come from the binary's relocations, which a
             * debug file lacks: carry them over. */
            const GArray *old = e->table->syms;
            for (guint k = 0; k < old->len; k++) {
                const KilnSymbol *sym = &g_array_index(old, KilnSymbol, k);
                if (g_str_has_suffix(sym->name, "@plt"))
                    kiln_symbol_table_add_full(d->table, sym->start, sym->end - sym->start,
                                               sym->name, strlen(sym->name), KILN_SYMBOL_GLOBAL);
            }
            kiln_symbol_table_seal(d->table, 4096);
            KilnSymbolTable *t = e->table;
            e->table = d->table;
            d->table = t;
            e->has_symtab = TRUE;
            kiln_elf_symbols_free(d);
            break;
        }
        kiln_elf_symbols_free(d);
    }
    g_ptr_array_unref(cands);
}

const KilnElfSymbols *kiln_symbol_cache_get(KilnSymbolCache *c, const char *path,
                                            const uint8_t *build_id, gsize n)
{
    g_autofree char *hex = n ? kiln_build_id_hex(build_id, n) : g_strdup("");
    char *key = g_strconcat(path, "\n", hex, NULL);
    gpointer v;
    if (g_hash_table_lookup_extended(c->by_key, key, NULL, &v)) {
        g_free(key);
        return v;
    }
    KilnElfSymbols *e = NULL;
    /* Only absolute paths name files; "[vdso]", "//anon" and the like do
     * not, and a recording's paths into /proc, /sys or /dev are never read
     * (a hostile file could name /proc/kcore). */
    if (path[0] == '/' && !g_str_has_prefix(path, "/proc/") && !g_str_has_prefix(path, "/sys/") &&
        !g_str_has_prefix(path, "/dev/"))
        e = find_binary(c, path, build_id, n);
    if (e && !e->has_symtab)
        add_debug_symbols(c, e);
    g_hash_table_insert(c->by_key, key, e);
    return e;
}
