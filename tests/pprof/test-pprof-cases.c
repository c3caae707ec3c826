/* test-pprof-cases.c — hand-made pprof profiles for the cases the corpus
 * does not pin down exactly: drop_frames/keep_frames as pprof prunes,
 * broken references, non-dense ids, truncation, address-named locations,
 * default sample type, and the legacy-format message. Profiles are built
 * with the protobuf-c code generated from profile.proto. */
#include "kiln-test-util.h"
#include "formats/pprof/profile.pb-c.h"

typedef struct {
    Perftools__Profiles__Profile p;
    GPtrArray *strings;                  /* char* */
    GPtrArray *types, *samples, *mappings, *locations, *functions;
    GPtrArray *arena;                    /* everything else to free */
} Prof;

static Prof *prof_new(void)
{
    Prof *t = g_new0(Prof, 1);
    perftools__profiles__profile__init(&t->p);
    t->strings = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(t->strings, g_strdup(""));
    t->types = g_ptr_array_new();
    t->samples = g_ptr_array_new();
    t->mappings = g_ptr_array_new();
    t->locations = g_ptr_array_new();
    t->functions = g_ptr_array_new();
    t->arena = g_ptr_array_new_with_free_func(g_free);
    return t;
}

static void prof_free(Prof *t)
{
    g_ptr_array_unref(t->strings);
    g_ptr_array_unref(t->types);
    g_ptr_array_unref(t->samples);
    g_ptr_array_unref(t->mappings);
    g_ptr_array_unref(t->locations);
    g_ptr_array_unref(t->functions);
    g_ptr_array_unref(t->arena);
    g_free(t);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Prof, prof_free)

static gpointer mem(Prof *t, gsize size)
{
    gpointer p = g_malloc0(size);
    g_ptr_array_add(t->arena, p);
    return p;
}

static int64_t S(Prof *t, const char *s)
{
    for (guint i = 0; i < t->strings->len; i++)
        if (strcmp(t->strings->pdata[i], s) == 0)
            return i;
    g_ptr_array_add(t->strings, g_strdup(s));
    return t->strings->len - 1;
}

static void add_type(Prof *t, const char *name, const char *unit)
{
    Perftools__Profiles__ValueType *v = mem(t, sizeof *v);
    perftools__profiles__value_type__init(v);
    v->type = S(t, name);
    v->unit = S(t, unit);
    g_ptr_array_add(t->types, v);
}

static void add_function(Prof *t, uint64_t id, const char *name)
{
    Perftools__Profiles__Function *f = mem(t, sizeof *f);
    perftools__profiles__function__init(f);
    f->id = id;
    f->name = f->system_name = S(t, name);
    f->filename = S(t, "main.c");
    g_ptr_array_add(t->functions, f);
}

static void add_mapping(Prof *t, uint64_t id, uint64_t start, uint64_t offset, const char *file)
{
    Perftools__Profiles__Mapping *m = mem(t, sizeof *m);
    perftools__profiles__mapping__init(m);
    m->id = id;
    m->memory_start = start;
    m->memory_limit = start + 0x100000;
    m->file_offset = offset;
    m->filename = S(t, file);
    g_ptr_array_add(t->mappings, m);
}

/* fids: function ids of the n lines, innermost first. */
static void add_location_n(Prof *t, uint64_t id, uint64_t mapping, uint64_t addr,
                           const uint64_t *fids, size_t n)
{
    Perftools__Profiles__Location *l = mem(t, sizeof *l);
    perftools__profiles__location__init(l);
    l->id = id;
    l->mapping_id = mapping;
    l->address = addr;
    l->n_line = n;
    l->line = mem(t, sizeof(Perftools__Profiles__Line *) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        Perftools__Profiles__Line *ln = mem(t, sizeof *ln);
        perftools__profiles__line__init(ln);
        ln->function_id = fids[i];
        ln->line = 10 + (int64_t)i;
        l->line[i] = ln;
    }
    g_ptr_array_add(t->locations, l);
}

/* Same, fids 0-terminated. */
static void add_location(Prof *t, uint64_t id, uint64_t mapping, uint64_t addr, const uint64_t *fids)
{
    size_t n = 0;
    while (fids && fids[n])
        n++;
    add_location_n(t, id, mapping, addr, fids, n);
}

