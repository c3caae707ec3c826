/* kiln-pprof-import.c — pprof's profile.proto (gzip is unwrapped by the
 * loader before this sees the bytes).
 *
 * Two passes over the Profile message, because its fields may come in any
 * order: the first unpacks the small tables (sample types, mappings,
 * functions, locations, strings as views into the bytes) with the
 * protobuf-c code generated from profile.proto; the second walks the
 * samples in place with KilnPprofWire and feeds each one to the builder as
 * it goes, so no Sample is ever materialised. Memory is then the decoded
 * bytes plus the tables plus the call tree.
 */
#include "formats/kiln-child-cache.h"
#include "formats/kiln-importer.h"
#include "kiln-pprof-legacy-cpu.h"
#include "kiln-pprof-legacy-java.h"
#include "kiln-pprof-legacy-text.h"
#include "kiln-pprof-legacy-thread.h"
#include "kiln-pprof-tables.h"
#include "kiln-pprof-wire.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

/* Top-level field numbers of perftools.profiles.Profile. */
enum {
    F_SAMPLE_TYPE = 1, F_SAMPLE, F_MAPPING, F_LOCATION, F_FUNCTION, F_STRING_TABLE,
    F_DROP_FRAMES, F_KEEP_FRAMES, F_TIME_NANOS, F_DURATION_NANOS, F_PERIOD_TYPE, F_PERIOD,
    F_COMMENT, F_DEFAULT_SAMPLE_TYPE, F_DOC_URL,
};

/* Stacks deeper than this many locations are cut (the builder's depth
 * limit cuts the frames anyway); it bounds the per-sample scratch. */
#define MAX_SAMPLE_LOCATIONS (1u << 20)

typedef struct {
    KilnImportContext *ctx;
    KilnBuilder *b;
    KilnPprofTables t;
    gsize end; /* bytes of the Profile that parse */

    GPtrArray *sample_types; /* Perftools__Profiles__ValueType * */
    Perftools__Profiles__ValueType *period_type;
    int64_t drop_frames, keep_frames, time_nanos, duration_nanos, period;
    int64_t default_sample_type, doc_url;
    GArray *comments; /* int64_t */
    uint64_t n_samples;
    uint32_t first_sample_values; /* value count of the first sample */
    gboolean has_labels;          /* any sample has a label */
    uint32_t n_types;

    uint64_t bad_messages, bad_samples, bad_values, bad_locations, bad_labels;
} Ctx;

/* Which wire type each known field must have: LEN for messages and
 * strings, VARINT for scalars (13 may also be packed). */
static gboolean field_type_ok(uint32_t field, uint32_t type)
{
    switch (field) {
    case F_SAMPLE_TYPE: case F_SAMPLE: case F_MAPPING: case F_LOCATION: case F_FUNCTION:
    case F_STRING_TABLE: case F_PERIOD_TYPE:
        return type == KILN_WIRE_LEN;
    case F_COMMENT:
        return type == KILN_WIRE_LEN || type == KILN_WIRE_VARINT;
    default:
        return type == KILN_WIRE_VARINT;
    }
}

/* pprof's formats from before profile.proto (text heap, contention,
 * thread and count profiles; binary CPU profiles in 32- or 64-bit words).
 * Kiln does not read them, but recognises them so the user is told what
 * the file is and how to convert it, rather than "unknown format". */
static const char *legacy_kind(const guint8 *data, gsize len)
{
    static const struct {
        const char *prefix, *kind;
    } text[] = {
        {"heap profile:", "heap"},         {"--- heapz", "heap"},
        {"--- heap", "heap"},              {"--- contention", "contention"},
        {"--- threadz", "thread"},         {"threadcreate profile: total ", "threadcreate"},
        {"goroutine profile: total ", "goroutine"}, {"mutex profile: total ", "mutex"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(text); i++) {
        gsize n = strlen(text[i].prefix);
        if (len >= n && memcmp(data, text[i].prefix, n) == 0)
            return text[i].kind;
    }
    /* Binary CPU profile header: words 0, 3, 0 (or 1 for Java), period, 0,
     * in 64- or 32-bit little- or big-endian words. */
    static const guint8 w64le[24] = {0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0};
    static const guint8 w64be[24] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3};
    static const guint8 w32le[8] = {0, 0, 0, 0, 3, 0, 0, 0};
    static const guint8 w32be[8] = {0, 0, 0, 0, 0, 0, 0, 3};
    if (len >= 40 && (memcmp(data, w64le, 24) == 0 || memcmp(data, w64be, 24) == 0))
        return "CPU (binary)";
    if (len >= 20 && (memcmp(data, w32le, 8) == 0 || memcmp(data, w32be, 8) == 0))
        return "CPU (binary)";
    return NULL;
}

