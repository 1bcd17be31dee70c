#!/bin/sh
# fuzz/coverage.sh [--html DIR] [--no-seeds] [--tests] [--missed] [--floor PCT] [CORPUS_DIR...]:
# source coverage of the validator reached by fuzzing corpora (and, optionally, its tests).
#
#   CORPUS_DIR  a directory of inputs; its harness comes from its path (fuzz/out/fuzz_submit/main/
#               queue, .../session, ...) or from a prefix: fuzz_session=DIR. Without any, the
#               queues of fuzz/out/*/*/queue are used when they exist. Directories are only read.
#               fuzz_pipeline corpora are skipped (it needs the GL stack; not measured here).
#   --no-seeds  leave out the seeds (captures via VIGIL_CAPTURES, the generator's vectors, the
#               generated sessions of fuzz/make-state-seeds.py, the TGSI texts)
#   --tests     also run the validator's own test programs (meson suites unit, validator and
#               tools) built with the same instrumentation in build-cov-tests/
#   --missed    also list every branch some input never took one way (FILE:LINE:COL TRUE|FALSE)
#   --floor PCT exit 1 when the branch coverage of validator/ over everything measured ("all")
#               is below PCT (a number such as 85 or 85.5)
#   --html DIR  also write an llvm-cov HTML report (lines and branches) into DIR
#
# Builds the harnesses with clang-14 -fprofile-instr-generate -fcoverage-mapping in
# build-fuzz-cov/ (with UBSan, see below), runs every input once (libFuzzer given single files
# runs each once and fuzzes nothing), merges the raw profiles with llvm-profdata-14 and prints
# llvm-cov-14's report for validator/ (functions, lines and branches per file), a compact
# per-file table of line and branch coverage, and one line per target that CI or a human can
# compare (validator/ without tgsi/, and validator/tgsi/ apart; a target counts only the
# validator files its binary links):
#   coverage-summary: fuzz_session inputs=677 lines=90.33% branches=79.22% (949/1198 branches of validator/)
#   coverage-summary: all inputs=1307 lines=90.92% branches=80.13% (960/1198 branches of validator/) An input that crashes loses its
# batch's profile and is reported; the script then exits 1 (fuzz/triage.sh finds out why).
set -eu
cd "$(dirname "$0")/.."
. fuzz/lib.sh

usage() {
  echo "usage: fuzz/coverage.sh [--html DIR] [--no-seeds] [--tests] [--missed] [--floor PCT] [CORPUS_DIR...]" >&2
  exit 2
}
html=""
seeds=yes
tests=""
missed=""
floor=""
while [ $# -gt 0 ]; do
  case $1 in
    --html) [ $# -ge 2 ] || usage; html=$2; shift 2 ;;
    --no-seeds) seeds=""; shift ;;
    --tests) tests=yes; shift ;;
    --missed) missed=yes; shift ;;
    --floor)
      [ $# -ge 2 ] || usage
      case $2 in '' | *[!0-9.]*) usage ;; esac
      floor=$2; shift 2 ;;
    -*) usage ;;
    *) break ;;
  esac
done
for t in llvm-profdata-14 llvm-cov-14; do
  command -v "$t" >/dev/null || vigil_die "$t missing (apt-get install llvm-14)"
done

build="build-fuzz-cov"
covflags="-fprofile-instr-generate -fcoverage-mapping"
# UBSan's runtime, besides its checks, defines the sanitizer-coverage callbacks that the
# project-wide -fsanitize=fuzzer-no-link instrumentation calls, which the tools linked without
# libFuzzer (vigil-vectors) need once they pull in instrumented validator code. Source-based
# coverage counts are the same with it. (Older build directories are switched over here.)
[ -f "$build/build.ninja" ] && meson configure "$build" -Db_sanitize=undefined >/dev/null
vigil_fuzz_build "$build" -Db_sanitize=undefined -Db_lundef=false \
  "-Dc_args=$covflags" "-Dc_link_args=-fprofile-instr-generate"
work=$build/coverage
rm -rf "$work"
mkdir -p "$work/prof"

# The corpus list: "HARNESS DIR" per line.
{
  if [ -n "$seeds" ]; then
    vigil_fuzz_seeds "$build" "$work/seeds"
    echo "fuzz_submit $work/seeds/submit"
    echo "fuzz_session $work/seeds/session"
    echo "fuzz_tgsi $work/seeds/tgsi"
  fi
  if [ $# -eq 0 ]; then
    for q in fuzz/out/*/*/queue; do
      [ -d "$q" ] && echo "$(vigil_harness_of "$q") $q"
    done
  fi
  for d in "$@"; do
    case $d in
      fuzz_submit=* | fuzz_session=* | fuzz_tgsi=*) echo "${d%%=*} ${d#*=}" ;;
      *) echo "$(vigil_harness_of "$d") $d" ;;
    esac
  done
} >"$work/corpora"

