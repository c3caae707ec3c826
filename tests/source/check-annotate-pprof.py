#!/usr/bin/env python3
"""check-annotate-pprof.py — `kiln-cli annotate --tsv` on a Go CPU profile
made here (burn.go), against `go tool pprof -list` on the same file, for
both sample types (cpu in nanoseconds, samples as counts).

  check-annotate-pprof.py KILN_CLI BURN_GO      exit 77 without go
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

REGEX = r'main\.'
ROW = re.compile(r'^\s*(\S+)\s+(\S+)\s+(\d+):')
ROUTINE = re.compile(r'^ROUTINE =+ (\S+) in ')


def value(text):
    if text == '.':
        return 0
    m = re.fullmatch(r'(\d+)(ns)?', text)
    if not m:
        raise SystemExit('unexpected pprof value %r' % text)
    return int(m.group(1))


def pprof_rows(prof, index, env):
    out = subprocess.run(['go', 'tool', 'pprof', '-sample_index=' + index, '-unit=ns',
                          '-list', REGEX, prof], capture_output=True, text=True, env=env,
                         check=True).stdout
    rows = set()
    fn = None
    for line in out.splitlines():
        m = ROUTINE.match(line)
        if m:
            fn = m.group(1)
            continue
        m = ROW.match(line)
        if m and fn:
            flat, cum = value(m.group(1)), value(m.group(2))
            if flat or cum:
                rows.add('%s\t%s\t%d\t%d' % (fn, m.group(3), flat, cum))
    return sorted(rows)


def main():
    cli, burn = sys.argv[1], sys.argv[2]
    if not shutil.which('go'):
        print('SKIP: go is not installed')
        sys.exit(77)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GOCACHE=os.path.join(tmp, 'cache'), HOME=tmp,
                   GOFLAGS='-mod=mod', GO111MODULE='off')
        exe = os.path.join(tmp, 'burn')
        r = subprocess.run(['go', 'build', '-o', exe, burn], env=env, capture_output=True,
                           text=True)
        if r.returncode != 0:
            print('SKIP: go build failed:', r.stderr[-300:])
            sys.exit(77)
        prof = os.path.join(tmp, 'burn.pprof')
        subprocess.run([exe, prof], check=True)
        ok = True
        for index in ('cpu', 'samples'):
            want = pprof_rows(prof, index, env)
            got = sorted(subprocess.run([cli, 'annotate', '--tsv', '-t', index, prof, REGEX],
                                        capture_output=True, text=True,
                                        check=True).stdout.splitlines())
            if got != want or not want:
                ok = False
                print('%s: kiln-cli annotate differs from go tool pprof -list:' % index)
                for row in sorted(set(got) | set(want)):
                    print(('  ' if row in got and row in want else
                           '+ ' if row in got else '- ') + row)
            else:
                print('%s: %d rows agree with go tool pprof -list' % (index, len(got)))
            # The inlined mix() has its own line, its call site in sumLoop the total.
            if not any(r.startswith('main.mix\t') for r in got):
                ok = False
                print('%s: no row for the inlined main.mix' % index)
        sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
