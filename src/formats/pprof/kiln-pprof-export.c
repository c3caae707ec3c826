/* kiln-pprof-export.c — any KilnProfile out as a gzip pprof profile, so
 * that what Kiln opens (folded, perf, pprof) can go to pprof-based tools.
 *
 * Every sample type is written. Functions are deduplicated by (name,
 * file), mappings by module, locations by their frames; a run of inlined
 * frames under a normal one becomes one Location with several Lines
 * (innermost first), which is how the importer reads them back. When the
 * profile kept its per-sample table (with labels) and it accounts for all
 * the values, samples are written one by one with their labels; otherwise
 * one Sample per call-tree node with a self value.
 *
 * A perf recording is written as Go's CPU profiles are, so that pprof
 * tools read it as one: its first cpu-clock/task-clock type becomes
 * "cpu"/"nanoseconds", the main executable is the first mapping (pprof's
 * "File:"), and the start time is the recording's wall-clock time (perf's
 * own timestamps count from boot, not from 1970).
 */
#include "formats/kiln-exporter.h"
#include "formats/pprof/profile.pb-c.h"
#include "kiln-pprof-wire.h"
#include "kiln-pprof-writer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

typedef struct {
    uint32_t frame;
    uint32_t parent_loc; /* the location of the outer lines, 0 = none */
} LocKey;

typedef struct {
    const char *s; /* owned by the profile */
    gsize len;
} OutStr;

typedef struct {
    const KilnProfile *p;
    KilnPprofWriter w;
    /* Output string table: kiln string id -> index, and the reverse. */
    uint32_t *str_out;
    GArray *strings;          /* OutStr, in output order */
    GHashTable *extras;       /* strings from properties -> index */
    uint32_t *frame_function; /* frame -> function id, 0 = not yet */
    GHashTable *functions;    /* (name << 32 | file) -> function id */
    uint32_t n_functions;
    GArray *function_frames;  /* uint32_t: a frame of each function */
    GArray *function_names;   /* uint32_t: its output name */
    GPtrArray *owned;         /* strings made here, freed at the end */
    uint32_t *module_mapping; /* string id -> mapping id */
    GArray *mapping_modules;  /* uint32_t string ids */
    GHashTable *locations;    /* LocKey packed -> location id */
    GArray *loc_keys;         /* LocKey per location id - 1 */
    uint32_t *node_loc;       /* node -> location id whose innermost line is it */
    uint32_t *node_next;      /* node -> node above that location */
    char *period_type;
    int cpu_type; /* the perf clock type written as "cpu", -1 = none */
} Ctx;

static gboolean from_perf(const KilnProfile *p)
{
    return p->format && g_str_has_prefix(p->format, "perf-");
}

/* The sample type perf's cpu-clock or task-clock becomes pprof's "cpu":
 * the default one if it is a clock, else the first clock; none when a
 * type is already called "cpu". */
static int perf_cpu_type(const KilnProfile *p)
{
    if (!from_perf(p) || kiln_profile_find_type(p, "cpu") >= 0)
        return -1;
    int found = -1;
    for (uint32_t t = 0; t < p->n_types; t++) {
        const char *name = kiln_profile_string(p, p->types[t].name);
        const char *unit = kiln_profile_string(p, p->types[t].unit);
        if ((strcmp(name, "cpu-clock") == 0 || strcmp(name, "task-clock") == 0) &&
            strcmp(unit, "nanoseconds") == 0 && (found < 0 || t == p->default_type))
            found = (int)t;
    }
    return found;
}

/* The module of a perf recording's main executable: where its "main"
 * is, else the module of the heaviest frame right under a process root
 * that names a file (the outermost user frame, _start). 0 = unknown. */
static uint32_t main_module(const KilnProfile *p)
{
    uint32_t best = 0;
    double best_total = 0;
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        const KilnFrame *f = kiln_profile_node_frame(p, n);
        if (!f->module || f->kind != KILN_FRAME_NORMAL)
            continue;
        if (strcmp(kiln_profile_string(p, f->name), "main") == 0)
            return f->module;
        uint32_t parent = p->nodes[n].parent;
        if (parent == KILN_ROOT_NODE || p->nodes[parent].parent != KILN_ROOT_NODE)
            continue;
        double t = kiln_profile_total(p, p->default_type, n);
        if (kiln_profile_string(p, f->module)[0] == '/' && t > best_total) {
            best = f->module;
            best_total = t;
        }
    }
    return best;
}

