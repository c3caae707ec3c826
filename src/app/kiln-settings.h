/* kiln-settings.h — the app's GSettings, when the schema is installed.
 *
 * The schema (data/org.kiln.Kiln.gschema.xml) is installed with the app;
 * an uninstalled build or a test run may not have it, and GSettings aborts
 * on a missing schema, so every user goes through this lookup and treats
 * NULL as "use the defaults, remember nothing". */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The shared GSettings for APP_ID, or NULL without the schema. Borrowed. */
GSettings *kiln_settings_get(void);

/* A string key, or `fallback` without the schema or the key. */
char *kiln_settings_get_string(const char *key, const char *fallback);
void kiln_settings_set_string(const char *key, const char *value);
/* g_settings_bind() with G_SETTINGS_BIND_DEFAULT when the key exists. */
void kiln_settings_bind(const char *key, gpointer object, const char *property);

G_END_DECLS