/* Confident only when every field in the head parses as a Profile field of
 * the right wire type. The data may stop inside a field: at the 64 KiB
 * head (expected), or because the file itself was cut (a truncated .pb.gz
 * still deserves the pprof importer and its partial-load warning), so a
 * field running past the end is accepted after at least one whole one. */
static int proto_sniff(const guint8 *data, gsize len)
{
    KilnPprofWire w;
    kiln_pprof_wire_init(&w, data, len);
    uint32_t n = 0;
    gboolean table = FALSE, cut = FALSE;
    while (w.p < w.end && !cut) {
        uint64_t t = kiln_pprof_wire_varint(&w);
        if (w.bad) {
            cut = w.p >= w.end;
            break;
        }
        uint32_t field = (uint32_t)MIN(t >> 3, (uint64_t)G_MAXUINT32), type = t & 7;
        if (field == 0 || field > F_DOC_URL || !field_type_ok(field, type))
            return 0;
        table |= field <= F_STRING_TABLE;
        uint64_t v = kiln_pprof_wire_varint(&w);
        if (w.bad) {
            cut = w.p >= w.end;
            break;
        }
        if (type == KILN_WIRE_LEN) {
            if (v > (uint64_t)(w.end - w.p)) {
                cut = TRUE;
                break;
            }
            w.p += v;
        }
        n++;
    }
    if (!table || (w.bad && !cut))
        return 0;
    if (cut)
        return n == 0 ? 0 : len >= (64u << 10) ? 70 : 40;
    return n >= 2 ? 80 : 30;
}

static int pprof_sniff(const guint8 *data, gsize len)
{
    int score = proto_sniff(data, len);
    if (score)
        return score;
    if (kiln_pprof_legacy_cpu_detect(data, len))
        return 50;
    /* Legacy text outranks folded stacks (20), which it also resembles. */
    return legacy_kind(data, len) ? 25 : 0;
}

/* Appends a repeated varint field's values (8 bytes each) to `out`, packed
 * or not. A packed run of n bytes holds at most n values, so the array is
 * grown once and filled in place: this is the per-sample hot loop. */
static void decode_packed_or_one(KilnPprofWire *w, uint32_t type, GArray *out)
{
    if (type == KILN_WIRE_VARINT) {
        uint64_t v = kiln_pprof_wire_varint(w);
        if (!w->bad)
            g_array_append_val(out, v);
        return;
    }
    const guint8 *d;
    gsize n;
    if (type != KILN_WIRE_LEN || !kiln_pprof_wire_bytes(w, &d, &n)) {
        kiln_pprof_wire_skip(w, type);
        return;
    }
    if (n == 0)
        return; /* an empty packed run: nothing to add (and maybe no array yet) */
    guint base = out->len;
    g_array_set_size(out, base + (guint)MIN(n, (gsize)G_MAXUINT32 - base));
    uint64_t *dst = (uint64_t *)(void *)out->data + base;
    guint k = 0, cap = out->len - base;
    KilnPprofWire in;
    kiln_pprof_wire_init(&in, d, n);
    while (in.p < in.end && k < cap) {
        if (*in.p < 0x80) {
            dst[k++] = *in.p++; /* one-byte varint: the common case */
            continue;
        }
        uint64_t v = kiln_pprof_wire_varint(&in);
        if (in.bad)
            break;
        dst[k++] = v;
    }
    g_array_set_size(out, base + k);
}

