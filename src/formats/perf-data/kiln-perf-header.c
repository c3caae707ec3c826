/* kiln-perf-header.c — KilnPerfHeader: file header, attributes, features.
 *
 * Layout (tools/perf/util/header.h): a 104-byte perf_file_header with the
 * attr section, the data section and a 256-bit feature bitmap; the attr
 * section holds entries of header.attr_size bytes, each a perf_event_attr
 * followed by a 16-byte section of sample ids. perf_event_attr grew from
 * 64 to 136 bytes over the years, so every field is read only if the
 * recorded size covers it, and the stride always comes from the file. The
 * feature sections sit after the data section, one perf_file_section per
 * set bit, in bit order.
 */
#include "kiln-perf-header.h"

#include "formats/kiln-format-error.h"
#include "kiln-perf-file-format.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#define PERFFILE_V1_MAGIC UINT64_C(0x454c494646524550) /* "PERFFILE" */

typedef struct {
    char *name;
    GArray *ids; /* uint64 */
} EventDesc;

static void build_id_free(gpointer p)
{
    KilnPerfBuildId *b = p;
    g_free(b->filename);
    g_free(b);
}

static void desc_free(gpointer p)
{
    EventDesc *d = p;
    g_free(d->name);
    g_array_unref(d->ids);
    g_free(d);
}

KilnPerfHeader *kiln_perf_header_new(void)
{
    KilnPerfHeader *h = g_new0(KilnPerfHeader, 1);
    h->events = kiln_perf_events_new();
    h->build_ids = g_ptr_array_new_with_free_func(build_id_free);
    h->feature_warnings = g_string_new(NULL);
    return h;
}

void kiln_perf_header_free(KilnPerfHeader *h)
{
    if (!h)
        return;
    if (h->descs)
        g_ptr_array_unref(h->descs);
    kiln_perf_events_free(h->events);
    g_ptr_array_unref(h->build_ids);
    g_free(h->hostname);
    g_free(h->osrelease);
    g_free(h->version);
    g_free(h->arch);
    g_free(h->cmdline);
    g_free(h->cpudesc);
    g_string_free(h->feature_warnings, TRUE);
    g_free(h);
}

/* A perf header string: u32 length (padding included), then the bytes. */
static gboolean read_string(const KilnPerfHeader *h, const guint8 **p, const guint8 *end,
                            char **out)
{
    if (end - *p < 4)
        return FALSE;
    uint32_t n = kiln_perf_u32(*p, h->swap);
    *p += 4;
    if ((gsize)(end - *p) < n)
        return FALSE;
    const guint8 *nul = memchr(*p, 0, n);
    gsize len = nul ? (gsize)(nul - *p) : n;
    *out = g_utf8_make_valid((const char *)*p, (gssize)len);
    *p += n;
    return TRUE;
}

static void set_string_feature(KilnPerfHeader *h, char **slot, const guint8 *p, gsize len)
{
    char *s = NULL;
    if (read_string(h, &p, p + len, &s)) {
        g_free(*slot);
        *slot = s;
    }
}

void kiln_perf_header_add_attr(KilnPerfHeader *h, const guint8 *p, gsize avail, const guint8 *ids,
                               gsize n_ids)
{
    KilnPerfAttr *a = g_new0(KilnPerfAttr, 1);
    gboolean sw = h->swap;
    if (avail >= 8) {
        a->type = kiln_perf_u32(p, sw);
        a->size = kiln_perf_u32(p + 4, sw);
    }
    if (a->size == 0)
        a->size = KILN_PERF_ATTR_SIZE_VER0;
    /* Fields past what both the record and attr.size cover stay zero. */
    gsize have = MIN(avail, (gsize)a->size);
    if (have >= 16)
        a->config = kiln_perf_u64(p + 8, sw);
    if (have >= 24)
        a->sample_period = kiln_perf_u64(p + 16, sw);
    if (have >= 32)
        a->sample_type = kiln_perf_u64(p + 24, sw);
    if (have >= 40)
        a->read_format = kiln_perf_u64(p + 32, sw);
    if (have >= 48) {
        if (!sw) {
            a->flags = kiln_perf_u64(p + 40, FALSE);
        } else {
            /* A big-endian compiler allocates bitfields from the most
             * significant bit of each byte; like perf (swap_bitfield), keep
             * the bytes in place and reverse the bits within each. */
            uint64_t raw = kiln_perf_u64(p + 40, FALSE), f = 0;
            for (int i = 0; i < 64; i++)
                if (raw & (UINT64_C(1) << i))
                    f |= UINT64_C(1) << ((i & ~7) | (7 - (i & 7)));
            a->flags = f;
        }
    }
    if (have >= 80)
        a->branch_sample_type = kiln_perf_u64(p + 72, sw);
    if (have >= 88)
        a->sample_regs_user = kiln_perf_u64(p + 80, sw);
    if (have >= 104)
        a->sample_regs_intr = kiln_perf_u64(p + 96, sw);

    uint32_t idx = kiln_perf_events_add(h->events, a, NULL, 0);
    for (gsize i = 0; i < n_ids; i++)
        kiln_perf_events_add_id(h->events, kiln_perf_u64(ids + 8 * i, sw), idx);
}

