/* kiln-folded-import.c — Brendan Gregg's folded stacks ("a;b;c 12").
 *
 * The count is the last space-separated token; everything before it is
 * the stack, root first, frames split on ';' (so frame names may contain
 * spaces). A file whose lines carry two counts ("stack 10 12") is the
 * differential form and loads as the sample types "before" and "after".
 *
 * Speed: most folded files are sorted, so consecutive lines share long
 * prefixes. Each line is compared bytewise with the previous one and the
 * call-tree nodes of the common frames are reused, so only the frames that
 * differ are interned and looked up.
 */
#include "formats/kiln-child-cache.h"
#include "formats/kiln-importer.h"
#include "formats/kiln-text.h"
#include "core/kiln-hash.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#define SNIFF_LINES 64
#define COUNT_CAP   18446744073709551616.0 /* 2^64: counts saturate here */

typedef struct {
    double value;
    gboolean overflow;
} Count;

/* Parses a decimal count ("12", "31.23", "274.0"); FALSE if the bytes are
 * not one. Negative counts are refused: a profile has no negative time. */
static gboolean parse_count(const char *s, gsize n, Count *out)
{
    if (n == 0 || n > 512)
        return FALSE;
    guint64 ip = 0;
    gsize i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (i < 18)
            ip = ip * 10 + (guint64)(s[i] - '0');
        i++;
    }
    gsize int_digits = i;
    if (int_digits == 0)
        return FALSE;
    gboolean frac = FALSE;
    if (i < n && s[i] == '.') {
        frac = TRUE;
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    if (i != n)
        return FALSE;
    out->overflow = FALSE;
    if (!frac && int_digits <= 18) {
        out->value = (double)ip;
        return TRUE;
    }
    char buf[516];
    memcpy(buf, s, n);
    buf[n] = 0;
    double v = g_ascii_strtod(buf, NULL);
    if (!(v < COUNT_CAP)) {
        v = COUNT_CAP;
        out->overflow = TRUE;
    }
    out->value = v;
    return TRUE;
}

/* Splits "stack COUNT" at the last space (or tab). */
static gboolean split_last(const char *line, gsize len, gsize *stack_len, Count *count)
{
    gsize i = len;
    while (i > 0 && line[i - 1] != ' ' && line[i - 1] != '\t')
        i--;
    if (i == 0 || !parse_count(line + i, len - i, count))
        return FALSE;
    /* Exactly one separator: further spaces belong to the last frame's name
     * ("f;  3" is the frame " "), as flamegraph.pl's non-greedy \s+? reads it. */
    *stack_len = i - 1;
    return TRUE;
}

static gboolean is_comment(const char *line, gsize len)
{
    return (len >= 1 && line[0] == '#') || (len >= 2 && line[0] == '/' && line[1] == '/');
}

static gboolean is_blank(const char *line, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t')
            return FALSE;
    return TRUE;
}

/* Looks at the first lines: how many parse as folded, and are they all of
 * the two-count differential form. */
static void survey(const guint8 *data, gsize len, int *good, int *bad, gboolean *diff)
{
    gsize pos = 0;
    const char *line;
    gsize n;
    int two = 0;
    *good = *bad = 0;
    while ((*good + *bad) < SNIFF_LINES && kiln_text_next_line(data, len, &pos, &line, &n)) {
        if (is_blank(line, n) || is_comment(line, n))
            continue;
        gsize sl, sl2;
        Count c, c2;
        if (memchr(line, '\0', n) || !split_last(line, n, &sl, &c) || sl == 0) {
            (*bad)++;
            continue;
        }
        (*good)++;
        if (split_last(line, sl, &sl2, &c2) && sl2 > 0)
            two++;
    }
    *diff = *good > 0 && two == *good;
}

static int folded_sniff(const guint8 *data, gsize len)
{
    g_autofree guint8 *conv = NULL;
    if (!kiln_text_utf8_view(&data, &len, G_MAXUINT32, &conv))
        return 0;
    /* The sniff window (64 KiB) may cut the last line short, and a line of
     * a very deep stack may not end inside it at all: judge whole lines. */
    if (len >= ((gsize)64 << 10) - 3) {
        const guint8 *nl = memrchr(data, '\n', len);
        if (!nl) /* one huge line: folded if it is text with frame separators */
            return memchr(data, '\0', len) || !memchr(data, ';', len) ? 0 : 5;
        len = (gsize)(nl - data) + 1;
    }
    int good, bad;
    gboolean diff;
    survey(data, len, &good, &bad, &diff);
    if (good == 0 || bad > good)
        return 0;
    /* Text with no magic: a low score, so that formats with one win. */
    return bad == 0 ? 20 : 10;
}

