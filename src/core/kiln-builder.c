/* kiln-builder.c — the trie builder behind every importer.
 *
 * During the build, nodes are appended in creation order and found through
 * an open-addressing table keyed by (parent, frame). kiln_builder_finish()
 * sorts siblings by name and renumbers into preorder (see kiln-node.h);
 * that code lives in kiln-builder-finish.c.
 */
#include "kiln-builder-private.h"
#include "kiln-hash.h"
#include "kiln-shared-array.h"

#include <float.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

void kiln_limits_init_default(KilnLimits *limits)
{
    limits->max_decompressed = KILN_DEFAULT_MAX_DECOMPRESSED;
    limits->max_depth = KILN_DEFAULT_MAX_DEPTH;
    limits->max_name_len = KILN_DEFAULT_MAX_NAME_LEN;
}

KilnBuilder *kiln_builder_new(const KilnLimits *limits)
{
    KilnBuilder *b = g_new0(KilnBuilder, 1);
    if (limits)
        b->limits = *limits;
    else
        kiln_limits_init_default(&b->limits);
    if (b->limits.max_depth < 2)
        b->limits.max_depth = 2;
    if (b->limits.max_name_len < 16)
        b->limits.max_name_len = 16;
    b->strings = kiln_strings_new();
    b->types = g_array_new(FALSE, FALSE, sizeof(KilnSampleType));
    b->frames = g_array_new(FALSE, FALSE, sizeof(KilnFrame));
    b->frame_mask = 1023;
    b->frame_slots = g_new0(uint32_t, b->frame_mask + 1);
    b->warnings = g_ptr_array_new_with_free_func(g_free);
    b->properties = g_array_new(FALSE, FALSE, sizeof(KilnProperty));
    b->label_data = g_array_new(FALSE, FALSE, sizeof(KilnLabel));
    b->label_start = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    uint32_t zero = 0;
    g_array_append_val(b->label_start, zero);
    g_array_append_val(b->label_start, zero); /* set 0: empty */
    b->truncated_frame = UINT32_MAX;
    b->granularity = KILN_GRANULARITY_ADDRESSES;

    /* Node 0, the root. */
    b->node_cap = 1024;
    b->node_parent = g_new(uint32_t, b->node_cap);
    b->node_frame = g_new(uint32_t, b->node_cap);
    b->node_depth = g_new(uint32_t, b->node_cap);
    b->node_first_child = g_new(uint32_t, b->node_cap);
    b->node_next_sibling = g_new(uint32_t, b->node_cap);
    b->node_first_child[0] = 0;
    b->node_next_sibling[0] = 0;
    b->node_parent[0] = KILN_NO_NODE;
    b->node_frame[0] = 0;
    b->node_depth[0] = 0;
    b->n_nodes = 1;
    return b;
}

static void free_property(KilnProperty *p)
{
    g_free(p->key);
    g_free(p->value);
    g_free(p->unit);
}

void kiln_builder_free(KilnBuilder *b)
{
    if (!b)
        return;
    kiln_strings_free(b->strings);
    g_array_unref(b->types);
    g_array_unref(b->frames);
    g_free(b->frame_slots);
    g_free(b->rank_order);
    g_free(b->named_slots);
    g_free(b->child_slots);
    g_free(b->node_parent);
    g_free(b->node_frame);
    g_free(b->node_depth);
    g_free(b->node_first_child);
    g_free(b->node_next_sibling);
    g_free(b->self);
    kiln_shared_array_unref(b->s_time);
    kiln_shared_array_unref(b->s_thread);
    g_free(b->s_node);
    kiln_shared_array_unref(b->s_labels);
    kiln_shared_array_unref(b->s_values);
    g_free(b->format);
    if (b->warnings)
        g_ptr_array_unref(b->warnings);
    if (b->properties) {
        for (guint i = 0; i < b->properties->len; i++)
            free_property(&g_array_index(b->properties, KilnProperty, i));
        g_array_unref(b->properties);
    }
    g_free(b->label_slots);
    g_array_unref(b->label_data);
    g_array_unref(b->label_start);
    g_free(b);
}

