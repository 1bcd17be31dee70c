"""seclib.py: the security corpus's shared helpers: virgl command encoders, the outcome kinds a
case can expect, and the Runner that plays a table of cases (cases.py) against ONE vigil-server,
each case on its own vtest connection while a keeper client stays connected throughout.

Reuses tests/integration/vtest.py (imported, never modified) for the private /tmp namespace, the
Server wrapper and the basic Client. Python 3 stdlib only. Outcomes are asserted exactly: for a
reject, the validator's status text (and command/field) in the child's one "disconnect:" line,
the connection closed with nothing sent, and the child's exit status (enum vs_exit in
server/server.h); for an accepted input, a reply to a later round trip and an exit status of 0.
"""
import os
import re
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import vtest  # noqa: E402  (tests/integration/vtest.py)
from vtest import Client, Server  # noqa: E402,F401

EXIT_OK, EXIT_SETUP, EXIT_REJECTED, EXIT_TRANSPORT, EXIT_CORE = 0, 1, 2, 3, 4  # enum vs_exit
SANITIZER_MARKERS = ("AddressSanitizer", "LeakSanitizer", "runtime error:")

# ---------------------------------------------------------------- virgl encoding (PROTOCOL.md 2)
(NOP, CREATE_OBJECT, BIND_OBJECT, DESTROY_OBJECT, SET_VIEWPORT_STATE, SET_FRAMEBUFFER_STATE,
 SET_VERTEX_BUFFERS, CLEAR, DRAW_VBO, RESOURCE_INLINE_WRITE, SET_SAMPLER_VIEWS, SET_INDEX_BUFFER,
 SET_CONSTANT_BUFFER, SET_STENCIL_REF, SET_BLEND_COLOR, SET_SCISSOR_STATE, BLIT,
 RESOURCE_COPY_REGION, BIND_SAMPLER_STATES, BEGIN_QUERY, END_QUERY, GET_QUERY_RESULT) = range(22)
(SET_STREAMOUT_TARGETS, SET_RENDER_CONDITION, SET_UNIFORM_BUFFER, SET_SUB_CTX, CREATE_SUB_CTX,
 DESTROY_SUB_CTX, BIND_SHADER) = range(25, 32)
SET_SHADER_BUFFERS, SET_SHADER_IMAGES, LAUNCH_GRID, SET_ATOMIC_BUFFERS = 34, 35, 37, 40
TRANSFER3D, COPY_TRANSFER3D, CLEAR_TEXTURE, GET_MEMORY_INFO, LINK_SHADER = 43, 45, 47, 50, 52

# object types (PROTOCOL.md 2.2)
(O_BLEND, O_RASTERIZER, O_DSA, O_SHADER, O_VE, O_SAMPLER_VIEW, O_SAMPLER_STATE, O_SURFACE,
 O_QUERY, O_SO_TARGET) = range(1, 11)

# texture targets, formats, binds (spec/enums.xml)
BUFFER, TEX_1D, TEX_2D, TEX_3D, TEX_CUBE, TEX_RECT, TEX_1D_ARRAY, TEX_2D_ARRAY, TEX_CUBE_ARRAY = range(9)
B8G8R8A8, B5G6R5, A8, Z24S8, R32F, R32G32B32A32F, R8, RGBA8, RGBA16F, DXT1, DXT5 = (
    1, 7, 10, 19, 28, 31, 64, 67, 94, 105, 108)
B_DS, B_RT, B_SV, B_VB, B_IB, B_CB, B_SO, B_CUSTOM = 0x1, 0x2, 0x8, 0x10, 0x20, 0x40, 0x800, 0x20000
SWZ_ID = 0 | 1 << 3 | 2 << 6 | 3 << 9
F1 = 0x3f800000  # 1.0f


def hdr(cmd_id, obj=0, n=0):
    return cmd_id | obj << 8 | n << 16


