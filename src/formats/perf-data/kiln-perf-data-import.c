/* kiln-perf-data-import.c — the perf.data importer (`perf record` output),
 * file mode and pipe mode, read natively: no perf in the loop.
 *
 * The file's pieces live here: KilnPerfHeader (header, attrs, features)
 * and KilnPerfReader (record framing, zstd). What the records mean is the
 * perf event model's (src/perf/, shared with live capture): this file
 * fills its KilnPerfOptions from the header and the load options, hands
 * it every kernel record and each FINISHED_ROUND, and reports what the
 * file says about itself as profile properties.
 */
#include "formats/kiln-importer.h"

#include "kiln-perf-file-format.h"
#include "kiln-perf-header.h"
#include "kiln-perf-reader.h"
#include "perf/kiln-perf-session.h"
#include "symbols/kiln-demangle.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>

typedef struct {
    KilnImportContext *ctx;
    KilnPerfHeader *h;
    KilnPerfOptions o;
    GHashTable *build_ids; /* file name -> KilnPerfBuildId* (borrowed from h) */
    KilnPerfSession s;
} Import;

static int perf_data_sniff(const guint8 *data, gsize len)
{
    if (len < 8)
        return 0;
    uint64_t magic;
    memcpy(&magic, data, 8);
    if (magic == KILN_PERF_MAGIC2 || magic == KILN_PERF_MAGIC2_SW)
        return 100;
    /* The old "PERFFILE" magic: claim it, to refuse it with a clear reason. */
    if (memcmp(data, "PERFFILE", 8) == 0 || memcmp(data, "ELIFFREP", 8) == 0)
        return 90;
    return 0;
}

static void set_prop_u64(KilnBuilder *b, const char *key, uint64_t v)
{
    char buf[32];
    g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, v);
    kiln_builder_set_property(b, key, buf);
}

static void report(Import *im, const KilnPerfReader *r)
{
    KilnPerfSession *s = &im->s;
    KilnBuilder *b = im->ctx->builder;
    const KilnPerfHeader *h = im->h;
    kiln_builder_set_property(b, "perf.data mode", h->pipe ? "pipe" : "file");
    if (h->swap)
        kiln_builder_set_property(b, "Byte order", "big-endian (opposite to this machine)");
    if (h->hostname)
        kiln_builder_set_property(b, "Host", h->hostname);
    if (h->osrelease)
        kiln_builder_set_property(b, "OS release", h->osrelease);
    if (h->arch) {
        g_autofree char *arch = g_strdup_printf("%s%s", h->arch, h->is_32bit ? " (32-bit)" : "");
        kiln_builder_set_property(b, "Architecture", arch);
    }
    if (h->cpudesc)
        kiln_builder_set_property(b, "CPU", h->cpudesc);
    if (h->version)
        kiln_builder_set_property(b, "perf version", h->version);
    if (h->cmdline)
        kiln_builder_set_property(b, "Command line", h->cmdline);
    if (h->nr_cpus_online || h->nr_cpus_avail) {
        g_autofree char *c =
            g_strdup_printf("%u online of %u", h->nr_cpus_online, h->nr_cpus_avail);
        kiln_builder_set_property(b, "CPUs", c);
    }
    GString *ev = g_string_new(NULL);
    for (guint i = 0; i < kiln_perf_header_n_attrs(h); i++)
        g_string_append_printf(ev, "%s%s", i ? ", " : "", kiln_perf_header_attr(h, i)->name);
    kiln_builder_set_property(b, "Events", ev->str);
    g_string_free(ev, TRUE);
    set_prop_u64(b, "Build-ids recorded", h->build_ids->len);
    set_prop_u64(b, "Sample records", s->n_samples);
    if (r->n_compressed) {
        g_autofree char *z = g_strdup_printf("%" G_GUINT64_FORMAT " zstd chunks, %" G_GUINT64_FORMAT
                                             " bytes decompressed",
                                             r->n_compressed, r->decompressed_bytes);
        kiln_builder_set_property(b, "Compressed", z);
    }
    uint64_t total, named;
    kiln_perf_stacks_frame_counts(s->stacks, &total, &named);
    if (im->o.no_symbols) {
        kiln_builder_set_property(b, "Frames resolved", "symbol lookup disabled");
    } else {
        g_autofree char *f =
            g_strdup_printf("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " (%.1f%%)", named, total,
                            total ? 100.0 * (double)named / (double)total : 0.0);
        kiln_builder_set_property(b, "Frames resolved", f);
        if (!kiln_demangle_available())
            kiln_builder_set_property(b, "Demangling",
                                      "unavailable (libstdc++ not found): C++ names stay mangled");
        g_autofree char *why = kiln_perf_resolver_describe(s->resolver);
        if (why && named < total)
            /* Translators: %s gives the reasons, as whole sentences */
            kiln_builder_warn(b, _("Some frames have no names: %s"), why);
    }
    if (s->n_lost_events)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: LOST is the name of a perf record type; the
                                       * plural goes by the first number, the events (the English is
                                       * plural for any count) */
                                      "perf lost %" PRIu64 " events in %" PRIu64
                                      " LOST records (its buffers overflowed): the profile "
                                      "under-counts; record with a lower frequency (-F) or "
                                      "larger buffers (-m)",
                                      "perf lost %" PRIu64 " events in %" PRIu64
                                      " LOST records (its buffers overflowed): the profile "
                                      "under-counts; record with a lower frequency (-F) or "
                                      "larger buffers (-m)",
                                      s->n_lost),
                          s->n_lost, s->n_lost_events);
    if (s->n_lost_samples)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: LOST_SAMPLES is the name of a perf record
                                       * type; the English is plural for any count */
                                      "The kernel dropped %" PRIu64 " samples (LOST_SAMPLES)",
                                      "The kernel dropped %" PRIu64 " samples (LOST_SAMPLES)",
                                      s->n_lost_samples),
                          s->n_lost_samples);
    if (s->n_throttle)
        set_prop_u64(b, "Throttle events", s->n_throttle);
    if (s->n_bad_samples)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: %s is the part of the first such record that
                                       * is cut off; the English is plural for any count */
                                      "%" PRIu64 " records were shorter than their layout says "
                                      "(%s) and were skipped",
                                      "%" PRIu64 " records were shorter than their layout says "
                                      "(%s) and were skipped",
                                      s->n_bad_samples),
                          s->n_bad_samples, _(s->first_bad));
    if (h->feature_warnings->len)
        kiln_builder_warn(b, "%s", h->feature_warnings->str);
}

