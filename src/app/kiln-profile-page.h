/* kiln-profile-page.h — KilnProfilePage: one tab, showing a KilnDocument:
 * its load's progress (Cancel), then its flame graph and summary, or the
 * importer's error. */
#pragma once

#include <adwaita.h>

#include "core/kiln-profile.h"
#include "kiln-breadcrumbs.h"
#include "kiln-document.h"
#include "kiln-flame-view.h"
#include "kiln-summary-view.h"
#include "kiln-time-chip.h"
#include "kiln-time-view.h"

G_BEGIN_DECLS

typedef enum {
    KILN_PAGE_LOADING,
    KILN_PAGE_LOADED,
    KILN_PAGE_FAILED,
    KILN_PAGE_CANCELLED,
} KilnPageState;

#define KILN_TYPE_PROFILE_PAGE (kiln_profile_page_get_type())
G_DECLARE_FINAL_TYPE(KilnProfilePage, kiln_profile_page, KILN, PROFILE_PAGE, AdwBin)

/* Shows `document` and follows its state; loading is the document's
 * (kiln_document_load()). */
KilnProfilePage *kiln_profile_page_new(KilnDocument *document);
KilnDocument *kiln_profile_page_get_document(KilnProfilePage *self);

GFile *kiln_profile_page_get_file(KilnProfilePage *self);
const char *kiln_profile_page_get_title(KilnProfilePage *self);
KilnPageState kiln_profile_page_get_state(KilnProfilePage *self);
/* The importer's message after a failure, else NULL. */
const char *kiln_profile_page_get_error_message(KilnProfilePage *self);
double kiln_profile_page_get_progress(KilnProfilePage *self);
KilnProfile *kiln_profile_page_get_profile(KilnProfilePage *self);
KilnFlameView *kiln_profile_page_get_flame_view(KilnProfilePage *self);
KilnSummaryView *kiln_profile_page_get_summary_view(KilnProfilePage *self);
KilnBreadcrumbs *kiln_profile_page_get_breadcrumbs(KilnProfilePage *self);

void kiln_profile_page_cancel(KilnProfilePage *self);
/* Ctrl+F: shows the search bar and focuses its entry. */
void kiln_profile_page_start_search(KilnProfilePage *self);
/* Closes the search bar, clearing the search. */
void kiln_profile_page_stop_search(KilnProfilePage *self);
/* Types into the search entry and applies it at once (no debounce). */
void kiln_profile_page_set_search(KilnProfilePage *self, const char *text);
/* The warnings banner's text while it shows, else NULL. */
const char *kiln_profile_page_get_warning_text(KilnProfilePage *self);
/* The text shown next to the search entry ("Matched 12.5 % of total"). */
const char *kiln_profile_page_get_match_text(KilnProfilePage *self);
/* Defaults taken from the settings by the window. */
void kiln_profile_page_set_icicle(KilnProfilePage *self, gboolean icicle);
void kiln_profile_page_set_palette(KilnProfilePage *self, const char *palette);
/* How many times the summary was refilled for a new sample type (the
 * numbers come from a worker; tests wait on this). */
guint kiln_profile_page_get_stats_updates(KilnProfilePage *self);
/* "graph" or "summary". */
void kiln_profile_page_show_view(KilnProfilePage *self, const char *name);
/* The Time view (issue 13), and the chips of the range and thread chosen
 * there (transforms on the document; they combine). */
KilnTimeView *kiln_profile_page_get_time_view(KilnProfilePage *self);
KilnTimeChip *kiln_profile_page_get_time_chip(KilnProfilePage *self);
KilnTimeChip *kiln_profile_page_get_thread_chip(KilnProfilePage *self);

G_END_DECLS
