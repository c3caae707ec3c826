#include "kiln-settings.h"

static GSettingsSchema *lookup_schema(void)
{
    GSettingsSchemaSource *src = g_settings_schema_source_get_default();
    return src ? g_settings_schema_source_lookup(src, APP_ID, TRUE) : NULL;
}

GSettings *kiln_settings_get(void)
{
    static gsize once;
    static GSettings *settings;
    if (g_once_init_enter(&once)) {
        GSettingsSchema *schema = lookup_schema();
        if (schema) {
            settings = g_settings_new_full(schema, NULL, NULL);
            g_settings_schema_unref(schema);
        }
        g_once_init_leave(&once, 1);
    }
    return settings;
}

static gboolean has_key(GSettings *s, const char *key)
{
    g_autoptr(GSettingsSchema) schema = NULL;
    g_object_get(s, "settings-schema", &schema, NULL);
    return schema && g_settings_schema_has_key(schema, key);
}

char *kiln_settings_get_string(const char *key, const char *fallback)
{
    GSettings *s = kiln_settings_get();
    if (!s || !has_key(s, key))
        return g_strdup(fallback);
    return g_settings_get_string(s, key);
}

void kiln_settings_set_string(const char *key, const char *value)
{
    GSettings *s = kiln_settings_get();
    if (s && has_key(s, key))
        g_settings_set_string(s, key, value);
}

void kiln_settings_bind(const char *key, gpointer object, const char *property)
{
    GSettings *s = kiln_settings_get();
    if (s && has_key(s, key))
        g_settings_bind(s, key, object, property, G_SETTINGS_BIND_DEFAULT);
}