static void apply_names(KilnPerfHeader *h)
{
    GPtrArray *descs = h->descs;
    for (guint i = 0; i < h->events->attrs->len; i++) {
        KilnPerfAttr *a = g_ptr_array_index(h->events->attrs, i);
        const char *found = NULL;
        for (guint d = 0; descs && d < descs->len && !found; d++) {
            EventDesc *e = g_ptr_array_index(descs, d);
            for (guint k = 0; k < e->ids->len; k++) {
                gint64 id = (gint64)g_array_index(e->ids, uint64_t, k);
                if (GPOINTER_TO_UINT(g_hash_table_lookup(h->events->ids, &id)) == i + 1) {
                    found = e->name;
                    break;
                }
            }
        }
        /* Without ids to match, EVENT_DESC lists the attrs in order. */
        if (!found && descs && i < descs->len)
            found = ((EventDesc *)g_ptr_array_index(descs, i))->name;
        g_free(a->name);
        a->name = found ? g_strdup(found) : kiln_perf_attr_default_name(a);
    }
}

void kiln_perf_header_finish_attrs(KilnPerfHeader *h)
{
    apply_names(h);
    kiln_perf_events_finish(h->events);
}

static void parse_event_desc(KilnPerfHeader *h, const guint8 *p, const guint8 *end)
{
    if (end - p < 8)
        return;
    uint32_t nre = kiln_perf_u32(p, h->swap);
    uint32_t sz = kiln_perf_u32(p + 4, h->swap);
    p += 8;
    GPtrArray *descs = g_ptr_array_new_with_free_func(desc_free);
    for (uint32_t i = 0; i < nre; i++) {
        if ((gsize)(end - p) < (gsize)sz + 4)
            break;
        p += sz;
        uint32_t nr = kiln_perf_u32(p, h->swap);
        p += 4;
        char *name = NULL;
        if (!read_string(h, &p, end, &name))
            break;
        if ((gsize)(end - p) / 8 < nr) {
            g_free(name);
            break;
        }
        EventDesc *d = g_new0(EventDesc, 1);
        d->name = name;
        d->ids = g_array_sized_new(FALSE, FALSE, sizeof(uint64_t), nr);
        for (uint32_t k = 0; k < nr; k++) {
            uint64_t id = kiln_perf_u64(p + 8 * k, h->swap);
            g_array_append_val(d->ids, id);
        }
        p += 8 * (gsize)nr;
        g_ptr_array_add(descs, d);
    }
    h->has_event_desc = descs->len > 0;
    if (h->descs)
        g_ptr_array_unref(h->descs);
    h->descs = descs;
    apply_names(h);
}

static void parse_build_ids(KilnPerfHeader *h, const guint8 *p, const guint8 *end)
{
    /* struct build_id_event: header, pid, build_id[24], filename[] */
    while (end - p >= 36) {
        uint16_t misc = kiln_perf_u16(p + 4, h->swap);
        uint16_t size = kiln_perf_u16(p + 6, h->swap);
        if (size < 36 || size > end - p)
            break;
        KilnPerfBuildId *b = g_new0(KilnPerfBuildId, 1);
        b->cpumode = misc & PERF_RECORD_MISC_CPUMODE_MASK;
        memcpy(b->id, p + 12, 20);
        b->size = 20;
        if ((misc & PERF_RECORD_MISC_BUILD_ID_SIZE) && p[32] > 0 && p[32] <= 20)
            b->size = p[32];
        const guint8 *name = p + 36;
        gsize max = size - 36;
        const guint8 *nul = memchr(name, 0, max);
        b->filename = g_strndup((const char *)name, nul ? (gsize)(nul - name) : max);
        g_ptr_array_add(h->build_ids, b);
        p += size;
    }
}

