/* kiln-folded-export.c — folded stacks out: one line per distinct stack,
 * root first, ';'-joined, a space, the value; lines in bytewise order
 * (as `LC_ALL=C sort` orders them), streamed without building the output
 * in memory.
 *
 * Bytewise line order is not the call tree's sibling order: "a;x" sorts
 * after "a b" (';' > ' '), and a node's own line "P 5" sorts before its
 * children "P;..." but maybe after a sibling's. So at each node the walk
 * sorts *items*: (child, own line) keyed "name value" and (child, its
 * children) keyed "name;", and expands the latter in place. Keys of
 * distinct items differ within their first bytes, so that order is exactly
 * the order of the lines they stand for.
 */
#include "formats/kiln-exporter.h"
#include "core/kiln-derive.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct {
    uint32_t node;
    uint32_t own;
} Item;

typedef struct {
    const KilnProfile *p;
    uint32_t type;  /* first value column */
    uint32_t type2; /* second column ("stack before after"), when n_cols == 2 */
    uint32_t n_cols;
    const char **name; /* export name per frame */
    uint32_t *name_len;
    char **owned;
    uint64_t *lines; /* bit per node: has_line(); NULL when totals must decide */
} Ctx;

static double self_of(const Ctx *c, uint32_t node)
{
    return kiln_profile_self(c->p, c->type, node);
}

/* A stack has a line when any column has a value there. */
static gboolean has_line(const Ctx *c, uint32_t node)
{
    return self_of(c, node) != 0 ||
           (c->n_cols == 2 && kiln_profile_self(c->p, c->type2, node) != 0);
}

/* Whether any bit in [a, b) is set (a < b). */
static gboolean any_bit(const uint64_t *bits, uint32_t a, uint32_t b)
{
    uint32_t w = a >> 6, last = (b - 1) >> 6;
    uint64_t m = bits[w] & (~(uint64_t)0 << (a & 63));
    while (!m) {
        if (++w > last)
            return FALSE;
        m = bits[w];
    }
    return ((uint64_t)w << 6) + (uint64_t)__builtin_ctzll(m) < b;
}

/* The lines bitset, when it decides has_lines_below() exactly as the
 * totals would: with no negative values (nothing cancels), no sum that can
 * saturate and no value so much smaller than another that adding it
 * changes nothing, total - self != 0 exactly when some node below has a
 * line. Then the export never needs the profile's totals (8 bytes a node,
 * summed on first use). */
static void prepare_lines(Ctx *c)
{
    const KilnProfile *p = c->p;
    uint32_t n = p->n_nodes;
    const double *col[2] = {p->self + (size_t)c->type * n, p->self + (size_t)c->type2 * n};
    for (uint32_t k = 0; k < c->n_cols; k++) {
        double sum = 0, max = 0, min_positive = DBL_MAX;
        for (uint32_t i = 0; i < n; i++) {
            double v = col[k][i];
            if (!(v >= 0))
                return; /* negative or NaN */
            sum += v;
            max = MAX(max, v);
            if (v > 0)
                min_positive = MIN(min_positive, v);
        }
        /* ulp(max) <= max * 2^-52: any positive value over 4 times that
         * moves a sum of values up to max. */
        if (!(sum <= DBL_MAX / 4) || (max > 0 && min_positive < ldexp(max, -50)))
            return;
    }
    c->lines = g_new0(uint64_t, n / 64 + 1);
    for (uint32_t i = 0; i < n; i++)
        if (has_line(c, i))
            c->lines[i >> 6] |= (uint64_t)1 << (i & 63);
}

static gboolean has_lines_below(const Ctx *c, uint32_t node)
{
    const KilnProfile *p = c->p;
    if (p->nodes[node].size <= 1)
        return FALSE;
    if (c->lines)
        return any_bit(c->lines, node + 1, node + p->nodes[node].size);
    if (kiln_profile_total(p, c->type, node) - self_of(c, node) != 0)
        return TRUE;
    return c->n_cols == 2 &&
           kiln_profile_total(p, c->type2, node) - kiln_profile_self(p, c->type2, node) != 0;
}

/* " v" or " v1 v2" into buf (G_ASCII_DTOSTR_BUF_SIZE * 2 + 2 bytes). */
static gsize format_values(const Ctx *c, uint32_t node, char *buf)
{
    buf[0] = ' ';
    kiln_format_value(self_of(c, node), buf + 1);
    gsize n = strlen(buf);
    if (c->n_cols == 2) {
        buf[n++] = ' ';
        kiln_format_value(kiln_profile_self(c->p, c->type2, node), buf + n);
        n += strlen(buf + n);
    }
    return n;
}

static void item_key(const Ctx *c, const Item *it, GString *out)
{
    uint32_t f = c->p->nodes[it->node].frame;
    g_string_append_len(out, c->name[f], c->name_len[f]);
    if (it->own) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE * 2 + 2];
        g_string_append_len(out, buf, format_values(c, it->node, buf));
    } else {
        g_string_append_c(out, ';');
    }
}

