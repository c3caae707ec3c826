/* kiln-function-item.h — KilnFunctionItem: one function's row in the top
 * functions table or the caller/callee lists: its name (the "name"
 * property, for the filter entry), module, and two values (self and
 * total; for an edge, the value it carries as both). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KILN_TYPE_FUNCTION_ITEM (kiln_function_item_get_type())
G_DECLARE_FINAL_TYPE(KilnFunctionItem, kiln_function_item, KILN, FUNCTION_ITEM, GObject)

KilnFunctionItem *kiln_function_item_new(const char *name, const char *module, double self,
                                         double total);
const char *kiln_function_item_get_name(KilnFunctionItem *self);
const char *kiln_function_item_get_module(KilnFunctionItem *self);
double kiln_function_item_get_self(KilnFunctionItem *self);
double kiln_function_item_get_total(KilnFunctionItem *self);

G_END_DECLS