/* Counts the values of the first sample, for profiles without sample_type. */
static uint32_t count_values(const guint8 *d, gsize n)
{
    KilnPprofWire w;
    kiln_pprof_wire_init(&w, d, n);
    uint32_t field, type, count = 0;
    GArray *tmp = g_array_new(FALSE, FALSE, sizeof(int64_t));
    while (kiln_pprof_wire_tag(&w, &field, &type)) {
        if (field == 2) {
            g_array_set_size(tmp, 0);
            decode_packed_or_one(&w, type, tmp);
            count += tmp->len;
        } else if (!kiln_pprof_wire_skip(&w, type)) {
            break;
        }
    }
    g_array_unref(tmp);
    return count;
}

/* Whether a Sample carries a label (field 3); skipping its packed fields
 * is one step each, so this costs little per sample. */
static gboolean sample_has_label(const guint8 *d, gsize n)
{
    KilnPprofWire w;
    kiln_pprof_wire_init(&w, d, n);
    uint32_t field, type;
    while (kiln_pprof_wire_tag(&w, &field, &type)) {
        if (field == 3)
            return TRUE;
        if (!kiln_pprof_wire_skip(&w, type))
            break;
    }
    return FALSE;
}

#define UNPACK(kind, d, n) perftools__profiles__##kind##__unpack(NULL, (n), (d))

static gboolean pass1(Ctx *c, GError **error)
{
    KilnImportContext *ctx = c->ctx;
    KilnPprofWire w;
    kiln_pprof_wire_init(&w, ctx->data, ctx->len);
    uint32_t field, type;
    const guint8 *at = w.p;
    while (kiln_pprof_wire_tag(&w, &field, &type)) {
        if (!field_type_ok(field, type) && field <= F_DOC_URL) {
            c->bad_messages++;
            if (!kiln_pprof_wire_skip(&w, type))
                break;
            at = w.p;
            continue;
        }
        const guint8 *d = NULL;
        gsize n = 0;
        if (type == KILN_WIRE_LEN && field != F_COMMENT && !kiln_pprof_wire_bytes(&w, &d, &n))
            break;
        void *msg = NULL;
        switch (field) {
        case F_SAMPLE_TYPE:
            if ((msg = UNPACK(value_type, d, n)))
                g_ptr_array_add(c->sample_types, msg);
            break;
        case F_SAMPLE:
            if (c->n_samples++ == 0)
                c->first_sample_values = count_values(d, n);
            if (!c->has_labels)
                c->has_labels = sample_has_label(d, n);
            msg = c; /* counted, decoded in pass 2 */
            break;
        case F_MAPPING:
            if ((msg = UNPACK(mapping, d, n)))
                g_ptr_array_add(c->t.mappings, msg);
            break;
        case F_LOCATION:
            if ((msg = UNPACK(location, d, n)))
                g_ptr_array_add(c->t.locations, msg);
            break;
        case F_FUNCTION:
            if ((msg = UNPACK(function, d, n)))
                g_ptr_array_add(c->t.functions, msg);
            break;
        case F_STRING_TABLE: {
            uint32_t l = (uint32_t)MIN(n, (gsize)G_MAXUINT32);
            g_array_append_val(c->t.str_data, d);
            g_array_append_val(c->t.str_len, l);
            msg = c;
            break;
        }
        case F_PERIOD_TYPE:
            if ((msg = UNPACK(value_type, d, n))) {
                if (c->period_type)
                    perftools__profiles__value_type__free_unpacked(c->period_type, NULL);
                c->period_type = msg;
            }
            break;
        case F_COMMENT:
            decode_packed_or_one(&w, type, c->comments);
            msg = c;
            break;
        default: {
            if (type != KILN_WIRE_VARINT) {
                msg = c;
                if (!kiln_pprof_wire_skip(&w, type))
                    break;
                break;
            }
            int64_t v = (int64_t)kiln_pprof_wire_varint(&w);
            int64_t *dst[] = {
                [F_DROP_FRAMES] = &c->drop_frames, [F_KEEP_FRAMES] = &c->keep_frames,
                [F_TIME_NANOS] = &c->time_nanos, [F_DURATION_NANOS] = &c->duration_nanos,
                [F_PERIOD] = &c->period, [F_DEFAULT_SAMPLE_TYPE] = &c->default_sample_type,
                [F_DOC_URL] = &c->doc_url,
            };
            if (field < G_N_ELEMENTS(dst) && dst[field] && !w.bad)
                *dst[field] = v;
            msg = c;
        }
        }
        if (!msg)
            c->bad_messages++;
        if (w.bad)
            break;
        at = w.p;
    }
    c->end = (gsize)(at - ctx->data);
    if (w.bad) {
        if (c->end == 0) {
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID,
                        /* Translators: %s is a file name or “The input” */
                        _("%s is not a valid pprof profile: the protobuf data is malformed from "
                          "its first byte"),
                        ctx->path ? ctx->path : _("The input"));
            return FALSE;
        }
        kiln_builder_warn(c->b,
                          _("The protobuf data is malformed or truncated at byte %" PRIu64
                            " of %" PRIu64 ": showing what comes before it"),
                          (uint64_t)c->end, (uint64_t)ctx->len);
    }
    if (c->t.str_data->len == 0) {
        const guint8 *empty = (const guint8 *)"";
        uint32_t zero = 0;
        g_array_append_val(c->t.str_data, empty);
        g_array_append_val(c->t.str_len, zero);
        kiln_builder_warn(c->b, _("The profile has no string table; names are missing"));
    } else if (g_array_index(c->t.str_len, uint32_t, 0) != 0) {
        kiln_builder_warn(c->b, _("The profile's first string is not empty, as pprof requires; "
                                  "it was read anyway"));
    }
    return TRUE;
}

