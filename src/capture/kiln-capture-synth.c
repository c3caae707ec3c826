/* kiln-capture-synth.c — COMM, FORK, MMAP2 from /proc. */
#include "kiln-capture-synth.h"

#include "perf/kiln-perf-format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>

static void put32(GByteArray *b, uint32_t v)
{
    g_byte_array_append(b, (const guint8 *)&v, 4);
}

static void put64(GByteArray *b, uint64_t v)
{
    g_byte_array_append(b, (const guint8 *)&v, 8);
}

/* Starts a record: returns its offset, for finish(). */
static gsize begin(GByteArray *b, uint32_t type, uint16_t misc)
{
    gsize at = b->len;
    put32(b, type);
    uint16_t sz[2] = {misc, 0};
    g_byte_array_append(b, (const guint8 *)sz, 4);
    return at;
}

/* A NUL-terminated string padded to 8 bytes. */
static void put_str(GByteArray *b, const char *s)
{
    gsize n = strlen(s) + 1;
    gsize padded = (n + 7) & ~(gsize)7;
    g_byte_array_append(b, (const guint8 *)s, (guint)n);
    static const guint8 zero[8];
    g_byte_array_append(b, zero, (guint)(padded - n));
}

/* The sample_id trailer (TID, TIME, CPU, IDENTIFIER) and the size. */
static void finish(GByteArray *b, gsize at, pid_t pid, pid_t tid, uint64_t id)
{
    put32(b, (uint32_t)pid);
    put32(b, (uint32_t)tid);
    put64(b, 0);
    put64(b, 0);
    put64(b, id);
    uint16_t size = (uint16_t)(b->len - at);
    memcpy(b->data + at + 6, &size, 2);
}

static char *read_comm(pid_t pid, pid_t tid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/task/%d/comm", (int)pid, (int)tid);
    char *c = NULL;
    if (!g_file_get_contents(path, &c, NULL, NULL))
        return NULL;
    g_strchomp(c);
    return c;
}

static void synth_maps(GByteArray *out, pid_t pid, uint64_t id)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/maps", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    char line[4096 + 128];
    while (fgets(line, sizeof line, f)) {
        unsigned long long start, end, off, ino;
        unsigned maj, min;
        char perms[8];
        int name_at = 0;
        if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end, perms, &off, &maj, &min,
                   &ino, &name_at) < 7)
            continue;
        if (perms[2] != 'x')
            continue;
        char *name = line + name_at;
        g_strchomp(name);
        if (!*name)
            name = (char *)"//anon";
        uint32_t prot =
            (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) | PROT_EXEC;
        uint32_t flags = perms[3] == 's' ? MAP_SHARED : MAP_PRIVATE;
        gsize at = begin(out, PERF_RECORD_MMAP2, PERF_RECORD_MISC_USER);
        put32(out, (uint32_t)pid);
        put32(out, (uint32_t)pid);
        put64(out, start);
        put64(out, end - start);
        put64(out, off);
        put32(out, maj);
        put32(out, min);
        put64(out, ino);
        put64(out, 0);
        put32(out, prot);
        put32(out, flags);
        put_str(out, name);
        finish(out, at, pid, pid, id);
    }
    fclose(f);
}

void kiln_capture_synth_process(GByteArray *out, pid_t pid, uint64_t id)
{
    g_autofree char *dir = g_strdup_printf("/proc/%d/task", (int)pid);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;
    const char *n;
    while ((n = g_dir_read_name(d))) {
        pid_t tid = (pid_t)strtol(n, NULL, 10);
        g_autofree char *comm = read_comm(pid, tid);
        if (tid <= 0 || !comm)
            continue;
        if (tid != pid) {
            gsize at = begin(out, PERF_RECORD_FORK, PERF_RECORD_MISC_USER);
            put32(out, (uint32_t)pid);
            put32(out, (uint32_t)pid);
            put32(out, (uint32_t)tid);
            put32(out, (uint32_t)pid);
            put64(out, 0);
            finish(out, at, pid, tid, id);
        }
        gsize at = begin(out, PERF_RECORD_COMM, PERF_RECORD_MISC_USER);
        put32(out, (uint32_t)pid);
        put32(out, (uint32_t)tid);
        put_str(out, comm);
        finish(out, at, pid, tid, id);
    }
    synth_maps(out, pid, id);
}

void kiln_capture_synth_all(GByteArray *out, uint64_t id)
{
    g_autoptr(GDir) d = g_dir_open("/proc", 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        char *end;
        long pid = strtol(n, &end, 10);
        if (pid > 0 && !*end)
            kiln_capture_synth_process(out, (pid_t)pid, id);
    }
}

void kiln_capture_synth_kernel(GByteArray *out, uint64_t id)
{
    FILE *f = fopen("/proc/kallsyms", "re");
    if (!f)
        return;
    char line[512];
    unsigned long long text = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long long a;
        char t, name[256];
        if (sscanf(line, "%llx %c %255s", &a, &t, name) == 3 && strcmp(name, "_text") == 0) {
            text = a;
            break;
        }
    }
    fclose(f);
    /* Addresses read as zero when kptr_restrict hides them. */
    if (!text)
        return;
    gsize at = begin(out, PERF_RECORD_MMAP, PERF_RECORD_MISC_KERNEL);
    put32(out, UINT32_MAX);
    put32(out, 0);
    put64(out, text);
    put64(out, UINT64_MAX - text);
    put64(out, text);
    put_str(out, "[kernel.kallsyms]_text");
    finish(out, at, -1, 0, id);
}
