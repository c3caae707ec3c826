/* kiln-perf-header.h — KilnPerfHeader: what a perf.data says about itself.
 *
 * The file header (or the pipe header), the event attributes with their
 * sample ids, and the feature sections (hostname, osrelease, cmdline,
 * nrcpus, event names, build-ids). Pipe mode delivers the same
 * information as HEADER_ATTR and HEADER_FEATURE records, so both modes feed
 * the same functions.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "perf/kiln-perf-build-id.h"
#include "perf/kiln-perf-events.h"

G_BEGIN_DECLS

typedef struct {
    gboolean swap; /* the file's byte order differs from ours */
    gboolean pipe;
    gboolean is_32bit;               /* from the arch feature, for messages only */
    uint64_t data_offset, data_size; /* file mode */
    KilnPerfEvents *events;          /* the attrs, their ids and the id positions */
    GPtrArray *build_ids;            /* KilnPerfBuildId* */
    char *hostname, *osrelease, *version, *arch, *cmdline, *cpudesc;
    uint32_t nr_cpus_online, nr_cpus_avail;
    gboolean has_event_desc;
    /* SAMPLE_TIME: the first and last sample's time (perf's clock), 0 =
     * not recorded. CLOCK_DATA (perf record -k): a wall-clock time and
     * the same instant on the recording's clock, 0 = not recorded. */
    uint64_t first_sample_time, last_sample_time;
    uint64_t clock_wall_ns, clock_ref_ns;
    GString *feature_warnings;
    GPtrArray *descs; /* private: EVENT_DESC entries, matched to attrs by id */
} KilnPerfHeader;

KilnPerfHeader *kiln_perf_header_new(void);
void kiln_perf_header_free(KilnPerfHeader *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KilnPerfHeader, kiln_perf_header_free)

/* Reads the file header of `data` (file or pipe mode). In file mode also
 * the attribute section and the feature sections. */
gboolean kiln_perf_header_parse(KilnPerfHeader *h, const guint8 *data, gsize len, GError **error);

/* One perf_event_attr of `avail` bytes and its sample ids. */
void kiln_perf_header_add_attr(KilnPerfHeader *h, const guint8 *attr, gsize avail,
                               const guint8 *ids, gsize n_ids);

/* One feature section's bytes. */
void kiln_perf_header_feature(KilnPerfHeader *h, uint32_t feat, const guint8 *p, gsize len);

/* Call once all attrs are known: names events and finds the id positions. */
void kiln_perf_header_finish_attrs(KilnPerfHeader *h);

static inline const KilnPerfAttr *kiln_perf_header_attr(const KilnPerfHeader *h, uint32_t i)
{
    return kiln_perf_events_attr(h->events, i);
}

static inline guint kiln_perf_header_n_attrs(const KilnPerfHeader *h)
{
    return kiln_perf_events_count(h->events);
}

G_END_DECLS
