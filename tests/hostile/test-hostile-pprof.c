/* test-hostile-pprof.c — profile.proto messages encoded by hand, wrong on
 * purpose: string and location indexes out of range, ids that do not
 * exist, varints of eleven bytes, length prefixes of terabytes, groups,
 * reserved wire types, values without sample types.
 *
 * Field numbers are those of pprof's profile.proto (Profile: sample_type 1,
 * sample 2, mapping 3, location 4, function 5, string_table 6, drop_frames
 * 7, period_type 11, default_sample_type 14; Sample: location_id 1, value
 * 2, label 3; Location: id 1, mapping_id 2, address 3, line 4; Line:
 * function_id 1, line 2; Function: id 1, name 2; Label: key 1, str 2, num 3;
 * ValueType: type 1, unit 2). Each message must load with a warning or fail
 * with a clean KILN_FORMAT_ERROR, raw and gzip-wrapped.
 */
#include "kiln-test-util.h"
#include "kiln-fuzz-check.h"
#include "hostile-util.h"

#include <zlib.h>

static void varint(GByteArray *b, guint64 v)
{
    do {
        guint8 c = (guint8)(v & 0x7f);
        v >>= 7;
        if (v)
            c |= 0x80;
        g_byte_array_append(b, &c, 1);
    } while (v);
}

static void tag(GByteArray *b, guint field, guint wire)
{
    varint(b, (guint64)field << 3 | wire);
}

static void field_varint(GByteArray *b, guint field, guint64 v)
{
    tag(b, field, 0);
    varint(b, v);
}

static void field_bytes(GByteArray *b, guint field, const void *data, gsize len)
{
    tag(b, field, 2);
    varint(b, len);
    g_byte_array_append(b, data, (guint)len);
}

static void field_msg(GByteArray *b, guint field, GByteArray *m)
{
    field_bytes(b, field, m->data, m->len);
    g_byte_array_unref(m);
}

static void field_str(GByteArray *b, guint field, const char *s)
{
    field_bytes(b, field, s, strlen(s));
}

static GByteArray *value_type(guint64 type, guint64 unit)
{
    GByteArray *m = g_byte_array_new();
    field_varint(m, 1, type);
    field_varint(m, 2, unit);
    return m;
}

/* A sample of one location (packed) and one value (packed). */
static GByteArray *sample(guint64 location, gint64 value)
{
    GByteArray *m = g_byte_array_new(), *p = g_byte_array_new();
    varint(p, location);
    field_bytes(m, 1, p->data, p->len);
    g_byte_array_set_size(p, 0);
    varint(p, (guint64)value);
    field_bytes(m, 2, p->data, p->len);
    g_byte_array_unref(p);
    return m;
}

static GByteArray *location(guint64 id, guint64 function)
{
    GByteArray *m = g_byte_array_new(), *line = g_byte_array_new();
    field_varint(m, 1, id);
    field_varint(m, 3, 0x401000 + id);
    field_varint(line, 1, function);
    field_varint(line, 2, 12);
    field_msg(m, 4, line);
    return m;
}

static GByteArray *function(guint64 id, guint64 name)
{
    GByteArray *m = g_byte_array_new();
    field_varint(m, 1, id);
    field_varint(m, 2, name);
    return m;
}

/* The strings every message below shares: "", "samples", "count", "main". */
static void strings(GByteArray *b)
{
    field_str(b, 6, "");
    field_str(b, 6, "samples");
    field_str(b, 6, "count");
    field_str(b, 6, "main");
}

/* A valid profile with the parts a case may replace. */
typedef struct {
    guint64 type_name, type_unit; /* string indexes */
    guint64 sample_location;
    gint64 sample_value;
    guint64 location_id, location_function;
    guint64 function_id, function_name;
    gint64 default_type;
} Parts;

static const Parts valid = {1, 2, 1, 7, 1, 1, 1, 3, 0};

static GByteArray *profile(const Parts *p)
{
    GByteArray *b = g_byte_array_new();
    field_msg(b, 1, value_type(p->type_name, p->type_unit));
    field_msg(b, 2, sample(p->sample_location, p->sample_value));
    field_msg(b, 4, location(p->location_id, p->location_function));
    field_msg(b, 5, function(p->function_id, p->function_name));
    strings(b);
    if (p->default_type)
        field_varint(b, 14, (guint64)p->default_type);
    return b;
}

