#!/bin/sh
# fuzz/triage.sh [-o REPORT_DIR] [-m MINIMIZE_SECONDS] PATH...: reproduce, bucket and minimize
# fuzzer crash inputs.
#
#   PATH  an AFL++ output directory (every */crashes/id:* below it, e.g. fuzz/out/fuzz_submit),
#         a directory of libFuzzer artifacts (crash-*, leak-*, timeout-*, oom-*), or files
#   -o    where the report and reproducers go (default build-fuzz-san/triage/)
#   -m    time budget per bucket for minimization (default 30 s; 0 = no minimization)
#
# Inputs are untrusted fuzzer outputs; they are only fed to the harnesses. Each one is replayed
# once by the libFuzzer ASan + UBSan build of its harness (build-fuzz-san/, built when missing;
# the harness comes from the path, fuzz_submit/fuzz_session, else both are tried), bucketed by
# the kind of report (ASan bug type, UBSan message, leak, timeout, signal) and the top 3 frames
# in vigil's own code, and one input per bucket is minimized (libFuzzer -minimize_crash, kept only
# if it still lands in the same bucket). Writes REPORT_DIR/report.txt (bucket, count, harness,
# reproducer path, the first lines of the sanitizer report) and REPORT_DIR/BUCKET/ (reproducer,
# full log, the inputs' names). Exits 1 when any input still crashes, 0 when none reproduces.
set -eu
cd "$(dirname "$0")/.."
. fuzz/lib.sh

usage() { echo "usage: fuzz/triage.sh [-o REPORT_DIR] [-m MINIMIZE_SECONDS] PATH..." >&2; exit 2; }
build=$VIGIL_FUZZ_SAN_BUILD
rdir=$build/triage
msecs=30
while getopts o:m: opt; do
  case $opt in
    o) rdir=$OPTARG ;;
    m) msecs=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
case $msecs in '' | *[!0-9]*) usage ;; esac

vigil_fuzz_build "$build" -Db_sanitize=address,undefined -Db_lundef=false
export ASAN_OPTIONS="detect_leaks=1:symbolize=1:print_summary=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:print_summary=1"
if command -v llvm-symbolizer-14 >/dev/null; then
  ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-14)
  export ASAN_SYMBOLIZER_PATH
fi

rm -rf "$rdir"
mkdir -p "$rdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The inputs, one path per line (names from fuzzers hold ':' and ',' but no newline).
for p in "$@"; do
  if [ -d "$p" ]; then
    find "$p" -type f \( -path '*/crashes/id:*' -o -name 'crash-*' -o -name 'leak-*' \
      -o -name 'timeout-*' -o -name 'oom-*' \) | sort
  elif [ -f "$p" ]; then
    echo "$p"
  else
    vigil_die "no such file or directory: $p"
  fi
done >"$tmp/inputs"

# replay HARNESS FILE LOG: run one input once; returns the harness's exit status.
replay() {
  st=0
  timeout 120 "$build/fuzz/$1" -timeout=10 -rss_limit_mb=2048 "$2" >"$3" 2>&1 || st=$?
  return "$st"
}

# classify LOG STATUS: prints the bucket key, "KIND | frame < frame < frame", from the first
# report in LOG: only frames with a source location outside the sanitizer/libFuzzer runtime.
classify() {
  awk -v st="$2" '
    function norm(s) { gsub(/0x[0-9a-f]+/, "ADDR", s); gsub(/[0-9]+/, "N", s); return substr(s, 1, 70) }
    kind == "" && /ERROR: AddressSanitizer: / {
      for (i = 1; i <= NF; i++) if ($i == "AddressSanitizer:") kind = "asan " $(i + 1)
    }
    kind == "" && /ERROR: LeakSanitizer: / { kind = "leak" }
    kind == "" && /runtime error: / { sub(/.*runtime error: /, ""); kind = "ubsan " norm($0) }
    kind == "" && /ERROR: libFuzzer: / { sub(/.*ERROR: libFuzzer: /, ""); kind = norm($0) }
    kind != "" && !done && /^ *#[0-9]+ 0x[0-9a-f]+ in / {
      started = 1
      loc = $NF
      if (loc ~ /^\// && loc !~ /compiler-rt|llvm-toolchain|libfuzzer|\/usr\//) {
        if (n < 3) f[n++] = $4
      }
      next
    }
    started && !done { done = 1 }
    END {
      if (kind == "") kind = (st >= 128 ? "signal " st - 128 : "exit " st)
      key = kind
      for (i = 0; i < n; i++) key = key (i ? " < " : " | ") f[i]
      print key
    }' "$1"
}