/* locs leaf first, 0-terminated; one value per type. */
static Perftools__Profiles__Sample *add_sample(Prof *t, const uint64_t *locs, const int64_t *vals,
                                               size_t n_vals)
{
    Perftools__Profiles__Sample *s = mem(t, sizeof *s);
    perftools__profiles__sample__init(s);
    size_t n = 0;
    while (locs[n])
        n++;
    s->n_location_id = n;
    s->location_id = mem(t, sizeof(uint64_t) * (n + 1));
    memcpy(s->location_id, locs, sizeof(uint64_t) * n);
    s->n_value = n_vals;
    s->value = mem(t, sizeof(int64_t) * (n_vals + 1));
    memcpy(s->value, vals, sizeof(int64_t) * n_vals);
    g_ptr_array_add(t->samples, s);
    return s;
}

static guint8 *pack(Prof *t, gsize *len)
{
    Perftools__Profiles__Profile *p = &t->p;
    p->n_string_table = t->strings->len;
    p->string_table = (char **)t->strings->pdata;
    p->n_sample_type = t->types->len;
    p->sample_type = (Perftools__Profiles__ValueType **)t->types->pdata;
    p->n_sample = t->samples->len;
    p->sample = (Perftools__Profiles__Sample **)t->samples->pdata;
    p->n_mapping = t->mappings->len;
    p->mapping = (Perftools__Profiles__Mapping **)t->mappings->pdata;
    p->n_location = t->locations->len;
    p->location = (Perftools__Profiles__Location **)t->locations->pdata;
    p->n_function = t->functions->len;
    p->function = (Perftools__Profiles__Function **)t->functions->pdata;
    *len = perftools__profiles__profile__get_packed_size(p);
    guint8 *buf = g_malloc(*len + 1);
    perftools__profiles__profile__pack(p, buf);
    return buf;
}

static KilnProfile *load_prof(Prof *t, GError **error)
{
    gsize len;
    g_autofree guint8 *buf = pack(t, &len);
    return kiln_load_bytes(buf, len, "test.pb", NULL, NULL, NULL, NULL, error);
}

static gboolean has_warning(const KilnProfile *p, const char *needle)
{
    for (guint i = 0; i < p->warnings->len; i++)
        if (strstr(p->warnings->pdata[i], needle))
            return TRUE;
    return FALSE;
}

enum { F_MAIN = 1, F_WORK, F_MALLOC, F_INTERNAL, F_MAINLOOP, F_OTHER };

static Prof *prune_profile(void)
{
    Prof *t = prof_new();
    add_type(t, "samples", "count");
    add_function(t, F_MAIN, "main");
    add_function(t, F_WORK, "work");
    add_function(t, F_MALLOC, "malloc(unsigned long)");
    add_function(t, F_INTERNAL, "internal");
    add_function(t, F_MAINLOOP, "mainloop");
    add_function(t, F_OTHER, "other");
    for (uint64_t f = 1; f <= 6; f++) {
        uint64_t fid[] = {f, 0};
        add_location(t, f, 0, 0x100 * f, fid);
    }
    /* Location 7: internal and malloc inlined into other. */
    uint64_t inl[] = {F_INTERNAL, F_MALLOC, F_OTHER, 0};
    add_location(t, 7, 0, 0x700, inl);
    int64_t one = 1;
    uint64_t a[] = {F_INTERNAL, F_MALLOC, F_WORK, F_MAIN, 0}; /* cut at malloc */
    uint64_t b[] = {F_WORK, F_MALLOC, 0};                     /* malloc is the root: kept */
    uint64_t c[] = {7, F_WORK, F_MAIN, 0};                    /* only "other" of loc 7 stays */
    uint64_t d[] = {F_WORK, F_MAINLOOP, 0};                   /* kept by keep_frames */
    add_sample(t, a, &one, 1);
    add_sample(t, b, &one, 1);
    add_sample(t, c, &one, 1);
    add_sample(t, d, &one, 1);
    return t;
}

