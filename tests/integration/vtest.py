"""vtest.py: the integration tests' harness: a private mount namespace with its own /tmp, a
vigil-server started inside it, real Mesa clients (GALLIUM_DRIVER=virpipe) and a small vtest
client that can speak the protocol correctly or break it on purpose.

Python 3 stdlib only. The harness trusts the server binary it is given and nothing the server
sends: every read is bounded and has a timeout, so a hung or misbehaving server fails a test
instead of hanging it. Exit status 77 means skip (no unshare permission, no EGL display).
"""
import fcntl
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time

SKIP = 77
SOCKET = "/tmp/.virgl_test"
INNER_ENV = "VIGIL_ITEST_INNER"

# vtest message ids (PROTOCOL.md 1.3)
GET_CAPS, RESOURCE_CREATE, RESOURCE_UNREF, TRANSFER_GET, TRANSFER_PUT, SUBMIT_CMD = 1, 2, 3, 4, 5, 6
RESOURCE_BUSY_WAIT, CREATE_RENDERER, GET_CAPS2, PING_PROTOCOL_VERSION = 7, 8, 9, 10
PROTOCOL_VERSION, RESOURCE_CREATE2, TRANSFER_GET2, TRANSFER_PUT2 = 11, 12, 13, 14

CAPS_V1_BYTES, CAPS_V2_BYTES = 308, 1376


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


def enter_private_tmp():
    """Re-executes this script under unshare (once), then mounts a private tmpfs on /tmp, exactly
    as /work/shared/tools/piglit-compare.sh does."""
    if os.environ.get(INNER_ENV) != "1":
        try:
            probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
        except (OSError, subprocess.SubprocessError):
            skip("unshare is not available")
        if probe.returncode != 0:
            skip("unshare --mount is not permitted")
        env = dict(os.environ, **{INNER_ENV: "1"})
        os.execvpe("unshare", ["unshare", "--mount", "--propagation", "private",
                               sys.executable] + sys.argv, env)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512m", "tmpfs", "/tmp"]).returncode:
        skip("cannot mount a private tmpfs on /tmp")
    xdg = "/tmp/xdg"
    os.makedirs(xdg, exist_ok=True)
    os.chmod(xdg, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = xdg
    os.environ["LIBGL_ALWAYS_SOFTWARE"] = "1"
    os.environ.pop("GALLIUM_DRIVER", None)


def split_commands(args):
    """Command lines separated by '--' (benchmark tools: one vtest server per command), the
    program of each made absolute when it names an existing file."""
    cmds, cur = [], []
    for a in args:
        if a == "--":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    cmds.append(cur)
    return [[os.path.abspath(c[0])] + c[1:] if c and os.path.exists(c[0]) else c for c in cmds]


def require_egl():
    """Skips unless native EGL can create a surfaceless display (what the server's core needs)."""
    try:
        r = subprocess.run(["eglinfo", "-p", "surfaceless"], capture_output=True, text=True,
                           timeout=60)
    except (OSError, subprocess.SubprocessError):
        skip("eglinfo is not installed")
    if not surfaceless_ok(r.returncode, r.stdout):
        skip("no EGL surfaceless display on this host")


def surfaceless_ok(returncode, out):
    """eglinfo 8.5 ignores -p and tries every platform, exiting with the number that failed;
    success here means it was not killed (Mesa aborts when it loses the vtest server) and the
    surfaceless platform initialized."""
    return returncode >= 0 and re.search(r"Surfaceless platform:\s*\nEGL API version", out) is not None


def mesa_client(args, timeout=90, extra_env=None):
    """Runs a real Mesa client through the vtest socket; returns (returncode, stdout+stderr)."""
    env = dict(os.environ, GALLIUM_DRIVER="virpipe", LIBGL_ALWAYS_SOFTWARE="1", **(extra_env or {}))
    try:
        r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, "timeout after %ds" % timeout
    return r.returncode, r.stdout + r.stderr


PIGLIT = "/usr/lib/x86_64-linux-gnu/piglit"


def piglit(args, timeout=120):
    """Runs piglit's PIGLIT/bin/args[0] with args[1:] through the vtest socket, on the
    surfaceless EGL platform with -auto -fbo (what `piglit run -p surfaceless_egl` does);
    returns (result, output): "pass", "fail", ... or "no result (exit N)"."""
    rc, out = mesa_client([os.path.join(PIGLIT, "bin", args[0])] + args[1:] + ["-auto", "-fbo"],
                          timeout, {"PIGLIT_PLATFORM": "surfaceless_egl"})
    m = re.search(r'PIGLIT: \{"result": "(\w+)"', out)
    return (m.group(1) if m else "no result (exit %d)" % rc), out


class Server:
    """vigil-server on /tmp/.virgl_test with its log in /tmp/server.log (namespace-private)."""

    def __init__(self, binary, extra_args=()):
        self.log_path = "/tmp/server.log"
        self.log = open(self.log_path, "wb")
        args = [binary, "--socket-path=" + SOCKET, "-v"] + list(extra_args)
        env = dict(os.environ)
        if "--no-fork" in args:
            # In-process clients initialize and terminate EGL in the acceptor; Mesa dlclose()s
            # its driver at eglTerminate and LeakSanitizer, unable to scan the unmapped globals,
            # reports what they pointed to (verified with a no-op dlclose: nothing leaks).
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        for _ in range(200):
            if os.path.exists(SOCKET) or self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if not os.path.exists(SOCKET):
            raise AssertionError("server did not create %s:\n%s" % (SOCKET, self.text()))

    def text(self):
        with open(self.log_path, "r", errors="replace") as f:
            return f.read()

    def wait_log(self, pattern, timeout=10.0, since=0):
        """Waits until the log (from character `since` on) matches the regex; returns the match
        or raises."""
        end = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.text()[since:])
            if m or time.monotonic() > end:
                break
            time.sleep(0.05)
        if not m:
            raise AssertionError("server log never matched %r:\n%s" % (pattern, self.text()))
        return m

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


