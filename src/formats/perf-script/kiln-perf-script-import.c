/* kiln-perf-script-import.c — `perf script` text, read as
 * stackcollapse-perf.pl reads it, so that Kiln's folded export of the
 * default sample type ("period") is byte for byte that script's output.
 *
 * The text is a sequence of events: an event line ("comm pid/tid [cpu]
 * time: period event:"), its frames leaf first, and a blank line. The line
 * parses live in kiln-perf-script-event.c and kiln-perf-script-frame.c;
 * this file keeps the script's state machine:
 *   - '#' lines are skipped (header properties are kept as metadata);
 *   - every event is kept: each event name is its own sample type
 *     (KilnPerfScriptTypes), "samples" counts them all, and the first
 *     event's type is the default, which is what the Perl script (it keeps
 *     only the first event) adds up;
 *   - frames are only taken while an event is open; a blank line closes it
 *     and yields root;outermost;...;leaf weighted by the period (1 if none);
 *   - lines that are neither are skipped and counted in one warning.
 * Where Kiln chooses differently from the Perl script (documented in
 * tests/perf-script/README.md): a whitespace-only line counts as blank;
 * an indented line right after a blank line may be an event line (perf
 * right-aligns comm in some modes); an event line that carries its own
 * frame ("cycles:  ffff sym (dso)", Intel PT "a => b") gets that frame.
 * Like the script, an event not followed by a blank line at the end of the
 * file is left out — with a warning, so nothing is lost silently — unless
 * it is the only one, which is then shown rather than nothing.
 *
 * Speed: each stack line is split into address, function and module, then
 * looked up in a cache keyed by the function (without its +0x offset),
 * module and flags, so the tidy-ups and interning run once per distinct
 * function; the rest is a hash probe and the call-tree walk.
 */
#include "formats/kiln-importer.h"
#include "formats/kiln-text.h"
#include "core/kiln-hash.h"
#include "kiln-perf-script-event.h"
#include "kiln-perf-script-frame.h"
#include "kiln-perf-script-types.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#define SNIFF_LINES 400

/* ---- frame-line cache ---------------------------------------------------- */

typedef struct {
    guint64 hash;
    guint32 key_off, sym_len, module_len; /* key bytes: symbol, then module */
    guint32 ids_off, n_ids;               /* n_ids == 0: the line yields no frame */
    guint8 flags;
    gboolean used;
} CacheSlot;

typedef struct {
    CacheSlot *slots;
    guint32 mask, used;
    GByteArray *keys;
    GArray *ids; /* uint32_t frame ids, root-most first per line */
} FrameCache;

static void cache_init(FrameCache *c)
{
    c->mask = 4095;
    c->used = 0;
    c->slots = g_new0(CacheSlot, c->mask + 1);
    c->keys = g_byte_array_new();
    c->ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
}

static void cache_clear(FrameCache *c)
{
    g_free(c->slots);
    g_byte_array_unref(c->keys);
    g_array_unref(c->ids);
}

static void cache_grow(FrameCache *c)
{
    guint32 n = (c->mask + 1) * 2;
    CacheSlot *slots = g_new0(CacheSlot, n);
    for (guint32 i = 0; i <= c->mask; i++) {
        if (!c->slots[i].used)
            continue;
        guint32 j = (guint32)c->slots[i].hash & (n - 1);
        while (slots[j].used)
            j = (j + 1) & (n - 1);
        slots[j] = c->slots[i];
    }
    g_free(c->slots);
    c->slots = slots;
    c->mask = n - 1;
}

/* ---- import state ---------------------------------------------------------- */

typedef struct {
    KilnImportContext *ctx;
    KilnBuilder *b;
    const KilnLoadOptions *o;
    guint base_flags;
    FrameCache cache;
    GString *names;    /* scratch: frame names of one line */
    GArray *parts;     /* scratch: KilnPerfScriptName */
    GString *pname;    /* scratch: root frame name */
    GHashTable *roots; /* pname -> root frame id + 1 */
    GArray *stack;     /* uint32_t frame ids, leaf first */
    GArray *line_ids;  /* scratch: uint32_t frame ids of one line */
    /* The open event (Perl's $pname defined). */
    gboolean open;
    gboolean open_inline; /* a one-line sample: complete on its own line */
    gboolean java;
    uint32_t root;
    double period;
    guint64 time_ns;
    guint32 tid;
    guint64 open_line;
    /* The events' sample types; the open event's, and values scratch. */
    KilnPerfScriptTypes types;
    uint32_t column;
    double *values;
    /* Counts for the summary warnings. */
    guint64 n_trace_errors;
    guint64 n_samples, n_bad, first_bad_line, n_orphans, first_orphan_line;
    char *first_bad;
    guint64 time_min, time_max;
} State;