const KilnLimits *kiln_builder_limits(const KilnBuilder *b)
{
    return &b->limits;
}

uint32_t kiln_builder_add_sample_type(KilnBuilder *b, const char *name, const char *unit)
{
    g_return_val_if_fail(b->self == NULL, 0);
    KilnSampleType t = {
        .name = kiln_strings_intern(b->strings, name, strlen(name)),
        .unit = kiln_strings_intern(b->strings, unit, strlen(unit)),
    };
    g_array_append_val(b->types, t);
    return b->types->len - 1;
}

uint32_t kiln_builder_n_sample_types(const KilnBuilder *b)
{
    return b->types->len;
}

void kiln_builder_set_default_sample_type(KilnBuilder *b, uint32_t type)
{
    if (type < b->types->len)
        b->default_type = type;
}

uint32_t kiln_builder_intern(KilnBuilder *b, const char *s, size_t len)
{
    return kiln_strings_intern(b->strings, s, len);
}

static bool is_plain_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}

/* Escapes what a toolkit must never see raw: invalid UTF-8 and control
 * characters (NUL included). Valid multibyte UTF-8 passes through. */
static void append_escaped(GString *out, const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c < 0x7f) {
            g_string_append_c(out, (char)c);
            p++;
            continue;
        }
        if (c >= 0x80) {
            gunichar u = g_utf8_get_char_validated(p, end - p);
            if (u != (gunichar)-1 && u != (gunichar)-2 && g_unichar_isprint(u)) {
                const char *next = g_utf8_next_char(p);
                g_string_append_len(out, p, next - p);
                p = next;
                continue;
            }
        }
        g_string_append_printf(out, "\\x%02x", c);
        p++;
    }
}

/* Text for the summary page and kiln-cli's terminal (properties,
 * warnings) often quotes the file: make it valid UTF-8 and escape control
 * bytes, which could otherwise drive the terminal (ESC sequences). Newlines
 * and tabs stay, for multi-line comments. */
static char *display_text(const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    bool plain = g_utf8_validate(s, (gssize)len, NULL);
    for (size_t i = 0; plain && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        plain = !((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f);
    }
    if (plain)
        return g_strdup(s);
    GString *out = g_string_sized_new(len + 16);
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *q = p;
        while (q < end && *q != '\n' && *q != '\t')
            q++;
        append_escaped(out, p, (size_t)(q - p));
        if (q < end)
            g_string_append_c(out, *q++);
        p = q;
    }
    return g_string_free(out, FALSE);
}

uint32_t kiln_builder_intern_name(KilnBuilder *b, const char *s, size_t len)
{
    size_t cap = b->limits.max_name_len;
    if (len <= cap && is_plain_ascii(s, len))
        return kiln_strings_intern(b->strings, s, len);

    GString *out = g_string_sized_new(MIN(len, cap) + 16);
    /* Escape at most a little more than the cap: the rest is elided anyway,
     * and a 1 MB name must not cost 4 MB of escapes. */
    append_escaped(out, s, MIN(len, (size_t)cap * 2));
    if (out->len > cap || len > (size_t)cap * 2) {
        size_t keep = cap - 3;
        /* Never cut inside a UTF-8 sequence or a \xNN escape. */
        while (keep > 0 && ((unsigned char)out->str[keep] & 0xc0) == 0x80)
            keep--;
        for (size_t k = keep >= 3 ? keep - 3 : 0; k < keep; k++) {
            if (out->str[k] == '\\' && k + 4 > keep) {
                keep = k;
                break;
            }
        }
        g_string_truncate(out, keep);
        g_string_append(out, "…");
        if (!b->warned_name_cap) {
            b->warned_name_cap = true;
            kiln_builder_warn(b,
                              _("Some frame names were longer than %u bytes and are shown elided"),
                              (unsigned)cap);
        }
    }
    uint32_t id = kiln_strings_intern(b->strings, out->str, out->len);
    g_string_free(out, TRUE);
    return id;
}