/* Raw frame text -> frame id, in front of the builder. A file without
 * shared prefixes (unsorted, or stacks that differ from their root) asks
 * for a name per frame, ~13M times for 20k names in bench/gen-worst: one
 * probe of this table, with the name's bytes beside its hash, costs about
 * half of the builder's general lookup. Bounded: past NAMES_CAP distinct
 * names or NAMES_BYTES_CAP bytes of them, new ones go to the builder only. */
#define NAMES_CAP       (1u << 20)
#define NAMES_BYTES_CAP ((gsize)64 << 20)

typedef struct {
    uint32_t hash; /* high half of the hash */
    uint32_t len;
    uint32_t frame;  /* frame id + 1; 0 = empty */
    uint32_t offset; /* of the bytes in NameCache.bytes */
} NameSlot;

typedef struct {
    NameSlot *slots;
    uint32_t mask, used;
    GByteArray *bytes;
} NameCache;

typedef struct {
    KilnBuilder *b;
    NameCache names;
    KilnChildCache children; /* unsorted lines revisit the same top levels */
    /* The previous line's stack: its bytes, and for each frame the offset
     * just past it and the node reached. */
    const char *prev;
    gsize prev_len;
    gsize *ends;
    uint32_t *nodes;
    uint64_t *hashes; /* of each frame's name, then its child-cache key */
    uint32_t *frames;
    guint n, cap;
    /* The builder's depth limit: frame n of a stack is at depth n, and at
     * the limit the builder has made the [truncated] node. */
    guint max_depth;
} PrefixCache;

static uint32_t frame_for(KilnBuilder *b, const char *name, gsize len)
{
    KilnFrameKind kind = KILN_FRAME_NORMAL;
    if (len >= 4 && name[len - 4] == '_' && name[len - 3] == '[' && name[len - 1] == ']') {
        switch (name[len - 2]) {
        case 'k':
            kind = KILN_FRAME_KERNEL;
            break;
        case 'j':
            kind = KILN_FRAME_JIT;
            break;
        case 'i':
            kind = KILN_FRAME_INLINED;
            break;
        case 'w':
            kind = KILN_FRAME_WAKER;
            break;
        default:
            break;
        }
        if (kind != KILN_FRAME_NORMAL)
            len -= 4;
    }
    return kiln_builder_frame_named(b, name, len, kind);
}

/* Equal bytes, a word at a time: names are short, and a call into memcmp
 * per frame is a good part of the cost for a few dozen bytes. */
static inline gboolean same_bytes(const char *a, const char *b, gsize n)
{
    while (n >= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return FALSE;
        a += 8;
        b += 8;
        n -= 8;
    }
    while (n--)
        if (*a++ != *b++)
            return FALSE;
    return TRUE;
}

static void names_grow(NameCache *nc)
{
    uint32_t n = (nc->mask + 1) * 2;
    NameSlot *slots = g_new0(NameSlot, n);
    for (uint32_t i = 0; i <= nc->mask; i++) {
        NameSlot sl = nc->slots[i];
        if (!sl.frame)
            continue;
        uint64_t h = kiln_hash_bytes(nc->bytes->data + sl.offset, sl.len);
        uint32_t k = (uint32_t)h & (n - 1);
        while (slots[k].frame)
            k = (k + 1) & (n - 1);
        slots[k] = sl;
    }
    g_free(nc->slots);
    nc->slots = slots;
    nc->mask = n - 1;
}

