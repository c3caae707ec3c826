#!/bin/sh
# perf-bench.sh — Kiln's native perf.data reader against perf report.
#
# Builds a small C program with frame pointers (bench/perf-bench-workload.c),
# records it once (cached) with
#   perf record -g -F 20000 -o FILE ./workload SECONDS
# (about 1.35M samples, ~95 MB for 68 s of CPU time), then times
#   kiln-cli export --to folded -o /dev/null FILE
# against
#   perf report -g caller --stdio -i FILE
# with /usr/bin/time -v, and prints wall time, CPU time and peak RSS of both
# and their ratios. Targets (issue 5): Kiln <= 0.5x perf's time and <= 0.5x
# its peak memory.
#
# Usage: bench/perf-bench.sh [BUILD_DIR] [SECONDS]
# perf_event_open must be allowed (kernel.perf_event_paranoid <= 2 for your
# own processes). The machine is shared: read the CPU time ratio when the
# load average is high.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
seconds=${2:-68}
cli=$build/src/cli/kiln-cli
work=$build/bench-perf
mkdir -p "$work"

if [ ! -x "$cli" ]; then
    echo "perf-bench: $cli not found; build first (meson compile -C $build)" >&2
    exit 1
fi
for tool in perf /usr/bin/time cc; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "perf-bench: $tool is needed (Debian: linux-perf, time, gcc)" >&2
        exit 1
    fi
done

prog=$work/perf-bench-workload
if [ ! -x "$prog" ] || [ "$src/bench/perf-bench-workload.c" -nt "$prog" ]; then
    cc -O0 -g -fno-omit-frame-pointer -o "$prog" "$src/bench/perf-bench-workload.c"
fi
file=$work/bench-$seconds.data
if [ ! -s "$file" ]; then
    echo "recording $file ($seconds s at 20 kHz) ..."
    if ! perf record -q -g -F 20000 -o "$file.tmp" "$prog" "$seconds" >/dev/null 2>"$work/record.err"; then
        echo "perf-bench: perf record failed (is perf_event_open allowed?):" >&2
        cat "$work/record.err" >&2
        rm -f "$file.tmp"
        exit 1
    fi
    mv "$file.tmp" "$file"
fi

measure() { # name, then the command; prints "wall cpu rss_kb"
    name=$1
    shift
    /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
        echo "perf-bench: $name failed:" >&2
        cat "$work/$name.err" >&2
        exit 1
    }
    awk -F': ' '
        /Elapsed \(wall clock\)/ {
            n = split($2, t, ":"); w = 0
            for (i = 1; i <= n; i++) w = w * 60 + t[i]
        }
        /User time/ { u = $2 }
        /System time/ { s = $2 }
        /Maximum resident/ { r = $2 }
        END { printf "%.2f %.2f %d\n", w, u + s, r }' "$work/$name.time"
}

samples=$("$cli" info --no-symbols "$file" | awk '/^Samples:/ { gsub(",", "", $2); print $2 }')
size=$(du -m "$file" | cut -f1)
echo "file: $file ($size MB, $samples samples)"
# Warm the page cache so both read the file from memory.
cat "$file" >/dev/null

set -- $(measure kiln "$cli" export --to folded -o /dev/null "$file")
kw=$1 kc=$2 kr=$3
set -- $(measure perf perf report -g caller --stdio -i "$file")
pw=$1 pc=$2 pr=$3

printf '%-12s %10s %10s %12s\n' "" "wall s" "cpu s" "peak RSS MB"
printf '%-12s %10s %10s %12d\n' kiln "$kw" "$kc" $((kr / 1024))
printf '%-12s %10s %10s %12d\n' "perf report" "$pw" "$pc" $((pr / 1024))
awk -v kw="$kw" -v pw="$pw" -v kc="$kc" -v pc="$pc" -v kr="$kr" -v pr="$pr" 'BEGIN {
    printf "time ratio (kiln/perf): wall %.3f, cpu %.3f (target <= 0.5)\n", kw / pw, kc / pc
    printf "memory ratio (kiln/perf): %.3f (target <= 0.5)\n", kr / pr
}'