/* Forced as pprof (raw protobuf has no magic) and gzip-wrapped through the
 * sniffer; returns the forced load's profile or NULL. */
static KilnProfile *load(const GByteArray *raw, const char *what, gboolean want_warning)
{
    const KilnImporter *imp = kiln_importer_find("pprof");
    g_autoptr(GByteArray) gz = hostile_gzip(raw->data, raw->len);
    KilnProfile *first = NULL;
    for (int pass = 0; pass < 2; pass++) {
        GError *err = NULL;
        gint64 t0 = g_get_monotonic_time();
        KilnProfile *p = pass ? kiln_load_bytes(gz->data, gz->len, what, NULL, NULL, NULL, NULL,
                                                &err)
                              : kiln_load_bytes_as(imp, raw->data, raw->len, what, NULL, NULL,
                                                   NULL, NULL, &err);
        g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * KILN_FUZZ_SLOWDOWN * G_USEC_PER_SEC);
        if (!p) {
            kiln_fuzz_check_error(err);
            g_test_message("%s%s: %s", what, pass ? " (gzip)" : "", err->message);
            g_error_free(err);
            continue;
        }
        g_assert_no_error(err);
        kiln_fuzz_check_profile(p);
        guint nw = p->warnings ? p->warnings->len : 0;
        g_test_message("%s%s: loaded, %u warnings%s%s", what, pass ? " (gzip)" : "", nw,
                       nw ? ": " : "", nw ? (const char *)p->warnings->pdata[0] : "");
        if (want_warning)
            g_assert_cmpuint(nw, >, 0);
        if (pass == 0)
            first = p;
        else
            kiln_profile_unref(p);
    }
    return first;
}

static void test_valid(void)
{
    g_autoptr(GByteArray) b = profile(&valid);
    g_autoptr(KilnProfile) p = load(b, "valid", FALSE);
    g_assert_nonnull(p);
    g_assert_cmpstr(p->format, ==, "pprof");
    g_assert_cmpfloat(kiln_profile_total(p, 0, KILN_ROOT_NODE), ==, 7);
    g_assert_cmpuint(p->n_nodes, ==, 2);
    g_assert_cmpstr(kiln_profile_node_name(p, 1), ==, "main");
}

static void test_bad_indexes(void)
{
    /* want_warning: the file is plainly wrong and must not load silently
     * (issue 6: out-of-range indexes end in an error or a warning). */
    const struct {
        const char *what;
        gsize offset; /* of the guint64/gint64 field in Parts */
        guint64 value;
        gboolean want_warning;
    } cases[] = {
        {"sample type name index past the string table", G_STRUCT_OFFSET(Parts, type_name), 99,
         TRUE},
        {"sample type unit index 2^63", G_STRUCT_OFFSET(Parts, type_unit), G_MAXINT64, TRUE},
        {"function name index past the string table", G_STRUCT_OFFSET(Parts, function_name),
         1000000, TRUE},
        {"function name index 2^64-1", G_STRUCT_OFFSET(Parts, function_name), G_MAXUINT64, TRUE},
        {"sample refers to a missing location", G_STRUCT_OFFSET(Parts, sample_location), 5, TRUE},
        {"sample refers to location 0", G_STRUCT_OFFSET(Parts, sample_location), 0, TRUE},
        {"sample location 2^64-1", G_STRUCT_OFFSET(Parts, sample_location), G_MAXUINT64, TRUE},
        {"location refers to a missing function", G_STRUCT_OFFSET(Parts, location_function), 9,
         TRUE},
        {"location id 0", G_STRUCT_OFFSET(Parts, location_id), 0, TRUE},
        {"function id 2^64-1", G_STRUCT_OFFSET(Parts, function_id), G_MAXUINT64, TRUE},
        {"default sample type index past the string table",
         G_STRUCT_OFFSET(Parts, default_type), 77, TRUE},
        {"negative sample value", G_STRUCT_OFFSET(Parts, sample_value), (guint64)-5, FALSE},
        {"sample value INT64_MIN", G_STRUCT_OFFSET(Parts, sample_value), (guint64)G_MININT64,
         FALSE},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        Parts p = valid;
        memcpy((guint8 *)&p + cases[i].offset, &cases[i].value, 8);
        g_autoptr(GByteArray) b = profile(&p);
        KilnProfile *prof = load(b, cases[i].what, cases[i].want_warning);
        if (prof)
            kiln_profile_unref(prof);
    }
}