void kiln_perf_header_feature(KilnPerfHeader *h, uint32_t feat, const guint8 *p, gsize len)
{
    const guint8 *end = p + len;
    switch (feat) {
    case KILN_PERF_FEAT_BUILD_ID:
        parse_build_ids(h, p, end);
        break;
    case KILN_PERF_FEAT_HOSTNAME:
        set_string_feature(h, &h->hostname, p, len);
        break;
    case KILN_PERF_FEAT_OSRELEASE:
        set_string_feature(h, &h->osrelease, p, len);
        break;
    case KILN_PERF_FEAT_VERSION:
        set_string_feature(h, &h->version, p, len);
        break;
    case KILN_PERF_FEAT_ARCH:
        set_string_feature(h, &h->arch, p, len);
        if (h->arch)
            h->is_32bit = (h->arch[0] == 'i' && g_str_has_suffix(h->arch, "86")) ||
                          (g_str_has_prefix(h->arch, "arm") && !g_str_has_prefix(h->arch, "arm64"));
        break;
    case KILN_PERF_FEAT_CPUDESC:
        set_string_feature(h, &h->cpudesc, p, len);
        break;
    case KILN_PERF_FEAT_NRCPUS:
        if (len >= 8) {
            h->nr_cpus_avail = kiln_perf_u32(p, h->swap);
            h->nr_cpus_online = kiln_perf_u32(p + 4, h->swap);
        }
        break;
    case KILN_PERF_FEAT_CMDLINE: {
        if (len < 4)
            break;
        uint32_t n = kiln_perf_u32(p, h->swap);
        p += 4;
        GString *s = g_string_new(NULL);
        for (uint32_t i = 0; i < n; i++) {
            char *arg = NULL;
            if (!read_string(h, &p, end, &arg))
                break;
            g_string_append_printf(s, "%s%s", i ? " " : "", arg);
            g_free(arg);
        }
        g_free(h->cmdline);
        h->cmdline = g_string_free(s, FALSE);
        break;
    }
    case KILN_PERF_FEAT_EVENT_DESC:
        parse_event_desc(h, p, end);
        break;
    case KILN_PERF_FEAT_SAMPLE_TIME:
        if (len >= 16) {
            h->first_sample_time = kiln_perf_u64(p, h->swap);
            h->last_sample_time = kiln_perf_u64(p + 8, h->swap);
        }
        break;
    case KILN_PERF_FEAT_CLOCK_DATA:
        /* u32 version, u32 clockid, u64 wall-clock ns, u64 clockid ns */
        if (len >= 24 && kiln_perf_u32(p, h->swap) >= 1) {
            h->clock_wall_ns = kiln_perf_u64(p + 8, h->swap);
            h->clock_ref_ns = kiln_perf_u64(p + 16, h->swap);
        }
        break;
    default:
        break;
    }
}

static gboolean section_ok(uint64_t off, uint64_t size, gsize len)
{
    return off <= len && size <= len - off;
}

static gboolean parse_attrs(KilnPerfHeader *h, const guint8 *data, gsize len, uint64_t attr_size,
                            uint64_t off, uint64_t size, GError **error)
{
    if (attr_size < 16 + 8 || attr_size > (1u << 16)) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID,
                    _("This perf.data has an attribute size of %" PRIu64
                      " bytes, which no version of perf writes: the file is damaged"),
                    attr_size);
        return FALSE;
    }
    if (!section_ok(off, size, len)) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TRUNCATED,
                    _("The attribute section of this perf.data (bytes %" PRIu64 "–%" PRIu64
                      ") lies past the end of the file (%" PRIu64 " bytes): the file is truncated"),
                    off, off + size, (uint64_t)len);
        return FALSE;
    }
    uint64_t n = size / attr_size;
    for (uint64_t i = 0; i < n; i++) {
        const guint8 *e = data + off + i * attr_size;
        gsize asz = (gsize)attr_size - 16;
        uint64_t ids_off = kiln_perf_u64(e + asz, h->swap);
        uint64_t ids_size = kiln_perf_u64(e + asz + 8, h->swap);
        const guint8 *ids = NULL;
        gsize n_ids = 0;
        if (section_ok(ids_off, ids_size, len)) {
            ids = data + ids_off;
            n_ids = (gsize)ids_size / 8;
        } else {
            g_string_append_printf(
                h->feature_warnings,
                _("The sample ids of event %" PRIu64 " lie past the end of the file; ignored."), i);
            g_string_append_c(h->feature_warnings, ' ');
        }
        kiln_perf_header_add_attr(h, e, asz, ids, n_ids);
    }
    return TRUE;
}

