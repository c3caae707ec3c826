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

G_BEGIN_DECLS

typedef struct {
    uint32_t type;
    uint32_t size; /* attr.size as recorded (64 when the file says 0) */
    uint64_t config;
    uint64_t sample_period; /* or sample_freq, when the freq flag is set */
    uint64_t sample_type;
    uint64_t read_format;
    uint64_t flags;
    uint64_t branch_sample_type;
    uint64_t sample_regs_user;
    uint64_t sample_regs_intr;
    char *name; /* event name: from EVENT_DESC, else derived from type/config */
    /* Bytes of the sample_id trailer that non-sample records carry when
     * sample_id_all is set; 0 otherwise. */
    uint32_t trailer_size;
} KilnPerfAttr;

typedef struct {
    uint8_t cpumode;
    uint8_t size; /* bytes of id used (20 for SHA-1) */
    uint8_t id[20];
    char *filename;
} KilnPerfBuildId;

typedef struct {
    gboolean swap; /* the file's byte order differs from ours */
    gboolean pipe;
    gboolean is_32bit; /* from the arch feature, for messages only */
    uint64_t data_offset, data_size; /* file mode */
    GPtrArray *attrs;     /* KilnPerfAttr* */
    GHashTable *ids;      /* sample id (uint64 key) -> attr index + 1 */
    GPtrArray *build_ids; /* KilnPerfBuildId* */
    char *hostname, *osrelease, *version, *arch, *cmdline, *cpudesc;
    uint32_t nr_cpus_online, nr_cpus_avail;
    gboolean has_event_desc;
    /* Where the sample id sits: a word index from the start of a sample
     * (-1 when absent) and from the end of other records. */
    int id_pos;
    int is_pos;
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

/* The attr a record belongs to (0 when the file does not say). */
uint32_t kiln_perf_header_attr_of(const KilnPerfHeader *h, uint32_t type, const guint8 *rec,
                                  gsize size);

static inline const KilnPerfAttr *kiln_perf_header_attr(const KilnPerfHeader *h, uint32_t i)
{
    return g_ptr_array_index(h->attrs, i);
}

G_END_DECLS
