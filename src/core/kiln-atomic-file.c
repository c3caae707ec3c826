/* kiln-atomic-file.c — KilnAtomicFile: temporary file, then rename. */
#include "kiln-atomic-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct _KilnAtomicFile {
    FILE *stream;
    char *target; /* the path renamed onto */
    char *temp;   /* NULL: writing the target in place */
    gboolean existed;
    mode_t mode; /* the existing target's permissions */
};

static void set_errno_error(GError **error, int err, const char *path)
{
    g_autofree char *shown = g_filename_display_name(path);
    /* Translators: the first %s is a file name, the second the system's reason */
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), _("Cannot write %s: %s"), shown,
                g_strerror(err));
}

KilnAtomicFile *kiln_atomic_file_open(const char *path, GError **error)
{
    KilnAtomicFile *f = g_new0(KilnAtomicFile, 1);
    /* Replace what a symbolic link points to, not the link. */
    char resolved[PATH_MAX];
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, resolved))
        f->target = g_strdup(resolved);
    else
        f->target = g_strdup(path);
    if (stat(f->target, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            /* A device or a FIFO: renaming over it would replace the
             * device node itself (think /dev/null). */
            f->stream = fopen(f->target, "wb");
            if (!f->stream) {
                set_errno_error(error, errno, path);
                kiln_atomic_file_abort(f);
                return NULL;
            }
            return f;
        }
        f->existed = TRUE;
        f->mode = st.st_mode & 07777;
    }

    /* O_EXCL with 0666 lets the umask decide a new file's permissions, as
     * for any file the user creates; mkstemp would force 0600. */
    g_autofree char *dir = g_path_get_dirname(f->target);
    g_autofree char *base = g_path_get_basename(f->target);
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        g_free(f->temp);
        f->temp = g_strdup_printf("%s/.%s.%08x.tmp", dir, base, g_random_int());
        fd = open(f->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        set_errno_error(error, errno, path);
        g_clear_pointer(&f->temp, g_free);
        kiln_atomic_file_abort(f);
        return NULL;
    }
    f->stream = fdopen(fd, "wb");
    if (!f->stream) {
        int err = errno;
        close(fd);
        set_errno_error(error, err, path);
        kiln_atomic_file_abort(f);
        return NULL;
    }
    return f;
}

FILE *kiln_atomic_file_stream(KilnAtomicFile *f)
{
    return f->stream;
}

const char *kiln_atomic_file_temp_path(const KilnAtomicFile *f)
{
    return f->temp;
}

static void file_free(KilnAtomicFile *f)
{
    g_free(f->target);
    g_free(f->temp);
    g_free(f);
}

void kiln_atomic_file_abort(KilnAtomicFile *f)
{
    if (!f)
        return;
    if (f->stream)
        fclose(f->stream);
    if (f->temp)
        g_unlink(f->temp);
    file_free(f);
}

gboolean kiln_atomic_file_commit(KilnAtomicFile *f, GError **error)
{
    int err = 0;
    errno = 0;
    if (fflush(f->stream) != 0 || ferror(f->stream))
        err = errno ? errno : EIO;
    /* Replacing a file the user had: make sure the new content is on disk
     * before the name points to it, or a crash could leave neither. */
    if (!err && f->temp && f->existed &&
        (fchmod(fileno(f->stream), f->mode) != 0 || fsync(fileno(f->stream)) != 0))
        err = errno;
    if (fclose(f->stream) != 0 && !err)
        err = errno;
    f->stream = NULL;
    if (!err && f->temp && rename(f->temp, f->target) != 0)
        err = errno;
    if (err) {
        set_errno_error(error, err, f->target);
        kiln_atomic_file_abort(f);
        return FALSE;
    }
    file_free(f);
    return TRUE;
}

gboolean kiln_atomic_file_write(const char *path, KilnWriteFunc write, gpointer user_data,
                                GError **error)
{
    KilnAtomicFile *f = kiln_atomic_file_open(path, error);
    if (!f)
        return FALSE;
    if (!write(f->stream, user_data, error)) {
        kiln_atomic_file_abort(f);
        return FALSE;
    }
    return kiln_atomic_file_commit(f, error);
}
