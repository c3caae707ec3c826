#!/usr/bin/env bash
# CI smoke test of the fuzz targets: every seed (the whole shared corpus, by
# format) and every regression file under tests/hostile/regressions/ goes
# once through each target, under ASan + UBSan + libFuzzer's checks. Takes
# seconds; catches a target that no longer builds or a corpus file that
# now crashes an importer. Fuzzing proper is run.sh.
#
#   fuzz/smoke.sh BUILD_DIR [CORPUS_BUILD]
#
# BUILD_DIR was configured with CC=clang -Dfuzzing=true. With CORPUS_BUILD,
# every input run.sh kept there (CORPUS_BUILD/fuzz/corpus/TARGET) goes
# through too: the long runs use a build without ASan
# (-Dfuzzing_sanitizers=undefined) because it is several times faster, and
# an out-of-bounds read that did not crash there is caught here, on every
# input that reached new code.
set -uo pipefail
build=$(cd "${1:?usage: smoke.sh BUILD_DIR [CORPUS_BUILD]}" && pwd)
kept=
[ -n "${2:-}" ] && { kept=$(cd "$2" && pwd) || exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
"$here/make-seeds.sh" "$build" >/dev/null || exit 1
regressions=$here/../tests/hostile/regressions
fail=0
for t in folded perf-script perf-data pprof sniff load decompress capture-records unwind dwarf; do
  dirs=("$build/fuzz/seeds/$t")
  # Regression files go to the target of their importer, and to load.
  [ -d "$regressions/$t" ] && dirs+=("$regressions/$t")
  if [ "$t" = load ]; then
    for d in "$regressions"/*/; do dirs+=("$d"); done
  fi
  [ -n "$kept" ] && [ -d "$kept/fuzz/corpus/$t" ] && dirs+=("$kept/fuzz/corpus/$t")
  log=$build/fuzz/smoke-$t.log
  if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
     LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0 \
     "$build/fuzz/fuzz-$t" -runs=0 -max_len=4194304 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$build/fuzz/smoke-$t-" \
       "${dirs[@]}" >"$log" 2>&1; then
    echo "smoke: fuzz-$t ok ($(grep -oE 'corp: [0-9]+' "$log" | head -n 1))"
  else
    echo "smoke: fuzz-$t FAILED, see $log:"
    grep -E 'ERROR|invariant|SUMMARY|Test unit' "$log" | head -n 5
    fail=1
  fi
done
exit $fail
