#!/bin/sh
# fuzz/run.sh TARGET DURATION [CORES]: an AFL++ campaign on one harness.
#
#   TARGET    fuzz_submit | fuzz_session | fuzz_tgsi | fuzz_tgsi_wire | fuzz_glsl | fuzz_glsl_wire (harnesses of fuzz/meson.build)
#   DURATION  seconds, or with a suffix: 90s, 30m, 2h
#   CORES     number of afl-fuzz instances (default 1): one -M main, the rest -S secondaries
#
# Builds build-afl/ with afl-clang-fast (persistent mode through AFL++'s libFuzzer driver, the
# same LLVMFuzzerTestOneInput entry point) under ASan + UBSan, makes seeds from the recorded
# sessions (VIGIL_CAPTURES, default ../shared/captures) and the generator's negative vectors,
# uses the generated dictionary, and keeps the campaign in fuzz/out/TARGET/ (resumed when it
# exists). At the end it prints afl-whatsup's summary; fuzz/triage.sh reproduces the crashes.
# Environment: VIGIL_AFL_NICE (default 0) lowers the instances' priority.
set -eu
cd "$(dirname "$0")/.."
usage() { echo "usage: fuzz/run.sh fuzz_submit|fuzz_session|fuzz_tgsi|fuzz_tgsi_wire|fuzz_glsl|fuzz_glsl_wire DURATION[s|m|h] [CORES]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1
case $target in fuzz_submit|fuzz_session|fuzz_tgsi|fuzz_tgsi_wire|fuzz_glsl|fuzz_glsl_wire) ;; *) usage ;; esac
case $2 in
  *h) secs=$(( ${2%h} * 3600 )) ;;
  *m) secs=$(( ${2%m} * 60 )) ;;
  *s) secs=${2%s} ;;
  *) secs=$2 ;;
esac
cores=${3:-1}
captures=${VIGIL_CAPTURES:-../shared/captures}
command -v afl-fuzz >/dev/null || { echo "run.sh: afl-fuzz missing (apt-get install afl++)" >&2; exit 1; }

if [ ! -d build-afl ]; then
  CC=afl-clang-fast meson setup build-afl -Dfuzzing=true -Dtests=false -Ddocs=disabled \
    -Dbackends=[] -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C build-afl "fuzz/$target" spec/vigil.dict fuzz/vigil-vectors >/dev/null

out=fuzz/out/$target
seeds=fuzz/out/seeds
if [ ! -d "$seeds" ]; then
  python3 fuzz/make-seeds.py "$captures" "$seeds" >/dev/null
  build-afl/fuzz/vigil-vectors "$seeds/submit"
fi
if [ ! -d "$seeds/tgsi" ]; then
  mkdir -p "$seeds/tgsi"
  python3 tests/tgsi/extract_shaders.py "$captures" "$seeds/tgsi" >/dev/null
fi
if [ ! -d "$seeds/glsl" ]; then
  cp -R "$seeds/tgsi" "$seeds/glsl"
fi
if [ ! -d "$seeds/tgsi_wire" ]; then
  mkdir -p "$seeds/tgsi_wire"
  build-afl/fuzz/vigil-vectors --tgsi-wire "$seeds/tgsi_wire" "$seeds"/tgsi/*
fi
if [ ! -d "$seeds/glsl_wire" ]; then
  cp -R "$seeds/tgsi_wire" "$seeds/glsl_wire"
fi
kind=${target#fuzz_}
input="$seeds/$kind"
[ -d "$out/main" ] && input=-   # resume

export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export ASAN_OPTIONS="abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1"
nice=${VIGIL_AFL_NICE:-0}
mkdir -p "$out"
pids=
i=0
while [ "$i" -lt "$cores" ]; do
  if [ "$i" -eq 0 ]; then role="-M main"; else role="-S sec$i"; fi
  # shellcheck disable=SC2086
  nice -n "$nice" afl-fuzz $role -i "$input" -o "$out" -x build-afl/spec/vigil.dict \
    -m none -t 1000 -V "$secs" -- "build-afl/fuzz/$target" >"$out/log.$i" 2>&1 &
  pids="$pids $!"
  i=$((i + 1))
done
status=0
for p in $pids; do wait "$p" || status=1; done
for f in "$out"/*/fuzzer_stats; do
  [ -f "$f" ] || continue
  awk -v inst="$(basename "$(dirname "$f")")" -F' *: *' \
    '{ v[$1] = $2 } END { printf "%s: %s s, %s execs, %s execs/s, corpus %s, crashes %s, hangs %s, bitmap %s, stability %s\n", inst, v["run_time"], v["execs_done"], v["execs_per_sec"], v["corpus_count"], v["saved_crashes"], v["saved_hangs"], v["bitmap_cvg"], v["stability"] }' "$f"
done
crashes=$(find "$out" -path '*/crashes/id:*' | wc -l)
echo "run.sh: $target: $crashes crash input(s) in $out/*/crashes"
[ "$status" -eq 0 ] || { echo "run.sh: an afl-fuzz instance failed; see $out/log.*" >&2; exit 1; }
