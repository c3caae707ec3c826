/* test-perf-data-symbols.c — src/symbols/ on its own: ELF symbol tables
 * and build-ids through libelf, the per-file cache and its build-id check,
 * perf's choice among aliases, /proc/kallsyms and /tmp/perf-PID.map
 * parsing, demangling.
 */
#include "kiln-test-util.h"

#include <glib/gstdio.h>

#include "symbols/kiln-demangle.h"
#include "symbols/kiln-elf-symbols.h"
#include "symbols/kiln-kallsyms.h"
#include "symbols/kiln-perf-map.h"
#include "symbols/kiln-symbol-cache.h"

static const char *workload(void)
{
    const char *w = g_getenv("KILN_PERF_WORKLOAD");
    g_assert_nonnull(w);
    return w;
}

/* The address a symbol of the workload has, by name. */
static uint64_t address_of(const KilnElfSymbols *e, const char *name)
{
    const GArray *a = e->table->syms;
    for (guint i = 0; i < a->len; i++) {
        const KilnSymbol *s = &g_array_index(a, KilnSymbol, i);
        if (strcmp(s->name, name) == 0)
            return s->start;
    }
    g_error("no symbol %s", name);
    return 0;
}

static void test_elf(void)
{
    GError *err = NULL;
    g_autoptr(KilnElfSymbols) e = kiln_elf_symbols_load(workload(), TRUE, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(e->build_id_size, ==, 20);
    g_assert_true(e->has_symtab);
    g_assert_cmpuint(e->segments->len, >=, 1);
    const char *fns[] = {"main", "run_phase", "spin_alpha", "spin_beta", "leaf_work"};
    for (gsize i = 0; i < G_N_ELEMENTS(fns); i++) {
        uint64_t at = address_of(e, fns[i]);
        /* Anywhere inside the function names it. */
        g_assert_cmpstr(kiln_symbol_table_lookup(e->table, at + 1, NULL), ==, fns[i]);
    }
    g_assert_null(kiln_symbol_table_lookup(e->table, 1, NULL));
    /* PLT stubs are named after their callee, as perf names them. */
    uint64_t plt = address_of(e, "clock_gettime@plt");
    g_assert_cmpstr(kiln_symbol_table_lookup(e->table, plt + 4, NULL), ==, "clock_gettime@plt");
    g_autoptr(KilnElfSymbols) bad = kiln_elf_symbols_load("/proc/self/status", TRUE, &err);
    g_assert_null(bad);
    g_assert_error(err, KILN_SYMBOLS_ERROR, KILN_SYMBOLS_ERROR_NOT_ELF);
    g_clear_error(&err);
}

static void test_cache_build_id(void)
{
    GError *err = NULL;
    g_autoptr(KilnElfSymbols) e = kiln_elf_symbols_load(workload(), FALSE, &err);
    g_assert_no_error(err);
    g_autoptr(KilnSymbolCache) c = kiln_symbol_cache_new(NULL);
    /* The right id finds the file, once (cached by path and id). */
    const KilnElfSymbols *a = kiln_symbol_cache_get(c, workload(), e->build_id, 20);
    g_assert_nonnull(a);
    g_assert_true(kiln_symbol_cache_get(c, workload(), e->build_id, 20) == a);
    /* Another id: the file is never used. */
    uint8_t wrong[20];
    memcpy(wrong, e->build_id, 20);
    wrong[0] ^= 0xff;
    g_assert_null(kiln_symbol_cache_get(c, workload(), wrong, 20));
    g_assert_cmpuint(kiln_symbol_cache_n_mismatched(c), ==, 1);
    g_assert_cmpstr(kiln_symbol_cache_mismatch_example(c), ==, workload());
    /* No id recorded: the path is all there is. */
    g_assert_nonnull(kiln_symbol_cache_get(c, workload(), NULL, 0));
    g_assert_null(kiln_symbol_cache_get(c, "[vdso]", NULL, 0));
}

/* perf's choose_best_symbol() order among names for one address. */
static void test_aliases(void)
{
    g_autoptr(KilnSymbolTable) t = kiln_symbol_table_new();
    kiln_symbol_table_add_full(t, 0x1000, 0x10, "__clock_gettime_2", 17, KILN_SYMBOL_LOCAL);
    kiln_symbol_table_add_full(t, 0x1000, 0x10, "clock_gettime@@GLIBC_2.17", 25,
                               KILN_SYMBOL_GLOBAL);
    kiln_symbol_table_add_full(t, 0x1000, 0x10, "clock_gettime@GLIBC_2.2.5", 25,
                               KILN_SYMBOL_GLOBAL);
    kiln_symbol_table_add_full(t, 0x1000, 0x10, "__clock_gettime", 15, KILN_SYMBOL_GLOBAL);
    kiln_symbol_table_add_full(t, 0x2000, 0x10, "clock_gettime", 13, KILN_SYMBOL_WEAK);
    kiln_symbol_table_add_full(t, 0x2000, 0x10, "__vdso_clock_gettime", 20, KILN_SYMBOL_GLOBAL);
    kiln_symbol_table_add_full(t, 0x3000, 0, "label", 5, KILN_SYMBOL_GLOBAL);
    kiln_symbol_table_add_full(t, 0x3000, 0x20, "sized", 5, KILN_SYMBOL_LOCAL);
    kiln_symbol_table_add(t, 0x5000, 0, "unsized_last", 12);
    kiln_symbol_table_seal(t, 0x100);
    g_assert_cmpuint(kiln_symbol_table_size(t), ==, 4);
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0x1008, NULL), ==, "clock_gettime@@GLIBC_2.17");
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0x2000, NULL), ==, "__vdso_clock_gettime");
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0x301f, NULL), ==, "sized");
    g_assert_null(kiln_symbol_table_lookup(t, 0x3020, NULL));
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0x50ff, NULL), ==, "unsized_last");
    g_assert_null(kiln_symbol_table_lookup(t, 0x5100, NULL));
}