/* The first kernel record: the attrs and build-ids are all known. */
static void start(Import *im)
{
    kiln_perf_header_finish_attrs(im->h);
    for (guint i = 0; i < im->h->build_ids->len; i++) {
        KilnPerfBuildId *b = g_ptr_array_index(im->h->build_ids, i);
        g_hash_table_insert(im->build_ids, b->filename, b);
    }
    im->o.osrelease = im->h->osrelease;
}

static void header_attr(Import *im, const guint8 *rec, gsize size)
{
    if (size < 8 + 8)
        return;
    uint32_t asz = kiln_perf_u32(rec + 12, im->h->swap);
    if (asz == 0)
        asz = KILN_PERF_ATTR_SIZE_VER0;
    gsize avail = size - 8;
    gsize attr_len = MIN((gsize)asz, avail);
    gsize n_ids = (avail - attr_len) / 8;
    kiln_perf_header_add_attr(im->h, rec + 8, attr_len, rec + 8 + attr_len, n_ids);
    if (im->s.started)
        kiln_perf_header_finish_attrs(im->h);
}

/* A KilnPerfRecordFunc: perf's own records update the header (pipe mode)
 * or end a round; the kernel's go to the model. */
static gboolean on_record(gpointer user, const guint8 *rec, gsize size, GError **error)
{
    Import *im = user;
    gboolean sw = im->h->swap;
    uint32_t type = kiln_perf_u32(rec, sw);
    switch (type) {
    case PERF_RECORD_HEADER_ATTR:
        header_attr(im, rec, size);
        return TRUE;
    case PERF_RECORD_HEADER_FEATURE:
        if (size >= 16)
            kiln_perf_header_feature(im->h, (uint32_t)kiln_perf_u64(rec + 8, sw), rec + 16,
                                     size - 16);
        if (im->s.started)
            kiln_perf_header_finish_attrs(im->h);
        return TRUE;
    case PERF_RECORD_FINISHED_ROUND:
        return kiln_perf_session_round(&im->s, error);
    default:
        if (type >= PERF_RECORD_USER_TYPE_START)
            return TRUE;
        if (!im->s.started)
            start(im);
        return kiln_perf_session_record(&im->s, rec, size, KILN_PERF_ATTR_FROM_ID, error);
    }
}

/* The wall-clock time of the recording's first sample and its length,
 * for exporters (pprof's time_nanos): with CLOCK_DATA (perf record -k)
 * exactly; otherwise from the file's modification time, which perf sets
 * when it writes the header at the end, minus the span of the samples.
 * Sample times stay on perf's clock. */