: >"$tmp/norepro"
nin=0
while IFS= read -r f; do
  nin=$((nin + 1))
  hs=$(vigil_harness_of "$f")
  [ -n "$hs" ] || hs=$VIGIL_HARNESSES
  crashed=""
  for h in $hs; do
    if replay "$h" "$f" "$tmp/log"; then continue; else st=$?; fi
    crashed=$h
    break
  done
  if [ -z "$crashed" ]; then
    echo "$f" >>"$tmp/norepro"
    continue
  fi
  key=$(classify "$tmp/log" "$st")
  id=$(printf '%s' "$key" | cksum | awk '{ printf "%08x", $1 }')
  b=$rdir/$id
  if [ ! -d "$b" ]; then
    mkdir -p "$b"
    printf '%s\n' "$key" >"$b/key"
    echo "$crashed" >"$b/harness"
    printf '%s\n' "$f" >"$b/first"
    cp "$tmp/log" "$b/log"
  fi
  printf '%s\n' "$f" >>"$b/inputs"
done <"$tmp/inputs"

# Minimize one input per bucket; keep the result only if it lands in the same bucket.
for b in "$rdir"/*/; do
  [ -f "$b/key" ] || continue
  b=${b%/}
  h=$(cat "$b/harness")
  first=$(cat "$b/first")
  cp "$first" "$b/reproducer"
  case $(cat "$b/key") in timeout* | *out-of-memory* | "signal "*) continue ;; esac
  [ "$msecs" -gt 0 ] || continue
  timeout $((msecs + 60)) "$build/fuzz/$h" -minimize_crash=1 -max_total_time="$msecs" \
    -runs=1000000 -timeout=10 -rss_limit_mb=2048 -exact_artifact_path="$b/min" "$first" \
    >"$b/minimize.log" 2>&1 || true
  [ -s "$b/min" ] || continue
  if replay "$h" "$b/min" "$tmp/log"; then st=0; else st=$?; fi
  if [ "$st" -ne 0 ] && [ "$(classify "$tmp/log" "$st")" = "$(cat "$b/key")" ]; then
    mv "$b/min" "$b/reproducer"
    echo yes >"$b/minimized"
  fi
done

nb=0
{
  echo "fuzz/triage.sh: $nin input(s) from: $*"
  for b in "$rdir"/*/; do
    [ -f "$b/key" ] || continue
    b=${b%/}
    nb=$((nb + 1))
    count=$(wc -l <"$b/inputs")
    size=$(wc -c <"$b/reproducer")
    min=" (not minimized)"
    [ -f "$b/minimized" ] && min=" (minimized)"
    echo
    echo "bucket $(basename "$b"): $(cat "$b/key")"
    echo "  count: $count input(s), harness $(cat "$b/harness")"
    echo "  reproducer: $b/reproducer, $size bytes$min; first input: $(cat "$b/first")"
    echo "  replay: $build/fuzz/$(cat "$b/harness") $b/reproducer"
    echo "  report:"
    grep -E -m1 -A12 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' \
      "$b/log" | sed 's/^/    /' || tail -5 "$b/log" | sed 's/^/    /'
  done
  echo
  nr=$(wc -l <"$tmp/norepro")
  echo "not reproduced (fixed, or flaky): $nr input(s)"
  sed 's/^/  /' "$tmp/norepro"
  echo
  echo "summary: $nin input(s), $nb bucket(s) reproduce, $nr do not"
} >"$rdir/report.txt"
cat "$rdir/report.txt"
[ "$nb" -eq 0 ]