/* Text from the file for a message or property: valid UTF-8 (invalid
 * bytes become U+FFFD), control characters as \t or \xNN, at most about
 * `max` bytes. Messages must never carry raw bytes to the toolkit. */
static char *for_display(const char *text, gsize n, gsize max)
{
    g_autofree char *valid = g_utf8_make_valid(text, (gssize)MIN(n, max * 4));
    GString *out = g_string_new(NULL);
    for (const char *p = valid; *p && out->len < max; p = g_utf8_next_char(p)) {
        guchar c = (guchar)*p;
        if (c == '\t')
            g_string_append(out, "\\t");
        else if (c < 0x20 || c == 0x7f)
            g_string_append_printf(out, "\\x%02x", c);
        else
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
    }
    return g_string_free(out, FALSE);
}

/* A hostile event may have millions of stack lines. Only the root-most
 * max_depth frames can reach the call tree (the builder cuts the rest into
 * [truncated]), and they come last, so the leaf end is dropped in bulk
 * once the stack is twice that long: memory stays bounded, the result is
 * the same. */
static void trim_stack(State *s)
{
    gsize keep = (gsize)kiln_builder_limits(s->b)->max_depth + 8;
    if (s->stack->len < 2 * keep)
        return;
    uint32_t *d = (uint32_t *)s->stack->data;
    memmove(d, d + s->stack->len - keep, keep * sizeof *d);
    g_array_set_size(s->stack, keep);
}

/* Appends the frames of one stack line to the open event's stack. */
static void add_frame_line(State *s, const KilnPerfScriptFrame *fr)
{
    guint flags = s->base_flags | (s->java ? KILN_PERF_SCRIPT_JAVA : 0);
    gboolean cacheable = !kiln_perf_script_frame_uses_pc(fr, flags);
    FrameCache *c = &s->cache;
    CacheSlot *slot = NULL;
    guint64 h = 0;
    /* The key: the function without its offset (so every address in a
     * function hits the same entry), the module, and the flags. */
    gsize sym_len = kiln_perf_script_frame_symbol_len(fr);
    if (cacheable) {
        h = kiln_hash_bytes(fr->func, sym_len) ^
            kiln_hash_u64(kiln_hash_bytes(fr->module, fr->module_len) + flags);
        for (guint32 i = (guint32)h & c->mask;; i = (i + 1) & c->mask) {
            CacheSlot *sl = &c->slots[i];
            if (!sl->used) {
                slot = sl;
                break;
            }
            if (sl->hash == h && sl->sym_len == sym_len && sl->module_len == fr->module_len &&
                sl->flags == flags && memcmp(c->keys->data + sl->key_off, fr->func, sym_len) == 0 &&
                memcmp(c->keys->data + sl->key_off + sym_len, fr->module, fr->module_len) == 0) {
                /* A dropped frame ("(bogus)") caches no ids, and the id array
                 * may still be empty: no pointer arithmetic on it then. */
                if (sl->n_ids) {
                    const uint32_t *ids = &g_array_index(c->ids, uint32_t, sl->ids_off);
                    for (guint32 k = sl->n_ids; k > 0; k--)
                        g_array_append_val(s->stack, ids[k - 1]);
                }
                trim_stack(s);
                return;
            }
        }
    }
    g_string_truncate(s->names, 0);
    g_array_set_size(s->parts, 0);
    g_array_set_size(s->line_ids, 0);
    guint n = kiln_perf_script_frame_names(fr, flags, s->names, s->parts);
    uint32_t module = kiln_builder_intern(s->b, fr->module, fr->module_len);
    for (guint i = 0; i < n; i++) {
        const KilnPerfScriptName *nm = &g_array_index(s->parts, KilnPerfScriptName, i);
        uint32_t name = kiln_builder_intern_name(s->b, s->names->str + nm->start, nm->len);
        uint32_t id = kiln_builder_frame(s->b, name, module, 0, 0, nm->kind);
        g_array_append_val(s->line_ids, id);
    }
    if (cacheable) {
        slot->hash = h;
        slot->key_off = c->keys->len;
        slot->sym_len = (guint32)sym_len;
        slot->module_len = (guint32)fr->module_len;
        slot->flags = (guint8)flags;
        slot->used = TRUE;
        slot->ids_off = c->ids->len;
        slot->n_ids = n;
        g_byte_array_append(c->keys, (const guint8 *)fr->func, (guint)sym_len);
        g_byte_array_append(c->keys, (const guint8 *)fr->module, (guint)fr->module_len);
        if (n)
            g_array_append_vals(c->ids, s->line_ids->data, n);
        if (++c->used * 2 > c->mask)
            cache_grow(c);
    }
    for (guint k = n; k > 0; k--)
        g_array_append_val(s->stack, g_array_index(s->line_ids, uint32_t, k - 1));
    trim_stack(s);
}