/* `h` is kiln_hash_bytes(name, len). */
static uint32_t frame_cached(PrefixCache *pc, const char *name, gsize len, uint64_t h)
{
    NameCache *nc = &pc->names;
    if (G_UNLIKELY(len > G_MAXUINT32))
        return frame_for(pc->b, name, len);
    uint32_t i = (uint32_t)h & nc->mask;
    for (;; i = (i + 1) & nc->mask) {
        const NameSlot *sl = &nc->slots[i];
        if (!sl->frame)
            break;
        if (sl->hash == (uint32_t)(h >> 32) && sl->len == len &&
            same_bytes((const char *)nc->bytes->data + sl->offset, name, len))
            return sl->frame - 1;
    }
    uint32_t frame = frame_for(pc->b, name, len);
    if (nc->used >= NAMES_CAP || nc->bytes->len + len > NAMES_BYTES_CAP)
        return frame;
    nc->slots[i] = (NameSlot){(uint32_t)(h >> 32), (uint32_t)len, frame + 1, nc->bytes->len};
    g_byte_array_append(nc->bytes, (const guint8 *)name, (guint)len);
    if (++nc->used * 2 > nc->mask)
        names_grow(nc);
    return frame;
}

/* Walks `stack` into the trie, reusing the frames it shares with the
 * previous line. Returns the leaf node. */
static uint32_t walk_stack(PrefixCache *pc, const char *stack, gsize len)
{
    gsize common = 0, lim = MIN(len, pc->prev_len);
    if (pc->prev) {
        /* Word at a time; the first differing byte from the XOR's low
         * zero bits (x86-64 and every other target we build for are
         * little-endian; big-endian just falls to the byte loop). */
        /* Sorted files share most of each line with the previous one:
         * skip equal 64-byte blocks with the vectorised memcmp first. */
        while (common + 64 <= lim && memcmp(stack + common, pc->prev + common, 64) == 0)
            common += 64;
        while (common + 8 <= lim) {
            uint64_t x, y;
            memcpy(&x, stack + common, 8);
            memcpy(&y, pc->prev + common, 8);
            if (x != y) {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                common += (gsize)__builtin_ctzll(x ^ y) / 8;
                lim = common;
#endif
                break;
            }
            common += 8;
        }
        while (common < lim && stack[common] == pc->prev[common])
            common++;
    }
    /* Frames of the previous line that end inside the common prefix (or
     * exactly at it, with this line's frame ending there too) are shared. */
    guint keep = 0;
    for (; keep < pc->n; keep++) {
        gsize e = pc->ends[keep];
        if (e < common)
            continue;
        if (e == common && (common == len || stack[common] == ';'))
            continue;
        break;
    }
    pc->n = keep;
    uint32_t node = keep ? pc->nodes[keep - 1] : KILN_ROOT_NODE;
    gsize pos = keep ? pc->ends[keep - 1] + 1 : 0;

    /* Past the depth limit every frame folds into [truncated]: stop there
     * rather than intern names no node will ever show. The frames are split
     * and hashed first, prefetching each one's name slot, so that the
     * slots' cache misses overlap instead of coming one per frame. */
    guint first = pc->n;
    while (pos <= len && len > 0 && pc->n < pc->max_depth) {
        const char *semi = memchr(stack + pos, ';', len - pos);
        gsize end = semi ? (gsize)(semi - stack) : len;
        if (pc->n == pc->cap) {
            pc->cap = pc->cap ? pc->cap * 2 : 256;
            pc->ends = g_renew(gsize, pc->ends, pc->cap);
            pc->nodes = g_renew(uint32_t, pc->nodes, pc->cap);
            pc->hashes = g_renew(uint64_t, pc->hashes, pc->cap);
            pc->frames = g_renew(uint32_t, pc->frames, pc->cap);
        }
        uint64_t h = kiln_hash_bytes(stack + pos, end - pos);
        __builtin_prefetch(&pc->names.slots[(uint32_t)h & pc->names.mask]);
        pc->ends[pc->n] = end;
        pc->hashes[pc->n++] = h;
        pos = end + 1;
    }
    /* Then the frames, and the child cache's keys (the path from the root),
     * prefetching the top levels' probes for the same reason. */
    for (guint k = first; k < pc->n; k++) {
        /* An empty frame ("a;;b", "a;b;") is kept: such stacks are distinct
         * lines in every other tool, and the export must say so too. */
        gsize start = k ? pc->ends[k - 1] + 1 : 0;
        uint32_t frame = frame_cached(pc, stack + start, pc->ends[k] - start, pc->hashes[k]);
        pc->frames[k] = frame;
        /* The hashes are spent: the same array holds the keys now. */
        pc->hashes[k] = kiln_child_cache_next_key(k ? pc->hashes[k - 1] : 0, frame);
        if (k < first + 16)
            kiln_child_cache_prefetch(&pc->children, pc->hashes[k]);
    }
    for (guint k = first; k < pc->n; k++)
        node = pc->nodes[k] =
            kiln_child_cache_child_keyed(&pc->children, node, pc->frames[k], pc->hashes[k]);
    pc->prev = stack;
    pc->prev_len = len;
    return node;
}

