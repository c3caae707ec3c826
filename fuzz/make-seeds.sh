#!/usr/bin/env bash
# Builds the libFuzzer seed corpora from the shared test corpus, one folder
# per target under BUILD/fuzz/seeds/ (never committed: the corpus is not
# ours to copy into the repository).
#
#   fuzz/make-seeds.sh BUILD_DIR [CORPUS_DIR]
#
# CORPUS_DIR defaults to $KILN_CORPUS, then ../shared/corpus. Files are
# picked by the format column of MANIFEST.tsv, so every input a real tool
# wrote seeds the importer that reads it; expected outputs that are folded
# stacks seed the folded target too.
set -euo pipefail
build=${1:?usage: make-seeds.sh BUILD_DIR [CORPUS_DIR]}
src_root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${2:-${KILN_CORPUS:-$src_root/../shared/corpus}}
manifest=$corpus/MANIFEST.tsv
[ -f "$manifest" ] || { echo "make-seeds: no $manifest" >&2; exit 1; }

seeds=$build/fuzz/seeds
rm -rf "$seeds"
for t in folded perf-script perf-data pprof sniff load decompress capture-records unwind dwarf; do
  mkdir -p "$seeds/$t"
done

# The unwinder's seeds: the fuzz binary mapped where PIE puts it, the
# sampled IP at a function of its own, a stack holding return addresses
# into it (fuzz-unwind.c describes the layout).
if [ -x "$build/fuzz/fuzz-unwind" ]; then
  python3 - "$build/fuzz/fuzz-unwind" "$seeds/unwind" <<'PY'
import struct, subprocess, sys
exe, out = sys.argv[1], sys.argv[2]
syms = {}
for line in subprocess.run(["nm", exe], capture_output=True, text=True).stdout.splitlines():
    f = line.split()
    if len(f) == 3 and f[1] in "tT":
        syms[f[2]] = int(f[0], 16)
base, libc = 0x555555554000, 0x7ffff7c00000
for i, name in enumerate(["LLVMFuzzerTestOneInput", "main", "kiln_perf_unwind_sample"]):
    if name not in syms:
        continue
    regs = [0] * 24
    regs[7], regs[8] = 0x7ffffffde000, base + syms[name] + 4  # SP, IP
    head = struct.pack("<6Q", base, 64 << 20, 0, libc, 2 << 20, 0)
    head += struct.pack("<Q", 0xff0fff) + struct.pack("<24Q", *regs)
    stack = b"".join(struct.pack("<Q", base + v + 5) for v in list(syms.values())[:256])
    open(f"{out}/seed-{i}", "wb").write(head + stack)
PY
fi

# Seeds larger than this only slow the fuzzer down (it truncates to
# -max_len anyway); the big perf.data files still seed their first MiB.
max_seed=$((4 << 20))

n=0
while IFS=$'\t' read -r path format bytes _rest; do
  [ "$path" = path ] && continue
  f=$corpus/$path
  [ -f "$f" ] || continue
  [ "$bytes" -le "$max_seed" ] 2>/dev/null || continue
  # Flat, unique names: the path with '/' turned into '__'.
  name=${path//\//__}
  targets=()
  case $format in
    folded*)              targets=(folded) ;;
    perf-script*)         targets=(perf-script) ;;
    perf.data*)           targets=(perf-data) ;;
    pprof*)               targets=(pprof) ;;
    garbage.gz|unknown-format) targets=(load) ;;
  esac
  # Generated perf script dumps of perf.data files are perf script text.
  case $path in
    *.perf-script.txt) targets=(perf-script) ;;
  esac
  [ ${#targets[@]} -eq 0 ] && continue
  # Inputs (not expected outputs) also seed sniffing and the full loader.
  case $format in
    *expected*) ;;
    *) targets+=(sniff load) ;;
  esac
  case $path in
    *.gz) targets+=(decompress) ;;
  esac
  for t in "${targets[@]}"; do
    cp "$f" "$seeds/$t/$name"
  done
  n=$((n + 1))
done < "$manifest"

# capture-records: the data sections of the perf.data seeds, as a ring
# holding them from offset 0 (u32 tail 0, u32 length, the bytes).
python3 - "$seeds" <<'PY'
import os, struct, sys
seeds = sys.argv[1]
for name in sorted(os.listdir(seeds + '/perf-data'))[:12]:
    b = open(seeds + '/perf-data/' + name, 'rb').read()
    if len(b) < 104 or b[:8] != b'PERFILE2':
        continue
    off, size = struct.unpack_from('<QQ', b, 40)
    d = b[off:off + min(size, 1 << 16)]
    open(seeds + '/capture-records/' + name, 'wb').write(struct.pack('<II', 0, len(d)) + d)
PY

# The corpus has no zstd files: make some, and small gzip ones, from the
# smallest inputs so the decompress target starts from valid frames.
for f in $(ls -S "$seeds/sniff" | tail -n 24); do
  if command -v zstd >/dev/null; then
    zstd -q -c -3 "$seeds/sniff/$f" > "$seeds/decompress/$f.zst"
    cp "$seeds/decompress/$f.zst" "$seeds/load/$f.zst"
  fi
  gzip -c -9 "$seeds/sniff/$f" > "$seeds/decompress/$f.gz"
done

for t in folded perf-script perf-data pprof sniff load decompress capture-records; do
  printf '%-12s %5d seeds\n' "$t" "$(ls "$seeds/$t" | wc -l)"
done
echo "make-seeds: $n corpus files under $seeds"