/* The root frame of an event: comm, comm-PID or comm-PID/TID, spaces as
 * '_' (Perl's tr/ /_/). */
static uint32_t root_frame(State *s, const KilnPerfScriptEvent *ev)
{
    GString *p = s->pname;
    g_string_truncate(p, 0);
    g_string_append_len(p, ev->comm, ev->comm_len);
    if (s->o->perf_tid || s->o->perf_pid) {
        g_string_append_c(p, '-');
        if (ev->pid)
            g_string_append_len(p, ev->pid, ev->pid_len);
        else
            g_string_append_c(p, '?');
        if (s->o->perf_tid) {
            g_string_append_c(p, '/');
            g_string_append_len(p, ev->tid, ev->tid_len);
        }
    }
    for (gsize i = 0; i < p->len; i++)
        if (p->str[i] == ' ')
            p->str[i] = '_';
    s->java = g_str_has_prefix(p->str, "java");
    /* The cache is keyed by C strings: a name with a NUL byte skips it. */
    gboolean cacheable = memchr(p->str, '\0', p->len) == NULL;
    gpointer v = cacheable ? g_hash_table_lookup(s->roots, p->str) : NULL;
    if (v)
        return GPOINTER_TO_UINT(v) - 1;
    uint32_t id = kiln_builder_frame_named(s->b, p->str, p->len, KILN_FRAME_ROOT);
    if (cacheable)
        g_hash_table_insert(s->roots, g_strndup(p->str, p->len), GUINT_TO_POINTER(id + 1));
    return id;
}

static void bad_line(State *s, guint64 lineno, const char *line, gsize n)
{
    if (!s->n_bad++) {
        s->first_bad_line = lineno;
        s->first_bad = for_display(line, n, 80);
    }
}

/* An event line: opens an event of its type. */
static gboolean begin_event(State *s, const KilnPerfScriptEvent *ev, guint64 lineno)
{
    s->column = kiln_perf_script_types_of(&s->types, ev->event, ev->event_len);
    s->root = root_frame(s, ev);
    s->open = TRUE;
    s->open_line = lineno;
    s->period = ev->period ? (double)ev->period : 1.0;
    s->time_ns = ev->time_ns;
    s->tid = ev->tid_num;
    s->open_inline = ev->inline_frame != NULL;
    return TRUE;
}

/* A blank line: the open event becomes a sample. */
static void end_event(State *s)
{
    if (!s->open)
        return;
    if (!s->o->perf_no_comm)
        g_array_append_val(s->stack, s->root);
    uint32_t leaf = kiln_builder_stack(s->b, (const uint32_t *)s->stack->data, s->stack->len, TRUE);
    s->values[0] = 1.0;
    if (s->column)
        s->values[s->column] = s->period;
    if (s->o->tree_only)
        kiln_builder_add_values(s->b, leaf, s->values);
    else
        kiln_builder_record_sample(s->b, leaf, s->values, s->time_ns, s->tid, 0);
    if (s->column)
        s->values[s->column] = 0;
    if (s->time_ns) {
        s->time_min = MIN(s->time_min, s->time_ns);
        s->time_max = MAX(s->time_max, s->time_ns);
    }
    s->n_samples++;
    g_array_set_size(s->stack, 0);
    s->open = FALSE;
    s->open_inline = FALSE;
}