status=0
: >"$work/counts"
while read -r h d; do
  [ -n "$h" ] || vigil_die "cannot tell the harness of $d (use fuzz_submit=$d or fuzz_session=$d)"
  [ -d "$d" ] || vigil_die "not a directory: $d"
  if [ "$h" = fuzz_pipeline ]; then
    echo "coverage: skipping $d (fuzz_pipeline is not measured)"
    continue
  fi
  n=$(find "$d" -maxdepth 1 -type f ! -name '.*' | wc -l)
  echo "$h $n" >>"$work/counts"
  echo "coverage: $h: $n input(s) from $d"
  # Batches of single files: each process writes its own profile (%p); -runs=1 per file.
  find "$d" -maxdepth 1 -type f ! -name '.*' -print0 |
    LLVM_PROFILE_FILE="$work/prof/$h-%p.profraw" xargs -0 -r -n 200 \
      "$build/fuzz/$h" -timeout=10 -rss_limit_mb=2048 >>"$work/run-$h.log" 2>&1 || {
      echo "coverage: an input of $d crashed or timed out; see $work/run-$h.log" >&2
      status=1
    }
done <"$work/corpora"

# The validator's test programs (meson suites unit, validator, tools) in their own build.
test_objs=""
if [ -n "$tests" ]; then
  tbuild="build-cov-tests"
  if [ ! -f "$tbuild/build.ninja" ]; then
    CC=clang-14 meson setup "$tbuild" -Dtests=true -Dfuzzing=false -Ddocs=disabled -Dwerror=true \
      -Dbackends=[] "-Dc_args=$covflags" "-Dc_link_args=-fprofile-instr-generate" \
      >"$work/tests-setup.log" 2>&1 || { cat "$work/tests-setup.log" >&2; vigil_die "meson setup $tbuild failed"; }
  fi
  ninja -C "$tbuild" build.ninja >/dev/null 2>&1 || true # regenerate after meson.build changes
  # One line per test: the program (inside the build), then its arguments, tab-separated.
  meson introspect --tests "$tbuild" | python3 -c '
import json, os, sys
root = os.path.realpath(sys.argv[1])
for t in json.load(sys.stdin):
    suites = {s.split(":")[-1] for s in t["suite"]}
    prog = os.path.realpath(t["cmd"][0])
    if suites & {"unit", "validator", "tools"} and prog.startswith(root + os.sep):
        print("\t".join([prog] + t["cmd"][1:]))
' "$tbuild" >"$work/tests.list"
  targets=$(cut -f1 "$work/tests.list" | sort -u | sed "s|^$(cd "$tbuild" && pwd -P)/||")
  # shellcheck disable=SC2086
  ninja -C "$tbuild" $targets >"$work/tests-build.log" 2>&1 ||
    { cat "$work/tests-build.log" >&2; vigil_die "building the tests in $tbuild failed"; }
  # Python-driven tests (state_seeds) run their programs themselves: measure those too.
  meson introspect --tests "$tbuild" | python3 -c '
import json, sys
for t in json.load(sys.stdin):
    suites = {s.split(":")[-1] for s in t["suite"]}
    if suites & {"validator"} and t["cmd"][0].endswith("python3") and "no_gl_symbols" not in " ".join(t["cmd"]):
        print("\t".join(t["cmd"]))
' >>"$work/tests.list"
  n=0
  profdir=$(pwd)/$work/prof
  while IFS= read -r line; do
    n=$((n + 1))
    rc=0
    # shellcheck disable=SC2086 # tab-separated arguments without spaces (build paths)
    (IFS='	'; set -f; cd "$tbuild" && LLVM_PROFILE_FILE="$profdir/tests-%p.profraw" $line) \
      >>"$work/run-tests.log" 2>&1 || rc=$?
    case $rc in
      0) ;;
      77) echo "coverage: test skipped (exit 77, as meson counts it): $line" ;;
      *) echo "coverage: test failed ($rc): $line (see $work/run-tests.log)" >&2; status=1 ;;
    esac
  done <"$work/tests.list"
  echo "tests $n" >>"$work/counts"
  echo "coverage: tests: $n program(s) from $tbuild"
  while IFS= read -r p; do
    test_objs="$test_objs -object $p"
  done <<EOF
$(cut -f1 "$work/tests.list" | grep "^/" | grep -v python3 | sort -u)
EOF
  test_objs="$test_objs -object $tbuild/tools/vigil-dump"
fi

