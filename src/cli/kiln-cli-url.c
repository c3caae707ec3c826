/* kiln-cli-url.c — every verb's FILE may be an http(s):// URL serving a
 * profile (Go's net/http/pprof). On a terminal, one line says that the
 * server is collecting, as /debug/pprof/profile?seconds=30 takes 30 s. */
#include "kiln-cli.h"

#include "formats/kiln-url.h"

#include <stdio.h>
#include <unistd.h>

KilnProfile *kiln_cli_load_url(const char *url, const KilnLoadOptions *o, GError **error)
{
    guint s = kiln_url_collect_seconds(url);
    if (isatty(STDERR_FILENO)) {
        if (s)
            fprintf(stderr, _("kiln-cli: fetching %s (the server collects for %u s)…\n"), url, s);
        else
            fprintf(stderr, _("kiln-cli: fetching %s…\n"), url);
    }
    return kiln_load_url(url, o, NULL, NULL, NULL, error);
}
