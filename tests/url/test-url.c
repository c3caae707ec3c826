/* test-url.c — every kiln-cli verb accepts an http:// URL serving pprof.
 *
 * A Go test server (pprof-server.go, net/http/pprof, 127.0.0.1 only) is
 * built with `go build` and started; then
 * - `info URL/debug/pprof/profile?seconds=1`: a CPU profile with samples
 *   of the server's burn();
 * - `top URL/debug/pprof/heap`: the heap profile's four sample types;
 * - `kiln_load_url()` reports the seconds the server collects and exits
 *   with progress -1 first;
 * - a refused port, a 404 and an HTML page: exit 1 with one line each.
 * Skips when Go is not installed.
 */
#include "kiln-test-util.h"

#include "formats/kiln-url.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

static char *dir;
static GPid server;
static int port;

static int run(const char *const *argv, char **out, char **err)
{
    int status = -1;
    GError *e = NULL;
    if (!g_spawn_sync(dir, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err, &status,
                      &e))
        g_error("cannot run %s: %s", argv[0], e->message);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static gboolean start_server(void)
{
    const char *go = g_getenv("KILN_GO");
    if (!go) {
        g_test_skip("Go is not installed (Debian: golang-go)");
        return FALSE;
    }
    dir = g_dir_make_tmp("kiln-url-XXXXXX", NULL);
    g_autofree char *bin = g_build_filename(dir, "pprof-server", NULL);
    g_autofree char *cache = g_build_filename(dir, "gocache", NULL);
    g_autofree char *gocache = g_strdup_printf("GOCACHE=%s", cache);
    g_autofree char *home = g_strdup_printf("HOME=%s", dir);
    const char *const build[] = {"env",
                                 gocache,
                                 home,
                                 "GOFLAGS=-mod=mod",
                                 "GO111MODULE=off",
                                 go,
                                 "build",
                                 "-o",
                                 bin,
                                 g_getenv("KILN_PPROF_SERVER_SRC"),
                                 NULL};
    g_autofree char *out = NULL, *err = NULL;
    if (run(build, &out, &err) != 0)
        g_error("go build failed: %s", err);
    const char *const argv[] = {bin, NULL};
    int out_fd, in_fd;
    GError *e = NULL;
    g_assert_true(g_spawn_async_with_pipes(dir, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                           &server, &in_fd, &out_fd, NULL, &e));
    (void)in_fd; /* kept open: the server exits when this process does */
    char line[32] = {0};
    gsize n = 0;
    while (n < sizeof line - 1) {
        ssize_t r = read(out_fd, line + n, 1);
        if (r <= 0 || line[n] == '\n')
            break;
        n++;
    }
    close(out_fd);
    port = atoi(line);
    g_assert_cmpint(port, >, 0);
    return TRUE;
}

static char *url(const char *path)
{
    return g_strdup_printf("http://127.0.0.1:%d%s", port, path);
}

static void test_cpu(void)
{
    if (!port)
        return;
    g_autofree char *u = url("/debug/pprof/profile?seconds=1");
    g_assert_cmpuint(kiln_url_collect_seconds(u), ==, 1);
    g_autofree char *out = NULL, *err = NULL;
    const char *const argv[] = {kiln_test_cli(), "info", u, NULL};
    g_assert_cmpint(run(argv, &out, &err), ==, 0);
    g_test_message("%s", out);
    g_assert_nonnull(strstr(out, "Format:         pprof"));
    g_assert_nonnull(strstr(out, "cpu/nanoseconds"));
    g_autofree char *top = NULL, *e2 = NULL;
    const char *const t[] = {kiln_test_cli(), "top", u, NULL};
    g_assert_cmpint(run(t, &top, &e2), ==, 0);
    g_assert_nonnull(strstr(top, "main.burn"));
}

static void test_heap(void)
{
    if (!port)
        return;
    g_autofree char *u = url("/debug/pprof/heap");
    g_autofree char *out = NULL, *err = NULL;
    const char *const argv[] = {kiln_test_cli(), "info", u, NULL};
    g_assert_cmpint(run(argv, &out, &err), ==, 0);
    g_test_message("%s", out);
    g_assert_nonnull(strstr(out, "alloc_objects/count"));
    g_assert_nonnull(strstr(out, "inuse_space/bytes"));
    /* The same through the library, with progress. */
    KilnLoadOptions o;
    kiln_load_options_init(&o);
    GError *e = NULL;
    g_autoptr(KilnProfile) p = kiln_load_url(u, &o, NULL, NULL, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(p->n_types, ==, 4);
    /* The size limit of files applies. */
    o.limits.max_decompressed = 16;
    g_autoptr(KilnProfile) small = kiln_load_url(u, &o, NULL, NULL, NULL, &e);
    g_assert_null(small);
    g_assert_error(e, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TOO_LARGE);
    g_clear_error(&e);
    /* Cancelled before it starts. */
    g_autoptr(GCancellable) c = g_cancellable_new();
    g_cancellable_cancel(c);
    g_autoptr(KilnProfile) none = kiln_load_url(u, NULL, c, NULL, NULL, &e);
    g_assert_null(none);
    g_assert_error(e, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error(&e);
}

/* kiln-cli VERB URL fails with exactly one line containing `needle`. */
static void check_fails(const char *verb, const char *u, const char *needle)
{
    g_autofree char *out = NULL, *err = NULL;
    const char *const argv[] = {kiln_test_cli(), verb, u, NULL};
    g_assert_cmpint(run(argv, &out, &err), ==, 1);
    g_test_message("%s", err);
    g_assert_nonnull(strstr(err, needle));
    /* One line. */
    g_assert_true(g_str_has_suffix(err, "\n"));
    g_assert_true(strchr(err, '\n') == err + strlen(err) - 1);
}

static void test_errors(void)
{
    if (!port)
        return;
    /* A port nothing listens on: bind one, close it. */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    g_assert_cmpint(bind(s, (struct sockaddr *)&a, sizeof a), ==, 0);
    socklen_t len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    close(s);
    g_autofree char *refused =
        g_strdup_printf("http://127.0.0.1:%d/debug/pprof/heap", ntohs(a.sin_port));
    check_fails("info", refused, "the connection was refused");
    g_autofree char *missing = url("/debug/pprof/nothing-here");
    check_fails("top", missing, "answered HTTP 404");
    g_autofree char *html = url("/not-a-profile");
    check_fails("info", html, "is not a profile (text/html");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gboolean ok = start_server();
    g_test_add_func("/url/cpu", test_cpu);
    g_test_add_func("/url/heap", test_heap);
    g_test_add_func("/url/errors", test_errors);
    int rc = g_test_run();
    if (ok) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
        const char *const rm[] = {"rm", "-rf", dir, NULL};
        run(rm, NULL, NULL);
    }
    return rc;
}
