/* kiln-perf-data-import.c — the perf.data importer (`perf record` output),
 * file mode and pipe mode, read natively: no perf in the loop.
 *
 * The pieces: KilnPerfHeader (header, attrs, features), KilnPerfReader
 * (record framing, zstd), KilnPerfSession (dispatch, time order),
 * KilnPerfMachine (processes and maps), KilnPerfResolver (symbols),
 * KilnPerfStacks (sample to stack). This file ties them together and
 * reports what the file says about itself as profile properties.
 */
#include "formats/kiln-importer.h"

#include "kiln-perf-format.h"
#include "kiln-perf-header.h"
#include "kiln-perf-reader.h"
#include "kiln-perf-session.h"
#include "symbols/kiln-demangle.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

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

static void report(KilnPerfSession *s, const KilnPerfReader *r)
{
    KilnBuilder *b = s->ctx->builder;
    const KilnPerfHeader *h = s->h;
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
    for (guint i = 0; i < h->attrs->len; i++)
        g_string_append_printf(ev, "%s%s", i ? ", " : "", kiln_perf_header_attr(h, i)->name);
    kiln_builder_set_property(b, "Events", ev->str);
    g_string_free(ev, TRUE);
    const char *kept = kiln_perf_stacks_event(s->stacks);
    if (kept)
        kiln_builder_set_property(b, "Event shown", kept);
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
    if (s->ctx->options->no_symbols) {
        kiln_builder_set_property(b, "Frames resolved", "symbol lookup disabled");
    } else {
        g_autofree char *f = g_strdup_printf(
            "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " (%.1f%%)", named, total,
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
    uint64_t skipped = kiln_perf_stacks_n_skipped(s->stacks);
    if (skipped)
        kiln_builder_warn(b,
                          g_dngettext(GETTEXT_PACKAGE,
                                      /* Translators: %s is an event name; the English is plural for
                                       * any count */
                                      "%" PRIu64 " samples of other events were left out; this "
                                      "profile shows only “%s” (pick another with --event)",
                                      "%" PRIu64 " samples of other events were left out; this "
                                      "profile shows only “%s” (pick another with --event)",
                                      skipped),
                          skipped, kept ? kept : "?");
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

static gboolean perf_data_import(KilnImportContext *ctx, GError **error)
{
    g_autoptr(KilnPerfHeader) h = kiln_perf_header_new();
    if (!kiln_perf_header_parse(h, ctx->data, ctx->len, error))
        return FALSE;
    KilnPerfSession s;
    kiln_perf_session_init(&s, ctx, h);
    KilnPerfReader r = {0};
    gboolean ok = kiln_perf_reader_run(&r, ctx, h, kiln_perf_session_record, &s, error) &&
                  kiln_perf_session_finish(&s, error);
    if (ok) {
        /* Pipe-mode attrs may have arrived without any record after them. */
        kiln_perf_header_finish_attrs(h);
        if (ctx->options->perf_event && !kiln_perf_stacks_event(s.stacks) && s.n_samples > 0) {
            GString *ev = g_string_new(NULL);
            for (guint i = 0; i < h->attrs->len; i++)
                g_string_append_printf(ev, "%s%s", i ? ", " : "",
                                       kiln_perf_header_attr(h, i)->name);
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_EMPTY,
                        /* Translators: the first %s is an event name, the second a list */
                        _("This perf.data has no samples of event “%s” (its events: %s)"),
                        ctx->options->perf_event, ev->str);
            g_string_free(ev, TRUE);
            kiln_perf_reader_clear(&r);
            kiln_perf_session_clear(&s);
            return FALSE;
        }
        if (!kiln_perf_stacks_event(s.stacks)) {
            /* No sample kept: still declare the types, so the (empty)
             * profile says what it would have measured. */
            const char *unit = h->attrs->len ? kiln_perf_header_attr(h, 0)->name : "events";
            kiln_builder_add_sample_type(ctx->builder, "samples", "count");
            kiln_builder_set_default_sample_type(
                ctx->builder, kiln_builder_add_sample_type(ctx->builder, "period", unit));
        }
        report(&s, &r);
        if (r.stop_why && kiln_perf_stacks_n_added(s.stacks) == 0) {
            g_set_error(error, KILN_FORMAT_ERROR, KILN_FORMAT_ERROR_INVALID,
                        /* Translators: %s says what is wrong there */
                        _("This perf.data is damaged at byte %" PRIu64 " of %" PRIu64
                          " (%s), before any sample"),
                        r.stop_at, r.stop_end, r.stop_why);
            ok = FALSE;
        } else if (r.stop_why) {
            uint64_t shown = kiln_perf_stacks_n_added(s.stacks);
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
    kiln_perf_session_clear(&s);
    return ok;
}

const KilnImporter kiln_perf_data_importer = {"perf-data", "perf.data", perf_data_sniff,
                                              perf_data_import};