/* Intel PT decoding errors, which perf script prints between samples. */
static gboolean is_trace_error(const char *line, gsize n)
{
    static const char msg[] = "instruction trace error";
    gsize t = 0;
    while (t < n && line[t] == ' ')
        t++;
    return n - t >= sizeof msg - 1 && memcmp(line + t, msg, sizeof msg - 1) == 0;
}

static gboolean is_blank(const char *line, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (!kiln_perf_script_is_space(line[i]))
            return FALSE;
    return TRUE;
}

/* "# hostname : box" lines of `perf script --header`, kept as metadata. */
static void header_line(State *s, const char *line, gsize n)
{
    static const struct {
        const char *key, *property;
    } keys[] = {
        {"captured on", "Captured on"},   {"hostname", "Host"},        {"os release", "OS release"},
        {"perf version", "perf version"}, {"arch", "Architecture"},    {"cpudesc", "CPU"},
        {"nrcpus online", "CPUs online"}, {"cmdline", "Command line"},
    };
    if (n < 3 || line[1] != ' ')
        return;
    for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
        gsize kl = strlen(keys[k].key);
        if (n < kl + 5 || memcmp(line + 2, keys[k].key, kl) != 0)
            continue;
        gsize p = 2 + kl;
        while (p < n && line[p] == ' ')
            p++;
        if (p >= n || line[p] != ':')
            return;
        p++;
        while (p < n && line[p] == ' ')
            p++;
        gsize e = n;
        while (e > p && kiln_perf_script_is_space(line[e - 1]))
            e--;
        if (e > p) {
            g_autofree char *v = for_display(line + p, e - p, 1024);
            kiln_builder_set_property(s->b, keys[k].property, v);
        }
        return;
    }
}

/* One line of the text (the state machine described at the top). */
static void feed_line(State *s, const char *line, gsize n, guint64 lineno)
{
    if (n > 0 && line[0] == '#') {
        if (s->n_samples == 0 && !s->open)
            header_line(s, line, n);
        return;
    }
    if (is_blank(line, n)) {
        end_event(s);
        return;
    }
    KilnPerfScriptEvent ev;
    KilnPerfScriptFrame fr;
    gboolean indented = kiln_perf_script_is_space(line[0]);
    if (!indented && kiln_perf_script_event_parse(line, n, &ev)) {
        if (s->open_inline)
            end_event(s);
        if (begin_event(s, &ev, lineno) && ev.inline_frame)
            goto inline_frame;
        return;
    }
    if (indented && (!s->open || s->open_inline)) {
        /* Not Perl: an indented event line (right-aligned comm) right
         * where an event must start; it must name its event or have a
         * time stamp to count. */
        gsize t = 0;
        while (t < n && kiln_perf_script_is_space(line[t]))
            t++;
        if (kiln_perf_script_event_parse(line + t, n - t, &ev) && (ev.event || ev.time_ns)) {
            if (s->open_inline)
                end_event(s);
            if (begin_event(s, &ev, lineno) && ev.inline_frame)
                goto inline_frame;
            return;
        }
    }
    if (is_trace_error(line, n)) {
        s->n_trace_errors++;
        return;
    }
    if (kiln_perf_script_frame_parse(line, n, &fr)) {
        if (s->open)
            add_frame_line(s, &fr);
        else if (!s->n_orphans++)
            s->first_orphan_line = lineno;
        return;
    }
    bad_line(s, lineno, line, n);
    return;

inline_frame:
    if (kiln_perf_script_frame_parse(ev.inline_frame, ev.inline_frame_len, &fr))
        add_frame_line(s, &fr);
}

/* ---- sniffing ---------------------------------------------------------------- */

/* perf script text has what folded stacks never have: an event line
 * ending in "event:" (or carrying its frame) followed by a stack line. A
 * lone event line followed by a blank line is not enough (inferno's
 * "invalid-perf-with-empty-line-after-event-line" must not be taken). */
static gboolean is_hex(const char *s, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (!g_ascii_isxdigit(s[i]))
            return FALSE;
    return n > 0;
}