static void parse_features(KilnPerfHeader *h, const guint8 *data, gsize len, const guint8 *bits)
{
    uint64_t table = h->data_offset + h->data_size;
    guint k = 0;
    for (uint32_t feat = 0; feat < KILN_PERF_FEAT_MAX; feat++) {
        uint64_t word = kiln_perf_u64(bits + 8 * (feat / 64), h->swap);
        if (!(word & (UINT64_C(1) << (feat % 64))))
            continue;
        uint64_t at = table + 16 * (uint64_t)k++;
        if (at > len || len - at < 16) {
            g_string_append(h->feature_warnings,
                            _("The feature sections (hostname, build-ids…) are missing: "
                              "the file is truncated."));
            g_string_append_c(h->feature_warnings, ' ');
            return;
        }
        uint64_t off = kiln_perf_u64(data + at, h->swap);
        uint64_t size = kiln_perf_u64(data + at + 8, h->swap);
        if (section_ok(off, size, len)) {
            kiln_perf_header_feature(h, feat, data + off, (gsize)size);
        } else {
            g_string_append_printf(h->feature_warnings,
                                   _("Feature section %u (bytes %" PRIu64 "–%" PRIu64
                                     ") lies past the end of the file (%" PRIu64
                                     " bytes): the file is truncated."),
                                   feat, off, off + size, (uint64_t)len);
            g_string_append_c(h->feature_warnings, ' ');
            return;
        }
    }
}

gboolean kiln_perf_header_parse(KilnPerfHeader *h, const guint8 *data, gsize len, GError **error)
{
    if (len < 16) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TRUNCATED,
                    _("This perf.data is only %" PRIu64 " bytes long: the header is cut off"),
                    (uint64_t)len);
        return FALSE;
    }
    uint64_t magic;
    memcpy(&magic, data, 8);
    if (magic == PERFFILE_V1_MAGIC || GUINT64_SWAP_LE_BE(magic) == PERFFILE_V1_MAGIC) {
        g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNSUPPORTED,
                            /* Translators: “PERFFILE” is the file's first bytes; keep it */
                            _("This is a version 1 perf.data (“PERFFILE” magic), written by perf "
                              "before Linux 2.6.35; Kiln reads only version 2. Re-record it with "
                              "a current perf"));
        return FALSE;
    }
    if (magic == KILN_PERF_MAGIC2_SW)
        h->swap = h->events->swap = TRUE;
    else if (magic != KILN_PERF_MAGIC2) {
        g_set_error_literal(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_UNKNOWN_FORMAT,
                            /* Translators: “PERFILE2” is the file's first bytes; keep it */
                            _("Not a perf.data file (no “PERFILE2” magic)"));
        return FALSE;
    }
    uint64_t hsize = kiln_perf_u64(data + 8, h->swap);
    if (hsize == KILN_PERF_PIPE_HEADER_SIZE) {
        h->pipe = TRUE;
        h->data_offset = KILN_PERF_PIPE_HEADER_SIZE;
        h->data_size = len - KILN_PERF_PIPE_HEADER_SIZE;
        return TRUE;
    }
    if (hsize < 72 || len < 72) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TRUNCATED,
                    _("This perf.data header is cut off (%" PRIu64 " bytes of %" PRIu64 ")"),
                    (uint64_t)len, hsize);
        return FALSE;
    }
    uint64_t attr_size = kiln_perf_u64(data + 16, h->swap);
    if (!parse_attrs(h, data, len, attr_size, kiln_perf_u64(data + 24, h->swap),
                     kiln_perf_u64(data + 32, h->swap), error))
        return FALSE;
    h->data_offset = kiln_perf_u64(data + 40, h->swap);
    h->data_size = kiln_perf_u64(data + 48, h->swap);
    if (h->data_offset > len) {
        g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_TRUNCATED,
                    _("The samples of this perf.data start at byte %" PRIu64
                      ", past its end (%" PRIu64 " bytes): the file is truncated"),
                    h->data_offset, (uint64_t)len);
        return FALSE;
    }
    if (hsize >= KILN_PERF_FILE_HEADER_SIZE && len >= KILN_PERF_FILE_HEADER_SIZE)
        parse_features(h, data, len, data + 72);
    kiln_perf_header_finish_attrs(h);
    return TRUE;
}