static void test_label_indexes(void)
{
    GByteArray *b = profile(&valid);
    /* A second sample with labels whose key and value index nowhere. */
    GByteArray *s = sample(1, 3);
    GByteArray *label = g_byte_array_new();
    field_varint(label, 1, 4242);
    field_varint(label, 2, G_MAXUINT64);
    field_msg(s, 3, label);
    label = g_byte_array_new();
    field_varint(label, 1, 1);
    field_varint(label, 3, 12);
    field_varint(label, 4, 999); /* num_unit */
    field_msg(s, 3, label);
    field_msg(b, 2, s);
    KilnProfile *p = load(b, "label indexes out of range", FALSE);
    if (p)
        kiln_profile_unref(p);
    g_byte_array_unref(b);
}

static void test_wire_damage(void)
{
    g_autoptr(GByteArray) good = profile(&valid);
    const struct {
        const char *what;
        const guint8 bytes[16];
        gsize len;
    } tails[] = {
        {"varint of 11 bytes", {0x70, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                0x01}, 12},
        {"varint cut short", {0x70, 0xff, 0xff}, 3},
        {"length prefix of 2^40", {0x32, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 'x'}, 8},
        {"length prefix 2^64-1", {0x32, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                  0x01}, 11},
        {"length prefix past the end", {0x12, 0x7f, 0x0a, 0x01}, 4},
        {"start group (wire type 3)", {0x5b, 0x08, 0x01, 0x5c}, 4},
        {"end group alone (wire type 4)", {0x5c}, 1},
        {"wire type 6", {0x5e, 0x01}, 2},
        {"wire type 7", {0x5f}, 1},
        {"field number 0", {0x00, 0x01}, 2},
        {"fixed64 cut short", {0x59, 0x01, 0x02}, 3},
        {"fixed32 cut short", {0x5d, 0x01}, 2},
    };
    for (guint i = 0; i < G_N_ELEMENTS(tails); i++) {
        /* The damage after a valid prefix (partial profile possible) ... */
        g_autoptr(GByteArray) b = g_byte_array_new();
        g_byte_array_append(b, good->data, good->len);
        g_byte_array_append(b, tails[i].bytes, (guint)tails[i].len);
        KilnProfile *p = load(b, tails[i].what, FALSE);
        if (p)
            kiln_profile_unref(p);
        /* ... and inside a nested message: the sample's packed values. */
        g_autoptr(GByteArray) c = g_byte_array_new();
        field_msg(c, 1, value_type(1, 2));
        GByteArray *s = g_byte_array_new();
        g_byte_array_append(s, tails[i].bytes, (guint)tails[i].len);
        field_msg(c, 2, s);
        strings(c);
        g_autofree char *nested = g_strdup_printf("%s, nested in a sample", tails[i].what);
        p = load(c, nested, FALSE);
        if (p)
            kiln_profile_unref(p);
    }
}

static void test_values_without_types(void)
{
    /* Three values per sample, one sample type; and the reverse. */
    GByteArray *b = g_byte_array_new();
    field_msg(b, 1, value_type(1, 2));
    GByteArray *s = g_byte_array_new(), *packed = g_byte_array_new();
    varint(packed, 1);
    field_bytes(s, 1, packed->data, packed->len);
    g_byte_array_set_size(packed, 0);
    varint(packed, 5);
    varint(packed, 6);
    varint(packed, 7);
    field_bytes(s, 2, packed->data, packed->len);
    g_byte_array_unref(packed);
    field_msg(b, 2, s);
    field_msg(b, 4, location(1, 1));
    field_msg(b, 5, function(1, 3));
    strings(b);
    KilnProfile *p = load(b, "three values, one sample type", FALSE);
    if (p)
        kiln_profile_unref(p);
    g_byte_array_unref(b);

    b = g_byte_array_new();
    for (int i = 0; i < 3; i++)
        field_msg(b, 1, value_type(1, 2));
    field_msg(b, 2, sample(1, 4));
    field_msg(b, 4, location(1, 1));
    field_msg(b, 5, function(1, 3));
    strings(b);
    p = load(b, "one value, three sample types", FALSE);
    if (p)
        kiln_profile_unref(p);
    g_byte_array_unref(b);
}

