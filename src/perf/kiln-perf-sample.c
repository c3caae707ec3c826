/* kiln-perf-sample.c — KilnPerfSample: decoding sample records.
 *
 * Field order follows perf's evsel__parse_sample(). Everything after the
 * callchain is not needed for a call tree, but it is still walked so that a
 * record shorter than its sample_type says is caught as damaged.
 */
#include "kiln-perf-sample.h"

#include "kiln-perf-format.h"

#include <glib/gi18n-lib.h>

typedef struct {
    const guint8 *p;
    gsize left;
    gboolean swap;
} Cur;

static gboolean take(Cur *c, gsize n, const guint8 **out)
{
    if (c->left < n)
        return FALSE;
    if (out)
        *out = c->p;
    c->p += n;
    c->left -= n;
    return TRUE;
}

static gboolean u64(Cur *c, uint64_t *v)
{
    const guint8 *p;
    if (!take(c, 8, &p))
        return FALSE;
    *v = kiln_perf_u64(p, c->swap);
    return TRUE;
}

static gboolean skip_words(Cur *c, uint64_t n)
{
    if (n > c->left / 8)
        return FALSE;
    return take(c, (gsize)n * 8, NULL);
}

static gboolean skip_read(Cur *c, uint64_t rf)
{
    uint64_t per = 1 + ((rf & PERF_FORMAT_ID) != 0) + ((rf & PERF_FORMAT_LOST) != 0);
    uint64_t times =
        ((rf & PERF_FORMAT_TOTAL_TIME_ENABLED) != 0) + ((rf & PERF_FORMAT_TOTAL_TIME_RUNNING) != 0);
    if (rf & PERF_FORMAT_GROUP) {
        uint64_t nr;
        if (!u64(c, &nr) || !skip_words(c, times))
            return FALSE;
        if (nr > c->left / 8 / per)
            return FALSE;
        return skip_words(c, nr * per);
    }
    return skip_words(c, per + times);
}

static gboolean skip_regs(Cur *c, uint64_t mask)
{
    uint64_t abi;
    if (!u64(c, &abi))
        return FALSE;
    return abi == 0 || skip_words(c, (uint64_t)__builtin_popcountll(mask));
}

static gboolean skip_tail(Cur *c, const KilnPerfAttr *a, KilnPerfSample *s, const char **why)
{
    uint64_t st = a->sample_type, n;
    const guint8 *p;
    if (st & PERF_SAMPLE_RAW) {
        if (!take(c, 4, &p) || !take(c, kiln_perf_u32(p, c->swap), NULL)) {
            /* Translators: this and the next are the parts of a perf sample
             * record; they complete “%u records were shorter than their layout
             * says (%s) and were skipped” */
            *why = N_("raw data");
            return FALSE;
        }
    }
    if (st & PERF_SAMPLE_BRANCH_STACK) {
        if (!u64(c, &n) ||
            ((a->branch_sample_type & PERF_SAMPLE_BRANCH_HW_INDEX) && !skip_words(c, 1)) ||
            n > c->left / 24) {
            *why = N_("branch stack");
            return FALSE;
        }
        s->branches = c->p;
        s->n_branches = n;
        skip_words(c, n * 3);
    }
    if ((st & PERF_SAMPLE_REGS_USER) && !skip_regs(c, a->sample_regs_user)) {
        *why = N_("user registers");
        return FALSE;
    }
    if (st & PERF_SAMPLE_STACK_USER) {
        if (!u64(c, &n) || n > c->left || !take(c, (gsize)n, NULL) || (n && !skip_words(c, 1))) {
            *why = N_("user stack");
            return FALSE;
        }
    }
    int words = ((st & (PERF_SAMPLE_WEIGHT | PERF_SAMPLE_WEIGHT_STRUCT)) != 0) +
                ((st & PERF_SAMPLE_DATA_SRC) != 0) + ((st & PERF_SAMPLE_TRANSACTION) != 0);
    if (!skip_words(c, (uint64_t)words)) {
        *why = N_("weight");
        return FALSE;
    }
    if ((st & PERF_SAMPLE_REGS_INTR) && !skip_regs(c, a->sample_regs_intr)) {
        *why = N_("interrupt registers");
        return FALSE;
    }
    words = ((st & PERF_SAMPLE_PHYS_ADDR) != 0) + ((st & PERF_SAMPLE_CGROUP) != 0) +
            ((st & PERF_SAMPLE_DATA_PAGE_SIZE) != 0) + ((st & PERF_SAMPLE_CODE_PAGE_SIZE) != 0);
    if (!skip_words(c, (uint64_t)words)) {
        *why = N_("address fields");
        return FALSE;
    }
    if (st & PERF_SAMPLE_AUX) {
        if (!u64(c, &n) || n > c->left || !take(c, (gsize)n, NULL)) {
            *why = N_("AUX data");
            return FALSE;
        }
    }
    return TRUE;
}

