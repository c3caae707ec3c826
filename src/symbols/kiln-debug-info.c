/* kiln-debug-info.c — KilnDebugInfo: locating separate debug files. */
#include "kiln-debug-info.h"

#include "kiln-elf-symbols.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <gelf.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

/* libdebuginfod's entry points (elfutils' debuginfod.h), looked up at run
 * time: the library is optional and may be absent. */
typedef struct debuginfod_client debuginfod_client;
typedef debuginfod_client *(*DebuginfodBegin)(void);
typedef int (*DebuginfodFind)(debuginfod_client *, const unsigned char *, int, char **);
typedef void (*DebuginfodEnd)(debuginfod_client *);

struct _KilnDebugInfo {
    char **dirs; /* --debug-dir folders, then /usr/lib/debug */
    gboolean debuginfod;
    void *dl;
    debuginfod_client *client;
    DebuginfodFind find;
    DebuginfodEnd end;
    GHashTable *found;  /* binary path -> debug path (NULL = none) */
    GPtrArray *missing; /* binary paths, borrowed from found's keys */
};

KilnDebugInfo *kiln_debug_info_new(const char *const *debug_dirs, gboolean debuginfod)
{
    KilnDebugInfo *d = g_new0(KilnDebugInfo, 1);
    GPtrArray *dirs = g_ptr_array_new();
    for (const char *const *p = debug_dirs; p && *p; p++)
        g_ptr_array_add(dirs, g_strdup(*p));
    g_ptr_array_add(dirs, g_strdup("/usr/lib/debug"));
    g_ptr_array_add(dirs, NULL);
    d->dirs = (char **)g_ptr_array_free(dirs, FALSE);
    d->debuginfod = debuginfod;
    d->found = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    d->missing = g_ptr_array_new();
    return d;
}

void kiln_debug_info_free(KilnDebugInfo *d)
{
    if (!d)
        return;
    if (d->client && d->end)
        d->end(d->client);
    if (d->dl)
        dlclose(d->dl);
    g_strfreev(d->dirs);
    g_ptr_array_unref(d->missing);
    g_hash_table_unref(d->found);
    g_free(d);
}

const GPtrArray *kiln_debug_info_missing(const KilnDebugInfo *d)
{
    return d->missing;
}

gboolean kiln_debug_info_file_has_dwarf(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return FALSE;
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    gboolean has = FALSE;
    size_t shstrndx;
    if (elf && elf_kind(elf) == ELF_K_ELF && elf_getshdrstrndx(elf, &shstrndx) == 0) {
        for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn && !has; scn = elf_nextscn(elf, scn)) {
            GElf_Shdr sh;
            if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
                continue;
            const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
            has = name && strcmp(name, ".debug_info") == 0;
        }
    }
    if (elf)
        elf_end(elf);
    close(fd);
    return has;
}

/* path, when it has DWARF and (given an id) that build-id. */
static gboolean usable(const char *path, const uint8_t *id, gsize n)
{
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR) || !kiln_debug_info_file_has_dwarf(path))
        return FALSE;
    if (!n)
        return TRUE;
    g_autoptr(KilnElfSymbols) e = kiln_elf_symbols_load(path, FALSE, NULL);
    return e && e->build_id_size == n && memcmp(e->build_id, id, n) == 0;
}

static char *by_build_id(const char *root, const char *hex, const char *suffix)
{
    char two[3] = {hex[0], hex[1], 0};
    g_autofree char *rest = g_strconcat(hex + 2, suffix, NULL);
    return g_build_filename(root, ".build-id", two, rest, NULL);
}

static char *ask_debuginfod(KilnDebugInfo *d, const uint8_t *id, gsize n)
{
    if (!d->client && !d->dl) {
        d->dl = dlopen("libdebuginfod.so.1", RTLD_LAZY | RTLD_LOCAL);
        DebuginfodBegin begin = d->dl ? (DebuginfodBegin)dlsym(d->dl, "debuginfod_begin") : NULL;
        d->find = d->dl ? (DebuginfodFind)dlsym(d->dl, "debuginfod_find_debuginfo") : NULL;
        d->end = d->dl ? (DebuginfodEnd)dlsym(d->dl, "debuginfod_end") : NULL;
        if (begin && d->find && d->end)
            d->client = begin();
    }
    if (!d->client)
        return NULL;
    char *path = NULL;
    int fd = d->find(d->client, id, (int)n, &path);
    if (fd < 0)
        return NULL;
    close(fd);
    char *out = g_strdup(path);
    free(path);
    return out;
}

