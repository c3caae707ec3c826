#include "kiln-search.h"

KilnSearch *kiln_search_new(const KilnProfile *p, const char *pattern, GError **error)
{
    GRegexCompileFlags flags = G_REGEX_OPTIMIZE;
    gboolean has_upper = FALSE;
    for (const char *c = pattern; *c; c++)
        if (g_ascii_isupper(*c))
            has_upper = TRUE;
    if (!has_upper)
        flags |= G_REGEX_CASELESS;
    GRegex *re = g_regex_new(pattern, flags, 0, error);
    if (!re)
        return NULL;

    /* Match each distinct name once, then map frames and nodes. */
    uint32_t n_strings = kiln_strings_count(p->strings);
    guint8 *name_state = g_new0(guint8, n_strings); /* 0 unknown, 1 no, 2 yes */
    guint8 *frame_match = g_new0(guint8, p->n_frames ? p->n_frames : 1);
    KilnSearch *s = g_new0(KilnSearch, 1);
    s->profile = p;
    for (uint32_t f = 0; f < p->n_frames; f++) {
        uint32_t name = p->frames[f].name;
        if (!name_state[name]) {
            gboolean m = g_regex_match(re, kiln_strings_get(p->strings, name), 0, NULL);
            name_state[name] = m ? 2 : 1;
            if (m)
                s->n_matched_functions++;
        }
        frame_match[f] = name_state[name] == 2;
    }
    s->node_match = g_new0(guint8, p->n_nodes);
    for (uint32_t i = 1; i < p->n_nodes; i++) {
        s->node_match[i] = frame_match[p->nodes[i].frame];
        s->n_matched_nodes += s->node_match[i];
    }
    g_free(frame_match);
    g_free(name_state);
    g_regex_unref(re);
    return s;
}

void kiln_search_free(KilnSearch *s)
{
    if (!s)
        return;
    g_free(s->node_match);
    g_free(s);
}

double kiln_search_matched_value(const KilnSearch *s, uint32_t type, uint32_t root)
{
    const KilnProfile *p = s->profile;
    /* A match's subtree total already includes nested matches: count it and
     * skip its subtree. Ancestors of root that match cover all of it. */
    for (uint32_t a = root; a != KILN_NO_NODE && a != KILN_ROOT_NODE; a = p->nodes[a].parent)
        if (s->node_match[a])
            return kiln_profile_total(p, type, root);
    double sum = 0;
    uint32_t end = root + p->nodes[root].size;
    for (uint32_t i = root + 1; i < end;) {
        if (s->node_match[i]) {
            sum += kiln_profile_total(p, type, i);
            i += p->nodes[i].size;
        } else {
            i++;
        }
    }
    return sum;
}
