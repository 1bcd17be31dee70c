#!/bin/sh
# fuzz/smoke.sh [SECONDS_PER_HARNESS]: the bounded fuzz smoke CI runs (.ci/run), default 60 s.
#
# Builds the libFuzzer harnesses with clang-14 under ASan + UBSan in build-fuzz-san/ (shared
# with fuzz/triage.sh), makes seeds from the recorded sessions (VIGIL_CAPTURES, default
# ../shared/captures) and the generator's vectors, then runs each harness for the given time
# with the generated dictionary, from a fresh corpus directory (build-fuzz-san/smoke/HARNESS/).
# Guarantees: exits non-zero when any harness crashes, leaks, times out (10 s per input), goes
# over 2 GiB RSS or prints a sanitizer report; the failing input is kept as
# build-fuzz-san/smoke/HARNESS/crash-* (or leak-*, timeout-*, oom-*) for fuzz/triage.sh.
# Prints execs/s, executions, corpus size and wall time per harness.
set -eu
cd "$(dirname "$0")/.."
. fuzz/lib.sh

secs=${1:-60}
case $secs in
  '' | *[!0-9]*) echo "usage: fuzz/smoke.sh [SECONDS_PER_HARNESS]" >&2; exit 2 ;;
esac
build=$VIGIL_FUZZ_SAN_BUILD
vigil_fuzz_build "$build" -Db_sanitize=address,undefined -Db_lundef=false
work=$build/smoke
vigil_fuzz_seeds "$build" "$work/seeds"

# Any sanitizer finding is fatal and lands in libFuzzer's crash handler (artifact + exit code).
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0:print_summary=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:print_summary=1"
# fuzz_pipeline runs Mesa (llvmpipe) in-process: its own allocations are suppressed by module,
# never vigil's (the same list the core tests use).
export LSAN_OPTIONS="suppressions=$(pwd)/tests/core/lsan.supp"
if command -v llvm-symbolizer-14 >/dev/null; then
  ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-14)
  export ASAN_SYMBOLIZER_PATH
fi

failed=""
for h in $VIGIL_HARNESSES; do
  dir=$work/$h
  rm -rf "$dir"
  mkdir -p "$dir/corpus"
  start=$(date +%s)
  status=0
  "$build/fuzz/$h" -max_total_time="$secs" -dict="$build/spec/vigil.dict" -timeout=10 \
    -rss_limit_mb=2048 -error_exitcode=77 -timeout_exitcode=78 -print_final_stats=1 \
    -artifact_prefix="$dir/" "$dir/corpus" "$work/seeds/${h#fuzz_}" >"$dir/log" 2>&1 ||
    status=$?
  end=$(date +%s)
  awk -v h="$h" -v t=$((end - start)) '
    /^stat::number_of_executed_units:/ { n = $NF }
    /^stat::average_exec_per_sec:/ { e = $NF }
    / cov: [0-9]+ ft: / { for (i = 1; i < NF; i++) if ($i == "cov:") c = $(i + 1) }
    END { printf "smoke: %s: %s execs/s, %s execs, %s coverage points, %d s\n", h, e, n, c, t }' \
    "$dir/log"
  if [ "$status" -ne 0 ] ||
    grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$dir/log"; then
    echo "smoke: $h FAILED (exit $status); report:" >&2
    grep -E -A24 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' \
      "$dir/log" | head -26 >&2 || tail -20 "$dir/log" >&2
    for a in "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*; do
      [ -f "$a" ] && echo "smoke: reproducer $a (fuzz/triage.sh $dir)" >&2
    done
    failed="$failed $h"
  fi
done
[ -z "$failed" ] || { echo "smoke: failed:$failed" >&2; exit 1; }
echo "smoke: no crash, leak, timeout or sanitizer report in ${secs} s per harness"
