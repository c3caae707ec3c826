/* kiln-perf-data-writer.c — perf.data, header to features. */
#include "kiln-perf-data-writer.h"

#include "kiln-capture-error.h"
#include "perf/kiln-perf-format.h"
#include "symbols/kiln-elf-symbols.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define HEADER_SIZE 104
#define MAGIC       "PERFILE2"
/* Feature bits (tools/perf/util/header.h). */
enum {
    FEAT_BUILD_ID = 2,
    FEAT_HOSTNAME = 3,
    FEAT_OSRELEASE = 4,
    FEAT_VERSION = 5,
    FEAT_ARCH = 6,
    FEAT_NRCPUS = 7,
    FEAT_CMDLINE = 11,
    FEAT_EVENT_DESC = 12,
    FEAT_SAMPLE_TIME = 21,
};
/* perf pads strings to 64 bytes, and build-id file names too. */
#define NAME_ALIGN 64

struct _KilnPerfDataWriter {
    FILE *f;
    char *path;
    guint8 attr[256];
    uint32_t attr_size;
    GArray *ids; /* uint64_t */
    char *event_name;
    uint64_t data_offset, data_size;
    uint64_t first_time, last_time;
    GHashTable *files; /* mapped file names, for the build-id feature */
    gboolean failed;
    int err;
};

static void put(KilnPerfDataWriter *w, const void *p, gsize n)
{
    if (w->failed)
        return;
    if (fwrite(p, 1, n, w->f) != n) {
        w->failed = TRUE;
        w->err = errno;
    }
}

static void put32(KilnPerfDataWriter *w, uint32_t v)
{
    put(w, &v, 4);
}

static void put64(KilnPerfDataWriter *w, uint64_t v)
{
    put(w, &v, 8);
}

static void put_zeros(KilnPerfDataWriter *w, gsize n)
{
    static const guint8 zero[NAME_ALIGN];
    while (n) {
        gsize k = MIN(n, sizeof zero);
        put(w, zero, k);
        n -= k;
    }
}

/* perf's string: u32 padded length, the bytes, NULs to the length. */
static void put_string(KilnPerfDataWriter *w, const char *s)
{
    gsize n = strlen(s) + 1;
    gsize len = (n + NAME_ALIGN - 1) / NAME_ALIGN * NAME_ALIGN;
    put32(w, (uint32_t)len);
    put(w, s, n);
    put_zeros(w, len - n);
}

static uint64_t pos(KilnPerfDataWriter *w)
{
    return (uint64_t)ftello(w->f);
}

KilnPerfDataWriter *kiln_perf_data_writer_new(const char *path, const guint8 *attr,
                                              uint32_t attr_size, const uint64_t *ids, guint n_ids,
                                              const char *event_name, GError **error)
{
    FILE *f = fopen(path, "wbe");
    if (!f) {
        int e = errno;
        g_set_error(error, KILN_CAPTURE_ERROR, KILN_CAPTURE_ERROR_IO,
                    /* Translators: %s are a file name and the system's reason */
                    _("Could not create “%s”: %s."), path, g_strerror(e));
        return NULL;
    }
    KilnPerfDataWriter *w = g_new0(KilnPerfDataWriter, 1);
    w->f = f;
    w->path = g_strdup(path);
    w->attr_size = MIN(attr_size, (uint32_t)sizeof w->attr);
    memcpy(w->attr, attr, w->attr_size);
    w->ids = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    g_array_append_vals(w->ids, ids, n_ids);
    w->event_name = g_strdup(event_name);
    w->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    w->first_time = UINT64_MAX;
    /* A big buffer: records arrive in small pieces, many per second. */
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    put_zeros(w, HEADER_SIZE);
    uint64_t ids_at = pos(w);
    put(w, ids, n_ids * sizeof(uint64_t));
    put(w, w->attr, w->attr_size);
    put64(w, ids_at);
    put64(w, n_ids * sizeof(uint64_t));
    w->data_offset = pos(w);
    return w;
}

static void note_file(KilnPerfDataWriter *w, const guint8 *rec, gsize size, gsize name_at)
{
    if (size <= name_at)
        return;
    const char *n = (const char *)rec + name_at;
    gsize len = strnlen(n, size - name_at);
    if (len == 0 || n[0] != '/' || len == size - name_at)
        return;
    if (!g_hash_table_contains(w->files, n))
        g_hash_table_add(w->files, g_strndup(n, len));
}

void kiln_perf_data_writer_record(KilnPerfDataWriter *w, const guint8 *rec, gsize size)
{
    uint32_t type;
    memcpy(&type, rec, 4);
    if (type == PERF_RECORD_MMAP2)
        note_file(w, rec, size, 72);
    else if (type == PERF_RECORD_MMAP)
        note_file(w, rec, size, 40);
    else if (type == PERF_RECORD_SAMPLE && size >= 40) {
        /* IDENTIFIER, IP, TID, then TIME: the layout this writer is given. */
        uint64_t t;
        memcpy(&t, rec + 32, 8);
        w->first_time = MIN(w->first_time, t);
        w->last_time = MAX(w->last_time, t);
    }
    put(w, rec, size);
    w->data_size += size;
}

void kiln_perf_data_writer_round(KilnPerfDataWriter *w)
{
    uint32_t hdr[2] = {PERF_RECORD_FINISHED_ROUND, 8u << 16};
    put(w, hdr, 8);
    w->data_size += 8;
}

