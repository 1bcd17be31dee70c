"""test_split.py: vigil-server's capability split, end to end with the integration harness
(tests/integration/vtest.py, imported unchanged): a private mount namespace, the built server,
raw vtest clients.

Cases (each names the property it proves):
  sandboxed    both processes of a live client (gate = the acceptor's child, core = the gate's
               child) show Seccomp: 2 and NoNewPrivs: 1 in /proc/PID/status, the core keeps no
               client socket, and the client still renders (resource + transfer round trip).
  probe_gate   VIGIL_SANDBOX_PROBE=gate (test-only vigil-server-probe): the gate attempts a
               forbidden syscall right after entering its sandbox and dies of SIGSYS.
  probe_core   VIGIL_SANDBOX_PROBE=core: the same for the core; its gate reports it lost.
  core_killed  kill -9 of one client's core: that client is disconnected with "context lost"
               (exit status 4), a second client connected meanwhile keeps rendering correctly.
  single_process  --single-process: one unconfined process per client, rendering as before.
  rasterizers  the core's llvmpipe rasterizer threads ("llvmpipe-K") each may run on exactly one
               CPU and no two share one (lib/split_affinity.c), while the client renders.
Bug class: sandbox escape / missing confinement, and cross-client impact of a crashed core.
"""
import argparse
import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import vtest  # noqa: E402
from vtest import Client, Server  # noqa: E402

SIGSYS = 31
CORE_EXIT = 4


def status_fields(pid, tid=None):
    out = {}
    with open("/proc/%d/status" % pid if tid is None else "/proc/%d/task/%s/status" % (pid, tid)) as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def pids_of_client(srv, mark):
    """(gate, core) of the newest client: the acceptor logs the gate ('client N: child PID'), the
    library logs the core at -v ('rendering core process PID ready')."""
    gate = int(srv.wait_log(r"client \d+: child (\d+)", since=mark).group(1))
    core = int(srv.wait_log(r"vigil-server\[%d\] client \d+: rendering core process (\d+) ready"
                            % gate, since=mark).group(1))
    assert status_fields(core)["PPid"] == str(gate), "core %d is not the gate %d's child" % (core, gate)
    return gate, core


def round_trip(c, handle=1):
    """RESOURCE_CREATE2 (16x16 R8G8B8A8, 1024 bytes of shared memory), TRANSFER_PUT2 of one row,
    TRANSFER_GET2 of it to another offset, BUSY_WAIT: the bytes come back exactly."""
    fd = c.resource_create2(handle, 2, 67, 2, 16, 16, 1, 1, 0, 0, 1024)
    pattern = bytes((i * 7 + handle) & 0xff for i in range(64))
    os.pwrite(fd, pattern, 0)
    c.send(vtest.TRANSFER_PUT2, [handle, 0, 0, 0, 0, 16, 1, 1, 64, 0], length=10 + 16)
    c.send(vtest.TRANSFER_GET2, [handle, 0, 0, 0, 0, 16, 1, 1, 64, 512])
    assert c.busy_wait(handle, 1) == [1, vtest.RESOURCE_BUSY_WAIT, 0]
    got = os.pread(fd, 64, 512)
    os.close(fd)
    assert got == pattern, "round trip returned %r" % got[:16]


def require_split(srv, mark):
    if re.search(r"built without the sandbox", srv.text()):
        vtest.skip("vigil-server was built without the sandbox: no split to test")
    srv.wait_log(r"client \d+: (rendering core process \d+ ready|disconnect)", since=mark)


def case_sandboxed(srv, _probe):
    mark = len(srv.text())
    c = Client()
    c.handshake()
    require_split(srv, mark)
    gate, core = pids_of_client(srv, mark)
    for name, pid in (("gate", gate), ("core", core)):
        st = status_fields(pid)
        assert st["Seccomp"] == "2", "%s %d: Seccomp %s" % (name, pid, st["Seccomp"])
        assert st["NoNewPrivs"] == "1", "%s %d: NoNewPrivs %s" % (name, pid, st["NoNewPrivs"])
        print("%s %d: Seccomp %s, NoNewPrivs %s, Uid %s" % (name, pid, st["Seccomp"],
                                                           st["NoNewPrivs"], st["Uid"]))
    socks = [os.readlink("/proc/%d/fd/%s" % (core, fd)) for fd in os.listdir("/proc/%d/fd" % core)]
    assert sum(1 for s in socks if s.startswith("socket:")) == 1, \
        "the core holds more than its control socket: %r" % socks
    round_trip(c)
    c.close()
    assert srv.alive()


def probe(srv, which):
    mark = len(srv.text())
    c = Client()
    c.expect_closed()
    c.close()
    if which == "gate":
        m = srv.wait_log(r"client \d+: child (\d+)", since=mark)
        srv.wait_log(r"sandbox probe: gate calls", since=mark)
        srv.wait_log(r"child %s killed by signal %d\b" % (m.group(1), SIGSYS), since=mark)
    else:
        srv.wait_log(r"rendering core \d+: sandbox probe: ", since=mark)
        srv.wait_log(r"rendering core process \d+ killed by signal %d\b" % SIGSYS, since=mark)
        srv.wait_log(r"disconnect: the rendering core failed to initialize", since=mark)
    assert "sandbox probe survived" not in srv.text()[mark:], srv.text()[mark:]
    print("the %s died of SIGSYS on its forbidden syscall" % which)
    assert srv.alive()


