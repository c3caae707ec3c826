/* kiln-fuzz.h — what every Kiln libFuzzer target shares: load the bytes the
 * way the app would, then check the profile the builder handed out is
 * self-consistent and export it, so that a bug that only corrupts the model
 * (a bad string id, a parent after its child) is found here rather than as a
 * crash in a renderer later.
 *
 * Header-only on purpose: each target is one small .c file that includes it
 * and says which importer to drive.
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/kiln-exporter.h"
#include "formats/kiln-loader.h"
#include "kiln-fuzz-check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A g_critical() from inside the engine is a precondition some importer
 * broke: treat it as a finding, not noise. */
static inline void kiln_fuzz_init(void)
{
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
    setenv("G_DEBUG", "fatal-criticals", 1);
}

/* Options picked from the input's length, so a given input always loads the
 * same way but the fuzzer still explores every perf flag and a tiny depth
 * limit. The decompression limit is low so a bomb costs milliseconds. */
static inline void kiln_fuzz_options(KilnLoadOptions *o, size_t size)
{
    kiln_load_options_init(o);
    o->limits.max_decompressed = 16u << 20;
    o->perf_pid = (size & 1) != 0;
    o->perf_tid = (size & 2) != 0;
    o->perf_kernel = (size & 4) != 0;
    o->perf_jit = (size & 8) != 0;
    o->perf_addrs = (size & 16) != 0;
    o->perf_no_comm = (size % 7) == 3;
    if (size % 5 == 0)
        o->limits.max_depth = 8;
    if (size % 11 == 0)
        o->limits.max_name_len = 16;
}

/* Loads through `imp` (NULL: sniff like kiln-cli does), checks, exports. */
static inline void kiln_fuzz_load(const KilnImporter *imp, const uint8_t *data, size_t size)
{
    KilnLoadOptions o;
    kiln_fuzz_options(&o, size);
    GError *err = NULL;
    KilnProfile *p = imp ? kiln_load_bytes_as(imp, data, size, "fuzz", &o, NULL, NULL, NULL, &err)
                         : kiln_load_bytes(data, size, "fuzz", &o, NULL, NULL, NULL, &err);
    if (!p) {
        kiln_fuzz_check_error(err);
        g_error_free(err);
        return;
    }
    KILN_FUZZ_CHECK(err == NULL);
    kiln_fuzz_check_profile(p);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    KILN_FUZZ_CHECK(f != NULL);
    const KilnExporter *folded = kiln_exporter_find("folded");
    GError *werr = NULL;
    if (!folded->write(p, p->default_type, f, &werr))
        g_clear_error(&werr);
    fclose(f);
    free(buf);
    kiln_profile_unref(p);
}