static gboolean same_string(KilnPprofTables *t, int64_t a, int64_t b)
{
    gsize la, lb;
    const char *sa = kiln_pprof_tables_string(t, a, &la);
    const char *sb = kiln_pprof_tables_string(t, b, &lb);
    return la == lb && memcmp(sa, sb, la) == 0;
}

static void declare_types(Ctx *c)
{
    GPtrArray *st = c->sample_types;
    if (st->len == 0) {
        /* No sample_type: pprof would refuse the values; name them instead. */
        for (uint32_t i = 0; i < MAX(c->first_sample_values, 1u); i++) {
            g_autofree char *name = g_strdup_printf("value%u", i + 1);
            kiln_builder_add_sample_type(c->b, name, "count");
        }
        if (c->n_samples)
            /* Translators: value1..value%u are the names given to the values */
            kiln_builder_warn(c->b,
                              _("The profile declares no sample types; its values are "
                                "shown as value1..value%u"),
                              MAX(c->first_sample_values, 1u));
        c->n_types = kiln_builder_n_sample_types(c->b);
        return;
    }
    uint32_t dflt = st->len - 1;
    for (guint i = 0; i < st->len; i++) {
        const Perftools__Profiles__ValueType *vt = st->pdata[i];
        g_autofree char *name = kiln_pprof_tables_dup_string(&c->t, vt->type);
        g_autofree char *unit = kiln_pprof_tables_dup_string(&c->t, vt->unit);
        kiln_builder_add_sample_type(c->b, name, unit);
        if (c->default_sample_type && same_string(&c->t, vt->type, c->default_sample_type))
            dflt = MIN(dflt, i);
    }
    /* pprof picks the type named by default_sample_type, else the last. */
    if (c->default_sample_type) {
        gboolean found = FALSE;
        for (guint i = 0; i < st->len && !found; i++)
            found = same_string(&c->t, ((Perftools__Profiles__ValueType *)st->pdata[i])->type,
                                c->default_sample_type);
        if (!found)
            dflt = st->len - 1;
    }
    kiln_builder_set_default_sample_type(c->b, dflt);
    c->n_types = st->len;
}

