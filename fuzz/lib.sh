# fuzz/lib.sh: shell functions shared by fuzz/smoke.sh, fuzz/triage.sh and fuzz/coverage.sh
# (sourced from the repository root, never run on its own; POSIX sh).
#
# Inputs are the caller's own build directory names and the environment (VIGIL_CAPTURES). The
# functions configure a build directory only when it does not exist yet, build nothing but the
# fuzzing targets (the harnesses, the generated dictionary, vigil-vectors, the AFL++ mutator), so
# a broken rendering core cannot stop them, and exit the calling script with a message on any
# failure.

# The libFuzzer + ASan + UBSan build the smoke and the triage share (same flags as README.md).
# shellcheck disable=SC2034 # used by the scripts that source this file
VIGIL_FUZZ_SAN_BUILD="build-fuzz-san"
# shellcheck disable=SC2034
VIGIL_HARNESSES="fuzz_submit fuzz_session fuzz_tgsi fuzz_tgsi_wire fuzz_glsl fuzz_glsl_wire fuzz_pipeline"

vigil_die() {
  echo "$0: $*" >&2
  exit 1
}

# vigil_fuzz_build DIR MESON_OPTION...: configure DIR with clang-14 (-Dfuzzing=true, no tests,
# no docs, warnings as errors) unless it is configured already, then build the fuzz targets.
vigil_fuzz_build() {
  dir=$1
  shift
  command -v clang-14 >/dev/null || vigil_die "clang-14 missing (scripts/install-deps.sh)"
  if [ ! -f "$dir/build.ninja" ]; then
    log=$(mktemp)
    CC=clang-14 meson setup "$dir" -Dfuzzing=true -Dtests=false -Ddocs=disabled \
      -Dwerror=true "$@" >"$log" 2>&1 ||
      { cat "$log" >&2; rm -f "$log"; vigil_die "meson setup $dir failed"; }
    rm -f "$log"
  fi
  ninja -C "$dir" fuzz/fuzz_submit fuzz/fuzz_session fuzz/fuzz_tgsi fuzz/fuzz_tgsi_wire fuzz/fuzz_glsl fuzz/fuzz_glsl_wire fuzz/fuzz_pipeline spec/vigil.dict fuzz/vigil-vectors \
    fuzz/mutator/libvigil_mutator.so \
    >"$dir/fuzz-build.log" 2>&1 ||
    { cat "$dir/fuzz-build.log" >&2; vigil_die "building the harnesses in $dir failed"; }
}

# vigil_fuzz_seeds BUILD OUT: OUT/submit, OUT/session and OUT/tgsi (the shader texts, via
# tests/tgsi/extract_shaders.py) from the recorded sessions (VIGIL_CAPTURES, default
# ../shared/captures) and the generator's vectors (submit only).
# Missing captures are a warning: the vectors still seed fuzz_submit.
vigil_fuzz_seeds() {
  build=$1
  out=$2
  captures=${VIGIL_CAPTURES:-../shared/captures}
  rm -rf "$out"
  mkdir -p "$out/submit" "$out/session" "$out/tgsi"
  if [ -d "$captures" ]; then
    python3 fuzz/make-seeds.py "$captures" "$out" >/dev/null ||
      vigil_die "make-seeds.py $captures failed"
    python3 tests/tgsi/extract_shaders.py "$captures" "$out/tgsi" >/dev/null ||
      vigil_die "extract_shaders.py $captures failed"
  else
    echo "$0: warning: no captures at $captures (set VIGIL_CAPTURES); vectors only" >&2
  fi
  printf 'VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n\0' \
    >"$out/tgsi/minimal-vs"
  # fuzz_glsl: the same shader texts
  cp -R "$out/tgsi" "$out/glsl"
  # fuzz_tgsi_wire: the same shaders as IR blobs
  mkdir -p "$out/tgsi_wire"
  "$build/fuzz/vigil-vectors" --tgsi-wire "$out/tgsi_wire" "$out"/tgsi/* ||
    vigil_die "vigil-vectors --tgsi-wire failed"
  cp -R "$out/tgsi_wire" "$out/glsl_wire"
  "$build/fuzz/vigil-vectors" "$out/submit" >/dev/null || vigil_die "vigil-vectors failed"
  # fuzz_pipeline takes whole sessions too
  mkdir -p "$out/pipeline"
  cp -R "$out/session/." "$out/pipeline/"
}

# vigil_harness_of PATH: the harness a crash or corpus path belongs to, from a path component
# naming it (fuzz/out/fuzz_submit/..., seeds/session, ...); empty when the path does not say.
vigil_harness_of() {
  case $1 in
    *fuzz_submit*) echo fuzz_submit ;;
    *fuzz_session*) echo fuzz_session ;;
    *fuzz_pipeline*|*pipeline*) echo fuzz_pipeline ;;
    *fuzz_glsl_wire*|*glsl_wire*) echo fuzz_glsl_wire ;;
    *fuzz_glsl*|*glsl*) echo fuzz_glsl ;;
    *fuzz_tgsi_wire*|*tgsi_wire*) echo fuzz_tgsi_wire ;;
    *fuzz_tgsi*|*tgsi*) echo fuzz_tgsi ;;
    *session*) echo fuzz_session ;;
    *submit*) echo fuzz_submit ;;
    *) echo "" ;;
  esac
}
