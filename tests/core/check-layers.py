#!/usr/bin/env python3
"""check-layers.py — the layering of DESIGN.md, checked on every include.

Each engine layer is its own static library, but they all share one include
root (src/), so a wrong "layer/header.h" would still compile; this script is
what makes it fail. It scans every #include "…" and #include <…> in src/ and
exits 1, naming file, line and rule, when a layer includes one it may not.

  check-layers.py SRC_DIR [--stamp FILE --depfile FILE]   the check (build step)
  check-layers.py --self-test                             proves it can fail
  check-layers.py --flags compile_commands.json           no cairo/GTK flags where
                                                          they do not belong
"""

import io
import json
import os
import re
import sys
import tempfile

# Layers whose headers a layer may NOT include, and why (the rule's words
# are the message). A layer not listed here (cli, app) may include any
# engine layer; cli and app may not include each other.
ENGINE = ('core', 'symbols', 'perf', 'formats', 'capture', 'analysis', 'render')
LOWER = ('analysis', 'render', 'app', 'cli')
FORBIDDEN = {
    'core': (set(ENGINE + ('app', 'cli')) - {'core'}, 'core includes nothing outside core'),
    'symbols': (set(LOWER), 'symbols includes nothing from analysis, render, app or cli'),
    'perf': (set(LOWER), 'perf includes nothing from analysis, render, app or cli'),
    'formats': (set(LOWER), 'formats includes nothing from analysis, render, app or cli'),
    'capture': (set(LOWER), 'capture includes nothing from analysis, render, app or cli'),
    'analysis': ({'render', 'app', 'cli'}, 'analysis includes nothing from render, app or cli'),
    'render': ({'app', 'cli'}, 'render includes nothing from app or cli'),
    'cli': ({'app'}, 'cli includes nothing from app'),
    'app': ({'cli'}, 'app includes nothing from cli'),
}
# System headers that come with one layer's dependencies only: the build
# already fails without their include path; this says why.
SYSTEM = (
    (re.compile(r'^cairo[-./]'), {'render', 'cli', 'app'},
     'cairo is for render and its users (cli, app)'),
    (re.compile(r'^(gtk|gdk|gsk)/|^adwaita\.h$'), {'app'}, 'GTK and libadwaita are for app only'),
)
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SUFFIXES = ('.c', '.h')


def layer_of(rel):
    """The layer of a path relative to src/ ("formats/pprof/x.c" -> formats)."""
    return rel.split('/', 1)[0] if '/' in rel else None


def scan(src):
    """Yields (violation message) for every wrong include under src, and
    collects the files read in scan.files (for the build's depfile)."""
    scan.files = []
    for root, dirs, names in os.walk(src):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(SUFFIXES):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src).replace(os.sep, '/')
            layer = layer_of(rel)
            if layer not in FORBIDDEN:
                continue
            scan.files.append(path)
            with open(path, encoding='utf-8', errors='replace') as f:
                for n, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    kind, target = m.groups()
                    if kind == '"':
                        # A bare name is the including file's own folder (or a
                        # header generated beside it): same layer.
                        other = layer_of(target)
                        forbidden, rule = FORBIDDEN[layer]
                        if other in forbidden:
                            yield f'{rel}:{n}: includes "{target}": {rule}'
                    else:
                        for pattern, allowed, rule in SYSTEM:
                            if pattern.search(target) and layer not in allowed:
                                yield f'{rel}:{n}: includes <{target}>: {rule}'


def check(src, stamp=None, depfile=None, out=None):
    out = out or sys.stderr
    bad = list(scan(src))
    for message in bad:
        print(f'check-layers: {message}', file=out)
    if bad:
        print(f'check-layers: {len(bad)} include(s) break the layering of DESIGN.md; '
              'move the code to a layer that may use it, or pass the result in '
              'from the caller.', file=out)
        return 1
    if stamp:
        with open(stamp, 'w') as f:
            f.write(f'{len(scan.files)} files checked\n')
    if depfile:
        with open(depfile, 'w') as f:
            deps = ' '.join(p.replace(' ', '\\ ') for p in scan.files)
            f.write(f'{stamp}: {deps}\n')
    return 0


