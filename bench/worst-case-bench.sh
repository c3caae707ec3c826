#!/usr/bin/env bash
# worst-case-bench.sh — issue 11 item 8: the no-sharing inputs against the
# standard tools, in one run.
#
# Generates (once, into DIR, never into the repository) the no-sharing
# shape with bench/gen-worst.c: 300k stacks, depth uniform 10–80, 20k
# functions, random order, values 1–500 — ~11.6M call-tree nodes, as
# ~430 MB of folded stacks and as a ~27 MB gzip pprof of the same stacks.
# Then measures wall time and peak RSS (/usr/bin/time -f '%e %M'; best wall
# of RUNS, the largest RSS) of
#   kiln-cli export FILE --to folded -o /dev/null      (Kiln's figure)
#   wc -l FILE                                          (folded's peer)
#   go tool pprof -top FILE                             (pprof's peer)
# and prints a table with the ratios against the goals. With BEFORE_BUILD,
# that build's kiln-cli is measured in the same run, as the "before" column.
#
# usage: bench/worst-case-bench.sh BUILD [BEFORE_BUILD]
#   env: KILN_BENCH_DIR (default /tmp/kiln-worst-case), KILN_BENCH_RUNS (3)
# The machine may be shared: CPU seconds (user + sys) are printed beside
# the wall times, and the ratios of both.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: worst-case-bench.sh BUILD [BEFORE_BUILD]}" && pwd)
before=${2:+$(cd "$2" && pwd)}
dir=${KILN_BENCH_DIR:-/tmp/kiln-worst-case}
runs=${KILN_BENCH_RUNS:-3}
case "$dir/" in "$src"/*) echo "worst-case-bench: $dir is inside the repository" >&2; exit 2 ;; esac
for tool in /usr/bin/time go; do
  command -v "$tool" >/dev/null || { echo "worst-case-bench: $tool is needed" >&2; exit 1; }
done
meson compile -C "$build" kiln-cli gen-worst >/dev/null
cli=$build/src/cli/kiln-cli
mkdir -p "$dir"
folded=$dir/worst.folded
pprof=$dir/worst.pb.gz
if [ ! -s "$folded" ] || [ ! -s "$pprof" ] || [ "$src/bench/gen-worst.c" -nt "$pprof" ]; then
  echo "generating $folded and $pprof ..."
  "$build/bench/gen-worst" "$folded" "$pprof"
fi
# Go needs writable caches and no network.
export GOCACHE="$dir/gocache" GOPATH="$dir/gopath" GOFLAGS= GOPROXY=off
mkdir -p "$GOCACHE"

# measure CMD... -> "best_wall cpu_of_best max_rss_kb"
measure() {
  local tf best=1e9 cpu=0 rss=0 line
  tf=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$tf" -f '%e %M %U %S' "$@" >/dev/null 2>"$tf.err" ||
      { echo "worst-case-bench: failed: $* ($(cat "$tf.err"))" >&2; exit 1; }
    read -r line < <(tail -1 "$tf")
    read -r best cpu rss < <(python3 -c "
w, m, u, s = map(float, '$line'.split())
best, cpu, rss = $best, $cpu, $rss
print(*(w, u + s) if w < best else (best, cpu), max(rss, m))")
  done
  rm -f "$tf" "$tf.err"
  echo "$best $cpu $rss"
}

cat "$folded" "$pprof" >/dev/null # the page cache, warm for everyone alike
fsize=$(stat -c %s "$folded")
psize=$(stat -c %s "$pprof")
nodes=$("$cli" info "$folded" | awk '/^Tree nodes:/ { print $3 }')
echo "inputs: $folded $((fsize / 1000000)) MB, $pprof $((psize / 1000000)) MB gz, $nodes tree nodes"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; best wall of $runs runs"

read -r wc_w wc_c wc_m < <(measure wc -l "$folded")
read -r kf_w kf_c kf_m < <(measure "$cli" export "$folded" --to folded -o /dev/null)
read -r kp_w kp_c kp_m < <(measure "$cli" export "$pprof" --to folded -o /dev/null)
read -r go_w go_c go_m < <(measure go tool pprof -top "$pprof")
bf_w=0 bf_c=0 bf_m=0 bp_w=0 bp_c=0 bp_m=0
if [ -n "$before" ]; then
  read -r bf_w bf_c bf_m < <(measure "$before/src/cli/kiln-cli" export "$folded" --to folded -o /dev/null)
  read -r bp_w bp_c bp_m < <(measure "$before/src/cli/kiln-cli" export "$pprof" --to folded -o /dev/null)
fi

python3 - "$fsize" "$wc_w" "$wc_c" "$wc_m" "$kf_w" "$kf_c" "$kf_m" "$kp_w" "$kp_c" "$kp_m" \
  "$go_w" "$go_c" "$go_m" "$bf_w" "$bf_c" "$bf_m" "$bp_w" "$bp_c" "$bp_m" <<'PY'
import sys
v = list(map(float, sys.argv[1:]))
size = v[0]
wc, kf, kp, go, bf, bp = (v[1 + 3 * i:4 + 3 * i] for i in range(6))
def run(r):
    return f"{r[0]:6.2f} s ({r[1]:5.2f} cpu) {r[2] / 1024:5.0f} MiB"
print(f"{'':30} {'wall':>8} {'cpu s':>7} {'peak RSS':>9}")
rows = [("wc -l (folded)", wc), ("go tool pprof -top (pprof)", go)]
if bf[0]:
    rows += [("kiln before, folded", bf), ("kiln before, pprof", bp)]
rows += [("kiln, folded", kf), ("kiln, pprof", kp)]
for name, r in rows:
    print(f"{name:30} {run(r)}")
print()
def ratios(label, r):
    fw, fc, frss = r[0] / wc[0], r[1] / max(wc[1], 0.01), r[2] * 1024 / size
    pw, pc, prss = go[0] / r[0], go[1] / r[1], r[2] / go[2]
    return fw, fc, frss, pw, pc, prss
print(f"{'input':8} {'':8} {'kiln / peer (wall)':>19} {'(cpu)':>7} {'RSS ratio':>10}  goal")
for label, (k_f, k_p) in ([("before", (bf, bp))] if bf[0] else []) + [("after", (kf, kp))]:
    fw, fc, frss, *_ = ratios(label, k_f)
    _, _, _, pw, pc, prss = ratios(label, k_p)
    ok_f = "met" if fw <= 20 and frss <= 0.7 else "NOT met"
    ok_p = "met" if pw >= 15 and prss <= 0.33 else "NOT met"
    print(f"{'folded':8} {label:8} {fw:14.1f}x wc {fc:6.1f}x {frss:7.2f}x file"
          f"  <= 20x wc -l, RSS <= 0.7x file: {ok_f}")
    print(f"{'pprof':8} {label:8} {pw:11.1f}x faster {pc:6.1f}x {prss:7.2f}x go  "
          f"  >= 15x faster, RSS <= 0.33x go's: {ok_p}")
PY