static uint64_t frame_hash(const KilnFrame *f)
{
    uint64_t h = kiln_hash_u64(((uint64_t)f->name << 32) | f->module);
    h = kiln_hash_u64(h ^ (((uint64_t)f->file << 32) | f->line));
    h = kiln_hash_u64(h ^ (((uint64_t)f->inline_depth << 32) | f->kind));
    return f->address ? kiln_hash_u64(h ^ f->address) : h;
}

static void frame_rehash(KilnBuilder *b)
{
    uint32_t n = (b->frame_mask + 1) * 2;
    uint32_t *slots = g_new0(uint32_t, n);
    for (uint32_t id = 0; id < b->frames->len; id++) {
        uint32_t i = (uint32_t)frame_hash(&g_array_index(b->frames, KilnFrame, id)) & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = id + 1;
    }
    g_free(b->frame_slots);
    b->frame_slots = slots;
    b->frame_mask = n - 1;
}

void kiln_builder_set_granularity(KilnBuilder *b, KilnGranularity granularity)
{
    g_return_if_fail((unsigned)granularity < KILN_GRANULARITY_N);
    /* Frames interned before would keep what the new granularity drops. */
    g_return_if_fail(b->frames->len == 0);
    b->granularity = granularity;
}

KilnGranularity kiln_builder_granularity(const KilnBuilder *b)
{
    return b->granularity;
}

uint32_t kiln_builder_frame(KilnBuilder *b, uint32_t name, uint32_t module, uint32_t file,
                            uint32_t line, KilnFrameKind kind)
{
    return kiln_builder_location(b, name, module, file, line, 0, 0, kind);
}

uint32_t kiln_builder_location(KilnBuilder *b, uint32_t name, uint32_t module, uint32_t file,
                               uint32_t line, uint64_t address, uint32_t inline_depth,
                               KilnFrameKind kind)
{
    KilnFrame f = {
        .name = name,
        .module = module,
        .file = file,
        .line = line,
        .kind = (uint32_t)kind,
        .inline_depth = inline_depth,
        .address = address,
    };
    if (b->granularity != KILN_GRANULARITY_ADDRESSES)
        kiln_frame_project(&f, b->granularity, &f);
    uint32_t i = (uint32_t)frame_hash(&f) & b->frame_mask;
    for (;; i = (i + 1) & b->frame_mask) {
        uint32_t slot = b->frame_slots[i];
        if (!slot)
            break;
        const KilnFrame *o = &g_array_index(b->frames, KilnFrame, slot - 1);
        if (memcmp(o, &f, sizeof f) == 0)
            return slot - 1;
    }
    g_array_append_val(b->frames, f);
    b->frame_slots[i] = b->frames->len;
    if ((uint64_t)b->frames->len * 2 > b->frame_mask)
        frame_rehash(b);
    return b->frames->len - 1;
}

/* Text importers ask for the same few thousand names millions of times.
 * This cache maps the raw bytes (and kind) straight to the frame id with
 * one probe, instead of escaping, interning and frame-hashing each time.
 * A slot is trusted only if the frame's stored name equals the bytes, so
 * names that needed escaping simply always take the slow path. */
