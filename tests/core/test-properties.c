/* test-properties.c — the model keeps numbers and units, consumers make the
 * display text: quantity properties and kiln_format_property(). */
#include "kiln-test-util.h"
#include "analysis/kiln-units.h"
#include "core/kiln-builder.h"

#include <string.h>

static const KilnProperty *find(const KilnProfile *p, const char *key)
{
    for (guint i = 0; i < p->properties->len; i++) {
        const KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        if (strcmp(prop->key, key) == 0)
            return prop;
    }
    return NULL;
}

static void test_quantity(void)
{
    KilnBuilder *b = kiln_builder_new(NULL);
    kiln_builder_add_sample_type(b, "cpu", "nanoseconds");
    kiln_builder_set_property(b, "Period type", "cpu/nanoseconds");
    kiln_builder_set_property_quantity(b, "Period", 10000000, "nanoseconds");
    kiln_builder_set_property_quantity(b, "Duration", 1, "seconds");
    /* Setting again replaces number and unit in place. */
    kiln_builder_set_property_quantity(b, "Duration", 1910000000, "nanoseconds");
    kiln_builder_set_property_quantity(b, "Heap", 1.5 * 1024 * 1024, "bytes");
    kiln_builder_set_property_quantity(b, "Ratio", 0.1, "count");
    kiln_builder_set_property_quantity(b, "Odd", 3, "u\x1b[2Jnit");
    kiln_builder_set_property(b, "Host", "box");
    g_autoptr(KilnProfile) p = kiln_builder_finish(b);
    kiln_builder_free(b);

    g_assert_cmpuint(p->properties->len, ==, 7);
    const KilnProperty *period = find(p, "Period");
    g_assert_cmpstr(period->value, ==, "10000000");
    g_assert_cmpstr(period->unit, ==, "nanoseconds");
    g_assert_cmpfloat(period->quantity, ==, 1e7);
    const KilnProperty *duration = find(p, "Duration");
    g_assert_cmpstr(duration->value, ==, "1910000000");
    g_assert_cmpstr(duration->unit, ==, "nanoseconds");
    g_assert_cmpstr(g_array_index(p->properties, KilnProperty, 2).key, ==, "Duration");
    const KilnProperty *ratio = find(p, "Ratio");
    g_assert_cmpfloat(g_ascii_strtod(ratio->value, NULL), ==, 0.1);
    g_assert_null(find(p, "Host")->unit);
    /* Units are display-safe like every other string the importers set. */
    g_assert_null(strchr(find(p, "Odd")->unit, 0x1b));
    /* Readers that want text still find the exact number. */
    g_assert_cmpstr(kiln_profile_get_property(p, "Period"), ==, "10000000");

    char buf[128];
    g_assert_cmpstr(kiln_format_property(period, buf, sizeof buf), ==, "10000000 (10.00 ms)");
    g_assert_cmpstr(kiln_format_property(duration, buf, sizeof buf), ==, "1.91 s");
    g_assert_cmpstr(kiln_format_property(find(p, "Heap"), buf, sizeof buf), ==, "1.50 MiB");
    g_assert_cmpstr(kiln_format_property(find(p, "Host"), buf, sizeof buf), ==, "box");
    g_assert_cmpstr(kiln_format_property(find(p, "Period type"), buf, sizeof buf), ==,
                    "cpu/nanoseconds");
}

/* The pprof importer stores the period and duration as numbers now; what
 * kiln-cli info prints for them is unchanged (test-pprof-corpus /pprof/info). */
static void test_pprof_numbers(void)
{
    g_autofree char *path = kiln_test_corpus_path("pprof/speedscope/simple.prof");
    if (!path)
        return;
    GError *err = NULL;
    g_autoptr(KilnProfile) p = kiln_load_file(path, NULL, NULL, NULL, NULL, &err);
    g_assert_no_error(err);
    const KilnProperty *period = find(p, "Period");
    g_assert_cmpstr(period->value, ==, "10000000");
    g_assert_cmpstr(period->unit, ==, "nanoseconds");
    const KilnProperty *duration = find(p, "Duration");
    g_assert_cmpstr(duration->unit, ==, "nanoseconds");
    g_assert_cmpfloat(duration->quantity, >=, 1.905e9);
    g_assert_cmpfloat(duration->quantity, <, 1.915e9);
    g_assert_null(find(p, "Time")->unit);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/properties/quantity", test_quantity);
    g_test_add_func("/properties/pprof-numbers", test_pprof_numbers);
    return g_test_run();
}
