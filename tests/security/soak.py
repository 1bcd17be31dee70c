#!/usr/bin/env python3
"""soak.py: bug class R9 (leaks as host DoS: CVE-2016-10163, CVE-2016-10214, CVE-2017-5993,
CVE-2017-6317, CVE-2017-6386): create/destroy cycles against one vigil-server, bounding the RSS
growth of the client's forked child process:

    soak.py --server PATH/vigil-server [--cycles N] [--only KIND,...]

* every CREATE_OBJECT kind the validator accepts with the default features (spec/objects.xml:
  blend, rasterizer, dsa, shader, vertex elements, sampler view, sampler state, surface, query,
  streamout target; MSAA_SURFACE needs IMPLICIT_MSAA, which is off, so its create is UNSUPPORTED
  and it has no cycle): N create+destroy cycles (default 100,000), the same guest handle each
  time, batched into SUBMIT_CMD buffers of up to ~256 Ki dwords;
* BLIT (CVE-2017-5993) and failing LINK_SHADER (CVE-2017-6317): N commands each (each BLIT
  really runs on the GL driver; LINK_SHADER is validated, the core does not link yet);
* sub-contexts: N/500 CREATE_SUB_CTX/DESTROY_SUB_CTX cycles (each creates and destroys an EGL
  context in the core: 2.4 ms each, ~25 ms under ASan, so 100k would take minutes to hours);
* resources: N/10 RESOURCE_CREATE2/UNREF cycles without backing (a GL object each), N/100 with
  shared memory (a memfd, mmap and SCM_RIGHTS fd per cycle);
* contexts: 30 connect/handshake/disconnect cycles (each forks a child that initializes EGL,
  ~0.1 s each), bounding the acceptor's RSS and open fds instead.

Bound: after a warm-up (one full SUBMIT_CMD of cycles, or N/20 resource cycles: the payload
and record buffers reach their high-water mark, allocator and driver caches their steady state),
the child's VmRSS may grow by at most 2 MiB over the measured cycles. A per-cycle leak of even
the smallest vigil allocation (a 24-byte handle slot, plus malloc's 16-byte header) would add
about 4 MiB over 100k cycles, so it fails; allocator noise of a few hundred KiB passes. The
acceptor may grow by at most 512 KiB over 30 connections, with no fd left behind.
In the ASan build the quarantine is capped (quarantine_size_mb=1) so that freed memory is reused
and RSS reflects live memory; the log must hold no sanitizer report. NOTE: a child ends with
_exit(), which skips LeakSanitizer's at-exit check, so "no LeakSanitizer line" only proves
something for the acceptor today; the RSS bound is what catches a child's leak.
"""
import argparse
import os
import re
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seclib as s  # noqa: E402
from seclib import cmd, vtest  # noqa: E402

MAX_SUBMIT = 262144
RSS_BOUND_KIB = 2048
ACCEPTOR_BOUND_KIB = 512


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))


def pack(words):
    return struct.pack("<%dI" % len(words), *words)