static void write_build_ids(KilnPerfDataWriter *w)
{
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, w->files);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        g_autoptr(KilnElfSymbols) e = kiln_elf_symbols_load(key, FALSE, NULL);
        if (!e || !e->build_id_size)
            continue;
        gsize n = strlen(key) + 1;
        gsize len = (n + NAME_ALIGN - 1) / NAME_ALIGN * NAME_ALIGN;
        /* struct build_id_event: header, pid, 24 bytes of id (20 used,
         * then its size, as MISC_BUILD_ID_SIZE says), the file name. */
        uint32_t type = 0;
        uint16_t misc = PERF_RECORD_MISC_USER | PERF_RECORD_MISC_BUILD_ID_SIZE;
        uint16_t size = (uint16_t)(8 + 4 + 24 + len);
        put32(w, type);
        put(w, &misc, 2);
        put(w, &size, 2);
        put32(w, UINT32_MAX); /* the host machine, as perf writes it */
        guint8 id[24] = {0};
        memcpy(id, e->build_id, MIN(e->build_id_size, 20));
        id[20] = e->build_id_size;
        put(w, id, sizeof id);
        put(w, key, n);
        put_zeros(w, len - n);
    }
}

static void write_feature(KilnPerfDataWriter *w, int feat, const char *const *cmdline)
{
    struct utsname u;
    uname(&u);
    switch (feat) {
    case FEAT_BUILD_ID:
        write_build_ids(w);
        break;
    case FEAT_HOSTNAME: {
        char host[256] = "";
        gethostname(host, sizeof host - 1);
        put_string(w, host);
        break;
    }
    case FEAT_OSRELEASE:
        put_string(w, u.release);
        break;
    case FEAT_VERSION:
        put_string(w, "kiln " KILN_VERSION);
        break;
    case FEAT_ARCH:
        put_string(w, u.machine);
        break;
    case FEAT_NRCPUS:
        put32(w, (uint32_t)sysconf(_SC_NPROCESSORS_CONF));
        put32(w, (uint32_t)sysconf(_SC_NPROCESSORS_ONLN));
        break;
    case FEAT_CMDLINE: {
        guint n = cmdline ? g_strv_length((char **)cmdline) : 0;
        put32(w, n);
        for (guint i = 0; i < n; i++)
            put_string(w, cmdline[i]);
        break;
    }
    case FEAT_EVENT_DESC:
        put32(w, 1);
        put32(w, w->attr_size);
        put(w, w->attr, w->attr_size);
        put32(w, w->ids->len);
        put_string(w, w->event_name);
        put(w, w->ids->data, w->ids->len * sizeof(uint64_t));
        break;
    case FEAT_SAMPLE_TIME:
        put64(w, w->first_time == UINT64_MAX ? 0 : w->first_time);
        put64(w, w->last_time);
        break;
    default:
        break;
    }
}

gboolean kiln_perf_data_writer_finish(KilnPerfDataWriter *w, const char *const *cmdline,
                                      GError **error)
{
    static const int feats[] = {FEAT_BUILD_ID, FEAT_HOSTNAME,   FEAT_OSRELEASE,
                                FEAT_VERSION,  FEAT_ARCH,       FEAT_NRCPUS,
                                FEAT_CMDLINE,  FEAT_EVENT_DESC, FEAT_SAMPLE_TIME};
    const guint nf = G_N_ELEMENTS(feats);
    /* The section table right after the data, then each feature. */
    uint64_t table_at = pos(w);
    put_zeros(w, nf * 16);
    uint64_t sections[G_N_ELEMENTS(feats)][2];
    for (guint i = 0; i < nf; i++) {
        sections[i][0] = pos(w);
        write_feature(w, feats[i], cmdline);
        sections[i][1] = pos(w) - sections[i][0];
    }
    uint64_t features[4] = {0};
    for (guint i = 0; i < nf; i++)
        features[feats[i] / 64] |= UINT64_C(1) << (feats[i] % 64);
    if (!w->failed && fseeko(w->f, (off_t)table_at, SEEK_SET) == 0)
        put(w, sections, sizeof sections);
    if (!w->failed && fseeko(w->f, 0, SEEK_SET) == 0) {
        uint64_t ids_size = w->ids->len * sizeof(uint64_t);
        uint64_t attrs_at = HEADER_SIZE + ids_size;
        put(w, MAGIC, 8);
        put64(w, HEADER_SIZE);
        put64(w, w->attr_size + 16);
        put64(w, attrs_at);
        put64(w, w->attr_size + 16);
        put64(w, w->data_offset);
        put64(w, w->data_size);
        put64(w, 0);
        put64(w, 0);
        put(w, features, sizeof features);
    }
    if (fflush(w->f) != 0 && !w->failed) {
        w->failed = TRUE;
        w->err = errno;
    }
    if (w->failed) {
        g_set_error(error, KILN_CAPTURE_ERROR, KILN_CAPTURE_ERROR_IO,
                    /* Translators: %s are a file name and the system's reason */
                    _("Could not write “%s”: %s."), w->path, g_strerror(w->err));
        return FALSE;
    }
    return TRUE;
}

void kiln_perf_data_writer_free(KilnPerfDataWriter *w)
{
    if (!w)
        return;
    if (w->f)
        fclose(w->f);
    g_array_free(w->ids, TRUE);
    g_hash_table_unref(w->files);
    g_free(w->event_name);
    g_free(w->path);
    g_free(w);
}