static uint32_t str(Ctx *c, uint32_t kid)
{
    if (kid == 0)
        return 0;
    if (!c->str_out[kid]) {
        OutStr o = {kiln_strings_get(c->p->strings, kid), kiln_strings_length(c->p->strings, kid)};
        c->str_out[kid] = c->strings->len;
        g_array_append_val(c->strings, o);
    }
    return c->str_out[kid];
}

/* A string that may not be in the profile's table (property values); it
 * must outlive the export. */
static uint32_t str_of(Ctx *c, const char *s)
{
    if (!*s)
        return 0;
    uint32_t id = GPOINTER_TO_UINT(g_hash_table_lookup(c->extras, s));
    if (!id) {
        OutStr o = {s, strlen(s)};
        id = c->strings->len;
        g_array_append_val(c->strings, o);
        g_hash_table_insert(c->extras, (gpointer)s, GUINT_TO_POINTER(id));
    }
    return id;
}

static guint hash_u64(gconstpointer v)
{
    uint64_t x = (uint64_t)(uintptr_t)v;
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    return (guint)x;
}

/* The output name of a frame's function: kinds that folded stacks mark
 * with a suffix (kernel "_[k]", JIT "_[j]", waker "_[w]") keep it, since
 * pprof has no such notion; inlined frames become Lines instead. */
static uint32_t fn_name(Ctx *c, uint32_t frame)
{
    const KilnFrame *f = &c->p->frames[frame];
    const char *suffix = f->kind == KILN_FRAME_INLINED ? "" : kiln_frame_kind_suffix(f->kind);
    if (!*suffix)
        return str(c, f->name);
    char *s = g_strconcat(kiln_profile_string(c->p, f->name), suffix, NULL);
    g_ptr_array_add(c->owned, s);
    return str_of(c, s);
}

static uint32_t function_of(Ctx *c, uint32_t frame)
{
    if (c->frame_function[frame])
        return c->frame_function[frame];
    const KilnFrame *f = &c->p->frames[frame];
    uint32_t name = fn_name(c, frame);
    gpointer key = (gpointer)(uintptr_t)(((uint64_t)name << 32) | str(c, f->file));
    uint32_t id = GPOINTER_TO_UINT(g_hash_table_lookup(c->functions, key));
    if (!id) {
        id = ++c->n_functions;
        g_hash_table_insert(c->functions, key, GUINT_TO_POINTER(id));
        g_array_append_val(c->function_frames, frame);
        g_array_append_val(c->function_names, name);
    }
    c->frame_function[frame] = id;
    return id;
}

static uint32_t mapping_of(Ctx *c, uint32_t module)
{
    if (!module)
        return 0;
    if (!c->module_mapping[module]) {
        g_array_append_val(c->mapping_modules, module);
        c->module_mapping[module] = c->mapping_modules->len;
    }
    return c->module_mapping[module];
}

/* The location whose innermost line is `node`: its frame plus, when the
 * node is an inlined frame, the location of its parent's lines. Nodes are
 * resolved in preorder, so the parent's is always known. */
static void resolve_nodes(Ctx *c)
{
    const KilnProfile *p = c->p;
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        uint32_t parent = p->nodes[n].parent;
        uint32_t frame = p->nodes[n].frame;
        gboolean joins = p->frames[frame].kind == KILN_FRAME_INLINED && parent != KILN_ROOT_NODE;
        LocKey k = {frame, joins ? c->node_loc[parent] : 0};
        gpointer key = (gpointer)(uintptr_t)(((uint64_t)k.parent_loc << 32) | k.frame);
        uint32_t id = GPOINTER_TO_UINT(g_hash_table_lookup(c->locations, key));
        if (!id) {
            g_array_append_val(c->loc_keys, k);
            id = c->loc_keys->len;
            g_hash_table_insert(c->locations, key, GUINT_TO_POINTER(id));
        }
        c->node_loc[n] = id;
        c->node_next[n] = joins ? c->node_next[parent] : parent;
    }
}