static void set_wall_time(Import *im)
{
    const KilnPerfHeader *h = im->h;
    uint64_t first = h->first_sample_time, last = h->last_sample_time;
    if (!first || last < first)
        return;
    uint64_t wall = 0;
    if (h->clock_wall_ns && h->clock_ref_ns)
        wall = h->clock_wall_ns + (first - h->clock_ref_ns);
    else if (im->ctx->path && !h->pipe) {
        GStatBuf st;
        if (g_stat(im->ctx->path, &st) == 0 && st.st_mtime > 0) {
            uint64_t mtime = (uint64_t)st.st_mtime * 1000000000u;
            if (mtime > last - first)
                wall = mtime - (last - first);
        }
    }
    if (!wall)
        return;
    KilnBuilder *b = im->ctx->builder;
    /* Digits, not a quantity: a double would round nanoseconds since 1970. */
    set_prop_u64(b, "Time (Unix ns)", wall);
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc((gint64)(wall / 1000000000u));
    if (dt) {
        g_autofree char *t = g_date_time_format(dt, "%Y-%m-%d %H:%M:%S UTC");
        kiln_builder_set_property(b, "Time", t);
    }
}

/* pprof's period type and period for the default event: one sample every
 * 1/F s of the clocks (perf record -F F), every N events with -c N, else
 * the mean period of its samples. */
static void set_period(Import *im)
{
    const KilnPerfEvents *ev = im->h->events;
    if (kiln_perf_events_count(ev) == 0)
        return;
    const KilnPerfAttr *a = kiln_perf_events_attr(ev, 0);
    KilnBuilder *b = im->ctx->builder;
    g_autofree char *base = kiln_perf_attr_base_name(a);
    g_autofree char *type =
        g_strdup_printf("%s/%s", kiln_perf_attr_is_clock(a) ? "cpu" : base, kiln_perf_attr_unit(a));
    uint64_t period = 0;
    if (!(a->flags & PERF_ATTR_FLAG_FREQ))
        period = a->sample_period;
    else if (kiln_perf_attr_is_clock(a) && a->sample_period)
        period = 1000000000u / a->sample_period;
    if (!period)
        return;
    kiln_builder_set_property(b, "Period type", type);
    kiln_builder_set_property_quantity(b, "Period", (double)period, kiln_perf_attr_unit(a));
}

static gboolean perf_data_import(KilnImportContext *ctx, GError **error)
{
    g_autoptr(KilnPerfHeader) h = kiln_perf_header_new();
    if (!kiln_perf_header_parse(h, ctx->data, ctx->len, error))
        return FALSE;
    const KilnLoadOptions *lo = ctx->options;
    Import im = {.ctx = ctx, .h = h};
    im.build_ids = g_hash_table_new(g_str_hash, g_str_equal);
    im.o = (KilnPerfOptions){
        .events = h->events,
        .build_ids = im.build_ids,
        .osrelease = h->osrelease,
        .pid = lo->perf_pid,
        .tid = lo->perf_tid,
        .kernel = lo->perf_kernel,
        .jit = lo->perf_jit,
        .addrs = lo->perf_addrs,
        .no_comm = lo->perf_no_comm,
        .symbol_paths = lo->symbol_paths,
        .no_symbols = lo->no_symbols,
        .no_sample_rows = lo->tree_only,
    };
    kiln_perf_session_init(&im.s, ctx->builder, &im.o);
    KilnPerfReader r = {0};
    gboolean ok = kiln_perf_reader_run(&r, ctx, h, on_record, &im, error) &&
                  kiln_perf_session_finish(&im.s, error);
    if (ok) {
        /* Pipe-mode attrs may have arrived without any record after them. */
        kiln_perf_header_finish_attrs(h);
        report(&im, &r);
        set_wall_time(&im);
        set_period(&im);
        uint64_t shown = kiln_perf_stacks_n_added(im.s.stacks);
        if (r.stop_why && shown == 0) {
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID,
                        /* Translators: %s says what is wrong there */
                        _("This perf.data is damaged at byte %" PRIu64 " of %" PRIu64
                          " (%s), before any sample"),
                        r.stop_at, r.stop_end, r.stop_why);
            ok = FALSE;
        } else if (r.stop_why) {
            kiln_builder_warn(ctx->builder,
                              g_dngettext(GETTEXT_PACKAGE,
                                          /* Translators: %s says what is wrong there; the English
                                           * is plural for any count of samples */
                                          "Reading stopped at byte %" PRIu64 " of %" PRIu64
                                          ": %s. Showing the %" PRIu64 " samples before it",
                                          "Reading stopped at byte %" PRIu64 " of %" PRIu64
                                          ": %s. Showing the %" PRIu64 " samples before it",
                                          shown),
                              r.stop_at, r.stop_end, r.stop_why, shown);
        }
    }
    kiln_perf_reader_clear(&r);
    kiln_perf_session_clear(&im.s);
    g_hash_table_unref(im.build_ids);
    return ok;
}

const KilnImporter kiln_perf_data_importer = {"perf-data", "perf.data", perf_data_sniff,
                                              perf_data_import};
