/* kiln-cli-filter.c — the filter options every verb takes: pprof's -focus,
 * -ignore, -hide, -show, -show_from and -prune_from, --thread and
 * --invert, each one KilnTransform applied after loading (and after
 * merging several files). */
#include "kiln-cli.h"
#include "analysis/kiln-transform.h"

#include <stdio.h>

void kiln_cli_add_filter_options(GOptionContext *context, KilnCliLoadArgs *a)
{
    const GOptionEntry entries[] = {
        {"focus", 0, 0, G_OPTION_ARG_STRING, &a->focus,
         N_("Keep only the stacks through a function matching RE (pprof -focus)"), N_("RE")},
        {"ignore", 0, 0, G_OPTION_ARG_STRING, &a->ignore,
         N_("Drop the stacks through a function matching RE (pprof -ignore)"), N_("RE")},
        {"hide", 0, 0, G_OPTION_ARG_STRING, &a->hide,
         N_("Remove the functions matching RE from every stack (pprof -hide)"), N_("RE")},
        {"show", 0, 0, G_OPTION_ARG_STRING, &a->show,
         N_("Keep only the functions matching RE in every stack (pprof -show)"), N_("RE")},
        {"show-from", 0, 0, G_OPTION_ARG_STRING, &a->show_from,
         N_("Drop the frames above the outermost function matching RE (pprof -show_from)"),
         N_("RE")},
        {"prune-from", 0, 0, G_OPTION_ARG_STRING, &a->prune_from,
         N_("Drop the frames below the functions matching RE (pprof -prune_from)"), N_("RE")},
        {"thread", 0, 0, G_OPTION_ARG_STRING, &a->threads,
         N_("Keep only the samples of these threads"), N_("TID[,TID…]")},
        {"invert", 0, 0, G_OPTION_ARG_NONE, &a->invert,
         N_("Reverse every stack (bottom-up: leaves become roots)"), NULL},
        G_OPTION_ENTRY_NULL,
    };
    GOptionGroup *g = g_option_group_new("filter", _("Filter options:"),
                                         _("Show options for filtering profiles"), NULL, NULL);
    g_option_group_add_entries(g, entries);
    g_option_group_set_translation_domain(g, GETTEXT_PACKAGE);
    g_option_context_add_group(context, g);
}

/* The transforms in the order pprof applies them: thread set first (it
 * selects samples), then focus and ignore (judged on whole stacks), hide
 * and show, show_from, prune_from, and bottom-up last. */
static GPtrArray *make_stack(const KilnCliLoadArgs *a, GError **error)
{
    const struct {
        const char *option;
        const char *value;
    } order[] = {
        {"thread", a->threads},
        {"focus", a->focus},
        {"ignore", a->ignore},
        {"hide", a->hide},
        {"show", a->show},
        {"show-from", a->show_from},
        {"prune-from", a->prune_from},
        {"invert", a->invert ? "" : NULL},
    };
    GPtrArray *stack = g_ptr_array_new_with_free_func((GDestroyNotify)kiln_transform_unref);
    for (gsize i = 0; i < G_N_ELEMENTS(order); i++) {
        if (!order[i].value)
            continue;
        KilnTransform *t =
            kiln_transform_parse(order[i].option, *order[i].value ? order[i].value : NULL, error);
        if (!t) {
            g_ptr_array_unref(stack);
            return NULL;
        }
        g_ptr_array_add(stack, t);
    }
    return stack;
}

gboolean kiln_cli_has_filters(const KilnCliLoadArgs *a)
{
    return a->focus || a->ignore || a->hide || a->show || a->show_from || a->prune_from ||
           a->threads || a->invert;
}

gboolean kiln_cli_check_filter_args(const KilnCliLoadArgs *a)
{
    GError *err = NULL;
    GPtrArray *stack = make_stack(a, &err);
    if (!stack) {
        fprintf(stderr, "kiln-cli: %s\n", err->message);
        g_error_free(err);
        return FALSE;
    }
    g_ptr_array_unref(stack);
    return TRUE;
}

KilnProfile *kiln_cli_apply_filters(KilnProfile *p, const KilnCliLoadArgs *a)
{
    if (a->threads && !p->sample_thread) {
        fprintf(stderr, "%s\n",
                _("kiln-cli: this profile does not say which thread took each sample, so "
                  "--thread cannot select any; record with perf to keep the threads."));
        kiln_profile_unref(p);
        return NULL;
    }
    GError *err = NULL;
    GPtrArray *stack = make_stack(a, &err);
    KilnProfile *out = NULL;
    if (stack)
        out = kiln_transform_apply_stack((KilnTransform *const *)stack->pdata, stack->len, p, NULL,
                                         NULL, &err);
    if (!out) {
        fprintf(stderr, "kiln-cli: %s\n", err->message);
        g_error_free(err);
    } else if (a->threads && out->n_samples == 0 && p->n_samples > 0) {
        /* An empty result would read as "nothing ran": say why instead. */
        fprintf(stderr,
                _("kiln-cli: no sample of this profile belongs to thread %s; perf script shows "
                  "which threads a recording has.\n"),
                a->threads);
        g_clear_pointer(&out, kiln_profile_unref);
    }
    if (stack)
        g_ptr_array_unref(stack);
    kiln_profile_unref(p);
    return out;
}