class Client:
    """A vtest client over the Unix socket. All reads have a timeout."""

    def __init__(self, path=SOCKET, timeout=20.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)

    def close(self):
        self.sock.close()

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, msg_id, words=(), length=None):
        """Header [len, id] + dwords; len defaults to the number of dwords."""
        n = len(words) if length is None else length
        self.sock.sendall(struct.pack("<2I", n, msg_id) + struct.pack("<%dI" % len(words), *words))

    def recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise EOFError("server closed after %d of %d bytes" % (len(buf), n))
            buf += chunk
        return buf

    def recv_words(self, n):
        return list(struct.unpack("<%dI" % n, self.recv_exact(4 * n)))

    def create_renderer(self, name=b"vigil-itest\0"):
        self.sock.sendall(struct.pack("<2I", len(name), CREATE_RENDERER) + name)

    def handshake(self, name=b"vigil-itest\0"):
        """Mesa 22.3.6's connection sequence (PROTOCOL.md 1.4); returns the caps v2 blob."""
        self.create_renderer(name)
        self.send(PING_PROTOCOL_VERSION)
        self.send(RESOURCE_BUSY_WAIT, [0, 0])
        assert self.recv_words(2) == [0, PING_PROTOCOL_VERSION]
        assert self.recv_words(3) == [1, RESOURCE_BUSY_WAIT, 0]
        self.send(PROTOCOL_VERSION, [2])
        assert self.recv_words(3) == [1, PROTOCOL_VERSION, 2]
        return self.get_caps()

    def get_caps(self):
        self.send(GET_CAPS2)
        self.send(GET_CAPS)
        hdr = self.recv_words(2)
        assert hdr[1] == 2 and 1 < hdr[0] <= CAPS_V2_BYTES + 1, "GET_CAPS2 reply %r" % hdr
        v2 = self.recv_exact(hdr[0] - 1)
        assert self.recv_words(2) == [CAPS_V1_BYTES + 1, 1]
        v1 = self.recv_exact(CAPS_V1_BYTES)
        assert struct.unpack_from("<I", v2)[0] == 2 and struct.unpack_from("<I", v1)[0] == 1
        return v2

    def resource_create2(self, handle, target, fmt, bind, w, h, d, array_size, last_level,
                         nr_samples, data_size):
        """Returns the fd the server passed (None when data_size is 0)."""
        self.send(RESOURCE_CREATE2, [handle, target, fmt, bind, w, h, d, array_size, last_level,
                                     nr_samples, data_size])
        if data_size == 0:
            return None
        msg, fds, _flags, _addr = socket.recv_fds(self.sock, 1, 1)
        assert msg == b"\0" and len(fds) == 1, "fd byte %r fds %r" % (msg, fds)
        return fds[0]

    def busy_wait(self, handle=0, flags=1):
        self.send(RESOURCE_BUSY_WAIT, [handle, flags])
        return self.recv_words(3)

    def expect_closed(self, timeout=15.0):
        """Asserts the server drops the connection (EOF or reset) without sending anything."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(4096)
        except (ConnectionResetError, BrokenPipeError):
            return
        except socket.timeout:
            raise AssertionError("server kept the connection open")
        assert data == b"", "server sent %r instead of closing" % data[:64]


def memfd_seals(fd):
    return fcntl.fcntl(fd, fcntl.F_GET_SEALS)


def caps_glsl_level(v2):
    return struct.unpack_from("<I", v2, 264)[0]


# ---------------------------------------------------------------- additions for the transfer
# matrix and the capture replay (test_transfers.py, test_replay.py): caps parsing, transfers,
# submits and mapped backings. Nothing above depends on them.

# caps v2 byte offsets (PROTOCOL.md 3.1)
CAPS_SAMPLER_MASK, CAPS_RENDER_MASK, CAPS_DEPTHSTENCIL_MASK = 4, 68, 132
CAPS_READBACK_MASK, CAPS_MULTISAMPLE_MASK = 560, 768
CAPS_CAPABILITY_BITS, CAPS_MAX_SAMPLES = 392, 284
CAP_TRANSFER, CAP_COPY_TRANSFER, CAP_CLEAR_TEXTURE = 1 << 17, 1 << 26, 1 << 30


def caps_u32(v2, offset):
    """A dword of the caps blob; 0 past its end (Mesa keeps its defaults there)."""
    return struct.unpack_from("<I", v2, offset)[0] if offset + 4 <= len(v2) else 0


def caps_mask_has(v2, mask_offset, fmt):
    """Bit `fmt` of the 512-bit format mask at `mask_offset`."""
    return bool(caps_u32(v2, mask_offset + 4 * (fmt // 32)) >> (fmt % 32) & 1)


def caps_has(v2, cap_bit):
    return bool(caps_u32(v2, CAPS_CAPABILITY_BITS) & cap_bit)


def map_backing(fd, size):
    """Maps a resource's memfd shared read-write (the client side of PROTOCOL.md 1.6) and closes
    the fd; the mapping stays valid."""
    import mmap
    m = mmap.mmap(fd, size, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
    os.close(fd)
    return m


def virgl_cmd(cmd, objtype, payload):
    """One virgl command: header (id | objtype << 8 | len << 16) + payload dwords."""
    return [cmd | objtype << 8 | len(payload) << 16] + [w & 0xffffffff for w in payload]


def client_transfer2(c, put, handle, level, box, data_size, offset):
    """TRANSFER_PUT2 / TRANSFER_GET2 (no reply); box = (x, y, z, w, h, d). PUT2's len counts the
    data dwords too, as Mesa sends it (PROTOCOL.md 1.2)."""
    words = [handle, level] + list(box) + [data_size, offset]
    if put:
        c.send(TRANSFER_PUT2, words, length=10 + (data_size + 3) // 4)
    else:
        c.send(TRANSFER_GET2, words)


def client_submit(c, words):
    c.send(SUBMIT_CMD, words)