uint32_t kiln_builder_frame_named(KilnBuilder *b, const char *name, size_t len,
                                  KilnFrameKind kind)
{
    uint64_t h = kiln_hash_bytes(name, len) ^ ((uint64_t)kind * 0x9e3779b97f4a7c15ull);
    if (!b->named_slots) {
        b->named_mask = 4095;
        b->named_slots = g_new0(KilnNamedSlot, b->named_mask + 1);
    }
    uint32_t i = (uint32_t)h & b->named_mask;
    for (;; i = (i + 1) & b->named_mask) {
        KilnNamedSlot *s = &b->named_slots[i];
        if (!s->frame)
            break;
        if (s->hash != (uint32_t)(h >> 32))
            continue;
        const KilnFrame *f = &g_array_index(b->frames, KilnFrame, s->frame - 1);
        if (f->kind == (uint32_t)kind && kiln_strings_length(b->strings, f->name) == len &&
            memcmp(kiln_strings_get(b->strings, f->name), name, len) == 0)
            return s->frame - 1;
    }
    uint32_t name_id = kiln_builder_intern_name(b, name, len);
    uint32_t frame = kiln_builder_frame(b, name_id, 0, 0, 0, kind);
    /* Escaped or elided names are not cached: a lookup by their raw bytes
     * could never verify, and would add a slot each time. */
    if (kiln_strings_length(b->strings, name_id) != len ||
        memcmp(kiln_strings_get(b->strings, name_id), name, len) != 0)
        return frame;
    b->named_slots[i] = (KilnNamedSlot){(uint32_t)(h >> 32), frame + 1};
    if (++b->named_used * 2 > b->named_mask) {
        uint32_t n = (b->named_mask + 1) * 2;
        KilnNamedSlot *slots = g_new0(KilnNamedSlot, n);
        for (uint32_t j = 0; j <= b->named_mask; j++) {
            KilnNamedSlot sl = b->named_slots[j];
            if (!sl.frame)
                continue;
            const KilnFrame *f = &g_array_index(b->frames, KilnFrame, sl.frame - 1);
            uint64_t fh = kiln_hash_bytes(kiln_strings_get(b->strings, f->name),
                                          kiln_strings_length(b->strings, f->name)) ^
                          ((uint64_t)f->kind * 0x9e3779b97f4a7c15ull);
            uint32_t k = (uint32_t)fh & (n - 1);
            while (slots[k].frame)
                k = (k + 1) & (n - 1);
            slots[k] = sl;
        }
        g_free(b->named_slots);
        b->named_slots = slots;
        b->named_mask = n - 1;
    }
    return frame;
}

static inline uint32_t child_hash(uint32_t parent, uint32_t frame)
{
    return (uint32_t)kiln_hash_u64(((uint64_t)parent << 32) | frame);
}

static void child_insert(KilnBuilder *b, uint32_t parent, uint32_t frame, uint32_t node)
{
    if ((uint64_t)(b->child_used + 1) * 2 > b->child_mask) {
        uint32_t n = b->child_mask ? (b->child_mask + 1) * 2 : 1024;
        KilnChildSlot *slots = g_new0(KilnChildSlot, n);
        for (uint32_t i = 0; b->child_slots && i <= b->child_mask; i++) {
            KilnChildSlot s = b->child_slots[i];
            if (!s.node)
                continue;
            uint32_t j = child_hash(s.parent, s.frame) & (n - 1);
            while (slots[j].node)
                j = (j + 1) & (n - 1);
            slots[j] = s;
        }
        g_free(b->child_slots);
        b->child_slots = slots;
        b->child_mask = n - 1;
    }
    uint32_t j = child_hash(parent, frame) & b->child_mask;
    while (b->child_slots[j].node)
        j = (j + 1) & b->child_mask;
    b->child_slots[j] = (KilnChildSlot){parent, frame, node};
    b->child_used++;
}

static uint32_t child_lookup(const KilnBuilder *b, uint32_t parent, uint32_t frame)
{
    for (uint32_t j = child_hash(parent, frame) & b->child_mask;; j = (j + 1) & b->child_mask) {
        const KilnChildSlot *s = &b->child_slots[j];
        if (!s->node)
            return 0;
        if (s->parent == parent && s->frame == frame)
            return s->node;
    }
}

