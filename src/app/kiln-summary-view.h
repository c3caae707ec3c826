/* kiln-summary-view.h — KilnSummaryView: what a profile is, at a glance:
 * file, format, sample types with units and totals, samples, stacks, time
 * span, the importer's properties and warnings, and the top functions. */
#pragma once

#include <adwaita.h>

#include "analysis/kiln-profile-stats.h"
#include "core/kiln-profile.h"

G_BEGIN_DECLS

#define KILN_TYPE_SUMMARY_VIEW (kiln_summary_view_get_type())
G_DECLARE_FINAL_TYPE(KilnSummaryView, kiln_summary_view, KILN, SUMMARY_VIEW, AdwBin)

GtkWidget *kiln_summary_view_new(void);
/* Fills the view from the profile and its precomputed numbers (the top
 * functions are those of stats->type). */
void kiln_summary_view_set_profile(KilnSummaryView *self, KilnProfile *profile, const char *path,
                                   const KilnProfileStats *stats);
/* Number of warning rows shown (for tests). */
guint kiln_summary_view_get_n_warnings(KilnSummaryView *self);
/* The value shown for an overview row by its title, or NULL (for tests). */
const char *kiln_summary_view_lookup(KilnSummaryView *self, const char *title);

G_END_DECLS