static int64_t to_int(double v)
{
    if (!(v == v))
        return 0;
    if (v >= 9.2e18)
        return INT64_MAX;
    if (v <= -9.2e18)
        return INT64_MIN;
    return (int64_t)llround(v);
}

static void write_sample(Ctx *c, GByteArray *msg, GByteArray *packed, uint32_t node,
                         const double *values, uint32_t label_set)
{
    const KilnProfile *p = c->p;
    g_byte_array_set_size(msg, 0);
    g_byte_array_set_size(packed, 0);
    for (uint32_t n = node; n != KILN_ROOT_NODE && n < p->n_nodes; n = c->node_next[n])
        kiln_pprof_put_varint(packed, c->node_loc[n]);
    if (packed->len)
        kiln_pprof_put_bytes(msg, 1, packed->data, packed->len);
    g_byte_array_set_size(packed, 0);
    for (uint32_t t = 0; t < p->n_types; t++)
        kiln_pprof_put_varint(packed, (uint64_t)to_int(values[t]));
    kiln_pprof_put_bytes(msg, 2, packed->data, packed->len);
    if (label_set && label_set < p->n_label_sets) {
        for (uint32_t i = p->label_start[label_set]; i < p->label_start[label_set + 1]; i++) {
            const KilnLabel *l = &p->labels[i];
            g_byte_array_set_size(packed, 0);
            kiln_pprof_put_uint(packed, 1, str(c, l->key));
            if (l->str) {
                kiln_pprof_put_uint(packed, 2, str(c, l->str));
            } else {
                kiln_pprof_put_uint(packed, 3, (uint64_t)l->num);
                kiln_pprof_put_uint(packed, 4, str(c, l->unit));
            }
            kiln_pprof_put_bytes(msg, 3, packed->data, packed->len);
        }
    }
    kiln_pprof_writer_field(&c->w, 2, msg->data, msg->len);
}

/* The per-sample table can stand for the profile only when it holds every
 * value the call tree does. */
static gboolean samples_cover_tree(const KilnProfile *p)
{
    if (!p->n_samples || !p->sample_node || !p->sample_values)
        return FALSE;
    double *sum = g_new0(double, (size_t)p->n_nodes * p->n_types);
    for (uint64_t s = 0; s < p->n_samples; s++) {
        uint32_t n = p->sample_node[s];
        if (n >= p->n_nodes)
            continue;
        for (uint32_t t = 0; t < p->n_types; t++)
            sum[(size_t)t * p->n_nodes + n] += p->sample_values[s * p->n_types + t];
    }
    gboolean ok = TRUE;
    for (size_t i = 0; i < (size_t)p->n_nodes * p->n_types && ok; i++)
        ok = fabs(sum[i] - p->self[i]) <= 1e-9 * MAX(1.0, fabs(p->self[i]));
    g_free(sum);
    return ok;
}

static void write_samples(Ctx *c)
{
    const KilnProfile *p = c->p;
    GByteArray *msg = g_byte_array_new(), *packed = g_byte_array_new();
    if (samples_cover_tree(p)) {
        for (uint64_t s = 0; s < p->n_samples; s++)
            write_sample(c, msg, packed, p->sample_node[s], p->sample_values + s * p->n_types,
                         p->sample_labels ? p->sample_labels[s] : 0);
    } else {
        double *v = g_new0(double, p->n_types + 1);
        for (uint32_t n = 0; n < p->n_nodes; n++) {
            gboolean any = FALSE;
            for (uint32_t t = 0; t < p->n_types; t++)
                any |= (v[t] = kiln_profile_self(p, t, n)) != 0;
            if (any)
                write_sample(c, msg, packed, n, v, 0);
        }
        g_free(v);
    }
    g_byte_array_unref(msg);
    g_byte_array_unref(packed);
}

