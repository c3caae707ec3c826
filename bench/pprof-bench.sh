#!/bin/sh
# pprof-bench.sh — Kiln's pprof reader against Go's pprof on one large file.
#
# Generates (once, cached) a ~30 MB gzip pprof CPU profile with 300k samples
# whose call tree has ~13M nodes (bench/pprof-gen.c), then times
#   kiln-cli export --to folded -o /dev/null FILE
# against
#   go tool pprof -top FILE
# with /usr/bin/time -v, and prints wall time, CPU time and peak RSS of both
# and their ratios. Targets (issue 4): Kiln >= 15x faster, <= 1/3 the memory.
#
# Usage: bench/pprof-bench.sh [BUILD_DIR] [SAMPLES SUFFIX LOCATIONS]
# The machine is shared: run it when nothing else is busy, and read the CPU
# time ratio when the load average is high.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
samples=${2:-300000}
suffix=${3:-44}
locations=${4:-20000}
cli=$build/src/cli/kiln-cli
work=$build/bench-pprof
mkdir -p "$work"

if [ ! -x "$cli" ]; then
    echo "pprof-bench: $cli not found; build first (meson compile -C $build)" >&2
    exit 1
fi
if ! command -v go >/dev/null 2>&1; then
    echo "pprof-bench: go is not installed (Debian: golang-go)" >&2
    exit 1
fi
if [ ! -x /usr/bin/time ]; then
    echo "pprof-bench: /usr/bin/time is needed (Debian: time)" >&2
    exit 1
fi

gen=$work/pprof-gen
if [ ! -x "$gen" ] || [ "$src/bench/pprof-gen.c" -nt "$gen" ]; then
    cc -O2 -Wall -Wextra -o "$gen" "$src/bench/pprof-gen.c" -lz
fi
file=$work/bench-$samples-$suffix-$locations.pb.gz
if [ ! -s "$file" ]; then
    echo "generating $file ..."
    "$gen" "$file" "$samples" "$suffix" "$locations"
fi

# Go needs writable caches; keep them in the build tree.
export GOCACHE="$work/gocache" GOPATH="$work/gopath" HOME="$work" GOFLAGS= GOPROXY=off

measure() { # name, then the command; prints "wall cpu rss_kb"
    name=$1
    shift
    /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
        echo "pprof-bench: $name failed:" >&2
        cat "$work/$name.err" >&2
        exit 1
    }
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
        /User time/ { u = $2 }
        /System time/ { s = $2 }
        /Maximum resident set size/ { r = $2 }
        END { printf "%.2f %.2f %d\n", w, u + s, r }' "$work/$name.time"
}

echo "file:    $file ($(du -k "$file" | cut -f1) KiB)"
"$cli" info "$file" | grep -E '^(Samples|Tree nodes):' | sed 's/^/kiln:    /'
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

set -- $(measure kiln "$cli" export --to folded -o /dev/null "$file")
k_wall=$1 k_cpu=$2 k_rss=$3
set -- $(measure go go tool pprof -top "$file")
g_wall=$1 g_cpu=$2 g_rss=$3

awk -v kw="$k_wall" -v kc="$k_cpu" -v kr="$k_rss" -v gw="$g_wall" -v gc="$g_cpu" -v gr="$g_rss" 'BEGIN {
    printf "%-34s %9s %9s %11s\n", "", "wall s", "cpu s", "peak RSS"
    printf "%-34s %9.2f %9.2f %8.0f MiB\n", "kiln-cli export --to folded", kw, kc, kr / 1024
    printf "%-34s %9.2f %9.2f %8.0f MiB\n", "go tool pprof -top", gw, gc, gr / 1024
    printf "speed: %.1fx faster (wall), %.1fx (cpu)   target >= 15x\n", gw / kw, gc / kc
    printf "memory: %.2f of Go'"'"'s peak RSS (1/%.1f)   target <= 0.33\n", kr / gr, gr / kr
}'
