/* kiln-perf-script-frame.h — KilnPerfScriptFrame, one parsed `perf script`
 * stack line ("\t7f0c1ce5 pthread_mutex_lock+0x15 (/usr/lib/libc.so.6)"),
 * and the names stackcollapse-perf.pl makes of it.
 *
 * Parsing follows the Perl regex ^\s*(\w+)\s*(.+) \((.*)\) exactly: the
 * module is the text of the last " (" that has a ')' after it, up to the
 * last ')' of the line. Naming follows the script's tidy-ups: the +0x
 * offset goes, a function starting with '(' drops the frame, "a->b" Java
 * inline chains become several frames, [unknown] takes the module's
 * basename (or the address with --addrs), ';' becomes ':', argument lists
 * are cut (except Go methods and "(anonymous namespace)"), quotes go, and
 * Java's leading 'L' goes when the process name starts with "java".
 */
#pragma once

#include <glib.h>

#include "core/kiln-frame.h"

G_BEGIN_DECLS

typedef struct {
    const char *pc;
    gsize pc_len;
    const char *func; /* raw, offset included */
    gsize func_len;
    const char *module;
    gsize module_len;
} KilnPerfScriptFrame;

/* How names are made; bits of the `flags` argument below. */
enum {
    KILN_PERF_SCRIPT_JAVA = 1 << 0,   /* root frame matches ^java: strip Java's 'L' */
    KILN_PERF_SCRIPT_KERNEL = 1 << 1, /* --kernel: kernel modules get KILN_FRAME_KERNEL */
    KILN_PERF_SCRIPT_JIT = 1 << 2,    /* --jit: /tmp/perf-PID.map gets KILN_FRAME_JIT */
    KILN_PERF_SCRIPT_ADDRS = 1 << 3,  /* --addrs: [unknown] frames show their pc */
};

/* One frame name made of a stack line: bytes [start, start+len) of the
 * output GString, and its kind. */
typedef struct {
    gsize start;
    gsize len;
    KilnFrameKind kind;
} KilnPerfScriptName;

/* FALSE when the line is not a stack line. */
gboolean kiln_perf_script_frame_parse(const char *line, gsize len, KilnPerfScriptFrame *fr);

/* Appends the frame's names, root-most first, to `out` (text) and `names`
 * (KilnPerfScriptName); returns how many. 0 means the frame is dropped. */
guint kiln_perf_script_frame_names(const KilnPerfScriptFrame *fr, guint flags, GString *out,
                                   GArray *names);

/* Length of the function without its "+0x<hex>" offset: the names depend
 * on these bytes, the module and the flags only (and on the pc when
 * kiln_perf_script_frame_uses_pc()). */
gsize kiln_perf_script_frame_symbol_len(const KilnPerfScriptFrame *fr);

/* TRUE when the names of this frame depend on its pc (so a cache keyed on
 * function and module must not be used). */
gboolean kiln_perf_script_frame_uses_pc(const KilnPerfScriptFrame *fr, guint flags);

G_END_DECLS
