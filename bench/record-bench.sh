#!/usr/bin/env bash
# record-bench.sh — live recording overhead (issue 16): a CPU-bound
# program with a fixed amount of work, run bare, under
# `perf record -F 999 -g` and under `kiln-cli record -F 999` (frame
# pointers), interleaved in the same run, ROUNDS times each. Prints the
# median wall time of each, the slowdown against the bare run, and the
# sample counts (Kiln's from its own line, and both files counted by
# `perf script`, the same reader for both). The program also reports its
# own wall and CPU time from main to exit, which leaves out the
# profilers' start-up and saving.
#
# usage: bench/record-bench.sh [BUILD_DIR] [ROUNDS]   (default: build 5)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rounds=${2:-5}
out=${KILN_BENCH_DIR:-bench/out}/record
mkdir -p "$out"
meson compile -C "$build" kiln-cli >/dev/null
cli=$(realpath "$build/src/cli/kiln-cli")

# Fixed work, not a CPU-time budget: a slower run under a profiler shows.
cat > "$out/work.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double secs(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static volatile unsigned long sink;
__attribute__((noinline)) static unsigned long leaf(unsigned long n)
{
    unsigned long x = n;
    for (unsigned long i = 0; i < n; i++)
        x += (i * i) ^ (x >> 3);
    return x;
}
__attribute__((noinline)) static unsigned long mid(unsigned long n) { return leaf(n) + leaf(n / 3); }
int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 3000;
    double w0 = secs(CLOCK_MONOTONIC);
    for (long r = 0; r < rounds; r++)
        sink += mid(200000 + (sink & 1));
    /* Its own time, from main to the end: a profiler's start-up and
     * saving are not the program running slower. */
    fprintf(stderr, "work %.4f %.4f\n", secs(CLOCK_MONOTONIC) - w0,
            secs(CLOCK_PROCESS_CPUTIME_ID));
    printf("%lu\n", sink);
    return 0;
}
C
gcc -O1 -fno-omit-frame-pointer -o "$out/work" "$out/work.c"
iters=${KILN_BENCH_ITERS:-6000}

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > "$out/bare.t"; : > "$out/perf.t"; : > "$out/kiln.t"; : > "$out/perf.n"; : > "$out/kiln.n"
: > "$out/perf.s"; : > "$out/kiln.s"; : > "$out/bare.w"; : > "$out/perf.w"; : > "$out/kiln.w"
for r in $(seq "$rounds"); do
  t0=$(now); "$out/work" "$iters" >/dev/null 2>>"$out/bare.w"; t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$out/bare.t"

  t0=$(now)
  perf record -q -F 999 -g -o "$out/perf.data" -- "$out/work" "$iters" >/dev/null 2>>"$out/perf.w"
  t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$out/perf.t"
  # perf report rounds its "# Samples: 1K": count perf script's lines.
  perf script -i "$out/perf.data" 2>/dev/null | grep -c 'cpu-clock\|cycles' >> "$out/perf.s"
  tail -n 1 "$out/perf.s" >> "$out/perf.n"

  t0=$(now)
  line=$("$cli" record -F 999 -o "$out/kiln.data" -- "$out/work" "$iters" 2>>"$out/kiln.w" |
         grep '^Wrote ')
  t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$out/kiln.t"
  echo "$line" | sed -n 's/^Wrote [^:]*: \([0-9]*\) samples.*/\1/p' >> "$out/kiln.n"
  perf script -i "$out/kiln.data" 2>/dev/null | grep -c 'cpu-clock\|cycles' >> "$out/kiln.s"
  echo "round $r: bare $(tail -n1 "$out/bare.t")s perf $(tail -n1 "$out/perf.t")s" \
       "($(tail -n1 "$out/perf.n") samples) kiln $(tail -n1 "$out/kiln.t")s" \
       "($(tail -n1 "$out/kiln.n") samples, $line)"
done
bare=$(median < "$out/bare.t"); perf_t=$(median < "$out/perf.t"); kiln_t=$(median < "$out/kiln.t")
perf_n=$(median < "$out/perf.n"); kiln_n=$(median < "$out/kiln.n")
perf_s=$(median < "$out/perf.s"); kiln_s=$(median < "$out/kiln.s")
printf '\nmedian of %d rounds (%s iterations):\n' "$rounds" "$iters"
printf '  bare              %.3f s\n' "$bare"
printf '  perf record -g    %.3f s (%+.1f%%)  %s samples (perf script: %s)\n' "$perf_t" \
  "$(echo "($perf_t / $bare - 1) * 100" | bc -l)" "$perf_n" "$perf_s"
printf '  kiln-cli record   %.3f s (%+.1f%%)  %s samples (perf script: %s)\n' "$kiln_t" \
  "$(echo "($kiln_t / $bare - 1) * 100" | bc -l)" "$kiln_n" "$kiln_s"
# The program's own wall and CPU seconds (main to exit), median.
own() { grep '^work ' "$out/$1.w" | awk -v f="$2" '{print $f}' | median; }
for v in bare perf kiln; do
  printf '  %-5s program itself: wall %.3f s, cpu %.3f s\n' "$v" "$(own $v 2)" "$(own $v 3)"
done
printf '  kiln / perf: program wall %.3f, program cpu %.3f\n' \
  "$(echo "$(own kiln 2) / $(own perf 2)" | bc -l)" "$(echo "$(own kiln 3) / $(own perf 3)" | bc -l)"
printf '  kiln / perf: time %.3f, samples %.3f\n' "$(echo "$kiln_t / $perf_t" | bc -l)" \
  "$(echo "$kiln_n / $perf_n" | bc -l)"