static void grow_nodes(KilnBuilder *b)
{
    /* 1.5x keeps the slack of a large tree smaller than doubling would. */
    b->node_cap += b->node_cap / 2;
    b->node_parent = g_renew(uint32_t, b->node_parent, b->node_cap);
    b->node_frame = g_renew(uint32_t, b->node_frame, b->node_cap);
    b->node_depth = g_renew(uint32_t, b->node_depth, b->node_cap);
    b->node_first_child = g_renew(uint32_t, b->node_first_child, b->node_cap);
    b->node_next_sibling = g_renew(uint32_t, b->node_next_sibling, b->node_cap);
    if (b->self) {
        /* self is [type][node]: grow the block (a large one is remapped,
         * not copied, and no second copy is ever resident), then move the
         * columns out to their new starts, last first. Slots past n_nodes
         * need no zeroing: kiln_builder_child() clears a node's values. */
        uint32_t nt = b->types->len;
        b->self = g_renew(double, b->self, (size_t)nt * b->node_cap);
        for (uint32_t t = nt; t-- > 1;)
            memmove(b->self + (size_t)t * b->node_cap, b->self + (size_t)t * b->self_cap,
                    sizeof(double) * b->n_nodes);
        b->self_cap = b->node_cap;
    }
}

static uint32_t truncated_frame(KilnBuilder *b)
{
    if (b->truncated_frame == UINT32_MAX)
        b->truncated_frame = kiln_builder_frame(
            b, kiln_strings_intern(b->strings, "[truncated]", 11), 0, 0, 0, KILN_FRAME_TRUNCATED);
    return b->truncated_frame;
}

uint32_t kiln_builder_child(KilnBuilder *b, uint32_t parent, uint32_t frame)
{
    if (G_UNLIKELY(parent >= b->n_nodes))
        parent = KILN_ROOT_NODE;
    uint32_t pdepth = b->node_depth[parent];
    if (G_UNLIKELY(KILN_NODE_DEPTH(pdepth) + 1 >= b->limits.max_depth)) {
        uint32_t tf = truncated_frame(b);
        if (b->node_frame[parent] == tf && parent != KILN_ROOT_NODE)
            return parent;
        if (!b->warned_depth) {
            b->warned_depth = true;
            kiln_builder_warn(b,
                              /* Translators: “[truncated]” names the frame the rest is
                               * folded into; keep it as it is */
                              _("Some stacks were deeper than %u frames; their outermost %u "
                                "frames are shown and the rest folded into [truncated]"),
                              b->limits.max_depth, b->limits.max_depth - 1);
        }
        if (frame == tf)
            return parent;
        frame = tf;
    }

    /* The newest node has no children yet: a stack that just branched off
     * needs no lookups for the rest of its frames. */
    uint32_t steps = 0;
    if (parent != b->n_nodes - 1 || parent == KILN_ROOT_NODE) {
        if (pdepth & KILN_NODE_WIDE) {
            uint32_t hit = child_lookup(b, parent, frame);
            if (hit)
                return hit;
        } else {
            for (uint32_t c = b->node_first_child[parent]; c; c = b->node_next_sibling[c], steps++)
                if (b->node_frame[c] == frame)
                    return c;
        }
    }

    if (b->n_nodes == b->node_cap)
        grow_nodes(b);
    uint32_t node = b->n_nodes++;
    b->node_parent[node] = parent;
    b->node_frame[node] = frame;
    b->node_depth[node] = KILN_NODE_DEPTH(pdepth) + 1;
    b->node_first_child[node] = 0;
    b->node_next_sibling[node] = b->node_first_child[parent];
    b->node_first_child[parent] = node;
    if (b->self) {
        for (uint32_t t = 0; t < b->types->len; t++)
            b->self[(size_t)t * b->self_cap + node] = 0;
    }
    if (pdepth & KILN_NODE_WIDE) {
        child_insert(b, parent, frame, node);
    } else if (steps + 1 > KILN_WIDE_THRESHOLD) {
        b->node_depth[parent] |= KILN_NODE_WIDE;
        for (uint32_t c = b->node_first_child[parent]; c; c = b->node_next_sibling[c])
            child_insert(b, parent, b->node_frame[c], c);
    }
    return node;
}

