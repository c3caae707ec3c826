/* kiln-annotation.c — KilnAnnotation.
 *
 * Speed: every frame is expanded once (twice for perf frames: as a leaf
 * and as a caller) into ids of interned locations, and DWARF lookups are
 * cached per module and address; the walk is then one pass over the nodes
 * with a self value, each climbing to the root with a per-sample stamp per
 * location for the once-per-sample rule.
 */
#include "kiln-annotation.h"

#include "symbols/kiln-dwarf-lines.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct {
    const char *function, *file;
    uint32_t line;
} Loc;

struct _KilnAnnotation {
    GArray *lines; /* KilnAnnotationLine */
    GPtrArray *warnings;
    GStringChunk *strings;
};

typedef struct {
    const KilnProfile *p;
    GRegex *re;
    KilnAnnotation *a;
    GHashTable *loc_ids; /* Loc* (owned in locs) -> id+1 */
    GArray *locs;        /* Loc */
    GArray *matches;     /* gboolean per loc: function matches */
    GHashTable *dwarf;   /* module path -> KilnDwarfLines* or NULL (failed) */
    /* per frame and role (0 leaf, 1 caller): GArray of loc ids, innermost first */
    GArray **expanded;
} Ctx;

static guint loc_hash(gconstpointer k)
{
    const Loc *l = k;
    return g_str_hash(l->function) * 31u + g_str_hash(l->file) * 7u + l->line;
}

static gboolean loc_equal(gconstpointer x, gconstpointer y)
{
    const Loc *a = x, *b = y;
    return a->line == b->line && strcmp(a->function, b->function) == 0 &&
           strcmp(a->file, b->file) == 0;
}

static uint32_t loc_id(Ctx *c, const char *function, const char *file, uint32_t line)
{
    Loc k = {function, file ? file : "", line};
    gpointer v = g_hash_table_lookup(c->loc_ids, &k);
    if (v)
        return GPOINTER_TO_UINT(v) - 1;
    Loc *own = g_new(Loc, 1);
    own->function = g_string_chunk_insert_const(c->a->strings, function);
    own->file = g_string_chunk_insert_const(c->a->strings, k.file);
    own->line = line;
    uint32_t id = c->locs->len;
    g_array_append_val(c->locs, *own);
    gboolean m = g_regex_match(c->re, own->function, 0, NULL);
    g_array_append_val(c->matches, m);
    g_hash_table_insert(c->loc_ids, own, GUINT_TO_POINTER(id + 1));
    return id;
}

static KilnDwarfLines *module_dwarf(Ctx *c, const char *module)
{
    gpointer v;
    if (g_hash_table_lookup_extended(c->dwarf, module, NULL, &v))
        return v;
    g_autoptr(GError) error = NULL;
    KilnDwarfLines *dl = module[0] == '/' ? kiln_dwarf_lines_open(module, &error) : NULL;
    if (error)
        g_ptr_array_add(c->a->warnings, g_strdup(error->message));
    g_hash_table_insert(c->dwarf, g_strdup(module), dl);
    return dl;
}

static GArray *expand(Ctx *c, uint32_t frame_id, int role)
{
    GArray **slot = &c->expanded[(size_t)frame_id * 2 + (size_t)role];
    if (*slot)
        return *slot;
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    *slot = ids;
    const KilnFrame *f = &c->p->frames[frame_id];
    if (f->kind == KILN_FRAME_ROOT || f->kind == KILN_FRAME_KERNEL ||
        f->kind == KILN_FRAME_TRUNCATED)
        return ids;
    const char *name = kiln_profile_string(c->p, f->name);
    if (f->line) {
        /* The profile's own line table (pprof): the frame is the location. */
        uint32_t id = loc_id(c, name, f->file ? kiln_profile_string(c->p, f->file) : "", f->line);
        g_array_append_val(ids, id);
        return ids;
    }
    if (!f->address || !f->module)
        return ids;
    KilnDwarfLines *dl = module_dwarf(c, kiln_profile_string(c->p, f->module));
    if (!dl)
        return ids;
    const KilnInlineLevel *lv;
    guint n = kiln_dwarf_lines_lookup(dl, role ? f->address - 1 : f->address, &lv);
    for (guint i = 0; i < n; i++) {
        uint32_t id = loc_id(c, lv[i].function, lv[i].file, lv[i].line);
        g_array_append_val(ids, id);
    }
    return ids;
}

static int line_cmp(gconstpointer x, gconstpointer y)
{
    const KilnAnnotationLine *a = x, *b = y;
    int r = strcmp(a->function, b->function);
    if (!r)
        r = strcmp(a->file, b->file);
    if (!r)
        r = a->line < b->line ? -1 : a->line > b->line;
    return r;
}

