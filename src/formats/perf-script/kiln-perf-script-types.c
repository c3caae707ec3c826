/* kiln-perf-script-types.c — KilnPerfScriptTypes: events to sample types. */
#include "kiln-perf-script-types.h"

#include "formats/kiln-text.h"
#include "kiln-perf-script-event.h"

#include <string.h>

#define NO_EVENT "" /* the key of event lines without a name */

/* perf's event modifiers (tools/perf/util/parse-events.l): u k h I G H p
 * P S D W e b x, and their repeats ("pppH"). */
static gboolean all_modifiers(const char *s, gsize n)
{
    if (n == 0)
        return FALSE;
    for (gsize i = 0; i < n; i++)
        if (!strchr("ukhIGHpPSDWebx", s[i]))
            return FALSE;
    return TRUE;
}

gsize kiln_perf_script_types_base_len(const char *event, gsize len)
{
    const char *colon = memrchr(event, ':', len);
    if (colon && colon > event && all_modifiers(colon + 1, len - (gsize)(colon + 1 - event)))
        return (gsize)(colon - event);
    /* A PMU event "cpu/cycles/u": the modifiers follow the last '/'. */
    const char *slash = memrchr(event, '/', len);
    if (slash && slash > event && memchr(event, '/', (gsize)(slash - event)) &&
        all_modifiers(slash + 1, len - (gsize)(slash + 1 - event)))
        return (gsize)(slash - event) + 1;
    return len;
}

typedef struct {
    char *name; /* as written */
    gboolean has_period;
} Seen;

static gboolean is_blank(const char *line, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (!kiln_perf_script_is_space(line[i]))
            return FALSE;
    return TRUE;
}

/* The events in order of first appearance, with whether any of their
 * lines carries a period. Only lines that the importer could take as event
 * lines are parsed: unindented ones, and indented ones after a blank line. */
static GArray *scan(const guint8 *data, gsize len, GHashTable *index)
{
    GArray *seen = g_array_new(FALSE, FALSE, sizeof(Seen));
    gsize pos = 0, n;
    const char *line;
    gboolean after_blank = TRUE;
    while (kiln_text_next_line(data, len, &pos, &line, &n)) {
        if (n > 0 && line[0] == '#')
            continue;
        gboolean indented = n > 0 && kiln_perf_script_is_space(line[0]);
        if (indented && !after_blank)
            continue;
        if (n == 0 || is_blank(line, n)) {
            after_blank = TRUE;
            continue;
        }
        after_blank = FALSE;
        gsize t = 0;
        while (t < n && kiln_perf_script_is_space(line[t]))
            t++;
        KilnPerfScriptEvent ev;
        if (!kiln_perf_script_event_parse(line + t, n - t, &ev) ||
            (t > 0 && !ev.event && !ev.time_ns))
            continue;
        g_autofree char *key = ev.event ? g_strndup(ev.event, ev.event_len) : g_strdup(NO_EVENT);
        gpointer v;
        if (g_hash_table_lookup_extended(index, key, NULL, &v)) {
            if (ev.period)
                g_array_index(seen, Seen, GPOINTER_TO_UINT(v)).has_period = TRUE;
            continue;
        }
        Seen s = {g_strdup(key), ev.period != 0};
        g_hash_table_insert(index, g_steal_pointer(&key), GUINT_TO_POINTER(seen->len));
        g_array_append_val(seen, s);
    }
    return seen;
}

void kiln_perf_script_types_init(KilnPerfScriptTypes *t, KilnBuilder *b, const guint8 *data,
                                 gsize len)
{
    memset(t, 0, sizeof *t);
    t->columns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    t->names = g_string_new(NULL);
    g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GArray *seen = scan(data, len, index);
    /* Type name -> type, to share a type between "cycles" and "cycles:u"
     * only when they are not both there. */
    g_autoptr(GHashTable) by_type = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    uint32_t samples = kiln_builder_add_sample_type(b, "samples", "count");
    g_hash_table_insert(by_type, g_strdup("samples"), GUINT_TO_POINTER(samples + 1));
    gboolean unnamed = FALSE;
    for (guint i = 0; i < seen->len; i++) {
        Seen *s = &g_array_index(seen, Seen, i);
        gsize n = strlen(s->name);
        if (n == 0) {
            unnamed = TRUE;
            continue;
        }
        {
            g_autofree char *shown = g_utf8_make_valid(s->name, (gssize)MIN(n, (gsize)320));
            for (char *c = shown; *c; c++)
                if ((guchar)*c < 0x20 || *c == 0x7f)
                    *c = '?';
            g_string_append_printf(t->names, "%s%s", t->names->len ? ", " : "", shown);
        }
        if (i >= KILN_PERF_SCRIPT_MAX_TYPES) {
            t->n_untyped++;
            continue;
        }
        g_autofree char *base =
            g_utf8_make_valid(s->name, (gssize)kiln_perf_script_types_base_len(s->name, n));
        if (g_hash_table_contains(by_type, base)) {
            g_free(base);
            base = g_utf8_make_valid(s->name, (gssize)n);
        }
        uint32_t col = GPOINTER_TO_UINT(g_hash_table_lookup(by_type, base));
        if (!col) {
            gboolean clock = strcmp(base, "cpu-clock") == 0 || strcmp(base, "task-clock") == 0;
            const char *unit = clock && s->has_period ? "nanoseconds" : "count";
            col = kiln_builder_add_sample_type(b, base, unit) + 1;
            g_hash_table_insert(by_type, g_strdup(base), GUINT_TO_POINTER(col));
        }
        if (!t->first)
            t->first = col - 1;
        g_hash_table_insert(t->columns, g_strdup(s->name), GUINT_TO_POINTER(col));
    }
    for (guint i = 0; i < seen->len; i++)
        g_free(g_array_index(seen, Seen, i).name);
    g_array_unref(seen);
    if (!t->first) {
        /* No named event: still say what the profile measures. */
        t->first = kiln_builder_add_sample_type(b, "period", "count");
    }
    /* Like stackcollapse-perf.pl, which filters only lines it finds an
     * event name on, lines without one count as the first event. */
    if (unnamed)
        g_hash_table_insert(t->columns, g_strdup(NO_EVENT), GUINT_TO_POINTER(t->first + 1));
    t->n_types = kiln_builder_n_sample_types(b);
    kiln_builder_set_default_sample_type(b, t->first);
}

void kiln_perf_script_types_clear(KilnPerfScriptTypes *t)
{
    if (t->columns)
        g_hash_table_unref(t->columns);
    if (t->names)
        g_string_free(t->names, TRUE);
    t->columns = NULL;
    t->names = NULL;
}

uint32_t kiln_perf_script_types_of(const KilnPerfScriptTypes *t, const char *event, gsize len)
{
    char buf[256];
    g_autofree char *heap = NULL;
    const char *key = NO_EVENT;
    if (event) {
        if (len < sizeof buf) {
            memcpy(buf, event, len);
            buf[len] = 0;
            key = buf;
        } else {
            key = heap = g_strndup(event, len);
        }
    }
    uint32_t col = GPOINTER_TO_UINT(g_hash_table_lookup(t->columns, key));
    return col ? col - 1 : 0;
}
