#!/usr/bin/env python3
"""vigil-bench-glmark2.py [--rounds R] [--duration S] [--scene SPEC]... SERVER [ARGS...] [-- SERVER [ARGS...]]...

Runs glmark2 (Mesa's virpipe driver, i.e. the real guest driver over vtest) through each given
vtest server in turn, A B A B ..., for --rounds rounds, and prints per scene the median FPS of
each server and its ratio to the first, then the median glmark2 score (the mean of the scenes'
FPS, as glmark2 prints it) and its ratio. Alternating in one sitting is what makes ratios
meaningful on a shared machine: absolute FPS drift with load.

Default scenes: the 15 of glmark2's benchmark set in scripts/glmark2-scenes.txt (what
scripts/main-job.sh runs), 256x256 off-screen, --duration seconds each (default 2, as the main
job's score). Each server runs in
a private mount namespace with its own /tmp (Mesa's vtest client always connects to
/tmp/.virgl_test) and its own Xvfb display; needs root (unshare, mount), glmark2-x11 and xvfb.

Example (what the split costs against one process per client):
  vigil-bench-glmark2.py --rounds 3 build/server/vigil-server --single-process -- build/server/vigil-server
(the first server is the baseline: "ratio 2" is the split's FPS over one process's)
"""
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
import vtest  # noqa: E402

# The main job's scene set, one glmark2 -b spec per line.
SCENES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "glmark2-scenes.txt")
DISPLAY = ":93"
LINE = re.compile(r"^\s*\[([a-z0-9]+)\].*FPS: (\d+)")


def wait_for(path, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if os.path.exists(path):
            return True
        time.sleep(0.05)
    return False


def one_run(server, scenes, duration, env):
    """FPS per scene (in order) and the score, or None when the client or server failed."""
    log = open("/tmp/server.log", "wb")
    srv = subprocess.Popen(server, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        if not wait_for("/tmp/.virgl_test", 10):
            print("server did not listen: %s" % " ".join(server), file=sys.stderr)
            return None
        args = ["glmark2", "--off-screen", "-s", "256x256"]
        for s in scenes:
            args += ["-b", "%s:duration=%s" % (s, duration)]
        cenv = dict(env, GALLIUM_DRIVER="virpipe")
        out = subprocess.run(args, env=cenv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=60 + 4 * duration * len(scenes)).stdout.decode(errors="replace")
        fps = [(m.group(1), int(m.group(2))) for m in map(LINE.match, out.splitlines()) if m]
        score = re.search(r"glmark2 Score: (\d+)", out)
        if len(fps) != len(scenes) or not score:
            print("glmark2 failed through %s:\n%s" % (" ".join(server), out[-2000:]), file=sys.stderr)
            return None
        return fps, int(score.group(1))
    finally:
        srv.terminate()
        try:
            srv.wait(10)
        except subprocess.TimeoutExpired:
            srv.kill()
            srv.wait()
        log.close()
        if os.path.exists("/tmp/.virgl_test"):
            os.unlink("/tmp/.virgl_test")


def run_all(opts, servers):
    env = dict(os.environ, DISPLAY=DISPLAY)
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_for("/tmp/.X11-unix/X" + DISPLAY[1:], 10):
            print("Xvfb did not start", file=sys.stderr)
            return 1
        with open(SCENES_FILE) as f:
            scenes = opts.scene or [line.strip() for line in f if line.strip()]
        runs = [[] for _ in servers]
        for r in range(opts.rounds):
            for i, server in enumerate(servers):
                res = one_run(server, scenes, opts.duration, env)
                if res is None:
                    return 1
                runs[i].append(res)
                print("round %d: %-60s score %d" % (r + 1, " ".join(server)[-60:], res[1]), flush=True)
        names = [name for name, _ in runs[0][0][0]]
        print("\n%-14s" % "scene" + "".join("%14s" % ("server %d" % (i + 1)) for i in range(len(servers))) +
              "".join("%10s" % ("ratio %d" % (i + 1)) for i in range(1, len(servers))))
        for k, name in enumerate(names):
            med = [statistics.median(run[0][k][1] for run in runs[i]) for i in range(len(servers))]
            print("%-14s" % name + "".join("%14.0f" % m for m in med) +
                  "".join("%10.3f" % (m / med[0] if med[0] else 0) for m in med[1:]))
        med = [statistics.median(run[1] for run in runs[i]) for i in range(len(servers))]
        print("%-14s" % "score" + "".join("%14.0f" % m for m in med) +
              "".join("%10.3f" % (m / med[0] if med[0] else 0) for m in med[1:]))
        for i, server in enumerate(servers):
            print("server %d: %s" % (i + 1, " ".join(server)))
        return 0
    finally:
        xvfb.terminate()
        xvfb.wait()


class Opts:
    rounds = 2
    duration = 2.0
    scene = []


def parse(argv):
    """Leading options, then the servers separated by '--' (their own options pass untouched)."""
    o = Opts()
    o.scene = []
    i = 0
    while i + 1 < len(argv) and argv[i] in ("--rounds", "--duration", "--scene"):
        if argv[i] == "--rounds":
            o.rounds = int(argv[i + 1])
        elif argv[i] == "--duration":
            o.duration = float(argv[i + 1])
        else:
            o.scene.append(argv[i + 1])
        i += 2
    servers = vtest.split_commands(argv[i:])
    if not all(servers) or o.rounds < 1 or o.duration <= 0:
        return None, None
    return o, servers


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(sys.argv) >= 2 else 2
    opts, servers = parse(sys.argv[1:])
    if opts is None:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    vtest.enter_private_tmp()  # re-executes this script in a private mount namespace, once
    return run_all(opts, servers)


if __name__ == "__main__":
    sys.exit(main())
