#include "kiln-application.h"

#include <glib/gi18n.h>

#include "kiln-help.h"

struct _KilnApplication {
    AdwApplication parent_instance;
    gboolean compare; /* --compare: the two files open as one comparison */
};

G_DEFINE_FINAL_TYPE(KilnApplication, kiln_application, ADW_TYPE_APPLICATION)

KilnWindow *kiln_application_get_window(KilnApplication *self)
{
    GtkWindow *w = gtk_application_get_active_window(GTK_APPLICATION(self));
    if (KILN_IS_WINDOW(w))
        return KILN_WINDOW(w);
    return kiln_window_new(GTK_APPLICATION(self));
}

static int kiln_application_handle_local_options(GApplication *app, GVariantDict *options)
{
    if (g_variant_dict_contains(options, "version")) {
        g_print("kiln %s\n", KILN_VERSION);
        return 0;
    }
    if (g_variant_dict_contains(options, "compare")) {
        KILN_APPLICATION(app)->compare = TRUE;
        /* The files must reach this process's open(), which knows the
         * flag, not a running instance's. */
        g_application_set_flags(app, g_application_get_flags(app) | G_APPLICATION_NON_UNIQUE);
    }
    return -1;
}

static void kiln_application_activate(GApplication *app)
{
    gtk_window_present(GTK_WINDOW(kiln_application_get_window(KILN_APPLICATION(app))));
}

/* Called in the first instance for `kiln FILE…` from any instance: the
 * files become tabs of the running window. */
static void kiln_application_open(GApplication *app, GFile **files, int n_files,
                                  const char *hint)
{
    KilnApplication *self = KILN_APPLICATION(app);
    KilnWindow *win = kiln_application_get_window(self);
    if (self->compare) {
        self->compare = FALSE;
        if (n_files == 2) {
            kiln_window_open_comparison(win, files[0], files[1]);
            gtk_window_present(GTK_WINDOW(win));
            return;
        }
        kiln_window_toast(win, _("Compare takes two files, BEFORE and AFTER: the files given "
                                 "opened as tabs instead."));
    }
    for (int i = 0; i < n_files; i++)
        kiln_window_open(win, files[i]);
    gtk_window_present(GTK_WINDOW(win));
}

static void act_quit(GSimpleAction *a, GVariant *p, gpointer app)
{
    GList *windows = gtk_application_get_windows(GTK_APPLICATION(app));
    /* Close each window so pages cancel their loads before exit. */
    while (windows) {
        GtkWindow *w = windows->data;
        windows = windows->next;
        gtk_window_destroy(w);
    }
    g_application_quit(G_APPLICATION(app));
}

static void act_about(GSimpleAction *a, GVariant *p, gpointer app)
{
    static const char *const developers[] = {"The Kiln developers", NULL};
    GtkWidget *about = adw_about_window_new();
    adw_about_window_set_application_name(ADW_ABOUT_WINDOW(about), _("Kiln"));
    adw_about_window_set_application_icon(ADW_ABOUT_WINDOW(about), APP_ID);
    adw_about_window_set_version(ADW_ABOUT_WINDOW(about), KILN_VERSION);
    adw_about_window_set_developer_name(ADW_ABOUT_WINDOW(about), _("The Kiln developers"));
    adw_about_window_set_developers(ADW_ABOUT_WINDOW(about), (const char **)developers);
    adw_about_window_set_comments(
        ADW_ABOUT_WINDOW(about),
        _("Explore pprof, perf and folded-stack profiles as flame graphs."));
    adw_about_window_set_license_type(ADW_ABOUT_WINDOW(about), GTK_LICENSE_GPL_3_0);
    /* The msgid itself means "no translation": credit nobody then. */
    const char *credits = _("translator-credits");
    if (!g_str_equal(credits, "translator-credits"))
        adw_about_window_set_translator_credits(ADW_ABOUT_WINDOW(about), credits);
    gtk_window_set_transient_for(GTK_WINDOW(about),
                                 gtk_application_get_active_window(GTK_APPLICATION(app)));
    gtk_window_present(GTK_WINDOW(about));
}

static void act_help(GSimpleAction *a, GVariant *p, gpointer app)
{
    kiln_help_show(gtk_application_get_active_window(GTK_APPLICATION(app)));
}

static const GActionEntry app_actions[] = {
    {"quit", act_quit, NULL, NULL, NULL, {0}},
    {"about", act_about, NULL, NULL, NULL, {0}},
    {"help", act_help, NULL, NULL, NULL, {0}},
};

static void kiln_application_startup(GApplication *app)
{
    G_APPLICATION_CLASS(kiln_application_parent_class)->startup(app);
    g_action_map_add_action_entries(G_ACTION_MAP(app), app_actions, G_N_ELEMENTS(app_actions),
                                    app);
    static const struct {
        const char *action;
        const char *accels[3];
    } accels[] = {
        {"app.quit", {"<Primary>q", NULL}},
        {"app.help", {"F1", NULL}},
        {"win.open", {"<Primary>o", NULL}},
        {"win.close-tab", {"<Primary>w", NULL}},
        {"win.find", {"<Primary>f", NULL}},
        {"win.export", {"<Primary>e", NULL}},
        /* Ctrl+Shift+C copies the selected stack (the graph's own key). */
        {"win.copy-image", {"<Primary><Alt>c", NULL}},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(accels); i++)
        gtk_application_set_accels_for_action(GTK_APPLICATION(app), accels[i].action,
                                              accels[i].accels);
}

static void kiln_application_class_init(KilnApplicationClass *klass)
{
    GApplicationClass *ac = G_APPLICATION_CLASS(klass);
    ac->handle_local_options = kiln_application_handle_local_options;
    ac->activate = kiln_application_activate;
    ac->open = kiln_application_open;
    ac->startup = kiln_application_startup;
}

static void kiln_application_init(KilnApplication *self)
{
    static const GOptionEntry entries[] = {
        {"version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL},
        {"compare", 0, 0, G_OPTION_ARG_NONE, NULL,
         N_("Open the two files given, BEFORE and AFTER, as one comparison: AFTER's flame graph "
            "coloured by what changed"),
         NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_application_add_main_option_entries(G_APPLICATION(self), entries);
    g_application_set_option_context_parameter_string(G_APPLICATION(self), _("[FILE…]"));
    g_application_set_option_context_summary(
        G_APPLICATION(self),
        _("Explore CPU and memory profiles as flame graphs. Reads pprof (.pb.gz), perf.data, "
          "perf script text and folded stacks; the format is detected from the content. "
          "Files given to a running Kiln open as new tabs in its window."));
}

KilnApplication *kiln_application_new(GApplicationFlags flags)
{
    return g_object_new(KILN_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                        G_APPLICATION_HANDLES_OPEN | flags, "resource-base-path",
                        "/org/kiln/Kiln", NULL);
}
