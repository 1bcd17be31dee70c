#!/bin/sh
# CI's conformance floor: runs the piglit smoke list through vigil-server (split mode, the
# default) on both backends and fails if either backend passes fewer tests than its floor in
# tests/conformance/floors.txt, or if any server process crashed (tests/conformance/piglit-run.sh).
#   tests/conformance/smoke.sh [LIST]
# LIST defaults to ../shared/conformance/smoke.txt (the workplace's fixed sample of piglit's
# quick_gl + quick_shader profiles). Results go to build/conformance/.
set -eu
cd "$(dirname "$0")/../.."
list=${1:-../shared/conformance/smoke.txt}
floors=tests/conformance/floors.txt
floor() { awk -v b="$1" '$1 == "smoke" && $2 == b { print $3 }' "$floors"; }
st=0
sh tests/conformance/piglit-run.sh --floor "$(floor gl)" "$list" build/conformance/smoke-gl || st=1
sh tests/conformance/piglit-run.sh --gles --floor "$(floor gles)" "$list" build/conformance/smoke-gles || st=1
exit $st