static int cmp_items(gconstpointer a, gconstpointer b, gpointer data)
{
    const Ctx *c = data;
    const Item *ia = a, *ib = b;
    uint32_t fa = c->p->nodes[ia->node].frame, fb = c->p->nodes[ib->node].frame;
    uint32_t la = c->name_len[fa], lb = c->name_len[fb];
    int r = memcmp(c->name[fa], c->name[fb], MIN(la, lb));
    if (r)
        return r;
    /* One name is a prefix of the other: the shorter key continues with
     * its separator (' ' for an own line, ';' for children), which usually
     * decides against the longer name's next byte. */
    if (la != lb) {
        char sep = (la < lb ? ia : ib)->own ? ' ' : ';';
        char other = la < lb ? c->name[fb][la] : c->name[fa][lb];
        if (sep != other)
            return (la < lb) == (sep < other) ? -1 : 1;
    } else if (ia->own != ib->own) {
        return ia->own ? -1 : 1; /* same name: "name v" sorts before "name;" */
    }
    /* Still tied ("f 12" against a frame named "f 1…"): compare whole keys. */
    GString *ka = g_string_new(NULL), *kb = g_string_new(NULL);
    item_key(c, ia, ka);
    item_key(c, ib, kb);
    r = memcmp(ka->str, kb->str, MIN(ka->len, kb->len));
    if (!r)
        r = ka->len < kb->len ? -1 : ka->len > kb->len;
    g_string_free(ka, TRUE);
    g_string_free(kb, TRUE);
    return r;
}

typedef struct {
    Item *v;
    guint len, cap;
} ItemStack;

/* Insertion sort for the usual handful of siblings; the library sort only
 * for wide nodes. */
