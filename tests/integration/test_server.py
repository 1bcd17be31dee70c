#!/usr/bin/env python3
"""test_server.py: vigil-server integration tests, one case per invocation:

    test_server.py --server PATH/vigil-server CASE

Each case (except help_version) runs in a private mount namespace with its own /tmp, starts
vigil-server there and talks to it with real Mesa clients (eglinfo, wflinfo with
GALLIUM_DRIVER=virpipe) or with the small vtest client of vtest.py. The malformed-input cases
each prove that one kind of hostile input ends only the offending client's process, with the
reason in the server log and the exit status that names its class, while a client connected at
the same time, a new protocol client and a new Mesa client keep working. Exit 0 pass, 1 fail,
77 skip.
"""
import argparse
import os
import re
import stat
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vtest  # noqa: E402
from vtest import Client, Server, mesa_client  # noqa: E402

REJECTED, TRANSPORT = 2, 3  # enum vs_exit (server/server.h)

# ---------------------------------------------------------------- Mesa clients through vigil


def expect_used_vigil(srv, prog):
    srv.wait_log(r'renderer "%s" created' % prog)


def case_eglinfo(srv):
    rc, out = mesa_client(["eglinfo", "-p", "surfaceless"])
    assert vtest.surfaceless_ok(rc, out), "eglinfo failed (%d):\n%s" % (rc, out)
    expect_used_vigil(srv, "eglinfo")


def wflinfo(api, profile=None):
    args = ["wflinfo", "-p", "surfaceless_egl", "-a", api] + (["--profile", profile] if profile else []) + ["-v"]
    rc, out = mesa_client(args)
    assert rc == 0, "%s failed (%d):\n%s" % (" ".join(args), rc, out)
    info = {}
    for key in ("renderer", "version", "shading language version"):
        m = re.search(r"^OpenGL %s string: (.*)$" % key, out, re.M)
        assert m, "no %s string in:\n%s" % (key, out)
        info[key] = m.group(1)
    assert info["renderer"].startswith("virgl"), "not rendered through vtest: %r" % info["renderer"]
    print("%s%s: %s | GLSL %s | %s" % (api, " " + profile if profile else "", info["version"],
                                       info["shading language version"], info["renderer"]))
    return info


def advertised_glsl(srv):
    c = Client()
    level = vtest.caps_glsl_level(c.handshake())
    c.close()
    return level


def case_wflinfo_core(srv):
    """A core context of at least GL 3.3 (PROTOCOL.md 3.4's minimum profile) and at most what
    the advertised glsl_level allows; Mesa reports GLSL equal to the GL version from 3.3 on."""
    glsl = advertised_glsl(srv)
    info = wflinfo("gl", "core")
    m = re.match(r"(\d)\.(\d) \(Core Profile\)", info["version"])
    assert m, "no core profile context: %r" % info["version"]
    got = int(m.group(1)) * 100 + int(m.group(2)) * 10
    assert 330 <= got <= glsl, "GL %s with caps glsl_level %d" % (info["version"], glsl)
    assert info["shading language version"] == "%s.%s0" % m.groups(), info
    expect_used_vigil(srv, "wflinfo")


def case_wflinfo_gles3(srv):
    info = wflinfo("gles3")
    m = re.match(r"OpenGL ES (3)\.(\d)", info["version"])
    assert m, "no OpenGL ES 3.x context: %r" % info["version"]
    essl = "OpenGL ES GLSL ES %s.%s0" % (m.group(1), m.group(2))
    assert info["shading language version"] == essl, info
    expect_used_vigil(srv, "wflinfo")


# ---------------------------------------------------------------- hostile clients


def expect_drop(srv, bad, reason, status):
    """Runs `bad` on a fresh client while a good client stays connected; the bad client must be
    dropped with `reason` (regex) in the log and exit `status`; everyone else keeps working."""
    mark = len(srv.text())
    keeper = Client()
    keeper.handshake()
    c = Client()
    bad(c)
    c.expect_closed()
    c.close()
    m = srv.wait_log(r"vigil-server\[(\d+)\] client \d+: disconnect: [^\n]*" + reason, since=mark)
    srv.wait_log(r"child %s exited with status %d\b" % (m.group(1), status), since=mark)
    print("dropped as expected: " + m.group(0))
    keeper.get_caps()
    assert keeper.busy_wait() == [1, vtest.RESOURCE_BUSY_WAIT, 0]
    keeper.close()
    again = Client()
    again.handshake()
    again.close()
    case_eglinfo(srv)
    assert srv.alive(), "the acceptor died"


