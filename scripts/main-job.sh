#!/bin/sh
# The main job: build vigil, start vigil-server on each backend (desktop GL, then GLES) and
# render real Mesa clients through it (GALLIUM_DRIVER=virpipe: Mesa's guest driver speaking
# vtest): eglinfo on the surfaceless platform, and wflinfo for a desktop GL core context and a
# GLES 3 context, which create contexts and surfaces, query caps and read back through vigil.
# Then glmark2 draws its 15 benchmark scenes through vigil twice: once with --validate (glmark2
# compares rendered pixels with its expected values where a scene defines them) and once as a
# benchmark printing the score. Prints what each client reports and the server's log summary;
# exits non-zero if any client fails, any glmark2 validation fails, or a client is dropped.
#
# Mesa 22.3's vtest client always connects to /tmp/.virgl_test, so each server runs with its
# clients in a private mount namespace with its own /tmp (needs root or user namespaces).
set -eu
cd "$(dirname "$0")/.."
if [ "${VIGIL_IN_NS:-}" != 1 ]; then
  if [ ! -f build/build.ninja ]; then meson setup build >/dev/null; fi
  meson compile -C build server/vigil-server >/dev/null
  exec env VIGIL_IN_NS=1 unshare --mount --propagation private sh "$0" "$@"
fi
mount -t tmpfs tmpfs /tmp
Xvfb :79 -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
export DISPLAY=:79
export XDG_RUNTIME_DIR=/tmp/xdg
mkdir -m 0700 -p "$XDG_RUNTIME_DIR"
export LIBGL_ALWAYS_SOFTWARE=1 # the host GL: llvmpipe
status=0
for backend in gl gles; do
  flag=
  label="desktop GL backend (default)"
  if [ "$backend" = gles ]; then flag=--use-gles; label="GLES backend (--use-gles)"; fi
  log=/tmp/server-$backend.log
  # shellcheck disable=SC2086
  env -u GALLIUM_DRIVER build/server/vigil-server $flag -v >"$log" 2>&1 &
  pid=$!
  i=0
  while [ ! -S /tmp/.virgl_test ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  echo "== vigil-server, $label =="
  for client in "eglinfo -p surfaceless" "wflinfo -p surfaceless_egl -a gl --profile core" \
                "wflinfo -p surfaceless_egl -a gles3"; do
    # shellcheck disable=SC2086
    if out=$(GALLIUM_DRIVER=virpipe timeout 120 $client 2>&1); then rc=0; else rc=$?; fi
    case $client in
      eglinfo*)
        # eglinfo tries every platform and exits with the number that failed; the
        # surfaceless one is what goes through vigil.
        if printf '%s\n' "$out" | grep -q 'Surfaceless platform:' &&
           printf '%s\n' "$out" | sed -n '/Surfaceless platform:/,/platform:/p' | grep -q 'EGL API version'; then
          echo "  $client: surfaceless platform OK"
        else
          echo "  $client: FAILED (exit $rc)"; status=1
        fi ;;
      *)
        renderer=$(printf '%s\n' "$out" | sed -n 's/^OpenGL renderer string: //p')
        version=$(printf '%s\n' "$out" | sed -n 's/^OpenGL version string: //p')
        if [ "$rc" -eq 0 ] && [ "${renderer#virgl}" != "$renderer" ]; then
          echo "  $client: $version | $renderer"
        else
          echo "  $client: FAILED (exit $rc): $(printf '%s\n' "$out" | tail -3)"; status=1
        fi ;;
    esac
  done
  # glmark2's 15-scene set (scripts/glmark2-scenes.txt, one -b spec per line; the set
  # ../shared/tools/glmark2-score.sh measures, as tools/vigil-bench-glmark2.py), 256x256 off-screen.
  set --
  while IFS= read -r scene; do set -- "$@" -b "$scene"; done < scripts/glmark2-scenes.txt
  out=$(GALLIUM_DRIVER=virpipe timeout 300 glmark2 --validate --off-screen -s 256x256 "$@" 2>&1 || true)
  ok=$(printf '%s\n' "$out" | grep -c 'Validation: Success' || true)
  unknown=$(printf '%s\n' "$out" | grep -c 'Validation: Unknown' || true)
  bad=$(printf '%s\n' "$out" | grep -c 'Validation: Failure' || true)
  echo "  glmark2 --validate: $ok scenes match their expected pixels, $bad fail, $unknown have no check"
  if [ "$bad" -ne 0 ] || [ $((ok + unknown)) -ne 15 ]; then
    printf '%s\n' "$out" | grep -E 'Validation|rror' | head -20; status=1
  fi
  score=$(GALLIUM_DRIVER=virpipe timeout 300 glmark2 --off-screen -s 256x256 \
    $(for b in "$@"; do [ "$b" = -b ] || printf -- '-b %s:duration=2 ' "$b"; done) 2>&1 |
    sed -n 's/^ *glmark2 Score: *//p')
  echo "  glmark2 (15 scenes, 2 s each): score ${score:-none}"
  [ -n "$score" ] || status=1
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "  server: $(grep -c 'renderer ".*" created' "$log") contexts created, $(grep -c 'disconnect:' "$log") clients dropped"
  if grep -q 'disconnect:' "$log"; then grep 'disconnect:' "$log" | head -5; status=1; fi
  rm -f /tmp/.virgl_test
done
kill "$xpid" 2>/dev/null || true
exit $status