static void set_metadata(Ctx *c)
{
    KilnBuilder *b = c->b;
    for (guint i = 0; i < c->comments->len; i++) {
        g_autofree char *s = kiln_pprof_tables_dup_string(&c->t, g_array_index(c->comments,
                                                                               int64_t, i));
        kiln_builder_set_property(b, "Comment", s);
    }
    if (c->period_type) {
        g_autofree char *ty = kiln_pprof_tables_dup_string(&c->t, c->period_type->type);
        g_autofree char *un = kiln_pprof_tables_dup_string(&c->t, c->period_type->unit);
        g_autofree char *pt = g_strdup_printf("%s/%s", ty, un);
        kiln_builder_set_property(b, "Period type", pt);
        if (c->period)
            kiln_builder_set_property_quantity(b, "Period", (double)c->period, un);
    } else if (c->period) {
        g_autofree char *pv = g_strdup_printf("%" G_GINT64_FORMAT, c->period);
        kiln_builder_set_property(b, "Period", pv);
    }
    if (c->time_nanos > 0) {
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(c->time_nanos / 1000000000);
        if (dt) {
            g_autofree char *s = g_date_time_format(dt, "%Y-%m-%d %H:%M:%S UTC");
            kiln_builder_set_property(b, "Time", s);
        }
    }
    if (c->duration_nanos > 0)
        kiln_builder_set_property_quantity(b, "Duration", (double)c->duration_nanos,
                                           "nanoseconds");
    if (c->time_nanos > 0 || c->duration_nanos > 0) {
        uint64_t start = c->time_nanos > 0 ? (uint64_t)c->time_nanos : 0;
        uint64_t dur = c->duration_nanos > 0 ? (uint64_t)c->duration_nanos : 0;
        kiln_builder_set_time_range(b, start, start + dur);
    }
    struct {
        int64_t idx;
        const char *key;
    } strs[] = {{c->drop_frames, "Drop frames"}, {c->keep_frames, "Keep frames"},
                {c->doc_url, "Documentation"}};
    for (guint i = 0; i < G_N_ELEMENTS(strs); i++) {
        if (!strs[i].idx)
            continue;
        g_autofree char *s = kiln_pprof_tables_dup_string(&c->t, strs[i].idx);
        kiln_builder_set_property(b, strs[i].key, s);
    }
    /* pprof treats the first mapping as the main binary. */
    if (c->t.mappings->len) {
        const Perftools__Profiles__Mapping *m = c->t.mappings->pdata[0];
        g_autofree char *file = kiln_pprof_tables_dup_string(&c->t, m->filename);
        g_autofree char *bid = kiln_pprof_tables_dup_string(&c->t, m->build_id);
        if (*file)
            kiln_builder_set_property(b, "Main binary", file);
        if (*bid)
            kiln_builder_set_property(b, "Build ID", bid);
    }
}

typedef struct {
    GArray *locs;   /* uint64_t ids */
    GArray *idx;    /* uint32_t location indices */
    GArray *path;   /* uint32_t frames of this sample, root first */
    GArray *prev_path, *prev_nodes; /* the previous sample's, and its nodes */
    GArray *values; /* int64_t */
    GArray *labels; /* KilnLabel */
    double *dvalues;
    uint32_t thread;
    KilnChildCache children; /* samples in random order revisit the same top levels */
    GArray *keys;            /* uint64_t child-cache key per level of the path */
} Scratch;

static void decode_label(Ctx *c, const guint8 *d, gsize n, Scratch *s)
{
    int64_t f[5] = {0};
    KilnPprofWire w;
    kiln_pprof_wire_init(&w, d, n);
    uint32_t field, type;
    while (kiln_pprof_wire_tag(&w, &field, &type)) {
        if (field <= 4 && type == KILN_WIRE_VARINT)
            f[field] = (int64_t)kiln_pprof_wire_varint(&w);
        else if (!kiln_pprof_wire_skip(&w, type))
            break;
    }
    KilnPprofTables *t = &c->t;
    if (w.bad || !f[1] || !kiln_pprof_tables_string_ok(t, f[1]) ||
        !kiln_pprof_tables_string_ok(t, f[2]) || !kiln_pprof_tables_string_ok(t, f[4])) {
        c->bad_labels++;
        return;
    }
    gsize kl, sl, ul;
    const char *key = kiln_pprof_tables_string(t, f[1], &kl);
    const char *str = kiln_pprof_tables_string(t, f[2], &sl);
    const char *unit = kiln_pprof_tables_string(t, f[4], &ul);
    KilnLabel l = {0};
    l.key = kiln_builder_intern(c->b, key, kl);
    if (f[2]) {
        l.str = kiln_builder_intern(c->b, str, sl);
    } else {
        l.num = f[3];
        l.unit = ul ? kiln_builder_intern(c->b, unit, ul) : 0;
        /* Thread-style labels also fill the per-sample thread column. */
        if ((kl == 9 && memcmp(key, "thread_id", 9) == 0) || (kl == 3 && memcmp(key, "tid", 3) == 0))
            s->thread = (uint32_t)f[3];
    }
    g_array_append_val(s->labels, l);
}

