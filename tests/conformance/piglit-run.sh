#!/bin/sh
# Runs a piglit test list through vigil-server with the real Mesa guest driver (virpipe over vtest)
# and checks the outcome:
#   tests/conformance/piglit-run.sh [--gles] [--floor N] [--server PATH] LIST OUTDIR
# The server and every client run in a private mount namespace with their own /tmp (Mesa 22.3's
# vtest client always connects to /tmp/.virgl_test), so runs never collide with another server.
# Fails (exit 1) when the pass count is below the floor, when the acceptor died, or when any
# client process of the server was killed by a signal (a crash in the gate or the core: the
# server log says "killed by signal"). Prints one line: backend, the piglit counts, crashes.
# OUTDIR must not be under /tmp (it is replaced by the private tmpfs). Needs root (unshare).
set -eu
gles=; floor=0; server=
while [ $# -gt 2 ]; do
  case "$1" in
    --gles) gles=--use-gles; shift ;;
    --floor) floor=$2; shift 2 ;;
    --server) server=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -eq 2 ] || { sed -n 2,10p "$0"; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
[ -n "$server" ] || server=$root/build/server/vigil-server
list=$(readlink -f "$1"); out=$(readlink -m "$2")
case "$out" in /tmp/*) echo "OUTDIR must not be under /tmp" >&2; exit 2 ;; esac
[ -f "$list" ] || { echo "no test list $list" >&2; exit 2; }
[ -x "$server" ] || { echo "no server at $server (build first)" >&2; exit 2; }
command -v piglit >/dev/null || { echo "piglit is not installed" >&2; exit 2; }

if [ "${VIGIL_PIGLIT_INNER:-}" != 1 ]; then
  mkdir -p "$out"
  exec unshare --mount --propagation private env VIGIL_PIGLIT_INNER=1 \
    sh "$0" ${gles:+--gles} --floor "$floor" --server "$server" "$list" "$out"
fi

mount -t tmpfs -o size=2g tmpfs /tmp
export XDG_RUNTIME_DIR=/tmp/xdg
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
rm -rf "$out/results"
LIBGL_ALWAYS_SOFTWARE=1 "$server" $gles >"$out/server.log" 2>&1 &
spid=$!
i=0
while [ ! -S /tmp/.virgl_test ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -S /tmp/.virgl_test ] || { echo "vigil-server did not listen" >&2; kill $spid; exit 1; }

GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 piglit run -p surfaceless_egl -j"$(nproc)" \
  --timeout 60 --test-list "$list" -o gpu "$out/results" >"$out/run.log" 2>&1 || true

alive=1
kill -0 $spid 2>/dev/null || alive=0
kill $spid 2>/dev/null || true
wait $spid 2>/dev/null || true
piglit summary console -s "$out/results" >"$out/summary-full.txt" 2>&1 || true
count() { sed -n "s/^ *$1: *\([0-9]*\).*/\1/p" "$out/summary-full.txt" | tail -1; }
pass=$(count pass); fail=$(count fail); crash=$(count crash); skip=$(count skip)
timeout=$(count timeout); total=$(count total)
killed=$(grep -c "killed by signal" "$out/server.log" || true)
backend=gl; [ -n "$gles" ] && backend=gles
line="backend=$backend pass=${pass:-0} fail=${fail:-0} crash=${crash:-0} skip=${skip:-0} timeout=${timeout:-0} total=${total:-0} server_children_killed=$killed acceptor_alive=$alive floor=$floor"
echo "$line" | tee "$out/summary.txt"
st=0
[ "$alive" = 1 ] || { echo "FAIL: the acceptor died" >&2; st=1; }
[ "$killed" = 0 ] || { echo "FAIL: $killed server processes killed by a signal (see $out/server.log)" >&2; st=1; }
[ "${pass:-0}" -ge "$floor" ] || { echo "FAIL: $pass passes, below the floor $floor" >&2; st=1; }
exit $st