static void sort_items(Item *v, guint n, const Ctx *c)
{
    if (n > 24) {
        g_qsort_with_data(v, n, sizeof(Item), cmp_items, (gpointer)c);
        return;
    }
    for (guint i = 1; i < n; i++) {
        Item x = v[i];
        guint j = i;
        while (j > 0 && cmp_items(&v[j - 1], &x, (gpointer)c) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Appends the sorted items of `node` to the stack; returns how many. */
static uint32_t items_of(const Ctx *c, uint32_t node, ItemStack *st)
{
    const KilnProfile *p = c->p;
    guint start = st->len;
    uint32_t end = node + p->nodes[node].size;
    for (uint32_t ch = node + 1; ch < end; ch += p->nodes[ch].size) {
        gboolean own = has_line(c, ch);
        gboolean kids = has_lines_below(c, ch);
        if (st->len + 2 > st->cap) {
            st->cap = st->cap ? st->cap * 2 : 1024;
            st->v = g_renew(Item, st->v, st->cap);
        }
        if (own)
            st->v[st->len++] = (Item){ch, 1};
        if (kids)
            st->v[st->len++] = (Item){ch, 0};
    }
    uint32_t n = st->len - start;
    if (n > 1)
        sort_items(st->v + start, n, c);
    return n;
}

/* Folded names: ';' is the separator, so a ';' inside a name becomes ':'
 * (as stackcollapse-perf.pl does); the kind comes back as its suffix. */
static void prepare_names(Ctx *c, gboolean *needs_merge)
{
    const KilnProfile *p = c->p;
    c->name = g_new(const char *, p->n_frames + 1);
    c->name_len = g_new(uint32_t, p->n_frames + 1);
    c->owned = g_new0(char *, p->n_frames + 1);
    for (uint32_t f = 0; f < p->n_frames; f++) {
        const char *n = kiln_profile_string(p, p->frames[f].name);
        const char *suffix = kiln_frame_kind_suffix(p->frames[f].kind);
        if (!*suffix && !strchr(n, ';')) {
            c->name[f] = n;
            c->name_len[f] = (uint32_t)kiln_strings_length(p->strings, p->frames[f].name);
            continue;
        }
        char *s = g_strconcat(n, suffix, NULL);
        if (strchr(s, ';')) {
            g_strdelimit(s, ";", ':');
            *needs_merge = TRUE;
        }
        c->owned[f] = s;
        c->name[f] = s;
        c->name_len[f] = (uint32_t)strlen(s);
    }
    prepare_lines(c);
    /* Siblings are sorted by name first, so distinct frames that would
     * print the same name sit next to each other: those lines must merge. */
    for (uint32_t i = 1; i < p->n_nodes && !*needs_merge; i++) {
        uint32_t next = i + p->nodes[i].size;
        if (next < p->n_nodes && p->nodes[next].parent == p->nodes[i].parent) {
            uint32_t fa = p->nodes[i].frame, fb = p->nodes[next].frame;
            if (p->frames[fa].name == p->frames[fb].name)
                *needs_merge = TRUE;
        }
    }
}

static void free_names(Ctx *c)
{
    for (uint32_t f = 0; f < c->p->n_frames; f++)
        g_free(c->owned[f]);
    g_free(c->owned);
    g_free(c->name);
    g_free(c->name_len);
    g_free(c->lines);
}

static const char *export_name(const KilnProfile *p, uint32_t frame, size_t *len, gpointer data)
{
    const Ctx *c = data;
    (void)p;
    *len = c->name_len[frame];
    return c->name[frame];
}

/* A profile with only the exported names as frames, so that stacks that
 * print the same are one node: a derive step (rename by export name). */
static KilnProfile *merged_copy(Ctx *c)
{
    KilnDeriveStep step = {
        .op = KILN_DERIVE_RENAME,
        .rename = export_name,
        .rename_data = c,
        .drop_samples = true,
    };
    return kiln_derive((KilnProfile *)c->p, &step, NULL, NULL, NULL);
}

typedef struct {
    guint first; /* index of the level's first item in the shared array */
    uint32_t n, pos;
    gsize path_len;
} Level;

/* A private output buffer: one fwrite per 1 MiB instead of a locked stdio
 * call per piece of every line. */
typedef struct {
    FILE *file;
    char *buf;
    gsize len;
    gboolean failed;
} Out;

#define OUT_SIZE ((gsize)1 << 20)

static void out_flush(Out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->file) != o->len)
        o->failed = TRUE;
    o->len = 0;
}

static void out_put(Out *o, const char *s, gsize n)
{
    if (o->len + n > OUT_SIZE) {
        out_flush(o);
        if (n > OUT_SIZE) {
            if (fwrite(s, 1, n, o->file) != n)
                o->failed = TRUE;
            return;
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static gboolean write_lines(const Ctx *c, FILE *file, GError **error)
{
    /* Levels and their items live on two stacks: a child level's items are
     * pushed after its parent's and popped when it is done. The current
     * path is one growing buffer; each level remembers its length. */
    guint n_levels = 0, cap_levels = 64;
    Level *levels = g_new(Level, cap_levels);
    ItemStack items = {NULL, 0, 0};
    gsize path_cap = 4096, path_len = 0;
    char *path = g_malloc(path_cap);
    Out out = {file, g_malloc(OUT_SIZE), 0, FALSE};
    levels[n_levels++] = (Level){0, items_of(c, KILN_ROOT_NODE, &items), 0, 0};
    char buf[G_ASCII_DTOSTR_BUF_SIZE * 2 + 3];
    while (n_levels) {
        Level *top = &levels[n_levels - 1];
        if (top->pos == top->n) {
            items.len = top->first;
            n_levels--;
            continue;
        }
        Item it = items.v[top->first + top->pos++];
        uint32_t f = c->p->nodes[it.node].frame;
        path_len = top->path_len;
        if (path_len + c->name_len[f] + 2 > path_cap) {
            path_cap = (path_len + c->name_len[f] + 2) * 2;
            path = g_realloc(path, path_cap);
        }
        if (path_len)
            path[path_len++] = ';';
        memcpy(path + path_len, c->name[f], c->name_len[f]);
        path_len += c->name_len[f];
        if (it.own) {
            out_put(&out, path, path_len);
            gsize n = format_values(c, it.node, buf);
            buf[n] = '\n';
            out_put(&out, buf, n + 1);
        } else {
            if (n_levels == cap_levels) {
                cap_levels *= 2;
                levels = g_renew(Level, levels, cap_levels);
            }
            guint first = items.len;
            uint32_t n = items_of(c, it.node, &items);
            levels[n_levels++] = (Level){first, n, 0, path_len};
        }
    }
    out_flush(&out);
    g_free(out.buf);
    g_free(levels);
    g_free(items.v);
    g_free(path);
    if (out.failed || ferror(file)) {
        /* Translators: %s says why, e.g. “No space left on device” */
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                    _("Writing the folded stacks failed: %s"), g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

gboolean kiln_folded_write_columns(const KilnProfile *p, const uint32_t *types, uint32_t n_types,
                                   FILE *out, GError **error)
{
    g_return_val_if_fail(n_types == 1 || n_types == 2, FALSE);
    Ctx c = {.p = p, .type = types[0] < p->n_types ? types[0] : p->default_type, .n_cols = n_types};
    if (n_types == 2)
        c.type2 = types[1] < p->n_types ? types[1] : p->default_type;
    gboolean merge = FALSE;
    prepare_names(&c, &merge);
    gboolean ok;
    if (merge) {
        KilnProfile *m = merged_copy(&c);
        free_names(&c);
        /* The rename keeps every sample type where it was. */
        Ctx mc = {.p = m, .type = c.type, .type2 = c.type2, .n_cols = n_types};
        gboolean again = FALSE;
        prepare_names(&mc, &again);
        ok = write_lines(&mc, out, error);
        free_names(&mc);
        kiln_profile_unref(m);
    } else {
        ok = write_lines(&c, out, error);
        free_names(&c);
    }
    return ok;
}

static gboolean folded_write(const KilnProfile *p, uint32_t type, FILE *out, GError **error)
{
    return kiln_folded_write_columns(p, &type, 1, out, error);
}

const KilnExporter kiln_folded_exporter = {
    .id = "folded",
    .name = "Folded stacks",
    .binary = FALSE,
    .write = folded_write,
};
