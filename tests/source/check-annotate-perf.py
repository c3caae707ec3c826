#!/usr/bin/env python3
"""check-annotate-perf.py — `kiln-cli annotate --tsv` on a perf.data recorded
here, against the peers' own reading of the same file.

The expected per-line numbers come from `perf script -F period,ip,sym,symoff,dso`
(the stacks, leaf first) with every frame of the test program resolved by
`addr2line -i -f` (the leaf at its address, callers at return address - 1):
a line's self is the samples whose leaf's innermost inline frame is that
line, its total the samples in which it appears anywhere, once each. The
expected --asm self is perf script's leaf `sym+symoff` counts.

  check-annotate-perf.py KILN_CLI PROGRAM      exit 77 when perf cannot record
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

FUNCS = ('mix', 'spin', 'work', 'crunch', 'main')
REGEX = '^(mix|spin|work|crunch|main)$'


def skip(why):
    print('SKIP:', why)
    sys.exit(77)


def main():
    cli, prog = sys.argv[1], os.path.realpath(sys.argv[2])
    for tool in ('perf', 'addr2line'):
        if not shutil.which(tool):
            skip(tool + ' is not installed')
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, 'perf.data')
        r = subprocess.run(['perf', 'record', '-q', '-g', '-F', '2000', '-o', data, prog,
                            '15000000'], capture_output=True, text=True)
        if r.returncode != 0 or not os.path.exists(data):
            skip('perf record failed: ' + r.stderr.strip()[-200:])
        script = subprocess.run(['perf', 'script', '-i', data, '-F',
                                 'period,ip,sym,symoff,dso'],
                                capture_output=True, text=True, check=True).stdout
        samples = []  # (period, [(ip, sym, symoff, dso)] leaf first)
        cur = None
        for line in script.splitlines():
            if not line.strip():
                cur = None
                continue
            head = re.fullmatch(r'\s*(\d+)\s*', line)
            if head:
                cur = [int(head.group(1)), []]
                samples.append(cur)
                continue
            m = re.match(r'\s*()([0-9a-f]+)\s+(\S+?)(?:\+(0x[0-9a-f]+))?\s+\((.*)\)$',
                         line)
            if not m:
                continue
            if cur is None:
                continue
            cur[1].append((int(m.group(2), 16), m.group(3),
                           int(m.group(4), 16) if m.group(4) else None, m.group(5)))
        if len(samples) < 200:
            skip('too few samples recorded (%d)' % len(samples))
        # Resolve every frame address in the program through addr2line.
        want = set()
        for _, frames in samples:
            for i, (ip, _, _, dso) in enumerate(frames):
                if os.path.realpath(dso) == prog:
                    want.add(ip if i == 0 else ip - 1)
        addrs = sorted(want)
        out = subprocess.run(['addr2line', '-i', '-f', '-a', '-e', prog] +
                             ['0x%x' % a for a in addrs],
                             capture_output=True, text=True, check=True).stdout.splitlines()
        chains = {}
        at = None
        for line in out:
            if line.startswith('0x'):
                at = int(line, 16)
                chains[at] = []
            elif ':' in line and chains[at] and chains[at][-1][1] is None:
                line_no = line.rsplit(':', 1)[1].split()[0]
                chains[at][-1][1] = int(line_no) if line_no.isdigit() else 0
            else:
                chains[at].append([line, None])
        self_ = collections.Counter()
        total = collections.Counter()
        asm = collections.Counter()
        for period, frames in samples:
            seen = set()
            for i, (ip, sym, off, dso) in enumerate(frames):
                if os.path.realpath(dso) != prog:
                    continue
                chain = chains.get(ip if i == 0 else ip - 1, [])
                for j, (fn, ln) in enumerate(chain):
                    if fn not in FUNCS or not ln:
                        continue
                    if i == 0 and j == 0:
                        self_[(fn, ln)] += period
                    if (fn, ln) not in seen:
                        seen.add((fn, ln))
                        total[(fn, ln)] += period
                if i == 0 and sym in ('work', 'crunch') and off is not None:
                    asm[(sym, off)] += period
        expected = sorted('%s\t%d\t%d\t%d' % (fn, ln, self_[(fn, ln)], total[(fn, ln)])
                          for (fn, ln) in total)
        got = subprocess.run([cli, 'annotate', '--tsv', data, REGEX], capture_output=True,
                             text=True, check=True).stdout.splitlines()
        ok = True
        if sorted(got) != expected:
            ok = False
            print('lines differ from perf script + addr2line -i:')
            for row in sorted(set(got) | set(expected)):
                print(('  ' if row in got and row in expected else
                       '+ ' if row in got else '- ') + row)
        # Inlined code must be attributed to the inlined functions' own lines.
        if not any(r.startswith('mix\t') for r in got) or \
                not any(r.startswith('work\t') for r in got):
            ok = False
            print('no rows for the inlined mix() or its caller work():', got)
        asm_got = subprocess.run([cli, 'annotate', '--tsv', '--asm', data, '^(work|crunch)$'],
                                 capture_output=True, text=True, check=True).stdout.splitlines()
        n_insns = collections.Counter()
        for row in asm_got:
            fn, off, s, text = row.split('\t')
            n_insns[fn] += 1
            want_self = asm.pop((fn, int(off, 16)), 0)
            if int(s) != want_self:
                ok = False
                print('asm %s+%s: self %s, perf script says %d' % (fn, off, s, want_self))
        if asm:
            ok = False
            print('asm: offsets perf script has but kiln-cli did not list:', dict(asm))
        if n_insns['work'] < 10 or n_insns['crunch'] < 5:
            ok = False
            print('asm: too few instructions listed:', dict(n_insns))
        # A bad regex is a usage error with a sentence, not a crash.
        bad = subprocess.run([cli, 'annotate', '--tsv', data, '('], capture_output=True,
                             text=True)
        if bad.returncode != 2 or 'regular expression' not in bad.stderr:
            ok = False
            print('bad regex: exit %d, %r' % (bad.returncode, bad.stderr))
        print('%d samples, %d lines, %d instructions' % (len(samples), len(got), len(asm_got)))
        sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
