/* kiln-derive-task.c — kiln_derive_async(): kiln_transform_apply_stack()
 * in a GTask on the shared worker pool. */
#include "kiln-derive-task.h"

typedef struct {
    KilnProfile *profile;
    GPtrArray *stack; /* KilnTransform */
    uint32_t *node_map;
} Job;

static void job_free(gpointer data)
{
    Job *j = data;
    kiln_profile_unref(j->profile);
    g_ptr_array_unref(j->stack);
    g_free(j->node_map);
    g_free(j);
}

static void run(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    (void)source;
    Job *j = data;
    GError *error = NULL;
    KilnProfile *p =
        kiln_transform_apply_stack((KilnTransform *const *)j->stack->pdata, j->stack->len,
                                   j->profile, &j->node_map, cancellable, &error);
    if (p)
        g_task_return_pointer(task, p, (GDestroyNotify)kiln_profile_unref);
    else
        g_task_return_error(task, error);
}

void kiln_derive_async(KilnProfile *profile, KilnTransform *const *stack, guint n_transforms,
                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail(profile != NULL);
    Job *j = g_new0(Job, 1);
    j->profile = kiln_profile_ref(profile);
    j->stack = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_transform_unref);
    for (guint i = 0; i < n_transforms; i++)
        g_ptr_array_add(j->stack, kiln_transform_ref(stack[i]));
    GTask *task = g_task_new(NULL, cancellable, callback, user_data);
    g_task_set_source_tag(task, kiln_derive_async);
    g_task_set_task_data(task, j, job_free);
    g_task_run_in_thread(task, run);
    g_object_unref(task);
}

KilnProfile *kiln_derive_finish(GAsyncResult *result, uint32_t **node_map, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), NULL);
    GTask *task = G_TASK(result);
    KilnProfile *p = g_task_propagate_pointer(task, error);
    Job *j = g_task_get_task_data(task);
    if (p && node_map) {
        *node_map = j->node_map;
        j->node_map = NULL;
    }
    return p;
}