static void test_drop_frames(void)
{
    g_autoptr(Prof) t = prune_profile();
    /* As pprof: anchored, matched against names cut at "(". */
    t->p.drop_frames = S(t, "malloc|mainloop");
    t->p.keep_frames = S(t, "mainloop");
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_prof(t, &err);
    g_assert_no_error(err);
    g_autofree char *folded = kiln_test_folded(p, 0);
    g_assert_cmpstr(folded, ==,
                    "main;work 1\n"
                    "main;work;other 1\n"
                    "mainloop;work 1\n"
                    "malloc(unsigned long);work 1\n");
    g_assert_cmpstr(kiln_profile_get_property(p, "Drop frames"), ==, "malloc|mainloop");
}

static void test_no_drop_frames(void)
{
    g_autoptr(Prof) t = prune_profile();
    GError *err = NULL;
    /* Lines are kept at line granularity (the default, functions, drops them). */
    gsize len;
    g_autofree guint8 *buf = pack(t, &len);
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    o.granularity = KILN_GRANULARITY_LINES;
    g_autoptr(KilnProfile) p = kiln_load_bytes(buf, len, "test.pb", &o, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_autofree char *folded = kiln_test_folded(p, 0);
    g_assert_cmpstr(folded, ==,
                    "main;work;malloc(unsigned long);internal 1\n"
                    "main;work;other;malloc(unsigned long)_[i];internal_[i] 1\n"
                    "mainloop;work 1\n"
                    "malloc(unsigned long);work 1\n");
    /* Inlined lines are marked as such, the outermost is not. */
    gboolean seen = FALSE;
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        if (strcmp(kiln_profile_node_name(p, n), "other") == 0) {
            g_assert_cmpuint(kiln_profile_node_frame(p, n)->kind, ==, KILN_FRAME_NORMAL);
            g_assert_cmpuint(kiln_profile_node_frame(p, n)->line, ==, 12);
            seen = TRUE;
        }
    }
    g_assert_true(seen);
}

static void test_bad_pattern(void)
{
    g_autoptr(Prof) t = prune_profile();
    t->p.drop_frames = S(t, "malloc(");
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_prof(t, &err);
    g_assert_no_error(err);
    g_assert_true(has_warning(p, "not a valid regular expression"));
    g_assert_cmpuint(p->samples_seen, ==, 4);
}

/* Ids that name nothing, strings out of range, wrong value counts: the
 * rest loads, and each problem is reported once. */
static void test_broken_references(void)
{
    g_autoptr(Prof) t = prof_new();
    add_type(t, "samples", "count");
    add_function(t, 1, "ok");
    Perftools__Profiles__Function *bad = mem(t, sizeof *bad);
    perftools__profiles__function__init(bad);
    bad->id = 2;
    bad->name = 9999; /* no such string */
    g_ptr_array_add(t->functions, bad);
    uint64_t f1[] = {1, 0}, f2[] = {2, 0}, f9[] = {9, 0};
    add_location(t, 1, 0, 0x10, f1);
    add_location(t, 2, 0, 0x20, f2);
    add_location(t, 3, 0, 0x30, f9); /* no function 9 */
    int64_t one = 1, two[] = {1, 2};
    uint64_t s1[] = {2, 1, 0}, s2[] = {3, 77, 1, 0}, s3[] = {1, 0};
    add_sample(t, s1, &one, 1);
    add_sample(t, s2, &one, 1);
    add_sample(t, s3, two, 2); /* two values for one type */
    Perftools__Profiles__Sample *ls = add_sample(t, s3, &one, 1);
    Perftools__Profiles__Label *lab = mem(t, sizeof *lab);
    perftools__profiles__label__init(lab);
    lab->key = 4242; /* out of range */
    lab->str = S(t, "x");
    ls->n_label = 1;
    ls->label = mem(t, sizeof(Perftools__Profiles__Label *));
    ls->label[0] = lab;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_prof(t, &err);
    g_assert_no_error(err);
    g_autofree char *folded = kiln_test_folded(p, 0);
    g_assert_cmpstr(folded, ==, "ok 1\nok;0x20 1\nok;0x30 1\n");
    g_assert_true(has_warning(p, "1 stack entries refer to locations the profile does not"));
    g_assert_true(has_warning(p, "1 lines refer to functions the profile does not define"));
    g_assert_true(has_warning(p, "1 samples were skipped because they do not have one value"));
    g_assert_true(has_warning(p, "1 sample labels with missing or out-of-range strings"));
}

