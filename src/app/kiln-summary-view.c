#include "kiln-summary-view.h"

#include <glib/gi18n.h>

#include "analysis/kiln-node-text.h"
#include "analysis/kiln-units.h"
#include "formats/kiln-importer.h"

struct _KilnSummaryView {
    AdwBin parent_instance;
    AdwPreferencesGroup *file_group;
    AdwPreferencesGroup *types_group;
    AdwPreferencesGroup *top_group;
    AdwPreferencesGroup *symbols_group;
    AdwPreferencesGroup *properties_group;
    AdwPreferencesGroup *warnings_group;
    GPtrArray *rows;   /* (group, row) pairs added by set_profile */
    GHashTable *values; /* title -> value, for tests */
    guint n_warnings;
};

G_DEFINE_FINAL_TYPE(KilnSummaryView, kiln_summary_view, ADW_TYPE_BIN)

static void kiln_summary_view_finalize(GObject *object)
{
    KilnSummaryView *self = KILN_SUMMARY_VIEW(object);
    g_ptr_array_unref(self->rows);
    g_hash_table_unref(self->values);
    G_OBJECT_CLASS(kiln_summary_view_parent_class)->finalize(object);
}

static void kiln_summary_view_dispose(GObject *object)
{
    gtk_widget_dispose_template(GTK_WIDGET(object), KILN_TYPE_SUMMARY_VIEW);
    G_OBJECT_CLASS(kiln_summary_view_parent_class)->dispose(object);
}

static void kiln_summary_view_class_init(KilnSummaryViewClass *klass)
{
    GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
    G_OBJECT_CLASS(klass)->finalize = kiln_summary_view_finalize;
    G_OBJECT_CLASS(klass)->dispose = kiln_summary_view_dispose;
    gtk_widget_class_set_template_from_resource(wc, "/org/kiln/Kiln/kiln-summary-view.ui");
    gtk_widget_class_bind_template_child(wc, KilnSummaryView, file_group);
    gtk_widget_class_bind_template_child(wc, KilnSummaryView, types_group);
    gtk_widget_class_bind_template_child(wc, KilnSummaryView, top_group);
    gtk_widget_class_bind_template_child(wc, KilnSummaryView, symbols_group);
    gtk_widget_class_bind_template_child(wc, KilnSummaryView, properties_group);
    gtk_widget_class_bind_template_child(wc, KilnSummaryView, warnings_group);
}

static void kiln_summary_view_init(KilnSummaryView *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    self->rows = g_ptr_array_new_with_free_func(g_object_unref);
    self->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

GtkWidget *kiln_summary_view_new(void)
{
    return g_object_new(KILN_TYPE_SUMMARY_VIEW, NULL);
}

/* libadwaita 1.2's rows parse their title and subtitle as markup whatever
 * use-markup says, and function names are full of < and &: escape them. */
static void set_row_text(GtkWidget *row, const char *title, const char *subtitle)
{
    g_autofree char *t = g_markup_escape_text(title, -1);
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), t);
    if (subtitle) {
        g_autofree char *s = g_markup_escape_text(subtitle, -1);
        adw_action_row_set_subtitle(ADW_ACTION_ROW(row), s);
    }
}

/* A row with a title and its value on the right, selectable so it can be
 * copied into a bug report. */
static GtkWidget *add_row(KilnSummaryView *self, AdwPreferencesGroup *group, const char *title,
                          const char *subtitle, const char *value)
{
    GtkWidget *row = adw_action_row_new();
    set_row_text(row, title, subtitle);
    if (value) {
        GtkWidget *label = gtk_label_new(value);
        gtk_label_set_selectable(GTK_LABEL(label), TRUE);
        gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_MIDDLE);
        gtk_label_set_xalign(GTK_LABEL(label), 1);
        gtk_widget_add_css_class(label, "dim-label");
        gtk_widget_set_valign(label, GTK_ALIGN_CENTER);
        adw_action_row_add_suffix(ADW_ACTION_ROW(row), label);
        g_hash_table_replace(self->values, g_strdup(title), g_strdup(value));
    }
    adw_preferences_group_add(group, row);
    g_ptr_array_add(self->rows, g_object_ref(group));
    g_ptr_array_add(self->rows, g_object_ref(row));
    return row;
}