/* Decodes one Sample and feeds it to the builder. */
static void import_sample(Ctx *c, const guint8 *d, gsize n, Scratch *s)
{
    g_array_set_size(s->locs, 0);
    g_array_set_size(s->values, 0);
    g_array_set_size(s->labels, 0);
    s->thread = 0;
    KilnPprofWire w;
    kiln_pprof_wire_init(&w, d, n);
    uint32_t field, type;
    while (kiln_pprof_wire_tag(&w, &field, &type)) {
        if (field == 1) {
            decode_packed_or_one(&w, type, s->locs);
        } else if (field == 2) {
            decode_packed_or_one(&w, type, s->values);
        } else if (field == 3 && type == KILN_WIRE_LEN) {
            const guint8 *ld;
            gsize ln;
            if (kiln_pprof_wire_bytes(&w, &ld, &ln))
                decode_label(c, ld, ln, s);
        } else if (!kiln_pprof_wire_skip(&w, type)) {
            break;
        }
    }
    if (w.bad) {
        c->bad_samples++;
        return;
    }
    if (s->values->len != c->n_types) {
        c->bad_values++;
        return;
    }
    for (uint32_t i = 0; i < c->n_types; i++)
        s->dvalues[i] = (double)g_array_index(s->values, int64_t, i);

    /* Ids to location indices, dropping ids that name nothing. */
    guint nl = MIN(s->locs->len, MAX_SAMPLE_LOCATIONS);
    g_array_set_size(s->idx, nl);
    uint32_t *idx = (uint32_t *)(void *)s->idx->data;
    guint k = 0;
    for (guint i = 0; i < nl; i++) {
        uint32_t li = kiln_pprof_tables_location(&c->t, g_array_index(s->locs, uint64_t, i));
        if (li == UINT32_MAX)
            c->bad_locations++;
        else
            idx[k++] = li;
    }
    /* drop_frames, as pprof's Prune: scanning from the root, the first
     * pruned location after a non-pruned one cuts the stack there. */
    guint start = 0;
    gboolean found_user = FALSE;
    for (guint i = k; i-- > 0;) {
        guint8 pr = c->t.loc_prune[idx[i]];
        if (!pr) {
            found_user = TRUE;
            continue;
        }
        if (!found_user)
            continue;
        start = (pr & KILN_PPROF_PRUNE) ? i + 1 : i;
        break;
    }
    /* Root-first frames; the part shared with the previous sample's stack
     * reuses its nodes (samples of one goroutine or request path share
     * long prefixes), the rest is looked up. */
    g_array_set_size(s->path, 0);
    for (guint i = k; i-- > start;) {
        uint32_t nf;
        const uint32_t *frames = kiln_pprof_tables_frames(&c->t, idx[i], &nf);
        for (uint32_t j = nf; j-- > 0;)
            g_array_append_val(s->path, frames[j]);
    }
    const uint32_t *path = (const uint32_t *)(void *)s->path->data;
    guint depth = s->path->len, same = 0;
    const uint32_t *prev = (const uint32_t *)(void *)s->prev_path->data;
    while (same < depth && same < s->prev_path->len && path[same] == prev[same])
        same++;
    g_array_set_size(s->prev_nodes, depth);
    uint32_t *nodes = (uint32_t *)(void *)s->prev_nodes->data;
    uint32_t node = same ? nodes[same - 1] : KILN_ROOT_NODE;
    /* Keyed by the path from the root, the top levels' probes are known
     * up front: prefetched together, their misses overlap. */
    g_array_set_size(s->keys, depth);
    uint64_t *keys = (uint64_t *)(void *)s->keys->data;
    uint64_t key = 0;
    for (guint i = 0; i < depth; i++) {
        keys[i] = key = kiln_child_cache_next_key(key, path[i]);
        if (i >= same && i < same + 16)
            kiln_child_cache_prefetch(&s->children, key);
    }
    for (guint i = same; i < depth; i++)
        node = nodes[i] = kiln_child_cache_child_keyed(&s->children, node, path[i], keys[i]);
    GArray *swap = s->prev_path;
    s->prev_path = s->path;
    s->path = swap;
    uint32_t set = s->labels->len ? kiln_builder_label_set(c->b, (KilnLabel *)s->labels->data,
                                                           s->labels->len)
                                  : 0;
    /* The per-sample table is what keeps labels (and lets the exporter
     * write them back); without any label it would only cost memory. */
    if (c->has_labels)
        kiln_builder_record_sample(c->b, node, s->dvalues, 0, s->thread, set);
    else
        kiln_builder_add_values(c->b, node, s->dvalues);
}