static void test_cyclic_and_duplicate_ids(void)
{
    /* Two locations with the same id and two functions with the same id;
     * a stack that repeats one location a thousand times. */
    GByteArray *b = g_byte_array_new();
    field_msg(b, 1, value_type(1, 2));
    GByteArray *s = g_byte_array_new(), *packed = g_byte_array_new();
    for (int i = 0; i < 1000; i++)
        varint(packed, 1);
    field_bytes(s, 1, packed->data, packed->len);
    g_byte_array_set_size(packed, 0);
    varint(packed, 2);
    field_bytes(s, 2, packed->data, packed->len);
    g_byte_array_unref(packed);
    field_msg(b, 2, s);
    field_msg(b, 4, location(1, 1));
    field_msg(b, 4, location(1, 2));
    field_msg(b, 5, function(1, 3));
    field_msg(b, 5, function(1, 1));
    strings(b);
    g_autoptr(KilnProfile) p = load(b, "duplicate ids, 1000-deep repeated location", FALSE);
    g_byte_array_unref(b);
    if (p)
        g_assert_cmpfloat(kiln_profile_total(p, 0, KILN_ROOT_NODE), ==, 2);
}

static void test_every_truncation(void)
{
    g_autoptr(GByteArray) b = profile(&valid);
    const KilnImporter *imp = kiln_importer_find("pprof");
    for (guint n = 0; n < b->len; n++) {
        GError *err = NULL;
        guint8 *copy = g_memdup2(b->data, n ? n : 1);
        KilnProfile *p = kiln_load_bytes_as(imp, copy, n, "cut", NULL, NULL, NULL, NULL, &err);
        if (p) {
            kiln_fuzz_check_profile(p);
            kiln_profile_unref(p);
        } else {
            kiln_fuzz_check_error(err);
            g_error_free(err);
        }
        g_free(copy);
    }
}

/* A half-downloaded .pb.gz: once the first two top-level fields are whole,
 * every cut must still be recognised as pprof (a partial profile with a
 * warning, or a pprof error) — never "not a profile Kiln can read". */
static void test_truncated_still_sniffed(void)
{
    g_autoptr(GByteArray) b = profile(&valid);
    /* Each top-level field here is tag + one-byte length + payload. */
    gsize two_fields = 2 + b->data[1];
    two_fields += 2 + b->data[two_fields + 1];
    for (gsize n = two_fields; n < b->len; n++) {
        g_autoptr(GByteArray) cut = g_byte_array_new();
        g_byte_array_append(cut, b->data, (guint)n);
        g_autoptr(GByteArray) gz = hostile_gzip(cut->data, cut->len);
        GError *err = NULL;
        KilnProfile *p = kiln_load_bytes(gz->data, gz->len, "cut", NULL, NULL, NULL, NULL, &err);
        if (p) {
            kiln_fuzz_check_profile(p);
            g_assert_cmpstr(p->format, ==, "pprof");
            kiln_profile_unref(p);
            continue;
        }
        kiln_fuzz_check_error(err);
        if (g_error_matches(err, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT))
            g_error("pprof cut at byte %" G_GSIZE_FORMAT " of %u is not recognised: %s", n,
                    b->len, err->message);
        g_error_free(err);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile/pprof/valid", test_valid);
    g_test_add_func("/hostile/pprof/bad-indexes", test_bad_indexes);
    g_test_add_func("/hostile/pprof/label-indexes", test_label_indexes);
    g_test_add_func("/hostile/pprof/wire-damage", test_wire_damage);
    g_test_add_func("/hostile/pprof/values-without-types", test_values_without_types);
    g_test_add_func("/hostile/pprof/duplicate-ids", test_cyclic_and_duplicate_ids);
    g_test_add_func("/hostile/pprof/every-truncation", test_every_truncation);
    g_test_add_func("/hostile/pprof/truncated-still-sniffed", test_truncated_still_sniffed);
    return g_test_run();
}