set -- "$work"/prof/*.profraw
[ -f "$1" ] || vigil_die "no profile written"
llvm-profdata-14 merge -sparse -o "$work/merged.profdata" "$@"
objs="$build/fuzz/fuzz_submit -object $build/fuzz/fuzz_session -object $build/fuzz/fuzz_tgsi$test_objs"
# Only validator/: meson compiles with build-relative paths (../validator/engine.c), which
# llvm-cov's SOURCES filter does not match, so the rest (harnesses, generated headers, tests,
# tools) is skipped by name. Both builds compile ../validator/*.c from a build directory at the
# top: one compilation directory for all of them makes their files one file each.
skip='(^|/)(fuzz|spec|include|tests|tools|lib|core|backends|server|sandbox)/'
cdir=$(pwd)/$build
# report PROFDATA OBJECT...: llvm-cov's per-file table of validator/.
report() {
  prof=$1
  shift
  llvm-cov-14 report -instr-profile="$prof" -compilation-dir="$cdir" -show-branch-summary \
    -show-region-summary=false -ignore-filename-regex="$skip" "$@"
}
# summary NAME INPUTS SCOPE REPORT: one comparable line summed from a report's file rows;
# SCOPE "validator" is validator/ without tgsi/ (the generated validator and its rules),
# "tgsi" is validator/tgsi/ (the TGSI parser, measured by fuzz_tgsi).
summary() {
  awk -v n="$1" -v i="$2" -v scope="$3" 'NR > 2 && NF >= 10 && $1 != "TOTAL" && $1 !~ /^-+$/ {
      t = ($1 ~ /(^|\/)tgsi[\/_]/)
      if ((scope == "tgsi") != t) next
      l += $(NF - 5); lm += $(NF - 4); b += $(NF - 2); bm += $(NF - 1)
    }
    END {
      if (l == 0) exit
      printf "coverage-summary: %s inputs=%s lines=%.2f%% branches=%.2f%% (%s/%s branches of %s)\n", n, i,
        100 * (l - lm) / l, b ? 100 * (b - bm) / b : 0, b - bm, b, (scope == "tgsi" ? "validator/tgsi/" : "validator/")
    }' "$4"
}
# shellcheck disable=SC2086
report "$work/merged.profdata" $objs >"$work/report.txt"
cat "$work/report.txt"
echo
total=$(awk '{ t += $2 } END { print t + 0 }' "$work/counts")
echo "coverage: $total input(s); validator/ per file (lines, branches):"
awk 'NR > 2 && NF >= 10 && $1 !~ /^-+$/ && $1 != "TOTAL" && $(NF - 5) > 0 {
    # the last columns: lines, missed lines, line cover, branches, missed branches, cover
    f = $1
    sub(/^(\.\.\/)+/, "", f)
    printf "  %-28s lines %7s of %5d   branches %7s of %5d\n", f, $(NF - 3), $(NF - 5), $NF, $(NF - 2)
  }' "$work/report.txt"
echo
for h in fuzz_submit fuzz_session fuzz_tgsi tests; do
  set -- "$work"/prof/"$h"-*.profraw
  [ -f "$1" ] || continue
  llvm-profdata-14 merge -sparse -o "$work/$h.profdata" "$@"
  n=$(awk -v h="$h" '$1 == h { t += $2 } END { print t + 0 }' "$work/counts")
  if [ "$h" = tests ]; then
    # shellcheck disable=SC2086
    report "$work/$h.profdata" ${test_objs# -object } >"$work/report-$h.txt"
  else
    report "$work/$h.profdata" "$build/fuzz/$h" >"$work/report-$h.txt"
  fi
  if [ "$h" = fuzz_tgsi ]; then
    summary "$h" "$n" tgsi "$work/report-$h.txt"
  else
    summary "$h" "$n" validator "$work/report-$h.txt"
  fi
done
summary all "$total" validator "$work/report.txt" | tee "$work/summary-all.txt"
summary all-tgsi "$total" tgsi "$work/report.txt"

if [ -n "$missed" ]; then
  echo
  echo "coverage: branches not taken both ways (FILE:LINE:COL, the side never taken):"
  # shellcheck disable=SC2086
  llvm-cov-14 show -instr-profile="$work/merged.profdata" -compilation-dir="$cdir" -show-branches=count \
    -ignore-filename-regex="$skip" $objs |
    awk '/^\/.*\.[ch]:$/ { f = $0; sub(/:$/, "", f); sub(/.*\/validator\//, "validator/", f); next }
      /Branch \(/ {
        match($0, /Branch \([0-9]+:[0-9]+\)/)
        pos = substr($0, RSTART + 8, RLENGTH - 9)
        t = ($0 ~ /True: 0,/) ? "TRUE" : ""
        fl = ($0 ~ /False: 0\]/) ? "FALSE" : ""
        if (t != "" || fl != "") printf "  %s:%s %s%s%s\n", f, pos, t, (t != "" && fl != "") ? "+" : "", fl
      }' | sort -u -t: -k1,1 -k2,2n -k3,3n
fi
if [ -n "$html" ]; then
  # shellcheck disable=SC2086
  llvm-cov-14 show -instr-profile="$work/merged.profdata" -compilation-dir="$cdir" -format=html -output-dir="$html" \
    -show-branches=count -show-line-counts-or-regions -ignore-filename-regex="$skip" $objs
  echo "coverage: HTML in $html/index.html"
fi
if [ -n "$floor" ]; then
  got=$(sed -n 's/.* branches=\([0-9.]*\)%.*/\1/p' "$work/summary-all.txt")
  if awk -v g="${got:-0}" -v f="$floor" 'BEGIN { exit !(g + 0 < f + 0) }'; then
    echo "coverage: FAIL: validator/ branch coverage ${got:-?}% is below the floor of $floor%" >&2
    status=1
  else
    echo "coverage: validator/ branch coverage $got% meets the floor of $floor%"
  fi
fi
exit "$status"
