/* kiln-fuzz-check.h — the structural promises of a KilnProfile, checked
 * after every load by the fuzz targets and by the hostile-input tests
 * (tests/hostile/ includes this file), so that both agree on what a
 * "clean" result is: a self-consistent model whose names are valid UTF-8
 * without NUL bytes, or a KILN_FORMAT_ERROR with a message.
 *
 * A broken promise prints which one and aborts: libFuzzer records that as a
 * crash, a GTest as a failure.
 */
#pragma once

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kiln-profile.h"
#include "formats/kiln-format-error.h"

/* Sanitizer builds run several times slower (and the CI's ASan build is
 * -O0): time bounds in tests are multiplied by this. */
#if defined(__SANITIZE_ADDRESS__)
#define KILN_FUZZ_SLOWDOWN 6
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KILN_FUZZ_SLOWDOWN 6
#endif
#endif
#ifndef KILN_FUZZ_SLOWDOWN
#define KILN_FUZZ_SLOWDOWN 1
#endif

#define KILN_FUZZ_CHECK(cond)                                                          \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "kiln-fuzz: invariant failed: %s (%s:%d)\n", #cond,        \
                    __FILE__, __LINE__);                                               \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* Text for the UI must be valid UTF-8; says which text was not. */
static inline void kiln_fuzz_check_text(const char *what, const char *text)
{
    if (text && g_utf8_validate(text, -1, NULL))
        return;
    char *esc = text ? g_strescape(text, NULL) : NULL;
    fprintf(stderr, "kiln-fuzz: %s is not valid UTF-8: \"%s\"\n", what, esc ? esc : "(null)");
    g_free(esc);
    abort();
}

/* Every structural promise of kiln-profile.h / kiln-node.h. */
static inline void kiln_fuzz_check_profile(const KilnProfile *p)
{
    KILN_FUZZ_CHECK(p->n_nodes >= 1);
    KILN_FUZZ_CHECK(p->n_types >= 1);
    KILN_FUZZ_CHECK(p->default_type < p->n_types);
    KILN_FUZZ_CHECK(p->nodes[0].parent == KILN_NO_NODE);
    KILN_FUZZ_CHECK(p->nodes[0].size == p->n_nodes);
    for (uint32_t i = 1; i < p->n_nodes; i++) {
        const KilnNode *n = &p->nodes[i];
        KILN_FUZZ_CHECK(n->parent < i); /* preorder: parents come first */
        KILN_FUZZ_CHECK(n->depth == p->nodes[n->parent].depth + 1);
        KILN_FUZZ_CHECK(n->frame < p->n_frames);
        KILN_FUZZ_CHECK(i + n->size <= p->n_nodes);
    }
    uint32_t n_strings = kiln_strings_count(p->strings);
    for (uint32_t f = 0; f < p->n_frames; f++) {
        const KilnFrame *fr = &p->frames[f];
        KILN_FUZZ_CHECK(fr->name < n_strings && fr->module < n_strings && fr->file < n_strings);
        KILN_FUZZ_CHECK(fr->kind < KILN_FRAME_N_KINDS);
        /* Names reach Pango: they must be valid UTF-8 without NUL bytes. */
        const char *name = kiln_strings_get(p->strings, fr->name);
        size_t len = kiln_strings_length(p->strings, fr->name);
        KILN_FUZZ_CHECK(strlen(name) == len);
        KILN_FUZZ_CHECK(g_utf8_validate(name, (gssize)len, NULL));
    }
    for (uint32_t t = 0; t < p->n_types; t++) {
        KILN_FUZZ_CHECK(p->types[t].name < n_strings && p->types[t].unit < n_strings);
        /* Values saturate rather than overflow: no NaN or infinity may
         * reach the layout, which divides by totals. */
        for (uint32_t i = 0; i < p->n_nodes; i++) {
            KILN_FUZZ_CHECK(isfinite(kiln_profile_self(p, t, i)));
            KILN_FUZZ_CHECK(isfinite(kiln_profile_total(p, t, i)));
        }
    }
    for (uint64_t s = 0; s < p->n_samples; s++) {
        KILN_FUZZ_CHECK(p->sample_node[s] < p->n_nodes);
        if (p->sample_labels)
            KILN_FUZZ_CHECK(p->sample_labels[s] < p->n_label_sets);
    }
    for (uint32_t i = 0; p->label_start && i < p->n_label_sets; i++)
        KILN_FUZZ_CHECK(p->label_start[i] <= p->label_start[i + 1]);
    /* Warnings and properties are shown by GTK as they are. */
    for (guint i = 0; p->warnings && i < p->warnings->len; i++)
        kiln_fuzz_check_text("warning", p->warnings->pdata[i]);
    for (guint i = 0; p->properties && i < p->properties->len; i++) {
        const KilnProperty *prop = &g_array_index(p->properties, KilnProperty, i);
        kiln_fuzz_check_text("property key", prop->key);
        kiln_fuzz_check_text("property value", prop->value);
    }
}

/* A failed load: an error in KILN_FORMAT_ERROR whose message a person can read. */
static inline void kiln_fuzz_check_error(const GError *err)
{
    KILN_FUZZ_CHECK(err != NULL);
    KILN_FUZZ_CHECK(err->domain == KILN_FORMAT_ERROR);
    KILN_FUZZ_CHECK(err->message && err->message[0]);
    KILN_FUZZ_CHECK(g_utf8_validate(err->message, -1, NULL));
}
