#!/bin/sh
# dwarf-bench.sh — Kiln's DWARF unwinding against hotspot-perfparser's on
# the same perf.data (issue 14, speed).
#
# Builds tests/unwind/qsort-heavy.c with -O2 -g -fomit-frame-pointer,
# records it once (cached) with
#   perf record --call-graph dwarf -F 4000 -o FILE ./qsort-heavy ROUNDS
# then times, in the same run and from a warm page cache,
#   kiln-cli export FILE --to folded -o /dev/null
#   hotspot-perfparser --input FILE --output /dev/null
# with /usr/bin/time and prints wall time, CPU time and peak RSS of each
# and Kiln's CPU-time ratio. Goal: Kiln no slower than hotspot-perfparser.
#
# Usage: bench/dwarf-bench.sh [BUILD_DIR] [ROUNDS]
# The machine is shared: read the CPU times when the load is high.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
rounds=${2:-2000}
cli=$build/src/cli/kiln-cli
parser=/usr/lib/x86_64-linux-gnu/libexec/hotspot-perfparser
[ -x "$parser" ] || parser=$(command -v hotspot-perfparser || true)
work=$build/bench-dwarf
mkdir -p "$work"
[ -x "$cli" ] || { echo "dwarf-bench: build first (meson compile -C $build)" >&2; exit 1; }

data=$work/qsort-$rounds.data
if [ ! -s "$data" ]; then
    cc -O2 -g -fomit-frame-pointer -o "$work/qsort-heavy" "$src/tests/unwind/qsort-heavy.c"
    perf record -q --call-graph dwarf -F 4000 -o "$data" -- "$work/qsort-heavy" "$rounds" \
        > /dev/null
fi
echo "file: $data ($(du -h "$data" | cut -f1))"

measure() { # name, command...
    name=$1
    shift
    cat "$data" > /dev/null
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > /dev/null 2>&1 || true
    read -r wall user sys rss < "$work/time"
    cpu=$(echo "$user + $sys" | bc)
    printf '%-20s wall %6.2f s  cpu %6.2f s  rss %7d kB\n' "$name" "$wall" "$cpu" "$rss"
    eval "cpu_$name=$cpu"
}
measure kiln "$cli" export "$data" --to folded -o /dev/null
if [ -n "$parser" ]; then
    measure perfparser "$parser" --input "$data" --output /dev/null
    echo "kiln / perfparser cpu: $(echo "scale=2; $cpu_kiln / $cpu_perfparser" | bc)"
fi