def self_test():
    """A small tree with one violation per rule, and clean neighbours: the
    check must name exactly the wrong lines."""
    tree = {
        'core/kiln-a.c': '#include "kiln-a.h"\n#include "core/kiln-b.h"\n#include <glib.h>\n'
                         '#include "analysis/kiln-units.h"\n',
        'core/kiln-c.c': '  #  include "formats/kiln-loader.h"\n#include <cairo.h>\n',
        'formats/pprof/kiln-p.c': '#include "core/kiln-profile.h"\n#include "symbols/s.h"\n'
                                  '#include "profile.pb-c.h"\n#include "analysis/kiln-units.h"\n',
        'symbols/kiln-s.c': '#include "render/kiln-palette.h"\n',
        'perf/kiln-q.c': '#include "formats/perf-data/kiln-perf-format.h"\n#include "cli/x.h"\n',
        'capture/kiln-r.c': '#include "perf/kiln-q.h"\n#include "app/kiln-window.h"\n',
        'analysis/kiln-t.c': '#include "formats/kiln-loader.h"\n#include "render/kiln-x.h"\n',
        'render/kiln-i.c': '#include "analysis/kiln-search.h"\n#include <cairo-svg.h>\n'
                           '#include "app/kiln-window.h"\n#include <gtk/gtk.h>\n',
        'cli/kiln-cli.c': '#include "render/kiln-i.h"\n#include <cairo.h>\n',
        'app/kiln-w.c': '#include <adwaita.h>\n#include "cli/kiln-cli.h"\n',
        'kiln-top-level.c': '#include "app/anything.h"\n',
        'core/notes.txt': '#include "app/anything.h"\n',
    }
    expected = [
        'analysis/kiln-t.c:2: includes "render/kiln-x.h"',
        'app/kiln-w.c:2: includes "cli/kiln-cli.h"',
        'capture/kiln-r.c:2: includes "app/kiln-window.h"',
        'core/kiln-a.c:4: includes "analysis/kiln-units.h"',
        'core/kiln-c.c:1: includes "formats/kiln-loader.h"',
        'core/kiln-c.c:2: includes <cairo.h>',
        'formats/pprof/kiln-p.c:4: includes "analysis/kiln-units.h"',
        'perf/kiln-q.c:2: includes "cli/x.h"',
        'render/kiln-i.c:3: includes "app/kiln-window.h"',
        'render/kiln-i.c:4: includes <gtk/gtk.h>',
        'symbols/kiln-s.c:1: includes "render/kiln-palette.h"',
    ]
    with tempfile.TemporaryDirectory() as d:
        for rel, text in tree.items():
            os.makedirs(os.path.dirname(os.path.join(d, rel)), exist_ok=True)
            with open(os.path.join(d, rel), 'w') as f:
                f.write(text)
        got = sorted(m.split(': ', 2)[0] + ': ' + m.split(': ', 2)[1] for m in scan(d))
        if got != expected:
            print('check-layers self-test: expected\n  ' + '\n  '.join(expected) +
                  '\ngot\n  ' + '\n  '.join(got), file=sys.stderr)
            return 1
        first = next(scan(d))
        want = 'analysis/kiln-t.c:2: includes "render/kiln-x.h": analysis includes nothing ' \
               'from render, app or cli'
        if first != want:
            print(f'check-layers self-test: message {first!r}, expected {want!r}',
                  file=sys.stderr)
            return 1
        report = io.StringIO()
        if check(d, out=report) != 1 or f'{len(expected)} include(s)' not in report.getvalue():
            print('check-layers self-test: a bad tree passed', file=sys.stderr)
            return 1
    print(f'check-layers self-test: {len(expected)} violations found, as expected')
    return 0


# Include paths that only the layers allowed the library may be compiled
# with: this is what makes a stray #include <cairo.h> fail to compile.
FLAGS = (
    ('/cairo', {'render', 'cli', 'app'}, 'cairo'),
    ('/gtk-4.0', {'app'}, 'GTK'),
    ('/libadwaita-1', {'app'}, 'libadwaita'),
)


def check_flags(compile_commands):
    """Every engine source is compiled without the include paths of
    libraries its layer may not use."""
    with open(compile_commands) as f:
        entries = json.load(f)
    bad, seen = [], 0
    for e in entries:
        path = os.path.normpath(os.path.join(e['directory'], e['file']))
        parts = path.replace(os.sep, '/').split('/src/', 1)
        if len(parts) != 2 or layer_of(parts[1]) not in FORBIDDEN:
            continue
        seen += 1
        layer = layer_of(parts[1])
        args = e.get('command') or ' '.join(e.get('arguments', []))
        for needle, allowed, name in FLAGS:
            if layer not in allowed and f'{needle}' in args:
                bad.append(f'{parts[1]} is compiled with {name} include paths, '
                           f'but {layer} may not use {name}')
    for message in bad:
        print(f'check-layers: {message}', file=sys.stderr)
    if not seen:
        print('check-layers: no src/ files in ' + compile_commands, file=sys.stderr)
        return 1
    if bad:
        return 1
    print(f'check-layers: {seen} compile commands, none with a library its layer may not use')
    return 0


def main(argv):
    if argv[1:] == ['--self-test']:
        return self_test()
    if len(argv) == 3 and argv[1] == '--flags':
        return check_flags(argv[2])
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    args = argv[2:]
    opts = dict(zip(args[::2], args[1::2]))
    return check(argv[1], opts.get('--stamp'), opts.get('--depfile'))


if __name__ == '__main__':
    sys.exit(main(sys.argv))