static void clear(KilnSummaryView *self)
{
    for (guint i = 0; i + 1 < self->rows->len; i += 2)
        adw_preferences_group_remove(self->rows->pdata[i], self->rows->pdata[i + 1]);
    g_ptr_array_set_size(self->rows, 0);
    g_hash_table_remove_all(self->values);
    self->n_warnings = 0;
}

static void fill_file(KilnSummaryView *self, const KilnProfile *p, const char *path,
                      const KilnProfileStats *stats)
{
    char buf[64];
    if (path) {
        g_autofree char *base = g_path_get_basename(path);
        add_row(self, self->file_group, _("File"), path, base);
    }
    const KilnImporter *imp = kiln_importer_find(p->format);
    add_row(self, self->file_group, _("Format"), NULL, imp ? imp->name : p->format);
    /* Records, not values: a folded line "a;b 5" is one record worth 5,
     * and the sample types below sum the values. */
    g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, p->samples_seen);
    add_row(self, self->file_group, _("Sample records"),
            _("Stacks read from the file; the sample types below sum the values they carry"),
            buf);
    g_snprintf(buf, sizeof buf, "%u", stats->n_stacks);
    add_row(self, self->file_group, _("Distinct stacks"), NULL, buf);
    g_snprintf(buf, sizeof buf, "%u", stats->n_functions);
    add_row(self, self->file_group, _("Functions"), NULL, buf);
    g_snprintf(buf, sizeof buf, "%u", p->n_nodes);
    add_row(self, self->file_group, _("Call-tree nodes"), NULL, buf);
    if (p->time_end > p->time_start) {
        kiln_format_quantity((double)(p->time_end - p->time_start), "nanoseconds", buf,
                             sizeof buf);
        add_row(self, self->file_group, _("Time span"), NULL, buf);
    }
}

static void fill_types(KilnSummaryView *self, const KilnProfile *p)
{
    char buf[64];
    for (uint32_t t = 0; t < p->n_types; t++) {
        const char *unit = kiln_profile_string(p, p->types[t].unit);
        g_autofree char *sub = t == p->default_type
                                   ? g_strdup_printf(_("Unit: %s (default)"), unit)
                                   : g_strdup_printf(_("Unit: %s"), unit);
        kiln_format_quantity(kiln_profile_total(p, t, KILN_ROOT_NODE), unit, buf, sizeof buf);
        add_row(self, self->types_group, kiln_profile_string(p, p->types[t].name), sub, buf);
    }
}

static void fill_top(KilnSummaryView *self, const KilnProfile *p, const KilnProfileStats *stats)
{
    uint32_t type = stats->type, n = stats->n_top;
    const KilnTopEntry *top = stats->top;
    const char *unit = kiln_profile_string(p, p->types[type].unit);
    double all = kiln_profile_total(p, type, KILN_ROOT_NODE);
    g_autofree char *desc = g_strdup_printf(_("By self value in “%s”"),
                                            kiln_profile_string(p, p->types[type].name));
    adw_preferences_group_set_description(self->top_group, desc);
    for (uint32_t i = 0; i < n; i++) {
        if (top[i].self <= 0)
            break;
        char self_buf[64], total_buf[64];
        kiln_format_quantity(top[i].self, unit, self_buf, sizeof self_buf);
        kiln_format_quantity(top[i].total, unit, total_buf, sizeof total_buf);
        double pct = all > 0 ? 100 * top[i].self / all : 0;
        g_autofree char *value = g_strdup_printf(_("%s self (%.1f %%)"), self_buf, pct);
        g_autofree char *sub = g_strdup_printf(_("Total %s"), total_buf);
        add_row(self, self->top_group, kiln_profile_string(p, top[i].name), sub, value);
    }
}

