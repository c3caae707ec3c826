#!/usr/bin/env python3
"""kiln-cli peek --tsv and the filter options against `go tool pprof -peek`.

For each pprof file of the corpus: the callers and callees of every function
(regex '.'), unfiltered and under each of --focus, --ignore, --hide, --show,
--show-from and --prune-from (the regex naming the file's second costliest
function), must be the same edges with the same values as pprof prints.
pprof is run at test time; without `go` the test is skipped (exit 77).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

cli = os.environ["KILN_CLI"]
corpus = os.environ["KILN_CORPUS"]
go = shutil.which("go")
if not go:
    print("go is not installed: no go tool pprof to compare with")
    sys.exit(77)

home = tempfile.mkdtemp(prefix="kiln-peek-")
env = dict(os.environ, HOME=home, PPROF_TMPDIR=home, GOTOOLCHAIN="local",
           GOCACHE=os.path.join(home, "gocache"))
UNSYMBOLIZED = re.compile(r"^0x[0-9a-f]+$|\+0x[0-9a-f]+$")
NUM = re.compile(r"^(-?[0-9.e+]+)([a-zA-Zµ]*)$")


def kiln(*args):
    r = subprocess.run([cli, *args], capture_output=True, text=True, errors="replace")
    if r.returncode != 0:
        raise RuntimeError("kiln-cli %s: %s" % (" ".join(args), r.stderr))
    return r.stdout


def default_type(path):
    """(name, unit) of kiln's default sample type."""
    for line in kiln("info", path).splitlines():
        m = re.search(r"(\S+)/(\S+)(?: \[default\])?\s+total", line)
        if m and "[default]" in line:
            return m.group(1), m.group(2)
    m = re.search(r"(\S+)/(\S+)\s+total", kiln("info", path))
    return m.group(1), m.group(2)


def value(text):
    m = NUM.match(text)
    assert m, text
    v = float(m.group(1))
    return int(v) if v == int(v) else v


def pprof_peek(path, tname, unit, extra):
    argv = [go, "tool", "pprof", "-symbolize=none", "-peek=.", "-nodecount=0",
            "-nodefraction=0", "-edgefraction=0", "-sample_index=" + tname,
            "-unit=" + unit, *extra, path]
    r = subprocess.run(argv, capture_output=True, text=True, errors="replace", env=env)
    edges = set()
    if r.returncode != 0 and "no matches found" in r.stderr:
        return edges  # the filter left nothing: Kiln must print no edge either
    if r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(argv), r.stderr))
    block = []
    body = False
    for line in r.stdout.splitlines() + ["-----"]:
        if line.startswith("-----"):
            fn = [b for b in block if b[0] == "fn"]
            if fn:
                name = fn[0][1]
                seen_fn = False
                for kind, other, v in block:
                    if kind == "fn":
                        seen_fn = True
                    elif other != name:
                        edges.add((name, "callee" if seen_fn else "caller", other, v))
            block = []
            continue
        if "|" not in line or "calls%" in line:
            continue
        left, right = line.split("|", 1)
        right = right.rstrip()
        for note in (" (inline)", " (partial-inline)"):
            if right.endswith(note):
                right = right[: -len(note)]
        cols = left.split()
        if right.startswith("   "):
            block.append(("edge", right.strip(), value(cols[0])))
        else:
            block.append(("fn", right.strip(), None))
    return edges


def kiln_peek(path, extra):
    edges = set()
    for line in kiln("peek", "--tsv", *extra, path, ".").splitlines():
        fn, kind, other, v = line.split("\t")
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]+(e[-+]?[0-9]+)?)?", v), line
        edges.add((fn, kind, other, value(v)))
    return edges


def files():
    out = []
    for root, _, names in os.walk(os.path.join(corpus, "pprof")):
        for n in names:
            if n.endswith((".pb.gz", ".pprof", ".pb")):
                out.append(os.path.join(root, n))
    return sorted(out)


failures = 0
checked = 0
files_checked = 0
for path in files():
    try:
        kiln("info", path)
    except RuntimeError:
        continue  # files Kiln refuses (hostile or not pprof) have their own tests
    tname, unit = default_type(path)
    top = [l.split()[-1] for l in kiln("top", "--cum", "-n", "3", path).splitlines()[3:]]
    pick = "^" + re.escape(top[1] if len(top) > 1 else top[0]) + "$" if top else "x"
    try:
        base = pprof_peek(path, tname, unit, [])
    except RuntimeError:
        continue  # pprof refuses it (malformed): nothing to compare with
    if any("\ufffd" in e[0] or "\ufffd" in e[2] for e in base):
        continue  # names that are not UTF-8: Kiln shows them escaped, by design
    if not base or any(UNSYMBOLIZED.search(e[0]) for e in kiln_peek(path, [])):
        # Unsymbolized (addresses only): pprof names such frames by their
        # mapping ("[libc.so]") or lists none, Kiln by module+offset.
        continue
    cases = [([], [])]
    for opt in ("focus", "ignore", "hide", "show", "show_from", "prune_from"):
        # pprof's prune_from matches names with their "(…)" argument list
        # cut off, so "(anonymous)" is a name it cannot match: not a pick.
        if opt == "prune_from" and "(" in pick:
            continue
        cases.append((["--" + opt.replace("_", "-"), pick], ["-%s=%s" % (opt, pick)]))
    files_checked += 1
    for kargs, pargs in cases:
        want = pprof_peek(path, tname, unit, pargs)
        got = kiln_peek(path, kargs)
        checked += 1
        if want != got:
            failures += 1
            print("FAIL %s %s: %d edges only in pprof %s, %d only in kiln %s" % (
                os.path.relpath(path, corpus), " ".join(kargs), len(want - got),
                sorted(want - got)[:3], len(got - want), sorted(got - want)[:3]))
shutil.rmtree(home, ignore_errors=True)
print("%d files, %d peeks compared, %d differ" % (files_checked, checked, failures))
sys.exit(1 if failures or not checked else 0)