uint32_t kiln_builder_stack(KilnBuilder *b, const uint32_t *frames, size_t n, bool leaf_first)
{
    uint32_t node = KILN_ROOT_NODE;
    for (size_t i = 0; i < n; i++)
        node = kiln_builder_child(b, node, frames[leaf_first ? n - 1 - i : i]);
    return node;
}

static void ensure_self(KilnBuilder *b)
{
    if (b->self)
        return;
    if (b->types->len == 0)
        kiln_builder_add_sample_type(b, "samples", "count");
    b->self_cap = b->node_cap;
    b->self = g_new0(double, (size_t)b->types->len * b->self_cap);
}

static inline void add_one(KilnBuilder *b, uint32_t node, uint32_t t, double v)
{
    double *slot = &b->self[(size_t)t * b->self_cap + node];
    double r = *slot + v;
    if (G_UNLIKELY(!isfinite(r))) {
        if (isnan(v))
            return;
        r = r > 0 ? DBL_MAX : -DBL_MAX;
        if (!b->warned_overflow) {
            b->warned_overflow = true;
            kiln_builder_warn(b, _("Some values overflowed and were capped at the largest "
                                   "representable value"));
        }
    }
    *slot = r;
}

void kiln_builder_add_values(KilnBuilder *b, uint32_t node, const double *values)
{
    ensure_self(b);
    if (node >= b->n_nodes)
        node = KILN_ROOT_NODE;
    for (uint32_t t = 0; t < b->types->len; t++)
        add_one(b, node, t, values[t]);
    b->samples_seen++;
}

void kiln_builder_add_value(KilnBuilder *b, uint32_t node, uint32_t type, double value)
{
    ensure_self(b);
    if (node >= b->n_nodes)
        node = KILN_ROOT_NODE;
    if (type < b->types->len)
        add_one(b, node, type, value);
    b->samples_seen++;
}

void kiln_builder_record_sample(KilnBuilder *b, uint32_t node, const double *values,
                                uint64_t time_ns, uint32_t thread, uint32_t label_set)
{
    kiln_builder_add_values(b, node, values);
    if (node >= b->n_nodes)
        node = KILN_ROOT_NODE;
    uint32_t nt = b->types->len;
    if (b->n_samples == b->s_cap) {
        /* Shared with snapshots (which remap their own node column). */
        size_t n = b->n_samples;
        b->s_cap = b->s_cap ? b->s_cap * 2 : 4096;
        b->s_time = kiln_shared_array_resize(b->s_time, 8 * n, 8 * b->s_cap);
        b->s_thread = kiln_shared_array_resize(b->s_thread, 4 * n, 4 * b->s_cap);
        b->s_node = g_renew(uint32_t, b->s_node, b->s_cap);
        b->s_labels = kiln_shared_array_resize(b->s_labels, 4 * n, 4 * b->s_cap);
        b->s_values = kiln_shared_array_resize(b->s_values, sizeof(double) * nt * n,
                                               sizeof(double) * nt * b->s_cap);
    }
    uint64_t i = b->n_samples++;
    b->s_time[i] = time_ns;
    b->s_thread[i] = thread;
    b->s_node[i] = node;
    b->s_labels[i] = label_set;
    memcpy(b->s_values + i * nt, values, sizeof(double) * nt);
    if (time_ns) {
        if (!b->s_time_start || time_ns < b->s_time_start)
            b->s_time_start = time_ns;
        if (time_ns > b->s_time_end)
            b->s_time_end = time_ns;
    }
}

static void set_property(KilnBuilder *b, const char *key, const char *value, const char *unit,
                         double quantity)
{
    if (strcmp(key, "Comment") != 0) {
        for (guint i = 0; i < b->properties->len; i++) {
            KilnProperty *p = &g_array_index(b->properties, KilnProperty, i);
            if (strcmp(p->key, key) == 0) {
                g_free(p->value);
                g_free(p->unit);
                p->value = display_text(value);
                p->unit = display_text(unit);
                p->quantity = quantity;
                return;
            }
        }
    }
    KilnProperty p = {display_text(key), display_text(value), display_text(unit), quantity};
    g_array_append_val(b->properties, p);
}

