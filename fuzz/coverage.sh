#!/bin/sh
# fuzz/coverage.sh [--html DIR] [--no-seeds] [CORPUS_DIR...]: source coverage of the validator
# reached by fuzzing corpora.
#
#   CORPUS_DIR  a directory of inputs; its harness comes from its path (fuzz/out/fuzz_submit/main/
#               queue, .../session, ...) or from a prefix: fuzz_session=DIR. Without any, the
#               queues of fuzz/out/*/*/queue are used when they exist. Directories are only read.
#   --no-seeds  leave out the seeds (captures via VIGIL_CAPTURES, and the generator's vectors)
#   --html DIR  also write an llvm-cov HTML report (lines and branches) into DIR
#
# Builds the harnesses with clang-14 -fprofile-instr-generate -fcoverage-mapping in
# build-fuzz-cov/ (no sanitizers), runs every input once (libFuzzer given single files runs each
# once and fuzzes nothing), merges the raw profiles with llvm-profdata-14 and prints llvm-cov-14's
# report for validator/ (functions, lines and branches per file), then a compact per-file table
# of line and branch coverage. An input that crashes loses its batch's profile and is reported;
# the script then exits 1 (fuzz/triage.sh finds out why).
set -eu
cd "$(dirname "$0")/.."
. fuzz/lib.sh

usage() { echo "usage: fuzz/coverage.sh [--html DIR] [--no-seeds] [CORPUS_DIR...]" >&2; exit 2; }
html=""
seeds=yes
while [ $# -gt 0 ]; do
  case $1 in
    --html) [ $# -ge 2 ] || usage; html=$2; shift 2 ;;
    --no-seeds) seeds=""; shift ;;
    -*) usage ;;
    *) break ;;
  esac
done
for t in llvm-profdata-14 llvm-cov-14; do
  command -v "$t" >/dev/null || vigil_die "$t missing (apt-get install llvm-14)"
done

build="build-fuzz-cov"
vigil_fuzz_build "$build" -Db_sanitize=none -Db_lundef=false \
  "-Dc_args=-fprofile-instr-generate -fcoverage-mapping" "-Dc_link_args=-fprofile-instr-generate"
work=$build/coverage
rm -rf "$work"
mkdir -p "$work/prof"

# The corpus list: "HARNESS DIR" per line.
{
  if [ -n "$seeds" ]; then
    vigil_fuzz_seeds "$build" "$work/seeds"
    echo "fuzz_submit $work/seeds/submit"
    echo "fuzz_session $work/seeds/session"
  fi
  if [ $# -eq 0 ]; then
    for q in fuzz/out/*/*/queue; do
      [ -d "$q" ] && echo "$(vigil_harness_of "$q") $q"
    done
  fi
  for d in "$@"; do
    case $d in
      fuzz_submit=* | fuzz_session=*) echo "${d%%=*} ${d#*=}" ;;
      *) echo "$(vigil_harness_of "$d") $d" ;;
    esac
  done
} >"$work/corpora"

status=0
total=0
while read -r h d; do
  [ -n "$h" ] || vigil_die "cannot tell the harness of $d (use fuzz_submit=$d or fuzz_session=$d)"
  [ -d "$d" ] || vigil_die "not a directory: $d"
  n=$(find "$d" -maxdepth 1 -type f ! -name '.*' | wc -l)
  total=$((total + n))
  echo "coverage: $h: $n input(s) from $d"
  # Batches of single files: each process writes its own profile (%p); -runs=1 per file.
  find "$d" -maxdepth 1 -type f ! -name '.*' -print0 |
    LLVM_PROFILE_FILE="$work/prof/$h-%p.profraw" xargs -0 -r -n 200 \
      "$build/fuzz/$h" -timeout=10 -rss_limit_mb=2048 >>"$work/run-$h.log" 2>&1 || {
      echo "coverage: an input of $d crashed or timed out; see $work/run-$h.log" >&2
      status=1
    }
done <"$work/corpora"

set -- "$work"/prof/*.profraw
[ -f "$1" ] || vigil_die "no profile written"
llvm-profdata-14 merge -sparse -o "$work/merged.profdata" "$@"
objs="$build/fuzz/fuzz_submit -object $build/fuzz/fuzz_session"
# Only validator/: meson compiles with build-relative paths (../validator/engine.c), which
# llvm-cov's SOURCES filter does not match, so the rest (harnesses, generated headers) is skipped.
skip='(^|/)(fuzz|spec|include)/'
# shellcheck disable=SC2086
llvm-cov-14 report -instr-profile="$work/merged.profdata" -show-branch-summary \
  -show-region-summary=false -ignore-filename-regex="$skip" $objs >"$work/report.txt"
cat "$work/report.txt"
echo
echo "coverage: $total input(s); validator/ per file (lines, branches):"
awk 'NR > 2 && NF >= 10 && $1 !~ /^-+$/ && $(NF - 5) > 0 {
    # the last columns: lines, missed lines, line cover, branches, missed branches, cover
    f = $1
    sub(/^(\.\.\/)+/, "", f)
    printf "  %-26s lines %7s of %5d   branches %7s of %5d\n", f, $(NF - 3), $(NF - 5), $NF, $(NF - 2)
  }' "$work/report.txt"
if [ -n "$html" ]; then
  # shellcheck disable=SC2086
  llvm-cov-14 show -instr-profile="$work/merged.profdata" -format=html -output-dir="$html" \
    -show-branches=count -show-line-counts-or-regions -ignore-filename-regex="$skip" $objs
  echo "coverage: HTML in $html/index.html"
fi
exit "$status"
