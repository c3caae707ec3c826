#!/usr/bin/env python3
"""kiln-cli tree, peek's text, merging several files and the filter options'
bad usage, on a corpus profile whose numbers are known (pprof's driver test
profile "cpu": samples 1000 ms line1000<line2001<line3002..., see its
.raw.txt next to it)."""
import os
import subprocess
import sys

cli = os.environ["KILN_CLI"]
cpu = os.path.join(os.environ["KILN_CORPUS"],
                   "pprof/google-pprof/driver-synthetic/cpu.symbolized.pb.gz")
failures = 0


def run(*args, rc=0):
    r = subprocess.run([cli, *args], capture_output=True, text=True)
    if r.returncode != rc:
        raise AssertionError("kiln-cli %s: exit %d, expected %d: %s" % (
            " ".join(args), r.returncode, rc, r.stderr))
    return r.stdout, r.stderr


def check(name, got, want):
    global failures
    if got != want:
        failures += 1
        print("FAIL %s\n--- got\n%s--- want\n%s" % (name, got, want))
    else:
        print("ok %s" % name)


check("tree", run("tree", cpu)[0], """\
 100.00%       1.12 s         0 ns  all
 100.00%       1.12 s         0 ns    line3000
  99.11%       1.11 s         0 ns      line3001
  90.18%       1.01 s     10.00 ms        line3002
  89.29%       1.00 s         0 ns          line2000
  89.29%       1.00 s         0 ns            line2001
  89.29%       1.00 s       1.00 s              line1000
   8.93%    100.00 ms    100.00 ms        line1000
   0.89%     10.00 ms         0 ns      line3002
   0.89%     10.00 ms         0 ns        line2000
   0.89%     10.00 ms     10.00 ms          line2001
""")
check("tree --depth 2 --min-percent 5", run("tree", cpu, "--depth", "2", "--min-percent", "5")[0],
      """\
 100.00%       1.12 s         0 ns  all
 100.00%       1.12 s         0 ns    line3000
  99.11%       1.11 s         0 ns      line3001
""")
check("tree --invert --depth 1", run("tree", cpu, "--invert", "--depth", "1")[0], """\
 100.00%       1.12 s         0 ns  all
  98.21%       1.10 s         0 ns    line1000
   0.89%     10.00 ms         0 ns    line2001
   0.89%     10.00 ms         0 ns    line3002
""")
check("peek --tsv", run("peek", "--tsv", cpu, "line1000|line3001")[0], """\
line1000\tcaller\tline2001\t1000
line1000\tcaller\tline3001\t100
line3001\tcaller\tline3000\t1110
line3001\tcallee\tline3002\t1010
line3001\tcallee\tline1000\t100
""")
check("peek --tsv --hide", run("peek", "--tsv", "--hide", "line3002", cpu, "line3001")[0], """\
line3001\tcaller\tline3000\t1110
line3001\tcallee\tline2000\t1000
line3001\tcallee\tline1000\t100
""")
check("peek text", run("peek", cpu, "line1000")[0], """\
Type: cpu (milliseconds), total 1.12 s
        self   self%        total  total%   callers above, callees below
-----------------------------------------------+-------------
                                1.00 s  90.91% |   line2001
                             100.00 ms   9.09% |   line3001
      1.10 s  98.21%       1.10 s  98.21%      | line1000
-----------------------------------------------+-------------
""")
# Several files are one profile: each value twice.
check("peek of a merge", run("peek", "--tsv", cpu, cpu, "line1000")[0],
      "line1000\tcaller\tline2001\t2000\nline1000\tcaller\tline3001\t200\n")
info = run("info", cpu, cpu)[0]
check("info of a merge", [l for l in info.splitlines() if "cpu/" in l],
      ["                cpu/milliseconds [default]  total 2.24 s"])
top = run("top", cpu, cpu, "--focus", "line2001", "-n", "1")[0].splitlines()
check("top of a merge, focused", top[1], "Showing 1 of 6 functions, total 2.02 s")
folded = run("export", cpu, cpu, "--to", "folded", "--ignore", "line2001", "-o", "-")[0]
check("export of a merge, ignored", folded,
      "line3000;line3001_[i];line1000 200\nline3000;line3001_[i];line3002_[i] 20\n")

# Bad usage says why and exits 2; a thread set on a profile without threads fails.
for args in (["--focus", "("], ["--thread", "x"], ["--thread", ""]):
    err = run("top", cpu, *args, rc=2)[1]
    check("bad %s" % " ".join(args), err.startswith("kiln-cli: "), True)
err = run("top", cpu, "--thread", "1", rc=1)[1]
check("--thread of no sample", "belongs to thread 1" in err, True)
check("peek without REGEX", run("peek", cpu, rc=2)[1],
      "kiln-cli peek: expected a FILE and a REGEX\n")
check("tree --depth -1", run("tree", cpu, "--depth", "-1", rc=2)[1],
      "kiln-cli tree: --depth must be 0 (all) or more, not -1\n")
sys.exit(1 if failures else 0)
