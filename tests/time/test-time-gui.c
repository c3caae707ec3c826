/* test-time-gui.c — the Time view under a display (Xvfb in CI).
 *
 * A perf script text made here has 300 samples 10 ms apart from
 * t0 = 100.005 s: thread "early" (tid 11, main;early_work) in second 0,
 * thread "late" (tid 12, main;late_work) in seconds 1 and 2. In a window:
 *   - the heat map is drawn (3 columns, 50 rows, 2 samples per 20 ms cell)
 *     and the timeline has the two lanes, named;
 *   - a drag from cell (1, 0) to cell (1, 49) selects exactly
 *     [t0 + 1 s, t0 + 2 s), and so does a drag from the later cell back;
 *     the range's profile has exactly that second's 100 samples, all of
 *     late_work; Escape clears it;
 *   - a drag across the timeline selects the times under the pointer;
 *   - a profile without times shows the status page instead;
 *   - on a profile page, a drag on the heat map puts a time range on the
 *     document: the flame graph shows that second's 100 samples (of 300)
 *     and a chip names the range; a second drag replaces it; an ignore
 *     filter pushed meanwhile stays below the range; choosing thread
 *     "early" adds a threads transform (50 samples); the chips clear
 *     the thread, then the range, leaving the other filter alone.
 * Exits 77 (skipped) without a display.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "analysis/kiln-transform.h"
#include "kiln-document.h"
#include "kiln-profile-page.h"
#include "kiln-test-util.h"
#include "kiln-time-view.h"

#define NS ((guint64)1000000000)
#define T0 ((guint64)100005000000)

static char *make_script(void)
{
    GString *s = g_string_new(NULL);
    for (int k = 0; k < 300; k++) {
        guint64 t = (guint64)T0 + (guint64)k * 10000000u;
        gboolean early = k < 100;
        g_string_append_printf(s,
                               "%s %d/%d [000] %" G_GUINT64_FORMAT ".%09" G_GUINT64_FORMAT
                               ": 1 cpu-clock:\n"
                               "\t401000 %s (/bin/prog)\n\t400000 main (/bin/prog)\n\n",
                               early ? "early" : "late", 10, early ? 11 : 12, (guint64)(t / NS),
                               (guint64)(t % NS), early ? "early_work" : "late_work");
    }
    return g_string_free(s, FALSE);
}

typedef struct {
    guint64 start, end;
    guint selected, cleared;
} Seen;

static void on_range(KilnTimeView *v, guint64 start, guint64 end, Seen *seen)
{
    seen->start = start;
    seen->end = end;
    seen->selected++;
}

static void on_cleared(KilnTimeView *v, Seen *seen)
{
    seen->cleared++;
}

static gboolean allocated(gpointer w)
{
    return gtk_widget_get_width(w) > 0 && gtk_widget_get_mapped(w);
}

static void iterate(void)
{
    while (g_main_context_iteration(NULL, FALSE))
        ;
}

static void wait_allocated(GtkWidget *w)
{
    gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    while (!allocated(w) && g_get_monotonic_time() < deadline)
        g_main_context_iteration(NULL, TRUE);
    g_assert_true(allocated(w));
    iterate();
}

static KilnProfile *load_script(void)
{
    g_autofree char *text = make_script();
    GError *err = NULL;
    KilnProfile *p = kiln_test_load_bytes(text, strlen(text), &err);
    g_assert_no_error(err);
    g_assert_cmpuint(p->n_samples, ==, 300);
    return p;
}

static double samples_total(KilnProfile *p)
{
    int t = kiln_profile_find_type(p, "samples");
    g_assert_cmpint(t, >=, 0);
    return kiln_profile_total(p, (uint32_t)t, KILN_ROOT_NODE);
}

static void test_view(void)
{
    g_autoptr(KilnProfile) p = load_script();
    GtkWidget *win = gtk_window_new();
    gtk_window_set_default_size(GTK_WINDOW(win), 1000, 700);
    KilnTimeView *view = KILN_TIME_VIEW(kiln_time_view_new());
    gtk_window_set_child(GTK_WINDOW(win), GTK_WIDGET(view));
    Seen seen = {0};
    g_signal_connect(view, "range-selected", G_CALLBACK(on_range), &seen);
    g_signal_connect(view, "range-cleared", G_CALLBACK(on_cleared), &seen);
    kiln_time_view_set_profile(view, p);
    g_assert_true(kiln_time_view_has_times(view));
    gtk_window_present(GTK_WINDOW(win));
    KilnHeatMapView *hm = kiln_time_view_get_heat_map(view);
    wait_allocated(GTK_WIDGET(hm));

    const KilnHeatMap *m = kiln_heat_map_view_get_map(hm);
    g_assert_nonnull(m);
    g_assert_cmpuint(kiln_heat_map_t0(m), ==, T0);
    g_assert_cmpuint(kiln_heat_map_columns(m), ==, 3);
    g_assert_cmpuint(kiln_heat_map_rows(m), ==, 50);
    g_assert_cmpuint(kiln_heat_map_max_count(m), ==, 2);
    for (guint c = 0; c < 3; c++)
        for (guint r = 0; r < 50; r++)
            g_assert_cmpuint(kiln_heat_map_count(m, c, r), ==, 2);
    g_autofree char *tip = kiln_heat_map_view_describe_cell(hm, 1, 3);
    g_assert_cmpstr(tip, ==, "1.060 s – 1.080 s: 2 samples");

    /* Drawn: the widget's snapshot paints the cells. */
    GdkPaintable *paint = gtk_widget_paintable_new(GTK_WIDGET(hm));
    g_assert_cmpint(gdk_paintable_get_intrinsic_width(paint), >, 200);
    g_object_unref(paint);

    /* Start cell to end cell, either way round. */
    double x0, y0, x1, y1;
    g_assert_true(kiln_heat_map_view_cell_center(hm, 1, 0, &x0, &y0));
    g_assert_true(kiln_heat_map_view_cell_center(hm, 1, 49, &x1, &y1));
    g_assert_true(kiln_heat_map_view_drag(hm, x0, y0, x1, y1));
    g_assert_cmpuint(seen.selected, ==, 1);
    g_assert_cmpuint(seen.start, ==, T0 + NS);
    g_assert_cmpuint(seen.end, ==, T0 + 2 * NS);
    g_assert_true(kiln_heat_map_view_drag(hm, x1, y1, x0, y0));
    g_assert_cmpuint(seen.selected, ==, 2);
    g_assert_cmpuint(seen.start, ==, T0 + NS);
    g_assert_cmpuint(seen.end, ==, T0 + 2 * NS);
    /* Off the cells it does not start. */
    g_assert_false(kiln_heat_map_view_drag(hm, 1, 1, x1, y1));

    /* The range's profile: that second only. */
    g_autoptr(KilnTransform) tr = kiln_transform_new_time_range(seen.start, seen.end);
    GError *err = NULL;
    g_autoptr(KilnProfile) d = kiln_transform_apply(tr, p, NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpfloat(samples_total(p), ==, 300);
    g_assert_cmpfloat(samples_total(d), ==, 100);

    /* Across columns: from (0, 40) to (2, 9) is [0.8 s, 2.2 s): 140. */
    g_assert_true(kiln_heat_map_view_cell_center(hm, 0, 40, &x0, &y0));
    g_assert_true(kiln_heat_map_view_cell_center(hm, 2, 9, &x1, &y1));
    g_assert_true(kiln_heat_map_view_drag(hm, x0, y0, x1, y1));
    g_assert_cmpuint(seen.start, ==, T0 + 800000000);
    g_assert_cmpuint(seen.end, ==, T0 + 2200000000);

    /* Escape clears the range in force. */
    gtk_widget_grab_focus(GTK_WIDGET(hm));
    GtkEventController *keys = NULL;
    g_autoptr(GListModel) ctrls = gtk_widget_observe_controllers(GTK_WIDGET(hm));
    for (guint i = 0; i < g_list_model_get_n_items(ctrls); i++) {
        g_autoptr(GObject) c = g_list_model_get_item(ctrls, i);
        if (GTK_IS_EVENT_CONTROLLER_KEY(c))
            keys = GTK_EVENT_CONTROLLER(c);
    }
    g_assert_nonnull(keys);
    gboolean handled = FALSE;
    g_signal_emit_by_name(keys, "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
    g_assert_true(handled);
    g_assert_cmpuint(seen.cleared, ==, 1);

    /* The timeline: two named lanes; a drag selects the times under it. */
    KilnTimelineView *tl = kiln_time_view_get_timeline(view);
    g_assert_cmpuint(kiln_timeline_view_get_n_lanes(tl), ==, 2);
    guint32 tid = 0;
    g_assert_cmpstr(kiln_timeline_view_get_lane_label(tl, 0, &tid), ==, "early (11)");
    g_assert_cmpuint(tid, ==, 11);
    g_assert_cmpstr(kiln_timeline_view_get_lane_label(tl, 1, &tid), ==, "late (12)");
    double a = kiln_timeline_view_time_to_x(tl, T0 + NS);
    double b = kiln_timeline_view_time_to_x(tl, T0 + 2 * NS);
    g_assert_true(kiln_timeline_view_drag(tl, a, b));
    g_assert_cmpuint(seen.selected, ==, 4);
    /* Within a pixel's worth of time of what was under the pointer. */
    double ns_per_px = 1e9 / (b - a);
    g_assert_cmpfloat(fabs((double)seen.start - (double)(T0 + NS)), <=, 2 * ns_per_px);
    g_assert_cmpfloat(fabs((double)seen.end - (double)(T0 + 2 * NS)), <=, 2 * ns_per_px);
    /* Zoom keeps a window inside the recording. */
    kiln_timeline_view_set_zoom(tl, 4, T0 + NS);
    g_assert_cmpfloat(kiln_timeline_view_get_zoom(tl), >, 3.9);

    /* No times: the status page, and nothing to select. */
    g_autoptr(KilnProfile) flat = kiln_test_load_bytes("main;f 3\n", 9, &err);
    g_assert_no_error(err);
    kiln_time_view_set_profile(view, flat);
    g_assert_false(kiln_time_view_has_times(view));
    g_assert_null(kiln_heat_map_view_get_map(hm));
    iterate();
    gtk_window_destroy(GTK_WINDOW(win));
    iterate();
}

static gboolean page_loaded(gpointer page)
{
    return kiln_profile_page_get_state(page) != KILN_PAGE_LOADING;
}

typedef struct {
    KilnDocument *doc;
    guint generation;
} Updates;

/* The document derived a new profile since `generation` and is idle. */
static gboolean range_applied(gpointer data)
{
    Updates *u = data;
    return kiln_document_get_generation(u->doc) > u->generation &&
           !kiln_document_get_rebuilding(u->doc);
}

static void wait_for(gboolean (*cond)(gpointer), gpointer data)
{
    gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    while (!cond(data) && g_get_monotonic_time() < deadline)
        g_main_context_iteration(NULL, TRUE);
    g_assert_true(cond(data));
}

static void test_page(void)
{
    g_autofree char *text = make_script();
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("kiln-time-gui-XXXXXX.txt", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_autoptr(GFile) file = g_file_new_for_path(path);

    GtkWidget *win = gtk_window_new();
    gtk_window_set_default_size(GTK_WINDOW(win), 1100, 800);
    g_autoptr(KilnDocument) doc = kiln_document_new_for_file(file);
    KilnProfilePage *page = kiln_profile_page_new(doc);
    gtk_window_set_child(GTK_WINDOW(win), GTK_WIDGET(page));
    gtk_window_present(GTK_WINDOW(win));
    kiln_document_load(doc);
    wait_for(page_loaded, page);
    g_assert_cmpint(kiln_profile_page_get_state(page), ==, KILN_PAGE_LOADED);
    KilnProfile *loaded = kiln_document_get_loaded_profile(doc);
    KilnFlameView *flame = kiln_profile_page_get_flame_view(page);
    g_assert_true(kiln_flame_view_get_profile(flame) == loaded);
    g_assert_cmpfloat(samples_total(loaded), ==, 300);
    Updates u = {doc, 0};

    kiln_profile_page_show_view(page, "time");
    KilnTimeView *tv = kiln_profile_page_get_time_view(page);
    g_assert_true(kiln_time_view_has_times(tv));
    KilnHeatMapView *hm = kiln_time_view_get_heat_map(tv);
    wait_allocated(GTK_WIDGET(hm));
    KilnTimeChip *chip = kiln_profile_page_get_time_chip(page);
    g_assert_false(gtk_widget_get_visible(GTK_WIDGET(chip)));

    double x0, y0, x1, y1;
    g_assert_true(kiln_heat_map_view_cell_center(hm, 1, 0, &x0, &y0));
    g_assert_true(kiln_heat_map_view_cell_center(hm, 1, 49, &x1, &y1));
    u.generation = kiln_document_get_generation(doc);
    g_assert_true(kiln_heat_map_view_drag(hm, x0, y0, x1, y1));
    wait_for(range_applied, &u);
    /* One transform on the document: the range. */
    g_assert_cmpuint(kiln_document_get_n_transforms(doc), ==, 1);
    g_assert_cmpint(kiln_transform_get_kind(kiln_document_get_transform(doc, 0)), ==,
                    KILN_TRANSFORM_TIME_RANGE);
    KilnProfile *ranged = kiln_flame_view_get_profile(flame);
    g_assert_true(ranged != loaded);
    g_assert_cmpfloat(samples_total(ranged), ==, 100);
    /* Every stack of that second is late_work's. */
    g_assert_cmpuint(ranged->n_samples, ==, 100);
    for (uint64_t i = 0; i < ranged->n_samples; i++)
        g_assert_cmpuint(ranged->sample_thread[i], ==, 12);
    g_assert_true(gtk_widget_get_visible(GTK_WIDGET(chip)));
    g_assert_cmpstr(kiln_time_chip_get_text(chip), ==, "Time 1.000 s – 2.000 s");
    /* The heat map still maps the whole recording. */
    g_assert_cmpuint(kiln_heat_map_total(kiln_heat_map_view_get_map(hm)), ==, 300);

    /* A second range replaces the first. */
    g_assert_true(kiln_heat_map_view_cell_center(hm, 0, 25, &x0, &y0));
    g_assert_true(kiln_heat_map_view_cell_center(hm, 1, 24, &x1, &y1));
    u.generation = kiln_document_get_generation(doc);
    g_assert_true(kiln_heat_map_view_drag(hm, x0, y0, x1, y1));
    wait_for(range_applied, &u);
    g_assert_cmpuint(kiln_document_get_n_transforms(doc), ==, 1);
    g_assert_cmpfloat(samples_total(kiln_flame_view_get_profile(flame)), ==, 100);
    g_assert_cmpstr(kiln_time_chip_get_text(chip), ==, "Time 0.500 s – 1.500 s");

    /* A filter pushed after the range stays when the range changes (the
     * range goes back on top of it): late_work ignored leaves early's 50. */
    GError *ferr = NULL;
    g_autoptr(KilnTransform) ignore =
        kiln_transform_new_filter(KILN_TRANSFORM_IGNORE, "^late_work$", &ferr);
    g_assert_no_error(ferr);
    u.generation = kiln_document_get_generation(doc);
    kiln_document_push_transform(doc, ignore);
    wait_for(range_applied, &u);
    g_assert_cmpfloat(samples_total(kiln_flame_view_get_profile(flame)), ==, 50);

    /* A thread and the range combine: early's samples in [0.5 s, 1.5 s). */
    KilnTimeChip *tchip = kiln_profile_page_get_thread_chip(page);
    g_assert_false(gtk_widget_get_visible(GTK_WIDGET(tchip)));
    u.generation = kiln_document_get_generation(doc);
    kiln_time_view_set_thread(tv, TRUE, 11);
    wait_for(range_applied, &u);
    g_assert_cmpuint(kiln_document_get_n_transforms(doc), ==, 3);
    g_assert_true(kiln_document_get_transform(doc, 0) == ignore);
    g_assert_cmpint(kiln_transform_get_kind(kiln_document_get_transform(doc, 1)), ==,
                    KILN_TRANSFORM_THREADS);
    g_assert_cmpint(kiln_transform_get_kind(kiln_document_get_transform(doc, 2)), ==,
                    KILN_TRANSFORM_TIME_RANGE);
    g_assert_cmpfloat(samples_total(kiln_flame_view_get_profile(flame)), ==, 50);
    g_assert_true(gtk_widget_get_visible(GTK_WIDGET(tchip)));
    g_assert_cmpstr(kiln_time_chip_get_text(tchip), ==, "Thread early (11)");
    /* The heat map maps that thread alone, on the recording's seconds. */
    g_assert_cmpuint(kiln_heat_map_total(kiln_heat_map_view_get_map(hm)), ==, 100);
    g_assert_cmpuint(kiln_heat_map_columns(kiln_heat_map_view_get_map(hm)), ==, 3);
    u.generation = kiln_document_get_generation(doc);
    kiln_time_chip_clear(tchip);
    wait_for(range_applied, &u);
    g_assert_cmpuint(kiln_document_get_n_transforms(doc), ==, 2);
    g_assert_cmpfloat(samples_total(kiln_flame_view_get_profile(flame)), ==, 50);
    g_assert_false(gtk_widget_get_visible(GTK_WIDGET(tchip)));

    /* The range chip clears the range, the ignore filter stays: all 100
     * early samples; without it the whole recording again. */
    u.generation = kiln_document_get_generation(doc);
    kiln_time_chip_clear(chip);
    wait_for(range_applied, &u);
    g_assert_cmpuint(kiln_document_get_n_transforms(doc), ==, 1);
    g_assert_true(kiln_document_get_transform(doc, 0) == ignore);
    g_assert_cmpfloat(samples_total(kiln_flame_view_get_profile(flame)), ==, 100);
    g_assert_false(gtk_widget_get_visible(GTK_WIDGET(chip)));
    u.generation = kiln_document_get_generation(doc);
    g_assert_true(kiln_document_pop_transform(doc));
    wait_for(range_applied, &u);
    g_assert_true(kiln_flame_view_get_profile(flame) == loaded);
    g_assert_cmpfloat(samples_total(kiln_flame_view_get_profile(flame)), ==, 300);
    iterate();
    gtk_window_destroy(GTK_WINDOW(win));
    iterate();
    g_unlink(path);
}

int main(int argc, char **argv)
{
    g_setenv("GSETTINGS_BACKEND", "memory", TRUE);
    g_setenv("GTK_A11Y", "none", TRUE);
    g_setenv("NO_AT_BRIDGE", "1", TRUE);
    if (!gtk_init_check()) {
        g_print("1..0 # SKIP no display\n");
        return 77;
    }
    adw_init();
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/time/gui/view", test_view);
    g_test_add_func("/time/gui/page", test_page);
    return g_test_run();
}
