#!/usr/bin/env bash
# Folded-stack import/export benchmark (issue 2).
#
# Generates a ~400 MB folded file (300k lines, depth 10-80, 20k functions,
# skewed so hot paths repeat), sorted as stackcollapse tools write it, and
# times kiln-cli against `wc -l` on the same file (the floor: reading the
# bytes once), printing the ratios and peak memory. Also runs the render
# benchmark (ms per 1920x1080 frame of a 1M-node tree).
#
# usage: bench/folded-bench.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${KILN_BENCH_DIR:-bench/out}
mkdir -p "$out"
meson compile -C "$build" kiln-cli gen-folded render-bench >/dev/null
cli="$build/src/cli/kiln-cli"
big="$out/big.folded"
if [ ! -s "$big" ]; then
  echo "generating $big ..."
  "$build/bench/gen-folded" 300000 20000 10 80 42 > "$out/big-unsorted.folded"
  LC_ALL=C sort -S 1G "$out/big-unsorted.folded" > "$big"
fi
size=$(stat -L -c %s "$big")
echo "input: $big, $((size / 1000000)) MB, $(wc -l < "$big") lines"

# Best of N wall-clock runs, and the peak RSS of the last, via GNU time.
measure() {
  local best=999999 rss=0 t tf
  tf=$(mktemp)
  for _ in 1 2 3 4 5; do
    /usr/bin/time -o "$tf" -f "%e %M" "$@" >/dev/null 2>&1
    t=$(tail -1 "$tf")
    rss=${t#* }
    best=$(python3 -c "print(min($best, ${t% *}))")
  done
  rm -f "$tf"
  echo "$best $rss"
}

cat "$big" > /dev/null # warm the page cache for everyone alike
read -r wc_t wc_m < <(measure wc -l "$big")
read -r imp_t imp_m < <(measure "$cli" info "$big")
read -r fold_t fold_m < <(measure "$cli" export "$big" --to folded -o /dev/null)
read -r png_t png_m < <(measure "$cli" export "$big" --to png -o /dev/null)

python3 - "$size" "$wc_t" "$imp_t" "$imp_m" "$fold_t" "$fold_m" "$png_t" "$png_m" <<'PY'
import sys
size, wc, imp, imp_m, fold, fold_m, png, png_m = map(float, sys.argv[1:])
mb = size / 1e6
print(f"wc -l                          {wc:7.3f} s")
print(f"kiln-cli info (import)         {imp:7.3f} s  {mb/imp:7.0f} MB/s  peak {imp_m/1024:6.0f} MiB")
print(f"kiln-cli export --to folded    {fold:7.3f} s  {mb/fold:7.0f} MB/s  peak {fold_m/1024:6.0f} MiB")
print(f"kiln-cli export --to png       {png:7.3f} s                 peak {png_m/1024:6.0f} MiB")
print(f"ratio folded / wc -l           {fold/wc:7.2f}   (target <= 6)")
print(f"ratio peak RSS / file size     {fold_m*1024/size:7.2f}   (target <= 0.5)")
print(f"ratio png / import             {png/imp:7.2f}   (target <= 2)")
PY
"$build/bench/render-bench" 1000000 50
