/* kiln-pprof-wire.h — KilnPprofWire, a bounds-checked protobuf wire reader.
 *
 * protobuf-c unpacks a whole message into freshly allocated structs; for a
 * Profile that means every Sample of a 300k-sample file at once. The hot
 * repeated fields (the top-level fields, Sample) are therefore walked with
 * this small reader over the bytes in place, and the generated code unpacks
 * only the small messages (ValueType, Mapping, Location, Function). Every
 * read checks the end pointer; a malformed varint or length sets `bad`.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

typedef struct {
    const guint8 *p;
    const guint8 *end;
    gboolean bad;
} KilnPprofWire;

enum {
    KILN_WIRE_VARINT = 0,
    KILN_WIRE_I64 = 1,
    KILN_WIRE_LEN = 2,
    KILN_WIRE_I32 = 5,
};

static inline void kiln_pprof_wire_init(KilnPprofWire *w, const guint8 *data, gsize len)
{
    w->p = data;
    w->end = data + len;
    w->bad = FALSE;
}

static inline gboolean kiln_pprof_wire_more(const KilnPprofWire *w)
{
    return !w->bad && w->p < w->end;
}

static inline uint64_t kiln_pprof_wire_varint(KilnPprofWire *w)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (G_UNLIKELY(w->p >= w->end)) {
            w->bad = TRUE;
            return 0;
        }
        guint8 b = *w->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    w->bad = TRUE; /* more than 10 bytes: not a varint */
    return 0;
}

/* Reads a tag; FALSE at the end or on a malformed one. */
static inline gboolean kiln_pprof_wire_tag(KilnPprofWire *w, uint32_t *field, uint32_t *type)
{
    if (!kiln_pprof_wire_more(w))
        return FALSE;
    uint64_t t = kiln_pprof_wire_varint(w);
    if (w->bad || (t >> 3) == 0 || (t >> 3) > G_MAXINT32) {
        w->bad = TRUE;
        return FALSE;
    }
    *field = (uint32_t)(t >> 3);
    *type = (uint32_t)(t & 7);
    return TRUE;
}

/* A length-delimited payload: sets *data and *len and skips past it. */
static inline gboolean kiln_pprof_wire_bytes(KilnPprofWire *w, const guint8 **data, gsize *len)
{
    uint64_t n = kiln_pprof_wire_varint(w);
    if (w->bad || n > (uint64_t)(w->end - w->p)) {
        w->bad = TRUE;
        return FALSE;
    }
    *data = w->p;
    *len = (gsize)n;
    w->p += n;
    return TRUE;
}

/* Skips a field's value of wire type `type`. Groups (wire types 3 and 4) are refused:
 * profile.proto has none. */
static inline gboolean kiln_pprof_wire_skip(KilnPprofWire *w, uint32_t type)
{
    const guint8 *d;
    gsize n;
    switch (type) {
    case KILN_WIRE_VARINT:
        kiln_pprof_wire_varint(w);
        break;
    case KILN_WIRE_I64:
    case KILN_WIRE_I32: {
        gsize k = type == KILN_WIRE_I64 ? 8 : 4;
        if ((gsize)(w->end - w->p) < k)
            w->bad = TRUE;
        else
            w->p += k;
        break;
    }
    case KILN_WIRE_LEN:
        kiln_pprof_wire_bytes(w, &d, &n);
        break;
    default:
        w->bad = TRUE;
    }
    return !w->bad;
}