def case_short_header(srv):
    expect_drop(srv, lambda c: (c.send_raw(b"\x08\x00\x00"), c.sock.shutdown(1)),
                r"short read: header \(3 of 8 bytes\)", TRANSPORT)


def case_short_payload(srv):
    def bad(c):
        c.handshake()
        c.send_raw(struct.pack("<2I", 4, vtest.SUBMIT_CMD) + b"\0" * 6)
        c.sock.shutdown(1)
    expect_drop(srv, bad, r"short read: payload of message 6 \(6 of 16 bytes\)", TRANSPORT)


def case_oversized_submit(srv):
    def bad(c):
        c.handshake()
        c.send_raw(struct.pack("<2I", 0x40001, vtest.SUBMIT_CMD))  # no payload follows
    expect_drop(srv, bad, r"vtest SUBMIT_CMD@\d+: LENGTH", REJECTED)


def case_oversized_renderer_name(srv):
    expect_drop(srv, lambda c: c.send_raw(struct.pack("<2I", 0xffffffff, vtest.CREATE_RENDERER)),
                r"vtest CREATE_RENDERER@\d+: LENGTH", REJECTED)


def unknown_id(msg_id):
    def bad(c):
        c.handshake()
        c.send(msg_id, [0, 0])
    return bad


def case_unknown_id_0(srv):
    expect_drop(srv, unknown_id(0), r"id 0\] rejected: [^\n]*UNKNOWN_CMD", REJECTED)


def case_unknown_id_25(srv):
    expect_drop(srv, unknown_id(25), r"id 25\] rejected: [^\n]*UNKNOWN_CMD", REJECTED)


def case_second_create_renderer(srv):
    def bad(c):
        c.handshake()
        c.create_renderer(b"again\0")
    expect_drop(srv, bad, r"vtest CREATE_RENDERER@\d+: STATE", REJECTED)


def case_command_before_renderer(srv):
    expect_drop(srv, lambda c: c.send(vtest.GET_CAPS2), r"vtest GET_CAPS2@\d+: STATE", REJECTED)


def case_renderer_name_without_nul(srv):
    expect_drop(srv, lambda c: c.create_renderer(b"abc"), r"CREATE_RENDERER[^\n]*NUL", REJECTED)


def case_protocol_3_message(srv):
    def bad(c):
        c.handshake()
        c.send(15, [1])  # GET_PARAM exists only in protocol 3
    expect_drop(srv, bad, r"UNSUPPORTED", REJECTED)


