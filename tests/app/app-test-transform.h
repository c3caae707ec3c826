/* app-test-transform.h — the app tests' transform: pprof's -hide of one
 * regex through the derive engine, which re-feeds the tree, so node ids
 * change as after any real filter. */
#pragma once

#include "analysis/kiln-transform.h"
#include "kiln-document.h"

static inline void push_hide(KilnDocument *doc, const char *regex)
{
    GError *error = NULL;
    KilnTransform *t = kiln_transform_new_filter(KILN_TRANSFORM_HIDE, regex, &error);
    g_assert_no_error(error);
    kiln_document_push_transform(doc, t);
    kiln_transform_unref(t);
}