static void test_kallsyms(void)
{
    g_autofree char *dir = g_dir_make_tmp("kiln-ksyms-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "kallsyms", NULL);
    g_assert_true(g_file_set_contents(path,
                                      "ffffffff81000000 T _text\n"
                                      "ffffffff81000100 T start_kernel\n"
                                      "ffffffff81000200 d some_data\n"
                                      "ffffffff81000300 t helper\n"
                                      "ffffffff81000400 T memcpy\n"
                                      "ffffffff81000400 T __pi_memcpy\n"
                                      "ffffffffc0001000 t mod_fn\t[snd_hda]\n",
                                      -1, NULL));
    uint64_t text = 0;
    g_autoptr(KilnSymbolTable) t = kiln_kallsyms_load(path, &text);
    g_assert_nonnull(t);
    g_assert_cmphex(text, ==, 0xffffffff81000000);
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0xffffffff81000250, NULL), ==, "start_kernel");
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0xffffffff81000301, NULL), ==, "helper");
    /* perf keeps the last of unsized aliases (it sizes them first). */
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0xffffffff81000400, NULL), ==, "__pi_memcpy");
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0xffffffffc0001004, NULL), ==, "mod_fn");
    /* kptr_restrict hides every address: nothing usable. */
    g_assert_true(g_file_set_contents(path,
                                      "0000000000000000 T _text\n"
                                      "0000000000000000 T start_kernel\n",
                                      -1, NULL));
    g_assert_null(kiln_kallsyms_load(path, &text));
    g_unlink(path);
    g_rmdir(dir);
}

static void test_perf_map(void)
{
    g_autofree char *dir = g_dir_make_tmp("kiln-pmap-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "perf-1.map", NULL);
    g_assert_true(g_file_set_contents(path,
                                      "7f0000001000 40 LazyCompile:~main file.js:1\r\n"
                                      "garbage line\n"
                                      "7f0000002000 10 Lcom/example/Foo;::bar\n",
                                      -1, NULL));
    g_autoptr(KilnSymbolTable) t = kiln_perf_map_load(path);
    g_assert_nonnull(t);
    g_assert_cmpuint(kiln_symbol_table_size(t), ==, 2);
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0x7f000000103f, NULL), ==,
                    "LazyCompile:~main file.js:1");
    g_assert_null(kiln_symbol_table_lookup(t, 0x7f0000001040, NULL));
    g_assert_cmpstr(kiln_symbol_table_lookup(t, 0x7f0000002000, NULL), ==,
                    "Lcom/example/Foo;::bar");
    g_unlink(path);
    g_rmdir(dir);
}

static void test_demangle(void)
{
    g_assert_null(kiln_demangle("main"));
    if (!kiln_demangle_available()) {
        g_test_skip("libstdc++ is not installed: C++ names stay mangled");
        return;
    }
    g_autofree char *d = kiln_demangle("_ZN3foo3barEi");
    g_assert_cmpstr(d, ==, "foo::bar(int)");
    g_assert_null(kiln_demangle("_Znot a mangled name"));
    /* No return type in front of template functions, as perf prints them. */
    g_autofree char *t = kiln_demangle("_Z3maxIiET_S0_S0_");
    g_assert_cmpstr(t, ==, "max<int>(int, int)");
    g_autofree char *op = kiln_demangle("_ZN3FoonwEm");
    g_assert_cmpstr(op, ==, "Foo::operator new(unsigned long)");
    g_autofree char *vt = kiln_demangle("_ZTv0_n24_NSt14basic_ifstreamIcSt11char_traitsIcEED1Ev");
    g_assert_cmpstr(vt, ==,
                    "virtual thunk to std::basic_ifstream<char, std::char_traits<char> "
                    ">::~basic_ifstream()");
    g_autofree char *np = kiln_demangle_no_params("_ZN3foo3barEi");
    g_assert_cmpstr(np, ==, "foo::bar");
    /* Rust legacy mangling: hash dropped, escapes undone, as perf does. */
    g_autofree char *r = kiln_demangle("_ZN4core3fmt5write17h01a2b3c4d5e6f789E");
    g_assert_cmpstr(r, ==, "core::fmt::write");
    g_autofree char *r2 =
        kiln_demangle("_ZN49_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$Drop$GT$4drop17h0123456789abcdefE");
    g_assert_cmpstr(r2, ==, "<alloc::vec::Vec<T> as Drop>::drop");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/perf-data/symbols/elf", test_elf);
    g_test_add_func("/perf-data/symbols/cache-build-id", test_cache_build_id);
    g_test_add_func("/perf-data/symbols/aliases", test_aliases);
    g_test_add_func("/perf-data/symbols/kallsyms", test_kallsyms);
    g_test_add_func("/perf-data/symbols/perf-map", test_perf_map);
    g_test_add_func("/perf-data/symbols/demangle", test_demangle);
    return g_test_run();
}
