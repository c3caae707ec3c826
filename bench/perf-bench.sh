#!/bin/sh
# perf-bench.sh — Kiln's native perf.data reader against perf report and
# hotspot-perfparser (issue 11 item 8, perf.data row).
#
# Builds a small C program with frame pointers (bench/perf-bench-workload.c),
# records it once (cached) with
#   perf record -g -F 20000 -o FILE ./workload SECONDS
# (about 1.35M samples, ~100-130 MB for 68 s of CPU time), then times, in
# the same run and from a warm page cache,
#   kiln-cli export FILE --to folded -o /dev/null
#   perf report -i FILE --stdio -g caller > /dev/null
#   hotspot-perfparser --input FILE --output /dev/null
# with /usr/bin/time -v and prints wall time, CPU time and peak RSS of each,
# and Kiln's ratios to the others. Goals: Kiln <= 0.5x perf report in time
# and memory; faster than hotspot-perfparser and no more memory.
# Given BEFORE_BUILD (a build dir, or a kiln-cli binary, of older code),
# that kiln-cli is measured too, as "kiln before".
#
# Usage: bench/perf-bench.sh [BUILD_DIR] [SECONDS] [BEFORE_BUILD]
# perf_event_open must be allowed (kernel.perf_event_paranoid <= 2 for your
# own processes); hotspot-perfparser comes with Debian's `hotspot` package
# and is skipped when missing. The machine is shared: read the CPU time
# ratio when the load average is high.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
seconds=${2:-68}
before=${3:-}
cli=$build/src/cli/kiln-cli
if [ -n "$before" ] && [ -d "$before" ]; then
    before=$before/src/cli/kiln-cli
fi
parser=/usr/lib/x86_64-linux-gnu/libexec/hotspot-perfparser
[ -x "$parser" ] || parser=$(command -v hotspot-perfparser || true)
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

row() { # label, then "wall cpu rss_kb"
    printf '%-20s %10s %10s %12d\n' "$1" "$2" "$3" $(($4 / 1024))
}
printf '%-20s %10s %10s %12s\n' "" "wall s" "cpu s" "peak RSS MB"
set -- $(measure kiln "$cli" export "$file" --to folded -o /dev/null)
kw=$1 kc=$2 kr=$3
row kiln "$kw" "$kc" "$kr"
if [ -n "$before" ]; then
    set -- $(measure before "$before" export "$file" --to folded -o /dev/null)
    row "kiln before" "$1" "$2" "$3"
fi
set -- $(measure perf perf report -i "$file" --stdio -g caller)
pw=$1 pc=$2 pr=$3
row "perf report" "$pw" "$pc" "$pr"
hw=0 hc=0 hr=0
if [ -n "$parser" ]; then
    set -- $(measure hotspot "$parser" --input "$file" --output /dev/null)
    hw=$1 hc=$2 hr=$3
    row hotspot-perfparser "$hw" "$hc" "$hr"
else
    echo "(hotspot-perfparser not installed: apt-get install hotspot)"
fi
awk -v kw="$kw" -v pw="$pw" -v kc="$kc" -v pc="$pc" -v kr="$kr" -v pr="$pr" \
    -v hw="$hw" -v hc="$hc" -v hr="$hr" 'BEGIN {
    printf "kiln / perf report: wall %.3f, cpu %.3f, memory %.3f (goal <= 0.5)\n",
        kw / pw, kc / pc, kr / pr
    if (hw > 0)
        printf "kiln / hotspot-perfparser: wall %.3f, cpu %.3f, memory %.3f (goal < 1, <= 1)\n",
            kw / hw, kc / hc, kr / hr
}'
