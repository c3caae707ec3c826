#include "kiln-cancellable-stream.h"

#include <errno.h>

typedef struct {
    FILE *inner;
    GCancellable *cancellable;
} Guard;

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
    Guard *g = cookie;
    if (g_cancellable_is_cancelled(g->cancellable)) {
        errno = ECANCELED;
        return -1;
    }
    size_t n = fwrite(buf, 1, size, g->inner);
    if (n < size && n == 0)
        return -1;
    return (ssize_t)n;
}

static int guard_close(void *cookie)
{
    Guard *g = cookie;
    g_clear_object(&g->cancellable);
    g_free(g);
    return 0;
}

FILE *kiln_cancellable_stream_new(FILE *inner, GCancellable *cancellable)
{
    Guard *g = g_new0(Guard, 1);
    g->inner = inner;
    g->cancellable = cancellable ? g_object_ref(cancellable) : NULL;
    cookie_io_functions_t io = {.write = guard_write, .close = guard_close};
    FILE *f = fopencookie(g, "w", io);
    if (!f) {
        guard_close(g);
        return NULL;
    }
    /* cairo hands over small pieces: pass them on in large ones. */
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    return f;
}
