#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time, one at a time, and keeps a
# running total of executions per target across runs.
#
#   fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]
#
# BUILD_DIR was configured with CC=clang -Dfuzzing=true; SECONDS defaults to
# 60; TARGETs default to all (folded perf-script perf-data pprof sniff load
# decompress). Environment:
#   KILN_FUZZ_RUNS=N        also stop a target after N executions
#   KILN_FUZZ_DEADLINE=T    never run past this time (anything `date -d`
#                           reads, e.g. 07:40); a target's slice is cut short
#   KILN_FUZZ_MAX_LEN=B     largest input tried (default 65536)
#   KILN_FUZZ_KEEP_GOING=1  fork mode (-fork=1 -ignore_crashes=1): record each
#                           crash and carry on, so that one known, not yet
#                           fixed bug does not stop the target at its seeds
#
# New coverage goes to BUILD/fuzz/corpus/TARGET (seeds, read only, come from
# BUILD/fuzz/seeds/TARGET, made by make-seeds.sh on first use); crashes go
# to BUILD/fuzz/artifacts/TARGET/; each run appends one line to
# BUILD/fuzz/totals.tsv (time, target, seconds, executions, result, commit)
# and the script prints the totals, for this commit and overall. Exits 1
# if any target found something.
set -uo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR [SECONDS] [TARGET...]}" && pwd)
secs=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(folded perf-script perf-data pprof sniff load decompress unwind)
here=$(cd "$(dirname "$0")" && pwd)
top=$build/fuzz
[ -d "$top/seeds" ] || "$here/make-seeds.sh" "$build" >/dev/null

deadline=
if [ -n "${KILN_FUZZ_DEADLINE:-}" ]; then
  deadline=$(date -d "$KILN_FUZZ_DEADLINE" +%s) || exit 2
fi

# The commit the targets were built from (assumed: the checkout's), so that
# totals can be added up per version of the code; "+" marks local changes.
commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$here" diff --quiet HEAD -- 2>/dev/null || commit=$commit+

found=0
for t in "${targets[@]}"; do
  bin=$top/fuzz-$t
  [ -x "$bin" ] || { echo "run.sh: no $bin (build with -Dfuzzing=true)" >&2; exit 2; }
  budget=$secs
  if [ -n "$deadline" ]; then
    left=$(( deadline - $(date +%s) ))
    [ "$left" -lt "$budget" ] && budget=$left
    [ "$budget" -le 5 ] && { echo "run.sh: deadline reached, skipping $t"; continue; }
  fi
  mkdir -p "$top/corpus/$t" "$top/artifacts/$t" "$top/logs" "$top/seeds/$t"
  log=$top/logs/$t-$(date -u +%Y%m%dT%H%M%S).log
  args=(-max_total_time="$budget" -timeout=10 -rss_limit_mb=2048
        -max_len="${KILN_FUZZ_MAX_LEN:-65536}" -print_final_stats=1
        -artifact_prefix="$top/artifacts/$t/")
  [ -n "${KILN_FUZZ_RUNS:-}" ] && args+=(-runs="$KILN_FUZZ_RUNS")
  [ -n "${KILN_FUZZ_KEEP_GOING:-}" ] && args+=(-fork=1 -ignore_crashes=1)
  [ -f "$here/$t.dict" ] && args+=(-dict="$here/$t.dict")
  # Low priority: the machine is shared and the fuzzer only needs leftovers.
  # Glib's one-time allocations are not leaks worth stopping for.
  t0=$(date +%s)
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0 \
    nice -n 15 "$bin" "${args[@]}" "$top/corpus/$t" "$top/seeds/$t" >"$log" 2>&1
  rc=$?
  ran=$(( $(date +%s) - t0 ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
  result=ok
  # Fork mode exits 0 and counts crashes in its status lines instead.
  crashes=$(grep -oE 'oom/timeout/crash: [0-9]+/[0-9]+/[0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
  if [ $rc -ne 0 ] || { [ -n "$crashes" ] && [ "$crashes" != 0/0/0 ]; }; then
    result="FOUND rc=$rc ${crashes:+oom/timeout/crash=$crashes }$(grep -m1 -oE 'Test unit written to .*' "$log" || true)"
    found=1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$ran" "${execs:-0}" "$result" \
    "$commit" >> "$top/totals.tsv"
  printf 'run.sh: %-12s %4ss  %12s execs  %s\n' "$t" "$ran" "${execs:-0}" "$result"
done

# Sums totals.tsv per target, over the runs of commit $1 (all runs if empty).
totals() {
  awk -F'\t' -v c="$1" 'c == "" || $6 == c { n[$2] += $4; s[$2] += $3; if ($5 !~ /^ok/) bad[$2]++ }
    END { for (t in n) printf "  %-12s %12d execs  %7d s  %s\n", t, n[t], s[t],
          bad[t] ? bad[t] " finding(s)" : "no findings" }' "$top/totals.tsv" | sort
}
echo "Executions per target at $commit:"
totals "$commit"
echo "Executions per target, all runs so far ($top/totals.tsv):"
totals ""
exit $found
