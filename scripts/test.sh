#!/bin/sh
# Builds vigil and runs every test suite.
#   scripts/test.sh              plain build in build/
#   scripts/test.sh --sanitize   ASan + UBSan build in build-sanitize/ (the same tests)
# Extra arguments after the flag go to `meson test` (e.g. --suite validator).
set -eu
cd "$(dirname "$0")/.."
dir=build
opts="-Dwerror=true"
if [ "${1:-}" = "--sanitize" ]; then
  shift
  dir=build-sanitize
  opts="$opts -Db_sanitize=address,undefined -Db_lundef=false"
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi
if [ -d "$dir" ]; then
  meson setup --reconfigure $opts "$dir"
else
  meson setup $opts "$dir"
fi
meson compile -C "$dir"
meson test -C "$dir" --print-errorlogs "$@"