/* Non-dense location ids, function id 0 (Go refuses it; safe to accept),
 * and address names from the mapping when there is no line. */
static void test_lenient_ids_and_addresses(void)
{
    g_autoptr(Prof) t = prof_new();
    add_type(t, "samples", "count");
    add_mapping(t, 7, 0x400000, 0x1000, "/usr/lib/libfoo.so");
    add_function(t, 0, "zero");
    uint64_t f0[] = {0, 0};
    /* function_id 0 in a line means "no function" unless a function has
     * id 0: here one has, so it names the line. */
    add_location_n(t, 1000000, 7, 0x401234, f0, 1);
    add_location(t, 5, 7, 0x402000, NULL);   /* no lines: libfoo.so+0x3000 */
    add_location(t, 99999999, 0, 0xabc, NULL); /* no mapping: 0xabc */
    int64_t v = 3;
    uint64_t s[] = {1000000, 5, 99999999, 0};
    add_sample(t, s, &v, 1);
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_prof(t, &err);
    g_assert_no_error(err);
    g_autofree char *folded = kiln_test_folded(p, 0);
    g_assert_cmpstr(folded, ==, "0xabc;libfoo.so+0x3000;zero 3\n");
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        const KilnFrame *f = kiln_profile_node_frame(p, n);
        if (strcmp(kiln_profile_node_name(p, n), "libfoo.so+0x3000") == 0) {
            g_assert_cmpuint(f->kind, ==, KILN_FRAME_UNKNOWN);
            g_assert_cmpstr(kiln_profile_string(p, f->module), ==, "libfoo.so");
        }
    }
    g_assert_cmpstr(kiln_profile_get_property(p, "Main binary"), ==, "/usr/lib/libfoo.so");
}

