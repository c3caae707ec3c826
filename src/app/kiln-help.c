#include "kiln-help.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef struct {
    GtkWindow *parent; /* weak */
    char *pages;       /* the Mallard folder */
    char *html;        /* where yelp-build writes */
} HelpData;

static void help_data_free(HelpData *d)
{
    g_clear_weak_pointer(&d->parent);
    g_free(d->pages);
    g_free(d->html);
    g_free(d);
}

char *kiln_help_find_pages(void)
{
    /* KILN_HELP_DIR: a guide that is not installed (a build tree). */
    const char *env = g_getenv("KILN_HELP_DIR");
    if (env && *env) {
        g_autofree char *index = g_build_filename(env, "index.page", NULL);
        if (g_file_test(index, G_FILE_TEST_IS_REGULAR))
            return g_strdup(env);
    }
    const char *const *langs = g_get_language_names();
    g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(dirs, g_build_filename(KILN_DATADIR, "help", NULL));
    for (const char *const *d = g_get_system_data_dirs(); *d; d++)
        g_ptr_array_add(dirs, g_build_filename(*d, "help", NULL));
    for (const char *const *l = langs; *l; l++)
        for (guint i = 0; i < dirs->len; i++) {
            g_autofree char *dir = g_build_filename(dirs->pdata[i], *l, "kiln", NULL);
            g_autofree char *index = g_build_filename(dir, "index.page", NULL);
            if (g_file_test(index, G_FILE_TEST_IS_REGULAR))
                return g_steal_pointer(&dir);
        }
    return NULL;
}

char *kiln_help_unavailable_text(const char *html)
{
    GString *s = g_string_new(
        _("Kiln’s guide opens in the GNOME help viewer, which is not installed. Install the "
          "“yelp” package (on Debian and Ubuntu: sudo apt install yelp), then press F1 again."));
    if (html)
        g_string_append_printf(s, "\n\n%s\n%s/index.html",
                               _("The guide is also in web pages here, for any browser:"), html);
    return g_string_free(s, FALSE);
}

static void show_unavailable(HelpData *d, gboolean have_html)
{
    g_autofree char *body = kiln_help_unavailable_text(have_html ? d->html : NULL);
    GtkWidget *dialog = adw_message_dialog_new(d->parent, _("Help Viewer Not Installed"), NULL);
    /* libadwaita 1.2's body is a label without markup: the path is plain. */
    adw_message_dialog_set_body(ADW_MESSAGE_DIALOG(dialog), body);
    adw_message_dialog_add_response(ADW_MESSAGE_DIALOG(dialog), "close", _("_Close"));
    gtk_window_present(GTK_WINDOW(dialog));
}

static void html_shown(GObject *source, GAsyncResult *result, gpointer data)
{
    HelpData *d = data;
    g_autoptr(GError) error = NULL;
    if (!gtk_show_uri_full_finish(GTK_WINDOW(source), result, &error))
        show_unavailable(d, TRUE);
    help_data_free(d);
}

static void show_html(HelpData *d)
{
    g_autofree char *index = g_build_filename(d->html, "index.html", NULL);
    g_autofree char *uri = g_filename_to_uri(index, NULL, NULL);
    if (!uri || !d->parent) {
        show_unavailable(d, FALSE);
        help_data_free(d);
        return;
    }
    gtk_show_uri_full(d->parent, uri, GDK_CURRENT_TIME, NULL, html_shown, d);
}

static void html_built(GObject *source, GAsyncResult *result, gpointer data)
{
    HelpData *d = data;
    g_autofree char *index = g_build_filename(d->html, "index.html", NULL);
    if (g_subprocess_wait_check_finish(G_SUBPROCESS(source), result, NULL) &&
        g_file_test(index, G_FILE_TEST_IS_REGULAR)) {
        show_html(d);
        return;
    }
    show_unavailable(d, FALSE);
    help_data_free(d);
}

/* Yelp is missing: build the pages as HTML in the cache (once per
 * language) and hand them to the browser. */
static void fall_back(HelpData *d)
{
    g_autofree char *yelp_build = g_find_program_in_path("yelp-build");
    d->pages = kiln_help_find_pages();
    if (!d->pages || !yelp_build) {
        show_unavailable(d, FALSE);
        help_data_free(d);
        return;
    }
    g_autofree char *lang_dir = g_path_get_dirname(d->pages);
    g_autofree char *lang = g_path_get_basename(lang_dir);
    d->html = g_build_filename(g_get_user_cache_dir(), "kiln", "help", lang, NULL);
    g_autofree char *index = g_build_filename(d->html, "index.html", NULL);
    if (g_file_test(index, G_FILE_TEST_IS_REGULAR)) {
        show_html(d);
        return;
    }
    g_mkdir_with_parents(d->html, 0755);
    g_autoptr(GError) error = NULL;
    g_autofree char *out = g_strconcat(d->html, "/", NULL);
    GSubprocess *p =
        g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                         &error, yelp_build, "html", "-o", out, d->pages, NULL);
    if (!p) {
        show_unavailable(d, FALSE);
        help_data_free(d);
        return;
    }
    g_subprocess_wait_check_async(p, NULL, html_built, d);
    g_object_unref(p);
}

static void yelp_shown(GObject *source, GAsyncResult *result, gpointer data)
{
    HelpData *d = data;
    g_autoptr(GError) error = NULL;
    if (gtk_show_uri_full_finish(GTK_WINDOW(source), result, &error)) {
        help_data_free(d);
        return;
    }
    fall_back(d);
}

void kiln_help_show(GtkWindow *parent)
{
    HelpData *d = g_new0(HelpData, 1);
    g_set_weak_pointer(&d->parent, parent);
    gtk_show_uri_full(parent, "help:kiln", GDK_CURRENT_TIME, NULL, yelp_shown, d);
}