static gboolean pass2(Ctx *c, GError **error)
{
    KilnImportContext *ctx = c->ctx;
    Scratch s = {
        .locs = g_array_new(FALSE, FALSE, sizeof(uint64_t)),
        .idx = g_array_new(FALSE, FALSE, sizeof(uint32_t)),
        .path = g_array_new(FALSE, FALSE, sizeof(uint32_t)),
        .prev_path = g_array_new(FALSE, FALSE, sizeof(uint32_t)),
        .prev_nodes = g_array_new(FALSE, FALSE, sizeof(uint32_t)),
        .values = g_array_new(FALSE, FALSE, sizeof(int64_t)),
        .labels = g_array_new(FALSE, FALSE, sizeof(KilnLabel)),
        .dvalues = g_new0(double, c->n_types + 1),
        .keys = g_array_new(FALSE, FALSE, sizeof(uint64_t)),
    };
    kiln_child_cache_init(&s.children, c->b);
    KilnPprofWire w;
    kiln_pprof_wire_init(&w, ctx->data, c->end);
    uint32_t field, type;
    gboolean ok = TRUE;
    while (kiln_pprof_wire_tag(&w, &field, &type)) {
        if (field == F_SAMPLE && type == KILN_WIRE_LEN) {
            const guint8 *d;
            gsize n;
            if (!kiln_pprof_wire_bytes(&w, &d, &n))
                break;
            import_sample(c, d, n, &s);
            if (!(ok = kiln_import_progress(ctx, (gsize)(w.p - ctx->data), error)))
                break;
        } else if (!kiln_pprof_wire_skip(&w, type)) {
            break;
        }
    }
    g_array_unref(s.locs);
    g_array_unref(s.idx);
    g_array_unref(s.path);
    g_array_unref(s.prev_path);
    g_array_unref(s.prev_nodes);
    g_array_unref(s.values);
    g_array_unref(s.labels);
    g_free(s.dvalues);
    kiln_child_cache_clear(&s.children);
    g_array_unref(s.keys);
    return ok;
}