static gboolean folded_import(KilnImportContext *ctx, GError **error)
{
    KilnBuilder *b = ctx->builder;
    const guint8 *data = ctx->data;
    gsize len = ctx->len;
    g_autofree guint8 *conv = NULL;

    if (!kiln_text_import_view(ctx, &data, &len, &conv, error))
        return FALSE;

    int good, bad;
    gboolean diff;
    survey(data, len, &good, &bad, &diff);
    if (diff) {
        kiln_builder_add_sample_type(b, "before", "count");
        kiln_builder_add_sample_type(b, "after", "count");
        kiln_builder_set_default_sample_type(b, 1);
        kiln_builder_set_property(b, "Kind", "Differential (before, after)");
    } else {
        kiln_builder_add_sample_type(b, "samples", "count");
    }

    PrefixCache pc = {
        .b = b,
        .names = {g_new0(NameSlot, 4096), 4095, 0, g_byte_array_new()},
        .max_depth = kiln_builder_limits(b)->max_depth,
    };
    kiln_child_cache_init(&pc.children, b);
    guint64 lineno = 0, n_bad = 0, first_bad = 0, n_stacks = 0;
    gboolean overflow = FALSE, fractional = FALSE;
    gsize pos = 0;
    const char *line;
    gsize n;
    gboolean ok = TRUE;
    while (kiln_text_next_line(data, len, &pos, &line, &n)) {
        lineno++;
        if (!kiln_import_progress(ctx, pos, error)) {
            ok = FALSE;
            break;
        }
        if (conv == NULL)
            kiln_import_release(ctx, (gsize)((const guint8 *)line - ctx->data));
        if (is_blank(line, n) || is_comment(line, n))
            continue;
        gsize sl;
        Count c[2];
        double values[2];
        gboolean parsed = split_last(line, n, &sl, &c[0]);
        if (parsed && diff) {
            c[1] = c[0];
            parsed = split_last(line, sl, &sl, &c[0]);
        }
        if (!parsed || sl == 0) {
            if (!n_bad++)
                first_bad = lineno;
            continue;
        }
        for (int k = 0; k < (diff ? 2 : 1); k++) {
            values[k] = c[k].value;
            overflow |= c[k].overflow;
            fractional |= values[k] != floor(values[k]);
        }
        uint32_t leaf = walk_stack(&pc, line, sl);
        kiln_builder_add_values(b, leaf, values);
        n_stacks++;
    }
    g_free(pc.ends);
    g_free(pc.nodes);
    g_free(pc.hashes);
    g_free(pc.frames);
    g_free(pc.names.slots);
    g_byte_array_unref(pc.names.bytes);
    kiln_child_cache_clear(&pc.children);
    if (!ok)
        return FALSE;

    if (n_stacks == 0) {
        if (n_bad)
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID,
                        /* Translators: keep “frame;frame COUNT”, the format's syntax */
                        _("No line is a folded stack (\"frame;frame COUNT\"); line %" PRIu64
                          " is the first that is not"),
                        (uint64_t)first_bad);
        else
            g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_EMPTY,
                                _("No stack counts found"));
        return FALSE;
    }
    if (n_bad)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      "Ignored %" PRIu64 " line that is not folded stacks "
                                      "(the first is line %" PRIu64 ")",
                                      "Ignored %" PRIu64 " lines that are not folded stacks "
                                      "(the first is line %" PRIu64 ")",
                                      n_bad),
                          (uint64_t)n_bad, (uint64_t)first_bad);
    if (overflow)
        kiln_builder_warn(b, _("Some counts exceeded 2^64 and were capped"));
    if (fractional)
        kiln_builder_set_property(b, "Counts", "fractional");
    return TRUE;
}

const KilnImporter kiln_folded_importer = {
    .id = "folded",
    .name = "Folded stacks",
    .sniff = folded_sniff,
    .import = folded_import,
};