gboolean kiln_perf_sample_parse(KilnPerfSample *s, const KilnPerfAttr *a, const guint8 *rec,
                                gsize size, gboolean swap, const char **why)
{
    Cur c = {rec + 8, size - 8, swap};
    uint64_t st = a->sample_type, v;
    const guint8 *p;
    memset(s, 0, sizeof *s);
    s->cpumode = kiln_perf_u16(rec + 4, swap) & PERF_RECORD_MISC_CPUMODE_MASK;
    *why = N_("header fields");
    if ((st & PERF_SAMPLE_IDENTIFIER) && !u64(&c, &s->id))
        return FALSE;
    if ((st & PERF_SAMPLE_IP) && !u64(&c, &s->ip))
        return FALSE;
    if (st & PERF_SAMPLE_TID) {
        if (!take(&c, 8, &p))
            return FALSE;
        s->pid = kiln_perf_u32(p, swap);
        s->tid = kiln_perf_u32(p + 4, swap);
    }
    if ((st & PERF_SAMPLE_TIME) && !u64(&c, &s->time))
        return FALSE;
    if ((st & PERF_SAMPLE_ADDR) && !u64(&c, &v))
        return FALSE;
    if ((st & PERF_SAMPLE_ID) && !u64(&c, &s->id))
        return FALSE;
    if ((st & PERF_SAMPLE_STREAM_ID) && !u64(&c, &v))
        return FALSE;
    if (st & PERF_SAMPLE_CPU) {
        if (!take(&c, 8, &p))
            return FALSE;
        s->cpu = kiln_perf_u32(p, swap);
    }
    if ((st & PERF_SAMPLE_PERIOD) && !u64(&c, &s->period))
        return FALSE;
    *why = N_("read values");
    if ((st & PERF_SAMPLE_READ) && !skip_read(&c, a->read_format))
        return FALSE;
    if (st & PERF_SAMPLE_CALLCHAIN) {
        *why = N_("callchain");
        if (!u64(&c, &s->n_chain) || s->n_chain > c.left / 8)
            return FALSE;
        s->chain = c.p;
        s->has_chain = TRUE;
        skip_words(&c, s->n_chain);
    }
    s->has_regs_user = (st & PERF_SAMPLE_REGS_USER) != 0;
    return skip_tail(&c, a, s, why);
}

uint64_t kiln_perf_sample_trailer_time(const KilnPerfAttr *a, const guint8 *rec, gsize size,
                                       gboolean swap)
{
    uint64_t st = a->sample_type;
    if (!a->trailer_size || !(st & PERF_SAMPLE_TIME) || size < 8 + (gsize)a->trailer_size)
        return 0;
    /* The trailer is the last trailer_size bytes: tid, time, id, stream
     * id, cpu, identifier, each present when its bit is set. */
    const guint8 *p = rec + size - a->trailer_size;
    if (st & PERF_SAMPLE_TID)
        p += 8;
    return kiln_perf_u64(p, swap);
}