static int perf_script_sniff(const guint8 *data, gsize len)
{
    g_autofree guint8 *conv = NULL;
    gboolean window_cut = len == ((gsize)64 << 10);
    if (!kiln_text_utf8_view(&data, &len, G_MAXUINT32, &conv))
        return 0;
    gsize pos = 0;
    const char *line;
    gsize n;
    /* with_frames: event lines followed by a stack line (or carrying one);
     * bare: event lines followed by a blank line (perf record without -g);
     * orphans: stack lines after a blank line. Stack lines here must have
     * a hex address, as perf prints them. */
    int with_frames = 0, bare = 0, orphans = 0, bad = 0, lines = 0;
    enum { START, AFTER_EVENT, IN_STACK, OTHER } st = START;
    gboolean confident = FALSE;
    while (lines < SNIFF_LINES && kiln_text_next_line(data, len, &pos, &line, &n)) {
        if (pos >= len && window_cut)
            break; /* the sniff window may cut the last line */
        if (memchr(line, '\0', n))
            return 0;
        if (n > 0 && line[0] == '#')
            continue; /* a --header block does not use up the line budget */
        lines++;
        if (is_blank(line, n)) {
            if (st == AFTER_EVENT && confident)
                bare++;
            st = START;
            continue;
        }
        KilnPerfScriptEvent ev;
        KilnPerfScriptFrame fr;
        gsize t = 0;
        while (t < n && kiln_perf_script_is_space(line[t]))
            t++;
        /* As in the import: an unindented line is an event line if it
         * parses as one; an indented one only where an event may start,
         * and only if it names its event or has a time stamp. */
        gboolean event_ok = (t == 0 || st == START) &&
                            kiln_perf_script_event_parse(line + t, n - t, &ev) &&
                            (t == 0 || ev.event || ev.time_ns);
        /* Stricter than the import, against prose with numbers in it: an
         * event line ends in "name:" or carries its frame. */
        if (event_ok && !ev.inline_frame) {
            gsize e = n;
            while (e > 0 && kiln_perf_script_is_space(line[e - 1]))
                e--;
            event_ok = e > 0 && line[e - 1] == ':';
        }
        if (event_ok && ev.inline_frame) {
            with_frames++;
            st = START; /* one-line samples follow one another */
        } else if (event_ok) {
            st = AFTER_EVENT;
            confident = ev.event || ev.time_ns;
        } else if (is_trace_error(line, n)) {
            continue;
        } else if (kiln_perf_script_frame_parse(line, n, &fr) && is_hex(fr.pc, fr.pc_len)) {
            if (st == AFTER_EVENT)
                with_frames++;
            else if (st == START || st == OTHER)
                orphans++;
            st = IN_STACK;
        } else {
            bad++;
            st = OTHER;
        }
    }
    if (st == AFTER_EVENT && confident && pos >= len)
        bare++; /* a last event line at the very end of the file */
    int events = with_frames + bare;
    if (events == 0 || bad > events || orphans > events)
        return 0;
    if (with_frames == 0 && (bad > 0 || orphans > 0))
        return 0;
    /* Above folded stacks (20) and below formats with magic numbers. */
    return bad == 0 && orphans == 0 ? 60 : 40;
}

/* ---- import ------------------------------------------------------------------ */