static void test_default_type(void)
{
    g_autoptr(Prof) t = prof_new();
    add_type(t, "alloc_objects", "count");
    add_type(t, "alloc_space", "bytes");
    add_type(t, "inuse_objects", "count");
    add_type(t, "inuse_space", "bytes");
    add_function(t, 1, "f");
    uint64_t f1[] = {1, 0}, s[] = {1, 0};
    add_location(t, 1, 0, 0, f1);
    int64_t v[] = {1, 2, 3, 4};
    add_sample(t, s, v, 4);
    GError *err = NULL;
    g_autoptr(KilnProfile) last = load_prof(t, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(last->default_type, ==, 3); /* none set: the last, as pprof */
    t->p.default_sample_type = S(t, "alloc_space");
    g_autoptr(KilnProfile) named = load_prof(t, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(named->default_type, ==, 1);
    for (uint32_t ty = 0; ty < 4; ty++)
        g_assert_cmpfloat(kiln_profile_total(named, ty, KILN_ROOT_NODE), ==, ty + 1);
    g_assert_cmpstr(kiln_profile_string(named, named->types[1].unit), ==, "bytes");
}

/* Cut anywhere, a profile loads what precedes the cut (with a warning) or
 * fails with a message; never crashes. */
static void test_truncated(void)
{
    g_autoptr(Prof) t = prune_profile();
    gsize len;
    g_autofree guint8 *buf = pack(t, &len);
    guint partial = 0, failed = 0;
    for (gsize cut = 1; cut < len; cut++) {
        GError *err = NULL;
        g_autoptr(KilnProfile) p = kiln_load_bytes_as(kiln_importer_find("pprof"), buf, cut,
                                                      "cut.pb", NULL, NULL, NULL, NULL, &err);
        if (p) {
            g_assert_no_error(err);
            partial++;
        } else {
            g_assert_nonnull(err);
            g_assert_cmpuint(strlen(err->message), >, 20);
            g_error_free(err);
            failed++;
        }
    }
    g_assert_cmpuint(partial, >, 0);
    /* A cut inside the last field is reported. */
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_bytes_as(kiln_importer_find("pprof"), buf, len - 1,
                                                  "cut.pb", NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_true(has_warning(p, "malformed or truncated at byte"));
}

static void test_labels(void)
{
    g_autoptr(Prof) t = prof_new();
    add_type(t, "samples", "count");
    add_function(t, 1, "f");
    uint64_t f1[] = {1, 0}, s[] = {1, 0};
    add_location(t, 1, 0, 0, f1);
    int64_t one = 1;
    for (int i = 0; i < 3; i++) {
        Perftools__Profiles__Sample *sm = add_sample(t, s, &one, 1);
        sm->n_label = 2;
        sm->label = mem(t, 2 * sizeof(Perftools__Profiles__Label *));
        for (int j = 0; j < 2; j++) {
            Perftools__Profiles__Label *l = mem(t, sizeof *l);
            perftools__profiles__label__init(l);
            sm->label[j] = l;
        }
        sm->label[0]->key = S(t, "goroutine");
        sm->label[0]->str = S(t, i < 2 ? "worker" : "main");
        sm->label[1]->key = S(t, "thread_id");
        sm->label[1]->num = 40 + i;
        sm->label[1]->num_unit = S(t, "id");
    }
    GError *err = NULL;
    g_autoptr(KilnProfile) p = load_prof(t, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->n_samples, ==, 3);
    g_assert_nonnull(p->sample_labels);
    /* Three distinct sets (the thread differs), plus the empty set 0. */
    g_assert_cmpuint(p->n_label_sets, ==, 4);
    uint32_t set = p->sample_labels[2];
    const KilnLabel *l = &p->labels[p->label_start[set]];
    g_assert_cmpstr(kiln_profile_string(p, l[0].key), ==, "goroutine");
    g_assert_cmpstr(kiln_profile_string(p, l[0].str), ==, "main");
    g_assert_cmpstr(kiln_profile_string(p, l[1].key), ==, "thread_id");
    g_assert_cmpint(l[1].num, ==, 42);
    g_assert_cmpstr(kiln_profile_string(p, l[1].unit), ==, "id");
    g_assert_cmpuint(p->sample_thread[2], ==, 42);
}

static void test_legacy_and_sniff(void)
{
    /* A legacy header Kiln does not know: a clear message with the fix. */
    static const char unknown[] = "heap profile: 1: 2 [3: 4] @ mystery/5\n1: 2 [3: 4] @ 0x10\n";
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_test_load_bytes(unknown, sizeof unknown - 1, &err);
    g_assert_null(p);
    g_assert_error(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNSUPPORTED);
    g_assert_nonnull(strstr(err->message, "legacy pprof profile"));
    g_assert_nonnull(strstr(err->message, "go tool pprof -proto"));
    g_clear_error(&err);
    /* pprof's fuzzer find: a Java heap row with no objects. pprof refuses
     * the file; Kiln skips the row and says so. */
    static const char heapz[] = "--- heapz 1 ---\n0 0 @ 0\n";
    g_autoptr(KilnProfile) h = kiln_test_load_bytes(heapz, sizeof heapz - 1, &err);
    g_assert_no_error(err);
    g_assert_true(has_warning(h, "1 heap samples with no objects were skipped"));
    g_assert_cmpfloat(kiln_profile_total(h, 1, KILN_ROOT_NODE), ==, 0);
    const KilnImporter *imp = kiln_importer_find("pprof");
    static const char *const not_pprof[] = {"main;a;b 1\n", "PERFILE2", "# comment\n", "\n\n\n"};
    for (guint i = 0; i < G_N_ELEMENTS(not_pprof); i++)
        g_assert_cmpint(imp->sniff((const guint8 *)not_pprof[i], strlen(not_pprof[i])), ==, 0);
    g_autoptr(Prof) t = prune_profile();
    gsize len;
    g_autofree guint8 *buf = pack(t, &len);
    g_assert_cmpint(imp->sniff(buf, len), >=, 80);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pprof/cases/drop-frames", test_drop_frames);
    g_test_add_func("/pprof/cases/no-drop-frames", test_no_drop_frames);
    g_test_add_func("/pprof/cases/bad-pattern", test_bad_pattern);
    g_test_add_func("/pprof/cases/broken-references", test_broken_references);
    g_test_add_func("/pprof/cases/lenient-ids", test_lenient_ids_and_addresses);
    g_test_add_func("/pprof/cases/default-type", test_default_type);
    g_test_add_func("/pprof/cases/truncated", test_truncated);
    g_test_add_func("/pprof/cases/labels", test_labels);
    g_test_add_func("/pprof/cases/legacy-and-sniff", test_legacy_and_sniff);
    return g_test_run();
}
