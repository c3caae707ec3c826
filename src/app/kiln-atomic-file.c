#include "kiln-atomic-file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

struct _KilnAtomicFile {
    char *path;
    char *tmp_path;
    int fd;
    FILE *stream;
    GCancellable *cancellable;
    int write_errno; /* the first failed write's errno, for the message */
};

static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
    KilnAtomicFile *f = cookie;
    if (g_cancellable_is_cancelled(f->cancellable)) {
        f->write_errno = ECANCELED;
        errno = ECANCELED;
        return -1;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(f->fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            f->write_errno = n < 0 ? errno : EIO;
            errno = f->write_errno;
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)n;
    }
    return (ssize_t)size;
}

static int cookie_close(void *cookie)
{
    return 0; /* the fd is closed by commit or abort */
}

/* umask() can only be read by setting it, which races with other threads
 * creating files; the kernel reports it in /proc/self/status. */
static mode_t current_umask(void)
{
    g_autofree char *status = NULL;
    if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
        const char *u = strstr(status, "\nUmask:");
        if (u)
            return (mode_t)(g_ascii_strtoull(u + 8, NULL, 8) & 0777);
    }
    return 022;
}

KilnAtomicFile *kiln_atomic_file_new(const char *path, GCancellable *cancellable, GError **error)
{
    if (g_cancellable_set_error_if_cancelled(cancellable, error))
        return NULL;
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    /* Hidden, and named after the target so a leftover from a crash says
     * what it was. */
    g_autofree char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    int fd = g_mkstemp_full(tmpl, O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e),
                    /* Translators: %s is a folder, then why it cannot be written */
                    _("Cannot write in %s: %s"), dir, g_strerror(e));
        return NULL;
    }
    /* mkstemp makes the file private; an exported image should get the
     * permissions any new file in that folder gets. */
    fchmod(fd, 0666 & ~current_umask());
    KilnAtomicFile *f = g_new0(KilnAtomicFile, 1);
    f->path = g_strdup(path);
    f->tmp_path = g_steal_pointer(&tmpl);
    f->fd = fd;
    f->cancellable = cancellable ? g_object_ref(cancellable) : NULL;
    cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
    f->stream = fopencookie(f, "w", io);
    if (!f->stream) {
        int e = errno;
        kiln_atomic_file_abort(f);
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s", g_strerror(e));
        return NULL;
    }
    /* Large writes: cairo hands over small pieces. */
    setvbuf(f->stream, NULL, _IOFBF, 1 << 20);
    return f;
}

FILE *kiln_atomic_file_stream(KilnAtomicFile *f)
{
    return f->stream;
}

void kiln_atomic_file_abort(KilnAtomicFile *f)
{
    if (!f)
        return;
    if (f->stream)
        fclose(f->stream); /* its write errors no longer matter */
    if (f->fd >= 0)
        close(f->fd);
    g_unlink(f->tmp_path);
    g_clear_object(&f->cancellable);
    g_free(f->path);
    g_free(f->tmp_path);
    g_free(f);
}

gboolean kiln_atomic_file_commit(KilnAtomicFile *f, GError **error)
{
    int e = 0;
    if (fflush(f->stream) != 0)
        e = f->write_errno ? f->write_errno : errno;
    else if (ferror(f->stream))
        e = f->write_errno ? f->write_errno : EIO;
    fclose(f->stream);
    f->stream = NULL;
    if (!e && g_cancellable_is_cancelled(f->cancellable))
        e = ECANCELED;
    /* The rename must not publish data still in the page cache only: a
     * crash right after it would leave an empty file under the name. */
    if (!e && fsync(f->fd) != 0)
        e = errno;
    if (close(f->fd) != 0 && !e)
        e = errno;
    f->fd = -1;
    if (!e && g_rename(f->tmp_path, f->path) != 0)
        e = errno;
    if (e) {
        if (e == ECANCELED)
            g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                _("The export was cancelled"));
        else
            /* Translators: %s is a file name, then why it could not be written */
            g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), _("Cannot write %s: %s"),
                        f->path, g_strerror(e));
        kiln_atomic_file_abort(f);
        return FALSE;
    }
    g_clear_object(&f->cancellable);
    g_free(f->path);
    g_free(f->tmp_path);
    g_free(f);
    return TRUE;
}