static gboolean perf_script_import(KilnImportContext *ctx, GError **error)
{
    const guint8 *data = ctx->data;
    gsize len = ctx->len;
    g_autofree guint8 *conv = NULL;
    if (!kiln_text_import_view(ctx, &data, &len, &conv, error))
        return FALSE;

    State s = {0};
    s.ctx = ctx;
    s.b = ctx->builder;
    s.o = ctx->options;
    s.base_flags = (s.o->perf_kernel ? KILN_PERF_SCRIPT_KERNEL : 0) |
                   (s.o->perf_jit ? KILN_PERF_SCRIPT_JIT : 0) |
                   (s.o->perf_addrs ? KILN_PERF_SCRIPT_ADDRS : 0);
    cache_init(&s.cache);
    s.names = g_string_new(NULL);
    s.parts = g_array_new(FALSE, FALSE, sizeof(KilnPerfScriptName));
    s.pname = g_string_new(NULL);
    s.roots = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s.stack = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    s.line_ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    s.time_min = G_MAXUINT64;
    kiln_builder_set_format(s.b, "perf-script");
    kiln_perf_script_types_init(&s.types, s.b, data, len);
    s.values = g_new0(double, s.types.n_types);

    gsize pos = 0;
    const char *line;
    gsize n;
    guint64 lineno = 0;
    gboolean ok = TRUE;
    while (kiln_text_next_line(data, len, &pos, &line, &n)) {
        lineno++;
        if (!kiln_import_progress(ctx, pos, error)) {
            ok = FALSE;
            break;
        }
        if (conv == NULL)
            kiln_import_release(ctx, (gsize)((const guint8 *)line - ctx->data));
        feed_line(&s, line, n, lineno);
    }
    if (ok) {
        if (s.open && (s.open_inline || s.n_samples == 0)) {
            /* A one-line sample is complete; and where dropping the
             * unterminated last event (as the Perl script does) would
             * leave nothing at all, it is kept. */
            if (!s.open_inline)
                kiln_builder_warn(s.b, _("The only event has no blank line after it; it is "
                                         "shown, though stackcollapse-perf.pl would leave it out"));
            end_event(&s);
        } else if (s.open) {
            kiln_builder_warn(s.b,
                              _("The last event (line %" PRIu64 ") has no blank line after it "
                                "and was left out, as stackcollapse-perf.pl does; the file may be "
                                "cut short"),
                              (uint64_t)s.open_line);
        }
        if (s.types.n_untyped)
            kiln_builder_warn(s.b,
                              g_dngettext(GETTEXT_PACKAGE,
                                          /* Translators: the English is plural for any count */
                                          "This text has %" PRIu64 " more events than the %d "
                                          "that get their own sample type; their samples count "
                                          "in “samples” only",
                                          "This text has %" PRIu64 " more events than the %d "
                                          "that get their own sample type; their samples count "
                                          "in “samples” only",
                                          s.types.n_untyped),
                              (uint64_t)s.types.n_untyped, KILN_PERF_SCRIPT_MAX_TYPES);
        if (s.n_bad)
            kiln_builder_warn(s.b,
                              g_dngettext(GETTEXT_PACKAGE,
                                          /* Translators: the last %s is the start of that line */
                                          "Skipped %" PRIu64 " line that is neither an event nor "
                                          "a stack line (the first is line %" PRIu64 ": \"%s\")",
                                          "Skipped %" PRIu64 " lines that are neither an event nor "
                                          "a stack line (the first is line %" PRIu64 ": \"%s\")",
                                          s.n_bad),
                              (uint64_t)s.n_bad, (uint64_t)s.first_bad_line, s.first_bad);
        if (s.n_trace_errors)
            kiln_builder_warn(
                s.b,
                g_dngettext(GETTEXT_PACKAGE, "Skipped %" PRIu64 " Intel PT trace error line",
                            "Skipped %" PRIu64 " Intel PT trace error lines", s.n_trace_errors),
                (uint64_t)s.n_trace_errors);
        if (s.n_orphans)
            kiln_builder_warn(s.b,
                              g_dngettext(GETTEXT_PACKAGE,
                                          "Skipped %" PRIu64 " stack line outside any event (the "
                                          "first is line %" PRIu64 "): a blank line may sit "
                                          "between an event line and its stack",
                                          "Skipped %" PRIu64 " stack lines outside any event (the "
                                          "first is line %" PRIu64 "): a blank line may sit "
                                          "between an event line and its stack",
                                          s.n_orphans),
                              (uint64_t)s.n_orphans, (uint64_t)s.first_orphan_line);
        if (s.n_samples == 0) {
            if (s.n_bad && !s.types.names->len)
                g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID,
                            _("No perf script events found; line %" PRIu64
                              " is the first that is neither an event nor a stack line"),
                            (uint64_t)s.first_bad_line);
            else
                g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_EMPTY,
                                    _("This perf script text has no complete events"));
            ok = FALSE;
        }
    }
    if (ok) {
        if (s.types.names->len)
            kiln_builder_set_property(s.b, "Events", s.types.names->str);
        if (s.time_max >= s.time_min && s.time_min != G_MAXUINT64)
            kiln_builder_set_time_range(s.b, s.time_min, s.time_max);
    }
    cache_clear(&s.cache);
    g_string_free(s.names, TRUE);
    g_array_unref(s.parts);
    g_string_free(s.pname, TRUE);
    g_hash_table_unref(s.roots);
    g_array_unref(s.stack);
    g_array_unref(s.line_ids);
    kiln_perf_script_types_clear(&s.types);
    g_free(s.values);
    g_free(s.first_bad);
    return ok;
}

const KilnImporter kiln_perf_script_importer = {
    .id = "perf-script",
    .name = "perf script text",
    .sniff = perf_script_sniff,
    .import = perf_script_import,
};