def protocol0_put(c, box, stride, data):
    """TRANSFER_PUT (protocol 0): 11 dwords, then exactly len(data) raw bytes, len rounded up."""
    words = [1, 0, stride, 0] + list(box) + [len(data)]
    c.send_raw(struct.pack("<2I", 11 + (len(data) + 3) // 4, vtest.TRANSFER_PUT) +
               struct.pack("<11I", *words) + data)


def case_protocol0_transfers(srv):
    """A protocol-0 client (no PROTOCOL_VERSION): RESOURCE_CREATE without shared memory, data
    up with TRANSFER_PUT (row stride 64) and back with TRANSFER_GET (packed) through the
    socket; then a PUT whose data does not cover the box is dropped."""
    c = Client()
    c.create_renderer()
    c.send(vtest.RESOURCE_CREATE, [1, 2, 67, 0xa, 16, 16, 1, 1, 0, 0])  # 2D RGBA8 16x16
    box = (2, 3, 0, 4, 5, 1)
    rows = [bytes((16 * y + i) & 0xff for i in range(16)) for y in range(5)]
    protocol0_put(c, box, 64, b"".join(r + b"\xee" * 48 for r in rows[:4]) + rows[4])
    c.send(vtest.TRANSFER_GET, [1, 0, 16, 0] + list(box) + [80])
    got = c.recv_exact(80)
    assert got == b"".join(rows), "protocol-0 round trip: %r" % got
    c.send(vtest.PING_PROTOCOL_VERSION)
    assert c.recv_words(2) == [0, vtest.PING_PROTOCOL_VERSION]
    c.close()
    print("protocol 0: RESOURCE_CREATE, TRANSFER_PUT (stride 64), TRANSFER_GET (packed): 80 bytes match")

    def bad(c):
        c.create_renderer()
        c.send(vtest.RESOURCE_CREATE, [1, 2, 67, 0xa, 16, 16, 1, 1, 0, 0])
        protocol0_put(c, box, 64, b"\0" * 271)  # one byte short of the box
    expect_drop(srv, bad, r"TRANSFER_PUT[^\n]*BACKING", REJECTED)


def bad_create2(args, reason):
    def bad(c):
        c.handshake()
        c.send(vtest.RESOURCE_CREATE2, args)
    return bad, reason


# handle, target, format, bind, w, h, d, array_size, last_level, nr_samples, data_size
BAD_CREATE2 = [
    ([0, 2, 67, 2, 16, 16, 1, 1, 0, 0, 1024], r"RESOURCE_CREATE2@0\.handle: RANGE"),  # id 0
    ([1, 9, 67, 2, 16, 16, 1, 1, 0, 0, 1024], r"RESOURCE_CREATE2@0\.target: ENUM"),  # target 9
    ([1, 2, 67, 2, 16, 16, 1, 1, 0, 0, 1023], r"RESOURCE_CREATE2\S*: BACKING"),  # < layout
    ([1, 2, 67, 2, 16, 16, 1, 1, 9, 0, 1024], r"RESOURCE_CREATE2\S*: RANGE"),  # level > log2
    ([1, 4, 67, 2, 16, 16, 1, 1, 0, 0, 6144], r"RESOURCE_CREATE2\S*: RELATION"),  # 1-layer cube
    ([1, 2, 67, 2, 0x40000, 16, 1, 1, 0, 0, 0], r"RESOURCE_CREATE2\S*: RANGE"),  # width > cap
]


def case_bad_resource_create2(srv):
    for args, reason in BAD_CREATE2:
        bad, reason = bad_create2(args, reason)
        expect_drop(srv, bad, reason, REJECTED)


def case_duplicate_resource_id(srv):
    def bad(c):
        c.handshake()
        os.close(c.resource_create2(1, 0, 64, 0x10, 64, 1, 1, 1, 0, 0, 64))
        c.send(vtest.RESOURCE_CREATE2, [1, 0, 64, 0x10, 64, 1, 1, 1, 0, 0, 64])
    expect_drop(srv, bad, r"RESOURCE_CREATE2[^\n]*STATE", REJECTED)


def case_resource_shared_memory(srv):
    """A good RESOURCE_CREATE2 gets one sealed memfd of exactly data_size zeroed bytes."""
    c = Client()
    c.handshake()
    fd = c.resource_create2(1, 2, 67, 2, 16, 16, 1, 1, 0, 0, 1024)
    assert os.fstat(fd).st_size == 1024
    assert os.readlink("/proc/self/fd/%d" % fd).startswith("/memfd:vigil-res-1")
    seals = vtest.memfd_seals(fd)
    assert seals & vtest.fcntl.F_SEAL_SHRINK and seals & vtest.fcntl.F_SEAL_GROW, seals
    assert os.pread(fd, 1024, 0) == b"\0" * 1024
    assert c.resource_create2(2, 2, 67, 2, 16, 16, 1, 1, 0, 0, 0) is None  # no backing
    c.send(vtest.TRANSFER_GET2, [1, 0, 0, 0, 0, 16, 16, 1, 1024, 0])
    assert c.busy_wait(1, 1) == [1, vtest.RESOURCE_BUSY_WAIT, 0]
    c.send(vtest.RESOURCE_UNREF, [1])
    c.send(vtest.RESOURCE_UNREF, [77])  # unknown ids are ignored, as virglrenderer does
    assert c.busy_wait() == [1, vtest.RESOURCE_BUSY_WAIT, 0]
    os.close(fd)
    c.close()
    assert srv.alive()


def case_transfer_get2_outside_backing(srv):
    def bad(c):
        c.handshake()
        os.close(c.resource_create2(1, 2, 67, 2, 16, 16, 1, 1, 0, 0, 1024))
        # one row at offset 1000: 64 bytes would end at 1064 > 1024
        c.send(vtest.TRANSFER_GET2, [1, 0, 0, 0, 0, 16, 1, 1, 64, 1000])
    expect_drop(srv, bad, r"TRANSFER_GET2[^\n]*BACKING", REJECTED)


def case_transfer_put2_no_backing(srv):
    def bad(c):
        c.handshake()
        assert c.resource_create2(1, 2, 67, 2, 16, 16, 1, 1, 0, 0, 0) is None
        c.send(vtest.TRANSFER_PUT2, [1, 0, 0, 0, 0, 1, 1, 1, 4, 0], length=11)
    expect_drop(srv, bad, r"TRANSFER_PUT2[^\n]*BACKING", REJECTED)


def client_child(srv, mark):
    """The pid of the newest client process (from the acceptor's log after `mark`)."""
    m = list(re.finditer(r"client \d+: child (\d+)", srv.text()[mark:]))
    assert m, "no child line in the log"
    return int(m[-1].group(1))


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def case_fd_games(srv):
    """Hostile file-descriptor play: fds attached to ordinary messages are never received (the
    server reads without ancillary data: the kernel drops them); the memfd a client gets
    cannot be resized (sealed: a shrink would make the server fault) nor its seals changed;
    closing it early does not affect the server's mapping."""
    import array
    import socket
    mark = len(srv.text())
    c = Client()
    c.handshake()
    child = client_child(srv, mark)
    before = fd_count(child)
    junk = [os.open("/dev/null", os.O_RDONLY) for _ in range(8)]
    msg = struct.pack("<2I", 0, vtest.PING_PROTOCOL_VERSION)
    c.sock.sendmsg([msg], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", junk))])
    assert c.recv_words(2) == [0, vtest.PING_PROTOCOL_VERSION]
    for fd in junk:
        os.close(fd)
    assert fd_count(child) == before, "the server kept fds a client sent (%d -> %d)" % (
        before, fd_count(child))
    fd = c.resource_create2(1, 2, 67, 2, 16, 16, 1, 1, 0, 0, 1024)
    for size in (0, 512, 4096):
        try:
            os.ftruncate(fd, size)
        except OSError:
            pass
        else:
            raise AssertionError("the client could resize its memfd to %d" % size)
    try:
        vtest.fcntl.fcntl(fd, vtest.fcntl.F_ADD_SEALS, vtest.fcntl.F_SEAL_WRITE)
    except OSError:
        pass
    else:
        raise AssertionError("the client could add a write seal under the server's mapping")
    os.pwrite(fd, bytes(range(64)), 0)
    os.close(fd)  # the server's mapping stays valid
    c.send(vtest.TRANSFER_PUT2, [1, 0, 0, 0, 0, 16, 1, 1, 64, 0], length=10 + 16)
    c.send(vtest.TRANSFER_GET2, [1, 0, 0, 0, 0, 16, 1, 1, 64, 512])
    assert c.busy_wait(1, 1) == [1, vtest.RESOURCE_BUSY_WAIT, 0]
    assert fd_count(child) == before, "fd count changed after the resource (%d -> %d)" % (
        before, fd_count(child))
    c.close()
    print("fds attached to a PING were dropped (%d fds in the client process before and after);"
          " memfd resize and seal changes refused; early close harmless" % before)
    assert srv.alive()


def submit(c, words):
    c.send(vtest.SUBMIT_CMD, words)


def case_bad_virgl_command(srv):
    def bad(c):
        c.handshake()
        submit(c, [0x000000ff])  # virgl command id 255, len 0
    expect_drop(srv, bad, r"message \[len 1, id 6\] rejected: [^v][^\n]*UNKNOWN_CMD", REJECTED)


def case_bad_framebuffer_count(srv):
    def bad(c):
        c.handshake()
        # CREATE_SUB_CTX(1), SET_SUB_CTX(1), SET_FRAMEBUFFER_STATE with 9 colour buffers
        submit(c, [29 | 1 << 16, 1, 28 | 1 << 16, 1, 5 | 11 << 16, 9, 0] + [0] * 9)
    expect_drop(srv, bad, r"SET_FRAMEBUFFER_STATE", REJECTED)


def case_no_fork(srv):
    """--no-fork serves clients one after another in the acceptor; a rejected client ends only
    its connection there too."""
    for _ in range(2):
        c = Client()
        c.handshake()
        c.close()
    bad = Client()
    bad.handshake()
    bad.send(25)
    bad.expect_closed()
    bad.close()
    srv.wait_log(r"client 3: disconnect: header \[len 0, id 25\] rejected")
    c = Client()
    c.handshake()
    assert c.busy_wait() == [1, vtest.RESOURCE_BUSY_WAIT, 0]
    c.close()
    assert srv.alive()


# ---------------------------------------------------------------- shader cache

SHADER_TEST = vtest.PIGLIT + "/tests/spec/glsl-1.10/execution/builtins/glsl-fs-mix.shader_test"
CACHE_BASE = "/tmp/shader-cache"  # the namespace's private /tmp


def run_shader_test(srv):
    mark = len(srv.text())
    result, out = vtest.piglit(["shader_runner", SHADER_TEST])
    assert result == "pass", "shader_runner: %s\n%s" % (result, out)
    srv.wait_log(r"rendering core process \d+ exited", since=mark)  # its cache writes ended
    return mark


def cache_file(d):
    found = [os.path.join(r, f) for r, _, fs in os.walk(d) for f in fs if f == "foz_cache.foz"]
    return found[0] if found else None


def case_shader_cache(srv):
    """--shader-cache: the core of a client of uid N compiles into BASE/uid-N (created 0700),
    the next client of that uid finds its shaders there (the cache file does not grow), and a
    directory others could write is not used."""
    if not (os.path.exists(vtest.PIGLIT + "/bin/shader_runner") and os.path.exists(SHADER_TEST)):
        vtest.skip("piglit's shader_runner or its test is not installed")
    d = os.path.join(CACHE_BASE, "uid-%d" % os.getuid())
    mark = run_shader_test(srv)
    srv.wait_log(r"shader cache: " + re.escape(d), since=mark)
    assert stat.S_IMODE(os.stat(d).st_mode) == 0o700, oct(os.stat(d).st_mode)
    foz = cache_file(d)
    assert foz and os.path.getsize(foz) > 0, "no cache file written under " + d
    size = os.path.getsize(foz)
    run_shader_test(srv)
    assert os.path.getsize(foz) == size, "second client compiled again: %d -> %d bytes" % (
        size, os.path.getsize(foz))
    os.chmod(d, 0o770)  # group-writable: someone else could plant code there
    os.remove(foz)
    mark = run_shader_test(srv)
    srv.wait_log(r"shader cache off for this client: " + re.escape(d), since=mark)
    assert cache_file(d) is None, "a group-writable cache directory was used"


# ---------------------------------------------------------------- driver

CASE_SERVER_ARGS = {"no_fork": ["--no-fork", "--use-egl-surfaceless"],
                    "shader_cache": ["--shader-cache=" + CACHE_BASE]}

MESA_CASES = {"eglinfo": case_eglinfo, "wflinfo_core": case_wflinfo_core,
              "wflinfo_gles3": case_wflinfo_gles3}


def case_help_version(binary):
    r = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and "--socket-path" in r.stdout and "--use-gles" in r.stdout, r
    r = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and re.match(r"vigil-server \d+\.\d+", r.stdout), r
    r = subprocess.run([binary, "--no-such-flag"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "Usage" in r.stderr, r


def lookup(name):
    """CASE or CASE_gl / CASE_gles for the Mesa cases: (function, server arguments)."""
    for suffix, args in (("_gles", ["--use-gles"]), ("_gl", [])):
        if name.endswith(suffix) and name[:-len(suffix)] in MESA_CASES:
            return MESA_CASES[name[:-len(suffix)]], args
    fn = globals().get("case_" + name)
    if fn is None or name in MESA_CASES or name == "help_version":
        raise SystemExit("unknown case %r" % name)
    return fn, CASE_SERVER_ARGS.get(name, [])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("case")
    a = ap.parse_args()
    binary = os.path.abspath(a.server)
    if a.case == "help_version":
        case_help_version(binary)
        print("PASS help_version")
        return 0
    fn, server_args = lookup(a.case)
    vtest.enter_private_tmp()
    vtest.require_egl()
    srv = Server(binary, server_args)
    ok = False
    try:
        fn(srv)
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