/* Modules whose code shows only as "[libfoo.so]": their share of the
 * total says which debug symbols are worth installing first. */
static void fill_symbols(KilnSummaryView *self, const KilnProfile *p, uint32_t type)
{
    g_autoptr(GHashTable) by_module = g_hash_table_new(g_str_hash, g_str_equal);
    for (uint32_t n = 1; n < p->n_nodes; n++) {
        uint32_t f = p->nodes[n].frame;
        if (!kiln_frame_lacks_symbols(p, f))
            continue;
        const char *module = kiln_profile_string(p, p->frames[f].module);
        double *sum = g_hash_table_lookup(by_module, module);
        if (!sum) {
            sum = g_new0(double, 1);
            g_hash_table_insert(by_module, (gpointer)module, sum);
        }
        *sum += kiln_profile_self(p, type, n);
    }
    g_autoptr(GList) modules = g_hash_table_get_keys(by_module);
    modules = g_list_sort(modules, (GCompareFunc)g_strcmp0);
    const char *unit = kiln_profile_string(p, p->types[type].unit);
    double all = kiln_profile_total(p, type, KILN_ROOT_NODE);
    for (GList *l = modules; l; l = l->next) {
        double *sum = g_hash_table_lookup(by_module, l->data);
        char buf[64];
        kiln_format_quantity(*sum, unit, buf, sizeof buf);
        g_autofree char *value =
            g_strdup_printf(_("%s self (%.1f %%)"), buf, all > 0 ? 100 * *sum / all : 0.0);
        g_autofree char *base = g_path_get_basename(l->data);
        /* Where it is, then what to do: a package for a system library, a
         * better place to open the profile for one's own build. */
        g_autofree char *sub = g_strdup_printf("%s\n%s", (const char *)l->data,
                                               kiln_no_symbols_hint(l->data));
        GtkWidget *row = add_row(self, self->symbols_group, base, sub, value);
        adw_action_row_set_subtitle_lines(ADW_ACTION_ROW(row), 0);
        g_free(sum);
    }
    gtk_widget_set_visible(GTK_WIDGET(self->symbols_group), modules != NULL);
}

void kiln_summary_view_set_profile(KilnSummaryView *self, KilnProfile *p, const char *path,
                                   const KilnProfileStats *stats)
{
    clear(self);
    if (!p || !stats)
        return;
    fill_file(self, p, path, stats);
    fill_types(self, p);
    fill_top(self, p, stats);
    fill_symbols(self, p, stats->type);

    for (guint i = 0; p->properties && i < p->properties->len; i++) {
        KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        char value[128];
        add_row(self, self->properties_group, prop->key, NULL,
                kiln_format_property(prop, value, sizeof value));
    }
    gtk_widget_set_visible(GTK_WIDGET(self->properties_group),
                           p->properties && p->properties->len > 0);

    for (guint i = 0; p->warnings && i < p->warnings->len; i++) {
        GtkWidget *row = adw_action_row_new();
        set_row_text(row, p->warnings->pdata[i], NULL);
        adw_action_row_set_title_lines(ADW_ACTION_ROW(row), 0);
        GtkWidget *icon = gtk_image_new_from_icon_name("dialog-warning-symbolic");
        gtk_widget_add_css_class(icon, "warning");
        adw_action_row_add_prefix(ADW_ACTION_ROW(row), icon);
        adw_preferences_group_add(self->warnings_group, row);
        g_ptr_array_add(self->rows, g_object_ref(self->warnings_group));
        g_ptr_array_add(self->rows, g_object_ref(row));
        self->n_warnings++;
    }
    gtk_widget_set_visible(GTK_WIDGET(self->warnings_group), self->n_warnings > 0);
}

guint kiln_summary_view_get_n_warnings(KilnSummaryView *self)
{
    return self->n_warnings;
}

const char *kiln_summary_view_lookup(KilnSummaryView *self, const char *title)
{
    return g_hash_table_lookup(self->values, title);
}
