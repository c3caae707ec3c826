#!/usr/bin/env bash
# Screenshots of Kiln at 1280×800, light and dark, into BUILD_DIR/screenshots/:
#   - the app rendering its own window in several states (test-app-screenshots:
#     start page, flame graph, search, icicle zoomed, summary, pprof, warnings,
#     error), through GTK's renderer, no sleeps;
#   - `kiln FILE` as a user starts it, captured from the X screen with
#     ImageMagick's import, dark mode forced with ADW_DEBUG_COLOR_SCHEME.
# usage: tests/app/screenshot.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(realpath "${1:-build}")
corpus=${KILN_CORPUS:-$(realpath ../shared/corpus)}
ninja -C "$build" src/app/kiln tests/app/test-app-screenshots >/dev/null
out="$build/screenshots"
mkdir -p "$out"

# A screen wider than the window leaves room for the client-side
# decorations' margins, so the window itself gets exactly 1280×800.
KILN_BUILD_ROOT=$build KILN_CORPUS=$corpus GSK_RENDERER=cairo GSETTINGS_BACKEND=memory \
  xvfb-run -a -s "-screen 0 1600x1000x24" "$build/tests/app/test-app-screenshots"

# The real binary on a 1280×800 screen: wait until it has drawn (poll the
# screen for the window, then give the loader a moment), capture, quit.
file="$corpus/perf-script/flamegraph/perf-vertx-stacks-01.txt"
for scheme in light dark; do
  KILN_WINDOW_SIZE=1280x800 ADW_DEBUG_COLOR_SCHEME=prefer-$scheme GSK_RENDERER=cairo \
  GSETTINGS_BACKEND=memory xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$0" "$1" & pid=$!
    for _ in $(seq 50); do
      xwininfo -root -children 2>/dev/null | grep -q "\"Kiln\"" && break
      sleep 0.2
    done
    sleep 2
    import -window root "$2"
    kill $pid' "$build/src/app/kiln" "$file" "$out/kiln-screen-$scheme.png"
done
ls -1 "$out"