KilnAnnotation *kiln_annotation_new(const KilnProfile *p, const char *regex, uint32_t type,
                                    GError **error)
{
    g_return_val_if_fail(p != NULL && regex != NULL, NULL);
    g_return_val_if_fail(type < p->n_types || p->n_types == 0, NULL);
    GRegex *re = g_regex_new(regex, G_REGEX_OPTIMIZE, 0, error);
    if (!re)
        return NULL;
    KilnAnnotation *a = g_new0(KilnAnnotation, 1);
    a->lines = g_array_new(FALSE, FALSE, sizeof(KilnAnnotationLine));
    a->warnings = g_ptr_array_new_with_free_func(g_free);
    a->strings = g_string_chunk_new(4096);
    Ctx c = {.p = p, .re = re, .a = a};
    c.loc_ids = g_hash_table_new_full(loc_hash, loc_equal, g_free, NULL);
    c.locs = g_array_new(FALSE, FALSE, sizeof(Loc));
    c.matches = g_array_new(FALSE, FALSE, sizeof(gboolean));
    c.dwarf = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify)kiln_dwarf_lines_free);
    c.expanded = g_new0(GArray *, (size_t)p->n_frames * 2);

    GArray *self = g_array_new(FALSE, TRUE, sizeof(double));
    GArray *total = g_array_new(FALSE, TRUE, sizeof(double));
    GArray *stamp = g_array_new(FALSE, TRUE, sizeof(uint32_t));
    for (uint32_t node = 1; p->n_types && node < p->n_nodes; node++) {
        double v = kiln_profile_self(p, type, node);
        if (v == 0)
            continue;
        gboolean leaf = TRUE;
        for (uint32_t n = node; n != KILN_ROOT_NODE && n != KILN_NO_NODE; n = p->nodes[n].parent) {
            GArray *ids = expand(&c, p->nodes[n].frame, leaf ? 0 : 1);
            if (c.locs->len > self->len) {
                g_array_set_size(self, c.locs->len);
                g_array_set_size(total, c.locs->len);
                g_array_set_size(stamp, c.locs->len);
            }
            for (guint i = 0; i < ids->len; i++) {
                uint32_t id = g_array_index(ids, uint32_t, i);
                if (!g_array_index(c.matches, gboolean, id))
                    continue;
                if (leaf && i == 0) {
                    g_array_index(self, double, id) += v;
                }
                /* Node ids are unique per sample path, so node + 1 stamps it. */
                if (g_array_index(stamp, uint32_t, id) != node) {
                    g_array_index(stamp, uint32_t, id) = node;
                    g_array_index(total, double, id) += v;
                }
            }
            /* A frame that expands to nothing (the kernel, a root) is not
             * where the sample's self goes; only the very first frame is. */
            leaf = FALSE;
        }
    }
    for (guint id = 0; id < c.locs->len && id < total->len; id++) {
        double s = g_array_index(self, double, id), t = g_array_index(total, double, id);
        if (s == 0 && t == 0)
            continue;
        const Loc *l = &g_array_index(c.locs, Loc, id);
        KilnAnnotationLine row = {l->function, l->file, l->line, s, t};
        g_array_append_val(a->lines, row);
    }
    g_array_sort(a->lines, line_cmp);

    g_array_unref(self);
    g_array_unref(total);
    g_array_unref(stamp);
    for (size_t i = 0; i < (size_t)p->n_frames * 2; i++)
        if (c.expanded[i])
            g_array_unref(c.expanded[i]);
    g_free(c.expanded);
    g_hash_table_unref(c.dwarf);
    g_hash_table_unref(c.loc_ids);
    g_array_unref(c.locs);
    g_array_unref(c.matches);
    g_regex_unref(re);
    return a;
}

void kiln_annotation_free(KilnAnnotation *a)
{
    if (!a)
        return;
    g_array_unref(a->lines);
    g_ptr_array_unref(a->warnings);
    g_string_chunk_free(a->strings);
    g_free(a);
}

guint kiln_annotation_n_lines(const KilnAnnotation *a)
{
    return a->lines->len;
}

const KilnAnnotationLine *kiln_annotation_line(const KilnAnnotation *a, guint i)
{
    g_return_val_if_fail(i < a->lines->len, NULL);
    return &g_array_index(a->lines, KilnAnnotationLine, i);
}

const GPtrArray *kiln_annotation_warnings(const KilnAnnotation *a)
{
    return a->warnings;
}
