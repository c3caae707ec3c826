#!/bin/sh
# Runs a validator, or reports the test as skipped (exit 77, meson's skip
# code) when the tool is not installed, so a minimal machine still passes.
tool=$1
if ! command -v "$tool" >/dev/null 2>&1; then
  echo "SKIP: $tool is not installed"
  exit 77
fi
exec "$@"
