/* pprof-text.h — PprofText: folded stacks derived from the text that
 * pprof's Profile.String() prints (`go tool pprof -raw`, and the corpus's
 * *.string goldens), following the same naming rules as Kiln's importer:
 * inlined lines carry "_[i]", locations without lines are named
 * "<mapping basename>+0x<file offset>" or "0x<address>". */
#pragma once

#include <glib.h>

typedef struct {
    GPtrArray *type_names; /* "alloc_space/bytes", in file order */
    GPtrArray *folded;     /* per type: sorted "stack value\n" lines, zeros left out */
    int default_type;      /* index marked [dflt], or -1 */
    guint n_samples;
} PprofText;

/* Parses the text; NULL (and a test failure message) when it is not one. */
PprofText *pprof_text_parse(const char *text);
/* Same, then pruned as pprof prunes with drop_frames/keep_frames (either
 * may be NULL), since Profile.String() prints before pruning. */
PprofText *pprof_text_parse_pruned(const char *text, const char *drop_rx, const char *keep_rx);
void pprof_text_free(PprofText *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PprofText, pprof_text_free)

/* Index of a type by "name/unit" prefix name, or -1. */
int pprof_text_find_type(const PprofText *t, const char *name);