void kiln_builder_set_property(KilnBuilder *b, const char *key, const char *value)
{
    set_property(b, key, value, NULL, 0);
}

void kiln_builder_set_property_quantity(KilnBuilder *b, const char *key, double value,
                                        const char *unit)
{
    /* Integers print in full (a period of 10000000 stays that, not 1e+07);
     * anything else with enough digits to read back the same double. */
    char text[G_ASCII_DTOSTR_BUF_SIZE];
    if (value == floor(value) && fabs(value) < 1e15)
        g_snprintf(text, sizeof text, "%.0f", value);
    else
        g_ascii_formatd(text, sizeof text, "%.17g", value);
    set_property(b, key, text, unit ? unit : "", value);
}

void kiln_builder_set_format(KilnBuilder *b, const char *format_id)
{
    g_free(b->format);
    b->format = g_strdup(format_id);
}

void kiln_builder_set_time_range(KilnBuilder *b, uint64_t start_ns, uint64_t end_ns)
{
    b->time_start = start_ns;
    b->time_end = end_ns;
}

void kiln_builder_warn(KilnBuilder *b, const char *format, ...)
{
    /* A broken file can produce millions of problems; the first hundred
     * say all a person can use. */
    if (b->warnings->len >= 100)
        return;
    va_list ap;
    va_start(ap, format);
    char *text = g_strdup_vprintf(format, ap);
    va_end(ap);
    g_ptr_array_add(b->warnings, display_text(text));
    g_free(text);
}

uint32_t kiln_builder_n_warnings(const KilnBuilder *b)
{
    return b->warnings->len;
}

uint64_t kiln_builder_samples_seen(const KilnBuilder *b)
{
    return b->samples_seen;
}

uint32_t kiln_builder_n_nodes(const KilnBuilder *b)
{
    return b->n_nodes;
}

uint32_t kiln_builder_label_set(KilnBuilder *b, const KilnLabel *labels, size_t n)
{
    if (n == 0)
        return 0;
    uint64_t h = kiln_hash_bytes(labels, n * sizeof(KilnLabel));
    if (!b->label_slots) {
        b->label_mask = 255;
        b->label_slots = g_new0(uint32_t, b->label_mask + 1);
    }
    uint32_t n_sets = b->label_start->len - 1;
    uint32_t i = (uint32_t)h & b->label_mask;
    for (;; i = (i + 1) & b->label_mask) {
        uint32_t slot = b->label_slots[i];
        if (!slot)
            break;
        uint32_t s = g_array_index(b->label_start, uint32_t, slot);
        uint32_t e = g_array_index(b->label_start, uint32_t, slot + 1);
        if (e - s == n &&
            memcmp(&g_array_index(b->label_data, KilnLabel, s), labels, n * sizeof(KilnLabel)) == 0)
            return slot;
    }
    g_array_append_vals(b->label_data, labels, (guint)n);
    uint32_t end = b->label_data->len;
    g_array_append_val(b->label_start, end);
    b->label_slots[i] = n_sets;
    if ((uint64_t)n_sets * 2 > b->label_mask) {
        uint32_t m = (b->label_mask + 1) * 2;
        uint32_t *slots = g_new0(uint32_t, m);
        for (uint32_t set = 1; set <= n_sets; set++) {
            uint32_t s = g_array_index(b->label_start, uint32_t, set);
            uint32_t e = g_array_index(b->label_start, uint32_t, set + 1);
            uint64_t hh =
                kiln_hash_bytes(&g_array_index(b->label_data, KilnLabel, s), (e - s) * sizeof(KilnLabel));
            uint32_t j = (uint32_t)hh & (m - 1);
            while (slots[j])
                j = (j + 1) & (m - 1);
            slots[j] = set;
        }
        g_free(b->label_slots);
        b->label_slots = slots;
        b->label_mask = m - 1;
    }
    return n_sets;
}
