#!/usr/bin/env bash
# Sends every input a fuzzing run kept (BUILD/fuzz/corpus/TARGET) once
# through the ASan + UBSan targets. The long runs use a build without ASan
# (-Dfuzzing_sanitizers=undefined) because it is several times faster; an
# out-of-bounds read that did not crash there is caught here, on every input
# that reached new code.
#
#   fuzz/replay.sh ASAN_BUILD [CORPUS_BUILD] [TARGET...]
#
# ASAN_BUILD was configured with CC=clang -Dfuzzing=true (default
# sanitizers); CORPUS_BUILD (default: ASAN_BUILD) is where run.sh kept its
# corpus. Exits 1 if any input fails.
set -uo pipefail
asan=$(cd "${1:?usage: replay.sh ASAN_BUILD [CORPUS_BUILD] [TARGET...]}" && pwd)
corpus=$(cd "${2:-$1}" && pwd)
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(folded perf-script perf-data pprof sniff load decompress)
here=$(cd "$(dirname "$0")" && pwd)
fail=0
for t in "${targets[@]}"; do
  dir=$corpus/fuzz/corpus/$t
  [ -d "$dir" ] || { echo "replay: no corpus for $t in $corpus"; continue; }
  log=$asan/fuzz/replay-$t.log
  mkdir -p "$asan/fuzz/artifacts/replay-$t"
  if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
     LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0 \
     "$asan/fuzz/fuzz-$t" -runs=0 -max_len=4194304 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$asan/fuzz/artifacts/replay-$t/" "$dir" >"$log" 2>&1; then
    echo "replay: fuzz-$t ok, $(find -L "$dir" -type f | wc -l) inputs"
  else
    echo "replay: fuzz-$t FAILED, see $log:"
    grep -E 'ERROR|invariant|SUMMARY|Test unit' "$log" | head -n 5
    fail=1
  fi
done
exit $fail