def send_cycles(c, cycle_words, n, prologue=()):
    """n copies of one cycle, in as few SUBMIT_CMDs as the cap allows, then a round trip."""
    per = max(1, (MAX_SUBMIT - len(prologue)) // len(cycle_words))
    unit = pack(cycle_words)
    head = pack(list(prologue))
    done = 0
    while done < n:
        k = min(per, n - done)
        body = head + unit * k
        c.send_raw(struct.pack("<2I", len(body) // 4, vtest.SUBMIT_CMD) + body)
        done += k
    assert c.busy_wait() == [1, vtest.RESOURCE_BUSY_WAIT, 0]


def obj_cycle(create, objtype, h=7):
    return create(h) + s.destroy(objtype, h)


OBJECT_KINDS = [
    ("blend", obj_cycle(s.blend, s.O_BLEND)),
    ("rasterizer", obj_cycle(s.rasterizer, s.O_RASTERIZER)),
    ("dsa", obj_cycle(s.dsa, s.O_DSA)),
    ("shader", obj_cycle(lambda h: s.shader(h, 1, s.FS_TEXT), s.O_SHADER)),
    ("vertex_elements", obj_cycle(lambda h: s.ve(h, [(0, 0, i, s.R32G32B32A32F) for i in range(4)]), s.O_VE)),
    ("sampler_view", obj_cycle(lambda h: s.sampler_view(h, 1), s.O_SAMPLER_VIEW)),
    ("sampler_state", obj_cycle(s.sampler_state, s.O_SAMPLER_STATE)),
    ("surface", obj_cycle(lambda h: s.surface(h, 1), s.O_SURFACE)),
    ("query", obj_cycle(lambda h: s.query(h, 2), s.O_QUERY)),
    ("streamout_target", obj_cycle(lambda h: s.so_target(h, 4, 0, 64), s.O_SO_TARGET)),
]
BOX = (0, 0, 0, 16, 16, 1)
COMMAND_KINDS = [
    ("blit", s.blit(5, 1, BOX, BOX), 1),
    ("failing_link_shader", cmd(s.LINK_SHADER, 30, 31, 0, 0, 0, 0), 1),
    ("sub_ctx", cmd(s.CREATE_SUB_CTX, 9) + cmd(s.SET_SUB_CTX, 9) + s.blend(3) +
     cmd(s.SET_SUB_CTX, 1) + cmd(s.DESTROY_SUB_CTX, 9), 500),
]


def setup(c):
    """Resources the objects refer to, sub-context 1, and two shaders for the links."""
    os.close(c.resource_create2(1, s.TEX_2D, s.RGBA8, s.B_RT | s.B_SV, 16, 16, 1, 1, 0, 0, 1024))
    os.close(c.resource_create2(2, s.BUFFER, s.R8, s.B_CUSTOM, 16, 1, 1, 1, 0, 0, 16))
    os.close(c.resource_create2(4, s.BUFFER, s.R8, s.B_SO, 256, 1, 1, 1, 0, 0, 256))
    os.close(c.resource_create2(5, s.TEX_2D, s.RGBA8, s.B_RT | s.B_SV, 16, 16, 1, 1, 0, 0, 1024))
    c.send(vtest.SUBMIT_CMD, s.sub(1) + s.shader(30, 0, s.VS_TEXT) + s.shader(31, 1, "FRAG\nEND\n\0"))
    assert c.busy_wait() == [1, vtest.RESOURCE_BUSY_WAIT, 0]


def resource_cycles(c, n, backing, first_id=1000):
    """RESOURCE_CREATE2 + RESOURCE_UNREF n times (fresh ids: Mesa never reuses one)."""
    if backing:
        for i in range(n):
            os.close(c.resource_create2(first_id + i, s.TEX_2D, s.RGBA8, s.B_SV, 8, 8, 1, 1, 0, 0, 256))
            c.send(vtest.RESOURCE_UNREF, [first_id + i])
    else:
        batch = []
        for i in range(n):
            h = first_id + i
            batch.append(struct.pack("<13I", 11, vtest.RESOURCE_CREATE2, h, s.BUFFER, s.R8, s.B_VB,
                                     64, 1, 1, 1, 0, 0, 0) + struct.pack("<3I", 1, vtest.RESOURCE_UNREF, h))
            if len(batch) == 2000 or i == n - 1:
                c.send_raw(b"".join(batch))
                batch = []
                assert c.busy_wait(0, 0) == [1, vtest.RESOURCE_BUSY_WAIT, 0]
    assert c.busy_wait() == [1, vtest.RESOURCE_BUSY_WAIT, 0]


def per_batch(cycle_words):
    return max(1, MAX_SUBMIT // len(cycle_words))


def measure(name, pid, run, n, results, warm):
    run(warm)  # warm-up: buffers reach their high-water mark (a full submit), caches fill
    before = rss_kib(pid)
    t = time.monotonic()
    run(n)
    dt = time.monotonic() - t
    after = rss_kib(pid)
    results.append((name, n, before, after, dt))
    print("%-22s %8d cycles  RSS %7d -> %7d KiB (%+d)  %.1fs" % (name, n, before, after, after - before, dt))
    return after - before


def acceptor_soak(srv, runner, n, results):
    def fds():
        return len(os.listdir("/proc/%d/fd" % srv.proc.pid))
    for _ in range(3):  # warm-up
        c = runner.connect()
        c.handshake()
        c.close()
    time.sleep(0.3)
    before, fd0, t = rss_kib(srv.proc.pid), fds(), time.monotonic()
    for _ in range(n):
        c = runner.connect()
        c.handshake()
        c.close()
    srv.wait_log(r"client %d: client disconnected" % runner.nclients)
    time.sleep(0.3)
    after, fd1 = rss_kib(srv.proc.pid), fds()
    results.append(("contexts (acceptor)", n, before, after, time.monotonic() - t))
    print("%-22s %8d cycles  RSS %7d -> %7d KiB (%+d)  fds %d -> %d" % (
        "contexts (acceptor)", n, before, after, after - before, fd0, fd1))
    assert fd1 == fd0, "the acceptor holds %d more fds after %d clients" % (fd1 - fd0, n)
    return after - before


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--cycles", type=int, default=100000)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    only = [k for k in a.only.split(",") if k]
    with open(a.server, "rb") as f:
        if b"__asan_init" in f.read():
            os.environ["ASAN_OPTIONS"] = (os.environ.get("ASAN_OPTIONS", "") +
                                          ":quarantine_size_mb=1:thread_local_quarantine_size_kb=64").lstrip(":")
    srv = s.start_server(os.path.abspath(a.server))
    ok, failures, results = False, [], []
    try:
        runner = s.Runner(srv)  # client 1 is the keeper: the soak's own client
        c = runner.keeper
        c.sock.settimeout(180.0)  # one submit of EGL context cycles takes seconds under ASan
        pid = int(srv.wait_log(r"\]: client 1: child (\d+)\n").group(1))
        setup(c)
        n = a.cycles
        plan = [(name, (lambda w: lambda k: send_cycles(c, w, k))(words), n, per_batch(words))
                for name, words in OBJECT_KINDS]
        plan += [(name, (lambda w: lambda k: send_cycles(c, w, k))(words), n // div,
                  min(n // div // 10, per_batch(words))) for name, words, div in COMMAND_KINDS]
        ids = [1000]

        def res_run(backing):
            def run(k):
                resource_cycles(c, k, backing, ids[0])
                ids[0] += k
            return run
        plan += [("resource", res_run(False), n // 10, n // 200),
                 ("resource_with_shm", res_run(True), n // 100, n // 2000)]
        for name, run, count, warm in plan:
            if only and name not in only:
                continue
            growth = measure(name, pid, run, count, results, max(1, warm))
            if growth > RSS_BOUND_KIB:
                failures.append("%s: RSS grew by %d KiB over %d cycles (bound %d KiB)" % (
                    name, growth, count, RSS_BOUND_KIB))
        if not only or "contexts" in only:
            growth = acceptor_soak(srv, runner, 30, results)
            if growth > ACCEPTOR_BOUND_KIB:
                failures.append("acceptor RSS grew by %d KiB over 30 clients" % growth)
        assert c.busy_wait() == [1, vtest.RESOURCE_BUSY_WAIT, 0]
        c.close()
        ok = not failures
    finally:
        s.finish_server(srv, ok)
    for f in failures:
        print("FAIL " + f)
    print("soak: %d kinds, %s" % (len(results), "PASS" if not failures else "FAIL"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