def cmd(cmd_id, *payload, obj=0):
    """One virgl command: header (len = payload dwords) plus the payload."""
    return [hdr(cmd_id, obj, len(payload))] + list(payload)


def sub(i=1):
    """CREATE_SUB_CTX(i) + SET_SUB_CTX(i): how every Mesa buffer starts."""
    return cmd(CREATE_SUB_CTX, i) + cmd(SET_SUB_CTX, i)


def blend(h):
    return cmd(CREATE_OBJECT, h, 0, 0, *[0] * 8, obj=O_BLEND)


def rasterizer(h, s0=0):
    return cmd(CREATE_OBJECT, h, s0, F1, 0, 0, F1, 0, 0, 0, obj=O_RASTERIZER)


def dsa(h, s0=0):
    return cmd(CREATE_OBJECT, h, s0, 0, 0, 0, obj=O_DSA)


def text_dwords(text):
    """TGSI text (str or bytes) as NUL-terminated dwords; returns (byte length, dwords)."""
    b = text.encode() if isinstance(text, str) else text
    n = len(b)
    b += b"\0" * (-len(b) % 4)
    return n, list(struct.unpack("<%dI" % (len(b) // 4), b))


def shader(h, stage, text, num_tokens=None, offlen=None, nso=0):
    """CREATE_OBJECT(SHADER) in one chunk; text must carry its own NUL unless testing that."""
    n, dw = text_dwords(text)
    ol = n if offlen is None else offlen
    return cmd(CREATE_OBJECT, h, stage, ol, n if num_tokens is None else num_tokens, nso, *dw,
               obj=O_SHADER)


VS_TEXT = "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n\0"
FS_TEXT = ("FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {0x3f800000, 0x00000000, 0x00000000, 0x3f800000}\n"
           "  0: MOV OUT[0], IMM[0]\n  1: END\n\0")


def ve(h, elements):
    """elements: (src_offset, instance_divisor, vertex_buffer_index, src_format) tuples."""
    return cmd(CREATE_OBJECT, h, *[v for e in elements for v in e], obj=O_VE)


def sampler_view(h, res, fmt=RGBA8, a=0, b=0, swizzle=SWZ_ID, target=0):
    return cmd(CREATE_OBJECT, h, res, fmt | target << 24, a, b, swizzle, obj=O_SAMPLER_VIEW)


def sampler_state(h, s0=0):
    return cmd(CREATE_OBJECT, h, s0, 0, 0, 0x447a0000, 0, 0, 0, 0, obj=O_SAMPLER_STATE)


def surface(h, res, fmt=RGBA8, level=0, layers=0):
    return cmd(CREATE_OBJECT, h, res, fmt, level, layers, obj=O_SURFACE)


def query(h, res, qtype=0):
    return cmd(CREATE_OBJECT, h, qtype, 0, res, obj=O_QUERY)


def so_target(h, res, offset=0, size=64):
    return cmd(CREATE_OBJECT, h, res, offset, size, obj=O_SO_TARGET)


def destroy(obj, h):
    return cmd(DESTROY_OBJECT, h, obj=obj)


def inline_write(res, box, data, level=0, stride=0, layer_stride=0):
    x, y, z, w, h, d = box
    return cmd(RESOURCE_INLINE_WRITE, res, level, 0, stride, layer_stride, x, y, z, w, h, d, *data)


def blit(dst, src, dbox, sbox, dfmt=RGBA8, sfmt=RGBA8, mask=0xf, dlevel=0, slevel=0):
    return cmd(BLIT, mask, 0, 0, dst, dlevel, dfmt, *dbox, src, slevel, sfmt, *sbox)


def draw(count=3, mode=4):
    return cmd(DRAW_VBO, 0, count, mode, 0, 1, 0, 0, 0, 0, 0, 0xffffffff, 0)


def clear(buffers=0x4):
    return cmd(CLEAR, buffers, F1, 0, 0, F1, 0, 0x3ff00000, 0)


# ---------------------------------------------------------------- case steps


def res(handle, target=TEX_2D, fmt=RGBA8, bind=B_RT | B_SV, w=16, h=16, d=1, array_size=1,
        last_level=0, samples=0, data_size=None):
    """RESOURCE_CREATE2; data_size defaults to Mesa's packed layout of level 0 (w*h*4 bytes)."""
    if data_size is None:
        data_size = w * h * d * max(array_size, 1) * 4
    return ("res", [handle, target, fmt, bind, w, h, d, array_size, last_level, samples, data_size])


def buf(handle, size=256, bind=B_VB):
    return res(handle, BUFFER, R8, bind, size, 1, 1, 1, 0, 0, size)


def submit(*parts):
    words = []
    for p in parts:
        words += p
    return ("submit", words)


def msg(msg_id, words=(), length=None):
    return ("msg", msg_id, list(words), length)


def raw(data):
    return ("raw", data)


class Case:
    """One input: name, bug class, CVE (or ''), the steps sent after the handshake, and the
    expected outcome: `expect` is a regex for the reject text after "rejected: " (status text
    included), or None when the input must be accepted (the client keeps being served).
    `exit_status` is the child's vs_exit for rejects; `handshake` False sends steps first."""

    def __init__(self, name, cls, cve, steps, expect, exit_status=EXIT_REJECTED, handshake=True,
                 why="", line=None, bug="", encoded=False):
        self.name, self.cls, self.cve, self.steps = name, cls, cve, steps
        self.expect, self.exit_status, self.handshake, self.why = expect, exit_status, handshake, why
        self.line = line  # full "disconnect: ..." regex instead of the "rejected: " form
        # A known vigil bug: the expectation is the correct one and fails today; the runner
        # reports it as KNOWN BUG and fails if it passes (then drop the mark).
        self.bug = bug
        # True: needs vigil-server --encoded-transfers (VIRGL_CAP_TRANSFER, in-stream TRANSFER3D)
        self.encoded = encoded


def REJ(name, cls, cve, steps, expect, **kw):
    return Case(name, cls, cve, steps, expect, **kw)


def DROP(name, cls, cve, steps, line, exit_status, **kw):
    """Dropped with a non-reject log line (regex after "disconnect: ") and exit status."""
    return Case(name, cls, cve, steps, None, exit_status=exit_status, line=line, **kw)


def OK(name, cls, cve, steps, **kw):
    return Case(name, cls, cve, steps, None, exit_status=EXIT_OK, **kw)


# ---------------------------------------------------------------- running cases


class Runner:
    """Plays cases one after another against one server; a keeper client, connected before the
    first case, must answer a round trip after every case."""

    def __init__(self, srv):
        self.srv = srv
        self.nclients = 0
        self.keeper = self.connect()
        self.keeper.handshake(b"sec-keeper\0")

    def connect(self):
        c = Client()
        self.nclients += 1
        c.number = self.nclients  # the acceptor numbers clients in accept order
        return c

    def child_line(self, number, pattern, timeout=20.0, since=0):
        return self.srv.wait_log(r"vigil-server\[(\d+)\] client %d: %s" % (number, pattern),
                                 timeout=timeout, since=since)

    def child_pid(self, number, since=0):
        m = self.srv.wait_log(r"\]: client %d: child (\d+)\n" % number, since=since)
        return int(m.group(1))

    def play_step(self, c, step, attack):
        """Sends one step; a RESOURCE_CREATE2 waits for its fd unless it is the attack."""
        kind = step[0]
        if kind == "res" and not attack:
            fd = c.resource_create2(*step[1])
            if fd is not None:
                os.close(fd)
        elif kind == "res":
            c.send(vtest.RESOURCE_CREATE2, step[1])
        elif kind == "submit":
            c.send(vtest.SUBMIT_CMD, step[1])
        elif kind == "msg":
            c.send(step[1], step[2], step[3])
        elif kind == "raw":
            c.send_raw(step[1])
        else:
            raise AssertionError("unknown step %r" % (kind,))

    def run(self, case):
        mark = len(self.srv.text())
        c = self.connect()
        if case.handshake:
            c.handshake(("sec-%s\0" % case.name).encode())
        steps = case.steps
        for step in steps[:-1]:
            self.play_step(c, step, attack=False)
        if case.handshake and steps[:-1]:
            # everything before the attack must have been accepted
            got = c.busy_wait()
            assert got == [1, vtest.RESOURCE_BUSY_WAIT, 0], "setup answered %r" % got
        if steps:
            self.play_step(c, steps[-1], attack=case.expect is not None or case.line is not None)
        if case.expect is None and case.line is None:
            self.expect_accepted(c, mark)
            line = "accepted"
        else:
            line = self.expect_dropped(c, case, mark)
        got = self.keeper.busy_wait()
        assert got == [1, vtest.RESOURCE_BUSY_WAIT, 0], "keeper answered %r" % got
        assert self.srv.alive(), "the acceptor died"
        return line

    def expect_accepted(self, c, mark):
        got = c.busy_wait()
        assert got == [1, vtest.RESOURCE_BUSY_WAIT, 0], "answered %r" % got
        c.close()
        pid = self.child_pid(c.number, since=mark)
        self.child_line(c.number, "client disconnected", since=mark)
        wait_gone(pid)
        time.sleep(0.02)  # the acceptor logs a non-zero status right after reaping
        tail = self.srv.text()[mark:]
        bad = re.search(r"child %d (exited with status \d+|killed by signal \d+)" % pid, tail)
        assert not bad, "accepted input, but " + bad.group(0)
        assert not re.search(r"client %d: disconnect:" % c.number, tail), tail

    def expect_dropped(self, c, case, mark):
        c.expect_closed()
        c.close()
        if case.line is not None:
            pattern = "disconnect: " + case.line
        else:
            pattern = r"disconnect: (?:message|header) \[len \d+, id \d+\] rejected: " + case.expect
        m = self.child_line(c.number, "disconnect: [^\n]*", since=mark)
        line = m.group(0)
        assert re.search(pattern, line), "wrong reject:\n  got:  %s\n  want: %s" % (line, pattern)
        self.srv.wait_log(r"child %s exited with status %d\b" % (m.group(1), case.exit_status),
                          since=mark)
        return line.split("disconnect: ", 1)[1]


def wait_gone(pid, timeout=20.0):
    end = time.monotonic() + timeout
    while os.path.exists("/proc/%d" % pid):
        if time.monotonic() > end:
            raise AssertionError("child %d still running" % pid)
        time.sleep(0.01)


def fast_wait_log(srv):
    """Polls the log every 10 ms instead of vtest.Server's 50 ms (hundreds of waits per run)."""
    def wait_log(pattern, timeout=10.0, since=0):
        end = time.monotonic() + timeout
        while True:
            m = re.search(pattern, srv.text()[since:])
            if m or time.monotonic() > end:
                break
            time.sleep(0.01)
        if not m:
            raise AssertionError("server log never matched %r:\n%s" % (pattern, srv.text()[-4000:]))
        return m
    srv.wait_log = wait_log


def start_server(binary, extra_args=()):
    """Private /tmp namespace, EGL check, server with the fast log poll."""
    vtest.enter_private_tmp()
    vtest.require_egl()
    srv = Server(binary, extra_args)
    fast_wait_log(srv)
    return srv


def finish_server(srv, ok):
    """Stops the server; asserts a clean acceptor exit and no sanitizer report anywhere."""
    status = srv.stop()
    text = srv.text()
    if not ok or status != 0:
        print("---- server log (tail) ----\n" + text[-20000:])
    assert status == 0, "acceptor exit status %r after SIGTERM" % status
    for marker in SANITIZER_MARKERS:
        assert marker not in text, "sanitizer report in the server log:\n" + text[-20000:]
    assert not re.search(r"killed by signal", text), "a child was killed:\n" + text[-20000:]