/* Packs a generated message into the stream as top-level field `field`. */
#define WRITE_MSG(c, field, kind, m, scratch)                                                      \
    do {                                                                                           \
        g_byte_array_set_size((scratch),                                                           \
                              (guint)perftools__profiles__##kind##__get_packed_size(m));           \
        perftools__profiles__##kind##__pack((m), (scratch)->data);                                 \
        kiln_pprof_writer_field(&(c)->w, (field), (scratch)->data, (scratch)->len);                \
    } while (0)

static void write_tables(Ctx *c)
{
    const KilnProfile *p = c->p;
    GByteArray *scratch = g_byte_array_new();
    /* Locations first: they create the functions and mappings. */
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    for (uint32_t i = 0; i < c->loc_keys->len; i++) {
        Perftools__Profiles__Location loc = PERFTOOLS__PROFILES__LOCATION__INIT;
        loc.id = i + 1;
        g_ptr_array_set_size(lines, 0);
        uint32_t outer = 0;
        for (uint32_t id = i + 1; id; id = g_array_index(c->loc_keys, LocKey, id - 1).parent_loc) {
            uint32_t frame = g_array_index(c->loc_keys, LocKey, id - 1).frame;
            Perftools__Profiles__Line *l = g_new(Perftools__Profiles__Line, 1);
            perftools__profiles__line__init(l);
            l->function_id = function_of(c, frame);
            l->line = p->frames[frame].line;
            g_ptr_array_add(lines, l);
            outer = frame;
        }
        loc.mapping_id = mapping_of(c, p->frames[outer].module);
        loc.n_line = lines->len;
        loc.line = (Perftools__Profiles__Line **)lines->pdata;
        WRITE_MSG(c, 4, location, &loc, scratch);
    }
    g_ptr_array_unref(lines);
    for (uint32_t i = 0; i < c->function_frames->len; i++) {
        const KilnFrame *f = &p->frames[g_array_index(c->function_frames, uint32_t, i)];
        Perftools__Profiles__Function fn = PERFTOOLS__PROFILES__FUNCTION__INIT;
        fn.id = i + 1;
        fn.name = fn.system_name = g_array_index(c->function_names, uint32_t, i);
        fn.filename = str(c, f->file);
        WRITE_MSG(c, 5, function, &fn, scratch);
    }
    for (uint32_t i = 0; i < c->mapping_modules->len; i++) {
        Perftools__Profiles__Mapping m = PERFTOOLS__PROFILES__MAPPING__INIT;
        m.id = i + 1;
        m.filename = str(c, g_array_index(c->mapping_modules, uint32_t, i));
        /* Names are already resolved: keep pprof from symbolizing. */
        m.has_functions = m.has_filenames = m.has_line_numbers = m.has_inline_frames = TRUE;
        WRITE_MSG(c, 3, mapping, &m, scratch);
    }
    g_byte_array_unref(scratch);
}

static void write_header(Ctx *c)
{
    const KilnProfile *p = c->p;
    GByteArray *scratch = g_byte_array_new();
    for (uint32_t t = 0; t < p->n_types; t++) {
        Perftools__Profiles__ValueType vt = PERFTOOLS__PROFILES__VALUE_TYPE__INIT;
        vt.type = (int)t == c->cpu_type ? str_of(c, "cpu") : str(c, p->types[t].name);
        vt.unit = str(c, p->types[t].unit);
        WRITE_MSG(c, 1, value_type, &vt, scratch);
    }
    if (p->n_types) {
        uint32_t d = p->default_type;
        kiln_pprof_writer_uint(&c->w, 14,
                               (int)d == c->cpu_type ? str_of(c, "cpu") : str(c, p->types[d].name));
    }
    /* A perf recording's sample times are on perf's clock (from boot);
     * the importer gives its wall-clock start as a property. */
    const char *wall = kiln_profile_get_property(p, "Time (Unix ns)");
    if (from_perf(p) && wall)
        kiln_pprof_writer_uint(&c->w, 9, g_ascii_strtoull(wall, NULL, 10));
    if (p->time_end > p->time_start) {
        if (!from_perf(p))
            kiln_pprof_writer_uint(&c->w, 9, p->time_start);
        kiln_pprof_writer_uint(&c->w, 10, p->time_end - p->time_start);
    }
    const char *pt = kiln_profile_get_property(p, "Period type");
    const char *slash = pt ? strchr(pt, '/') : NULL;
    if (slash) {
        /* Kept until the strings are written, at the end. */
        c->period_type = g_strndup(pt, (gsize)(slash - pt));
        Perftools__Profiles__ValueType vt = PERFTOOLS__PROFILES__VALUE_TYPE__INIT;
        vt.type = str_of(c, c->period_type);
        vt.unit = str_of(c, slash + 1);
        WRITE_MSG(c, 11, value_type, &vt, scratch);
    }
    const char *period = kiln_profile_get_property(p, "Period");
    if (period)
        kiln_pprof_writer_uint(&c->w, 12, g_ascii_strtoull(period, NULL, 10));
    for (guint i = 0; p->properties && i < p->properties->len; i++) {
        const KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        if (strcmp(prop->key, "Comment") == 0)
            kiln_pprof_writer_uint(&c->w, 13, str_of(c, prop->value));
    }
    g_byte_array_unref(scratch);
}

static void write_strings(Ctx *c)
{
    for (guint i = 0; i < c->strings->len; i++) {
        const OutStr *o = &g_array_index(c->strings, OutStr, i);
        kiln_pprof_writer_field(&c->w, 6, o->s, o->len);
    }
}

static gboolean pprof_write(const KilnProfile *p, uint32_t type, FILE *out, GError **error)
{
    (void)type;
    Ctx c = {.p = p};
    if (!kiln_pprof_writer_init(&c.w, out)) {
        g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                            _("Cannot start the gzip stream"));
        return FALSE;
    }
    uint32_t ns = kiln_strings_count(p->strings);
    c.str_out = g_new0(uint32_t, ns + 1);
    c.strings = g_array_new(FALSE, FALSE, sizeof(OutStr));
    OutStr empty = {"", 0};
    g_array_append_val(c.strings, empty); /* string 0 is always "" */
    c.extras = g_hash_table_new(g_str_hash, g_str_equal);
    c.frame_function = g_new0(uint32_t, p->n_frames + 1);
    c.functions = g_hash_table_new(hash_u64, g_direct_equal);
    c.function_frames = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    c.function_names = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    c.owned = g_ptr_array_new_with_free_func(g_free);
    c.module_mapping = g_new0(uint32_t, ns + 1);
    c.mapping_modules = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    c.locations = g_hash_table_new(hash_u64, g_direct_equal);
    c.loc_keys = g_array_new(FALSE, FALSE, sizeof(LocKey));
    c.node_loc = g_new0(uint32_t, p->n_nodes + 1);
    c.node_next = g_new0(uint32_t, p->n_nodes + 1);
    c.cpu_type = perf_cpu_type(p);
    if (from_perf(p))
        mapping_of(&c, main_module(p)); /* pprof's "File:" is the first mapping */

    resolve_nodes(&c);
    write_header(&c);
    write_samples(&c);
    write_tables(&c);
    write_strings(&c);
    gboolean ok = kiln_pprof_writer_finish(&c.w);

    g_free(c.str_out);
    g_array_unref(c.strings);
    g_hash_table_unref(c.extras);
    g_free(c.period_type);
    g_free(c.frame_function);
    g_hash_table_unref(c.functions);
    g_array_unref(c.function_frames);
    g_array_unref(c.function_names);
    g_ptr_array_unref(c.owned);
    g_free(c.module_mapping);
    g_array_unref(c.mapping_modules);
    g_hash_table_unref(c.locations);
    g_array_unref(c.loc_keys);
    g_free(c.node_loc);
    g_free(c.node_next);
    if (!ok)
        g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                            _("Writing the pprof profile failed"));
    return ok;
}

const KilnExporter kiln_pprof_exporter = {
    .id = "pprof",
    .name = "pprof (gzip)",
    .binary = TRUE,
    .write = pprof_write,
};
