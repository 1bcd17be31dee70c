#!/bin/sh
# Runs one client command through a vtest server with the real Mesa guest driver
# (GALLIUM_DRIVER=virpipe), in a private mount namespace with its own /tmp and, with --x, its own
# Xvfb display (for X11 clients such as glmark2).
#   tools/vigil-run.sh [--x] [--server "CMD ARGS"] -- CLIENT [ARGS...]
# The server defaults to build/server/vigil-server; --server "virgl_test_server
# --use-egl-surfaceless" runs the same client against the reference implementation. The client's
# exit status is returned; the server log is copied to $VIGIL_RUN_LOG when that is set.
# Needs root (unshare, mount).
set -eu
x=; server=
root=$(cd "$(dirname "$0")/.." && pwd)
while [ $# -gt 0 ]; do
  case "$1" in
    --x) x=1; shift ;;
    --server) server=$2; shift 2 ;;
    --) shift; break ;;
    *) sed -n 2,10p "$0"; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { sed -n 2,10p "$0"; exit 2; }
[ -n "$server" ] || server=$root/build/server/vigil-server
if [ "${VIGIL_RUN_INNER:-}" != 1 ]; then
  exec unshare --mount --propagation private env VIGIL_RUN_INNER=1 sh "$0" ${x:+--x} --server "$server" -- "$@"
fi
mount -t tmpfs -o size=1g tmpfs /tmp
export XDG_RUNTIME_DIR=/tmp/xdg LIBGL_ALWAYS_SOFTWARE=1
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
xpid=
if [ -n "$x" ]; then
  Xvfb :78 -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
  xpid=$!
  export DISPLAY=:78
  i=0; while [ ! -S /tmp/.X11-unix/X78 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
fi
# shellcheck disable=SC2086
env -u GALLIUM_DRIVER $server >/tmp/server.log 2>&1 &
spid=$!
i=0; while [ ! -S /tmp/.virgl_test ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
st=0
GALLIUM_DRIVER=virpipe "$@" || st=$?
kill $spid 2>/dev/null || true; wait $spid 2>/dev/null || true
[ -n "$xpid" ] && kill $xpid 2>/dev/null
[ -n "${VIGIL_RUN_LOG:-}" ] && cp /tmp/server.log "$VIGIL_RUN_LOG"
exit $st
