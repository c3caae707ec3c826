/* kiln-url.c — profiles over HTTP(S), through libsoup 3. */
#include "kiln-url.h"

#include "core/kiln-limits.h"
#include "formats/kiln-format-error.h"
#include "formats/kiln-loader.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#define EXTRA_TIMEOUT_S 30
#define CHUNK           (64 * 1024)

gboolean kiln_is_url(const char *text)
{
    return text && (g_ascii_strncasecmp(text, "http://", 7) == 0 ||
                    g_ascii_strncasecmp(text, "https://", 8) == 0);
}

guint kiln_url_collect_seconds(const char *url)
{
    const char *q = strchr(url, '?');
    while (q) {
        q++;
        if (g_str_has_prefix(q, "seconds="))
            return (guint)MIN(g_ascii_strtoull(q + 8, NULL, 10), 86400);
        q = strchr(q, '&');
    }
    return 0;
}

/* "host:port" of a URL, for messages. */
static char *where(GUri *uri)
{
    int port = g_uri_get_port(uri);
    if (port > 0)
        return g_strdup_printf("%s:%d", g_uri_get_host(uri), port);
    return g_strdup(g_uri_get_host(uri));
}

static void fail_send(GError *e, GUri *uri, guint timeout, GError **error)
{
    g_autofree char *at = where(uri);
    if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error(error, g_error_copy(e));
    else if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                    _("Could not connect to %s: the connection was refused. Is the service "
                      "running, and listening on that port?"),
                    at);
    else if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                    _("%s did not answer within %u seconds."), at, timeout);
    else if (e->domain == G_RESOLVER_ERROR)
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                    _("Could not find the host “%s”: check the address."), g_uri_get_host(uri));
    else if (e->domain == G_TLS_ERROR)
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                    /* Translators: %s are a host and the TLS library's reason */
                    _("Could not open a secure connection to %s: %s."), at, e->message);
    else
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                    /* Translators: %s are a host and the network library's reason */
                    _("Could not fetch a profile from %s: %s."), at, e->message);
}

/* The first line of an error page, for the message: Go's pprof handlers
 * answer "Profile duration exceeds server's WriteTimeout" and the like. */
static char *first_line(GInputStream *in, GCancellable *cancellable)
{
    char buf[512];
    gsize n = 0;
    g_input_stream_read_all(in, buf, sizeof buf - 1, &n, cancellable, NULL);
    buf[n] = 0;
    char *nl = strpbrk(buf, "\r\n");
    if (nl)
        *nl = 0;
    if (!g_utf8_validate(buf, -1, NULL) || strchr(buf, '<'))
        return NULL; /* binary or HTML: not worth a sentence */
    return g_strstrip(g_strdup(buf));
}

KilnProfile *kiln_load_url(const char *url, const KilnLoadOptions *options,
                           GCancellable *cancellable, KilnProgressFunc progress,
                           gpointer progress_data, GError **error)
{
    g_autoptr(GUri) uri = g_uri_parse(url, G_URI_FLAGS_ENCODED, NULL);
    if (!uri || !g_uri_get_host(uri) || !*g_uri_get_host(uri)) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                    _("“%s” is not a URL Kiln can open."), url);
        return NULL;
    }
    guint timeout = kiln_url_collect_seconds(url) + EXTRA_TIMEOUT_S;
    g_autoptr(SoupSession) session =
        soup_session_new_with_options("timeout", timeout, "user-agent", "Kiln/" KILN_VERSION, NULL);
    g_autoptr(SoupMessage) msg = soup_message_new_from_uri("GET", uri);
    if (progress)
        progress(-1, progress_data);
    g_autoptr(GError) e = NULL;
    g_autoptr(GInputStream) in = soup_session_send(session, msg, cancellable, &e);
    if (!in) {
        fail_send(e, uri, timeout, error);
        return NULL;
    }
    guint status = soup_message_get_status(msg);
    g_autofree char *at = where(uri);
    if (status != SOUP_STATUS_OK) {
        g_autofree char *why = first_line(in, cancellable);
        const char *reason = soup_message_get_reason_phrase(msg);
        if (why && *why)
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                        _("%s answered HTTP %u %s: %s."), at, status, reason ? reason : "", why);
        else
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_FAILED,
                        _("%s answered HTTP %u %s: there is no profile at that address."), at,
                        status, reason ? reason : "");
        return NULL;
    }
    KilnLimits d;
    kiln_limits_init_default(&d);
    guint64 limit = options && options->limits.max_decompressed ? options->limits.max_decompressed
                                                                : d.max_decompressed;
    goffset total = soup_message_headers_get_content_length(soup_message_get_response_headers(msg));
    g_autoptr(GByteArray) body = g_byte_array_new();
    for (;;) {
        guint old = body->len;
        g_byte_array_set_size(body, old + CHUNK);
        gssize n = g_input_stream_read(in, body->data + old, CHUNK, cancellable, &e);
        if (n < 0) {
            g_byte_array_set_size(body, old);
            fail_send(e, uri, timeout, error);
            return NULL;
        }
        g_byte_array_set_size(body, old + (guint)n);
        if (n == 0)
            break;
        if (body->len > limit) {
            char lim[32];
            g_snprintf(lim, sizeof lim, "%" G_GUINT64_FORMAT, limit);
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TOO_LARGE,
                        /* Translators: %s are a host and a number of bytes */
                        _("The answer from %s is larger than the limit of %s bytes: raise it "
                          "with --max-decompressed."),
                        at, lim);
            return NULL;
        }
        if (progress && total > 0)
            progress(MIN(1.0, (double)body->len / (double)total), progress_data);
    }
    g_input_stream_close(in, NULL, NULL);
    KilnProfile *p =
        kiln_load_bytes(body->data, body->len, url, options, cancellable, NULL, NULL, &e);
    if (!p) {
        if (g_error_matches(e, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT)) {
            const char *type =
                soup_message_headers_get_content_type(soup_message_get_response_headers(msg), NULL);
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT,
                        _("%s answered with something that is not a profile (%s, %u bytes): "
                          "check that the URL is a pprof endpoint such as "
                          "/debug/pprof/profile."),
                        at, type ? type : _("no content type"), body->len);
        } else {
            g_propagate_error(error, g_steal_pointer(&e));
        }
    }
    return p;
}
