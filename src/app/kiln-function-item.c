/* kiln-function-item.c — a function as a list item. */
#include "kiln-function-item.h"

struct _KilnFunctionItem {
    GObject parent_instance;
    char *name, *module;
    double self, total;
};

G_DEFINE_FINAL_TYPE(KilnFunctionItem, kiln_function_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, N_PROPS };
static GParamSpec *props[N_PROPS];

static void get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
    if (id == PROP_NAME)
        g_value_set_string(value, KILN_FUNCTION_ITEM(object)->name);
    else
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void finalize(GObject *object)
{
    KilnFunctionItem *self = KILN_FUNCTION_ITEM(object);
    g_free(self->name);
    g_free(self->module);
    G_OBJECT_CLASS(kiln_function_item_parent_class)->finalize(object);
}

static void kiln_function_item_class_init(KilnFunctionItemClass *klass)
{
    GObjectClass *oc = G_OBJECT_CLASS(klass);
    oc->get_property = get_property;
    oc->finalize = finalize;
    props[PROP_NAME] =
        g_param_spec_string("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties(oc, N_PROPS, props);
}

static void kiln_function_item_init(KilnFunctionItem *self)
{
    (void)self;
}

KilnFunctionItem *kiln_function_item_new(const char *name, const char *module, double self_value,
                                         double total)
{
    KilnFunctionItem *self = g_object_new(KILN_TYPE_FUNCTION_ITEM, NULL);
    self->name = g_strdup(name);
    self->module = g_strdup(module ? module : "");
    self->self = self_value;
    self->total = total;
    return self;
}

const char *kiln_function_item_get_name(KilnFunctionItem *self)
{
    return self->name;
}

const char *kiln_function_item_get_module(KilnFunctionItem *self)
{
    return self->module;
}

double kiln_function_item_get_self(KilnFunctionItem *self)
{
    return self->self;
}

double kiln_function_item_get_total(KilnFunctionItem *self)
{
    return self->total;
}