static char *search(KilnDebugInfo *d, const char *binary, const uint8_t *id, gsize n,
                    const char *debuglink)
{
    if (usable(binary, id, n))
        return g_strdup(binary);
    g_autofree char *hex = n ? kiln_build_id_hex(id, n) : NULL;
    g_autoptr(GPtrArray) cands = g_ptr_array_new_with_free_func(g_free);
    if (hex) {
        for (char **p = d->dirs; *p; p++)
            g_ptr_array_add(cands, by_build_id(*p, hex, ".debug"));
        g_autofree char *home = g_build_filename(g_get_home_dir(), ".debug", NULL);
        g_autofree char *link = by_build_id(home, hex, "");
        g_ptr_array_add(cands, g_build_filename(link, "debug", NULL));
        g_ptr_array_add(cands, g_build_filename(home, binary, hex, "debug", NULL));
    }
    if (debuglink && !strchr(debuglink, '/')) {
        g_autofree char *dir = g_path_get_dirname(binary);
        g_ptr_array_add(cands, g_build_filename(dir, debuglink, NULL));
        g_ptr_array_add(cands, g_build_filename(dir, ".debug", debuglink, NULL));
        for (char **p = d->dirs; *p; p++)
            g_ptr_array_add(cands, g_build_filename(*p, dir, debuglink, NULL));
    }
    for (guint i = 0; i < cands->len; i++) {
        const char *c = g_ptr_array_index(cands, i);
        if (strcmp(c, binary) != 0 && usable(c, id, n))
            return g_strdup(c);
    }
    if (d->debuginfod && n)
        return ask_debuginfod(d, id, n);
    return NULL;
}

const char *kiln_debug_info_find(KilnDebugInfo *d, const char *binary, const uint8_t *build_id,
                                 gsize n, const char *debuglink)
{
    gpointer key, v;
    if (g_hash_table_lookup_extended(d->found, binary, &key, &v))
        return v;
    char *path = search(d, binary, build_id, n, debuglink);
    char *k = g_strdup(binary);
    g_hash_table_insert(d->found, k, path);
    if (!path)
        g_ptr_array_add(d->missing, k);
    return path;
}

/* The Debian package owning path, from dpkg's file lists; NULL if none. */
static char *dpkg_owner(const char *path)
{
    const char *const argv[] = {"dpkg-query", "-S", path, NULL};
    g_autofree char *out = NULL;
    int status = -1;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, &status, NULL) ||
        !g_spawn_check_wait_status(status, NULL) || !out)
        return NULL;
    char *colon = strchr(out, ':');
    if (!colon || strchr(out, ',') || strchr(out, ' ') < colon)
        return NULL;
    return g_strndup(out, (gsize)(colon - out));
}

char *kiln_debug_info_hint(const char *binary, const uint8_t *build_id, gsize n)
{
    g_autofree char *pkg = binary[0] == '/' ? dpkg_owner(binary) : NULL;
    if (pkg)
        /* Translators: %s is a Debian package name (libc6); its debug
         * symbols are in PACKAGE-dbgsym (or PACKAGE-dbg) */
        return g_strdup_printf(_("install %s-dbgsym (or %s-dbg) from the debug archive"), pkg, pkg);
    if (n) {
        g_autofree char *hex = kiln_build_id_hex(build_id, n);
        /* Translators: the %s are the two parts of a build-id path */
        return g_strdup_printf(_("put its debug file at /usr/lib/debug/.build-id/%.2s/%s.debug "
                                 "or in a folder given with --debug-dir"),
                               hex, hex + 2);
    }
    return g_strdup(_("build it with -g, or give the folder of its debug file with --debug-dir"));
}
