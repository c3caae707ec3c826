/* kiln-perf-sample.h — KilnPerfSample: the fields of one PERF_RECORD_SAMPLE
 * that a call tree needs, and the sample_id trailer of other records.
 *
 * A sample's layout depends on its attr's sample_type: fields appear in a
 * fixed order when their bit is set, several of them variable-length (READ
 * groups, CALLCHAIN, RAW, BRANCH_STACK, register sets, user stack). Each
 * is bounds-checked against the record size.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "kiln-perf-attr.h"

G_BEGIN_DECLS

typedef struct {
    uint64_t ip;
    uint32_t pid, tid;
    uint64_t time;
    uint32_t cpu;
    uint64_t period;
    uint64_t id;
    const guint8 *chain; /* n_chain u64 words in file byte order */
    uint64_t n_chain;
    const guint8 *branches; /* n_branches {from, to, flags} u64 triples (LBR) */
    uint64_t n_branches;
    uint8_t cpumode; /* header.misc & PERF_RECORD_MISC_CPUMODE_MASK */
    gboolean has_chain;
    gboolean has_regs_user; /* DWARF mode: the user part needs unwinding */
} KilnPerfSample;

/* FALSE (with *why set to a static string) when the record is shorter than
 * its sample_type says. */
gboolean kiln_perf_sample_parse(KilnPerfSample *s, const KilnPerfAttr *a, const guint8 *rec,
                                gsize size, gboolean swap, const char **why);

/* The time in a non-sample record's sample_id trailer; 0 when none. */
uint64_t kiln_perf_sample_trailer_time(const KilnPerfAttr *a, const guint8 *rec, gsize size,
                                       gboolean swap);

static inline uint64_t kiln_perf_sample_branch_at(const KilnPerfSample *s, uint64_t i, gboolean to,
                                                  gboolean swap)
{
    uint64_t v;
    memcpy(&v, s->branches + 24 * i + (to ? 8 : 0), 8);
    return swap ? GUINT64_SWAP_LE_BE(v) : v;
}

static inline uint64_t kiln_perf_sample_chain_at(const KilnPerfSample *s, uint64_t i, gboolean swap)
{
    uint64_t v;
    memcpy(&v, s->chain + 8 * i, 8);
    return swap ? GUINT64_SWAP_LE_BE(v) : v;
}

G_END_DECLS