def case_probe_gate(srv, _probe):
    probe(srv, "gate")


def case_probe_core(srv, _probe):
    probe(srv, "core")


def case_core_killed(srv, _probe):
    mark = len(srv.text())
    victim = Client()
    victim.handshake()
    require_split(srv, mark)
    gate, core = pids_of_client(srv, mark)
    fd = victim.resource_create2(1, 2, 67, 2, 16, 16, 1, 1, 0, 0, 1024)
    os.close(fd)
    mark2 = len(srv.text())
    other = Client()
    other.handshake()
    pids_of_client(srv, mark2)
    os.kill(core, signal.SIGKILL)
    for _ in range(100):  # the gate reaps it only at its end; wait until it is a zombie or gone
        try:
            if status_fields(core)["State"].startswith("Z"):
                break
        except FileNotFoundError:
            break
        time.sleep(0.05)
    victim.send(vtest.RESOURCE_BUSY_WAIT, [1, 1])
    victim.expect_closed()
    victim.close()
    m = srv.wait_log(r"vigil-server\[%d\] client \d+: disconnect: context lost: the rendering core "
                     r"died" % gate, since=mark)
    srv.wait_log(r"child %d exited with status %d\b" % (gate, CORE_EXIT), since=mark)
    print("victim: " + m.group(0))
    round_trip(other, 7)
    other.get_caps()
    other.close()
    again = Client()
    again.handshake()
    round_trip(again, 3)
    again.close()
    assert srv.alive(), "the acceptor died"


def case_rasterizers(srv, _probe):
    allowed = len(os.sched_getaffinity(0))
    if allowed < 2:
        vtest.skip("one CPU: nothing to spread")
    mark = len(srv.text())
    c = Client()
    c.handshake()
    require_split(srv, mark)
    _gate, core = pids_of_client(srv, mark)
    cpus = {}
    for tid in os.listdir("/proc/%d/task" % core):
        with open("/proc/%d/task/%s/comm" % (core, tid)) as f:
            comm = f.read().strip()
        if re.fullmatch(r"llvmpipe-\d+", comm):
            cpus[comm] = status_fields(core, tid)["Cpus_allowed_list"]
    if len(cpus) < 2:
        vtest.skip("fewer than 2 llvmpipe rasterizer threads (%r): not llvmpipe?" % sorted(cpus))
    for comm, lst in sorted(cpus.items()):
        assert re.fullmatch(r"\d+", lst), "%s may run on %s, not on one CPU" % (comm, lst)
    assert len(set(cpus.values())) == min(len(cpus), allowed), "rasterizers share CPUs: %r" % cpus
    print("core %d rasterizers: %s" % (core, ", ".join("%s on CPU %s" % kv for kv in sorted(cpus.items()))))
    round_trip(c)
    c.close()
    assert srv.alive()


def case_single_process(srv, _probe):
    """--single-process: one process per client, no core child, no filter; it still renders."""
    mark = len(srv.text())
    c = Client()
    c.handshake()
    gate = int(srv.wait_log(r"client \d+: child (\d+)", since=mark).group(1))
    st = status_fields(gate)
    assert st["Seccomp"] == "0", "single-process client under seccomp: %s" % st["Seccomp"]
    with open("/proc/%d/task/%d/children" % (gate, gate)) as f:
        assert f.read().strip() == "", "single-process client has a child"
    assert "rendering core process" not in srv.text()[mark:]
    round_trip(c)
    c.close()
    print("client %d: one process, Seccomp 0, round trip fine" % gate)
    assert srv.alive()


CASES = {"sandboxed": case_sandboxed, "single_process": case_single_process, "probe_gate": case_probe_gate,
         "probe_core": case_probe_core, "core_killed": case_core_killed, "rasterizers": case_rasterizers}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--probe-server", required=True)
    ap.add_argument("case", choices=sorted(CASES))
    a = ap.parse_args()
    binary = os.path.abspath(a.server)
    if a.case.startswith("probe_"):
        binary = os.path.abspath(a.probe_server)
        os.environ["VIGIL_SANDBOX_PROBE"] = a.case[len("probe_"):]
    vtest.enter_private_tmp()
    vtest.require_egl()
    srv = Server(binary, ["--single-process"] if a.case == "single_process" else [])
    ok = False
    try:
        if "built without the sandbox" in srv.text():
            vtest.skip("vigil-server was built without the sandbox: no split to test")
        CASES[a.case](srv, a.case)
        ok = True
    finally:
        status = srv.stop()
        if not ok or status != 0:
            print("---- server log ----\n" + srv.text())
    assert status == 0, "acceptor exit status %r after SIGTERM" % status
    for marker in ("AddressSanitizer", "LeakSanitizer", "runtime error:"):
        assert marker not in srv.text(), "sanitizer report in the server log:\n" + srv.text()
    print("PASS " + a.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
