/* kiln-demangle.h — C++ (Itanium ABI) symbol demangling.
 *
 * perf script prints demangled names, so Kiln demangles too, to give the
 * same frames from a perf.data as from its perf script text. The demangler
 * is the C++ runtime's own __cxa_demangle, looked up at run time in
 * libstdc++ so that Kiln does not link a C++ runtime; without it, names
 * stay mangled.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A newly allocated demangled name, or NULL when `sym` is not a mangled
 * C++ name (or no demangler is available). */
char *kiln_demangle(const char *sym);

/* The same without the parameter list ("ns::f<int>"), as perf prints
 * names. */
char *kiln_demangle_no_params(const char *sym);

/* Whether a demangler could be loaded. */
gboolean kiln_demangle_available(void);

G_END_DECLS