static void report(Ctx *c)
{
    KilnBuilder *b = c->b;
    /* The English below is plural for any count; each message is a plural
     * one all the same, so that a translation can tell 1 from many. */
    if (c->bad_messages)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "%" PRIu64 " malformed table entries (mappings, locations, "
                                      "functions or sample types) were skipped",
                                      "%" PRIu64 " malformed table entries (mappings, locations, "
                                      "functions or sample types) were skipped",
                                      c->bad_messages),
                          c->bad_messages);
    if (c->bad_samples)
        kiln_builder_warn(b,
                          /* Translators: the English is plural for any count */
                          g_dngettext(GETTEXT_PACKAGE, "%" PRIu64 " malformed samples were skipped",
                                      "%" PRIu64 " malformed samples were skipped", c->bad_samples),
                          c->bad_samples);
    if (c->bad_values)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "%" PRIu64 " samples were skipped because they do not have "
                                      "one value per sample type (%u)",
                                      "%" PRIu64 " samples were skipped because they do not have "
                                      "one value per sample type (%u)",
                                      c->bad_values),
                          c->bad_values, c->n_types);
    if (c->bad_locations)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "%" PRIu64 " stack entries refer to locations the profile "
                                      "does not define; they were left out",
                                      "%" PRIu64 " stack entries refer to locations the profile "
                                      "does not define; they were left out",
                                      c->bad_locations),
                          c->bad_locations);
    if (c->t.missing_functions)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "%" PRIu64 " lines refer to functions the profile does not "
                                      "define; they are named by address",
                                      "%" PRIu64 " lines refer to functions the profile does not "
                                      "define; they are named by address",
                                      c->t.missing_functions),
                          c->t.missing_functions);
    if (c->t.missing_mappings)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "%" PRIu64 " locations refer to mappings the profile does "
                                      "not define",
                                      "%" PRIu64 " locations refer to mappings the profile does "
                                      "not define",
                                      c->t.missing_mappings),
                          c->t.missing_mappings);
    if (c->t.bad_strings)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "%" PRIu64 " references point past the end of the profile's "
                                      "string table (%u strings); they were read as empty",
                                      "%" PRIu64 " references point past the end of the profile's "
                                      "string table (%u strings); they were read as empty",
                                      c->t.bad_strings),
                          c->t.bad_strings, c->t.str_data->len);
    if (c->bad_labels)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: the English is plural for any count */
                                      "%" PRIu64 " sample labels with missing or out-of-range "
                                      "strings were dropped",
                                      "%" PRIu64 " sample labels with missing or out-of-range "
                                      "strings were dropped",
                                      c->bad_labels),
                          c->bad_labels);
    if (c->n_samples == 0)
        kiln_builder_warn(b, _("The profile holds no samples"));
}

static gboolean pprof_import(KilnImportContext *ctx, GError **error)
{
    gboolean proto = proto_sniff(ctx->data, MIN(ctx->len, (gsize)64 << 10)) > 0;
    if (!proto && kiln_pprof_legacy_cpu_detect(ctx->data, ctx->len))
        return kiln_pprof_legacy_cpu_import(ctx, error);
    if (!proto && kiln_pprof_legacy_java_detect(ctx->data, ctx->len))
        return kiln_pprof_legacy_java_import(ctx, error);
    if (!proto && kiln_pprof_legacy_text_detect(ctx->data, ctx->len))
        return kiln_pprof_legacy_text_import(ctx, error);
    if (!proto && kiln_pprof_legacy_thread_detect(ctx->data, ctx->len))
        return kiln_pprof_legacy_thread_import(ctx, error);
    const char *legacy = proto ? NULL : legacy_kind(ctx->data, ctx->len);
    if (legacy) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNSUPPORTED,
                    /* Translators: the first %s is a file name or “The input”, the
                     * second a kind of profile, such as “heap”; keep the command */
                    _("%s is a legacy pprof %s profile, from before pprof's protobuf format; "
                      "Kiln reads only the protobuf format. Convert it with "
                      "“go tool pprof -proto FILE > FILE.pb.gz” and open the result"),
                    ctx->path ? ctx->path : _("The input"), legacy);
        return FALSE;
    }
    Ctx c = {.ctx = ctx, .b = ctx->builder};
    kiln_pprof_tables_init(&c.t, c.b);
    c.sample_types = g_ptr_array_new();
    c.comments = g_array_new(FALSE, FALSE, sizeof(int64_t));
    gboolean ok = pass1(&c, error);
    if (ok) {
        kiln_pprof_tables_index(&c.t);
        declare_types(&c);
        set_metadata(&c);
        kiln_pprof_tables_prune(&c.t, c.drop_frames, c.keep_frames);
        ok = pass2(&c, error);
        if (ok)
            report(&c);
    }
    for (guint i = 0; i < c.sample_types->len; i++)
        perftools__profiles__value_type__free_unpacked(c.sample_types->pdata[i], NULL);
    g_ptr_array_unref(c.sample_types);
    if (c.period_type)
        perftools__profiles__value_type__free_unpacked(c.period_type, NULL);
    g_array_unref(c.comments);
    kiln_pprof_tables_clear(&c.t);
    return ok;
}

const KilnImporter kiln_pprof_importer = {"pprof", "pprof", pprof_sniff, pprof_import};
