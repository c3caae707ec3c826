#include "kiln-load-job.h"
#include "kiln-compare-load.h"
#include "formats/kiln-url.h"

struct _KilnLoadJob {
    char *path;
    char *other_path; /* set: a pair to compare, path before, this after */
    KilnGranularity granularity;
    GCancellable *cancellable; /* may be NULL */
    GMainContext *context;
    KilnLoadJobProgress progress;
    gpointer progress_data;
    gint permyriad; /* latest fraction × 10000, written by the worker */
    gint pending;   /* 1 while an idle report is queued */
};

static void job_release(gpointer data)
{
    KilnLoadJob *job = data;
    g_free(job->path);
    g_free(job->other_path);
    g_clear_object(&job->cancellable);
    g_main_context_unref(job->context);
}

static void job_unref(gpointer data)
{
    g_atomic_rc_box_release_full(data, job_release);
}

static gboolean report(gpointer data)
{
    KilnLoadJob *job = data;
    g_atomic_int_set(&job->pending, 0);
    if (job->progress && !g_cancellable_is_cancelled(job->cancellable))
        job->progress(g_atomic_int_get(&job->permyriad) / 10000.0, job->progress_data);
    return G_SOURCE_REMOVE;
}

/* Worker thread: remember the value, queue a report unless one is already
 * waiting to be delivered. */
static void worker_progress(double fraction, gpointer data)
{
    KilnLoadJob *job = data;
    g_atomic_int_set(&job->permyriad, (gint)(CLAMP(fraction, 0, 1) * 10000));
    if (!job->progress || !g_atomic_int_compare_and_exchange(&job->pending, 0, 1))
        return;
    GSource *src = g_idle_source_new();
    g_source_set_priority(src, G_PRIORITY_DEFAULT);
    g_source_set_callback(src, report, g_atomic_rc_box_acquire(job), job_unref);
    g_source_set_static_name(src, "[kiln] load progress");
    g_source_attach(src, job->context);
    g_source_unref(src);
}

#define N_TOP 10

typedef struct {
    KilnProfile *profile;
    KilnProfileStats *stats;
} LoadResult;

static void load_result_free(gpointer data)
{
    LoadResult *r = data;
    kiln_profile_unref(r->profile);
    kiln_profile_stats_free(r->stats);
    g_free(r);
}

static void run(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
    KilnLoadJob *job = task_data;
    GError *error = NULL;
    KilnLoadOptions options;
    kiln_load_options_init(&options);
    options.granularity = job->granularity;
    KilnProfile *p =
        job->other_path ? kiln_compare_load(job->path, job->other_path, &options,
                                            KILN_DIFF_ROOT_AUTO, FALSE, cancellable,
                                            worker_progress, job, &error)
        : kiln_is_url(job->path)
            ? kiln_load_url(job->path, &options, cancellable, worker_progress, job, &error)
            : kiln_load_file(job->path, &options, cancellable, worker_progress, job, &error);
    if (!p) {
        g_task_return_error(task, error);
        return;
    }
    LoadResult *r = g_new0(LoadResult, 1);
    r->profile = p;
    r->stats = kiln_profile_stats_new(p, p->default_type, N_TOP);
    g_task_return_pointer(task, r, load_result_free);
}

void kiln_load_job_start(GObject *source, const char *path, KilnGranularity granularity,
                         GCancellable *cancellable,
                         KilnLoadJobProgress progress, gpointer progress_data,
                         GAsyncReadyCallback done, gpointer user_data)
{
    KilnLoadJob *job = g_atomic_rc_box_new0(KilnLoadJob);
    job->path = g_strdup(path);
    job->granularity = granularity;
    job->cancellable = cancellable ? g_object_ref(cancellable) : NULL;
    job->context = g_main_context_ref_thread_default();
    job->progress = progress;
    job->progress_data = progress_data;
    GTask *task = g_task_new(source, cancellable, done, user_data);
    g_task_set_source_tag(task, kiln_load_job_start);
    g_task_set_task_data(task, job, job_unref);
    g_task_run_in_thread(task, run);
    g_object_unref(task);
}

void kiln_load_job_start_pair(GObject *source, const char *before, const char *after,
                              KilnGranularity granularity, GCancellable *cancellable,
                              KilnLoadJobProgress progress, gpointer progress_data,
                              GAsyncReadyCallback done, gpointer user_data)
{
    KilnLoadJob *job = g_atomic_rc_box_new0(KilnLoadJob);
    job->path = g_strdup(before);
    job->other_path = g_strdup(after);
    job->granularity = granularity;
    job->cancellable = cancellable ? g_object_ref(cancellable) : NULL;
    job->context = g_main_context_ref_thread_default();
    job->progress = progress;
    job->progress_data = progress_data;
    GTask *task = g_task_new(source, cancellable, done, user_data);
    g_task_set_source_tag(task, kiln_load_job_start);
    g_task_set_task_data(task, job, job_unref);
    g_task_run_in_thread(task, run);
    g_object_unref(task);
}

KilnProfile *kiln_load_job_finish(GAsyncResult *result, KilnProfileStats **stats, GError **error)
{
    g_return_val_if_fail(G_IS_TASK(result), NULL);
    LoadResult *r = g_task_propagate_pointer(G_TASK(result), error);
    if (!r)
        return NULL;
    KilnProfile *p = r->profile;
    *stats = r->stats;
    g_free(r);
    return p;
}

typedef struct {
    KilnProfile *profile;
    uint32_t type;
} StatsJob;

static void stats_job_free(gpointer data)
{
    StatsJob *j = data;
    kiln_profile_unref(j->profile);
    g_free(j);
}

static void run_stats(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
    StatsJob *j = task_data;
    g_task_return_pointer(task, kiln_profile_stats_new(j->profile, j->type, N_TOP),
                          (GDestroyNotify)kiln_profile_stats_free);
}

void kiln_load_job_stats_async(GObject *source, KilnProfile *profile, uint32_t type,
                               GCancellable *cancellable, GAsyncReadyCallback done,
                               gpointer user_data)
{
    StatsJob *j = g_new0(StatsJob, 1);
    j->profile = kiln_profile_ref(profile);
    j->type = type;
    GTask *task = g_task_new(source, cancellable, done, user_data);
    g_task_set_source_tag(task, kiln_load_job_stats_async);
    g_task_set_task_data(task, j, stats_job_free);
    g_task_run_in_thread(task, run_stats);
    g_object_unref(task);
}

KilnProfileStats *kiln_load_job_stats_finish(GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(G_IS_TASK(result), NULL);
    return g_task_propagate_pointer(G_TASK(result), error);
}
