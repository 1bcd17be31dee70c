#!/usr/bin/env python3
"""test_transfers.py: the resource-and-transfer matrix through a vtest client, one case per
invocation, on either backend:

    test_transfers.py --server PATH/vigil-server CASE_gl | CASE_gles

matrix: every texture target (BUFFER, 1D, 1D_ARRAY, 2D, 2D_ARRAY, 3D, CUBE, CUBE_ARRAY, RECT) x
a format from each class (unorm8, BGRA, snorm, half and full float, signed and unsigned integer,
packed integer, depth Z16 / Z24X8 / Z32F, stencil S8, depth-stencil Z24S8 / S8Z24 / Z32F_S8X24,
compressed) x every mip level and layer, over TRANSFER_PUT2 / TRANSFER_GET2 (data in the memfd
the server passed with RESOURCE_CREATE2) and, where the caps advertise VIRGL_CAP_TRANSFER, the
in-stream TRANSFER3D: a new resource reads back as zeros over a dirty backing; a pattern put into
every level reads back byte for byte into a zeroed backing; an inner box and an edge box (last
column, row and layer) replace exactly their texels on the first and last level. Formats the
caps do not advertise (sampler + readback mask) are skipped with the reason printed.
ops: CLEAR, CLEAR_TEXTURE, BLIT and RESOURCE_COPY_REGION inside SUBMIT_CMD, checked texel by
texel after readback (transfer_ops.py).
rejects: the defined rejects of this area (multisampled transfers, TRANSFER3D / END_TRANSFERS
when the caps lack TRANSFER, 3D depth textures): each drops only its own client, with the
reason in the server log.

Exactness: every pattern is exactly representable in its format: float formats get finite normal
values only (bytes 0x30..0x3f: a NaN or a denormal may be canonicalized or flushed by the host),
Z32_FLOAT gets values in [0, 1), Z32_FLOAT_S8X24_UINT zero X24 padding bits (GL's
FLOAT_32_UNSIGNED_INT_24_8_REV does not store them). Every other format is compared on all
bytes, including the X8 bits of Z24X8 (the core stores them as stencil). Depth extremes (0, 1,
half, max - 1, max of Z16 / Z24 / Z32F) and a transfer whose offset is not the box's own place
in the layout are checked once per backend. The one lossy readback: on GLES, depth is read
through a sampler (backends/gles/gles_read.c), and a sampler that converts Z24 by multiplying
with 1/0xffffff (llvmpipe does) gives 1.0 for both 0xfffffe and 0xffffff, so 0xfffffe may read
back as 0xffffff (LOSSY_GLES; printed when it happens). Exit 0 pass, 1 fail, 77 skip.
"""
import argparse
import os
import random
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vtest  # noqa: E402
from vtest import Client, Server  # noqa: E402

BUFFER, T1D, T2D, T3D, CUBE, RECT, T1D_ARRAY, T2D_ARRAY, CUBE_ARRAY = range(9)
TRANSFER3D, END_TRANSFERS = 43, 44

# name, target, width, height, depth, array_size, last_level
TARGETS = [
    ("BUFFER", BUFFER, 1000, 1, 1, 1, 0),
    ("1D", T1D, 13, 1, 1, 1, 2),
    ("1D_ARRAY", T1D_ARRAY, 13, 1, 1, 3, 2),
    ("2D", T2D, 13, 7, 1, 1, 2),
    ("2D_ARRAY", T2D_ARRAY, 13, 7, 1, 3, 2),
    ("3D", T3D, 9, 7, 5, 1, 2),
    ("CUBE", CUBE, 8, 8, 1, 6, 3),
    ("CUBE_ARRAY", CUBE_ARRAY, 8, 8, 1, 12, 1),
    ("RECT", RECT, 13, 7, 1, 1, 0),
]

# name, virgl format, block bytes, block w, block h, pattern class
FORMATS = [
    ("R8G8B8A8_UNORM", 67, 4, 1, 1, "any"),
    ("B8G8R8A8_UNORM", 1, 4, 1, 1, "any"),
    ("R8G8B8A8_SNORM", 77, 4, 1, 1, "any"),
    ("R16G16B16A16_FLOAT", 94, 8, 1, 1, "float"),
    ("R32G32B32A32_FLOAT", 31, 16, 1, 1, "float"),
    ("R32G32B32A32_SINT", 200, 16, 1, 1, "any"),
    ("R32G32B32A32_UINT", 196, 16, 1, 1, "any"),
    ("R10G10B10A2_UINT", 253, 4, 1, 1, "any"),
    ("Z16_UNORM", 16, 2, 1, 1, "depth"),
    ("Z24X8_UNORM", 21, 4, 1, 1, "depth"),
    ("Z32_FLOAT", 18, 4, 1, 1, "z32f"),
    ("S8_UINT", 23, 1, 1, 1, "depth"),
    ("Z24_UNORM_S8_UINT", 19, 4, 1, 1, "depth"),
    ("S8_UINT_Z24_UNORM", 20, 4, 1, 1, "depth"),
    ("Z32_FLOAT_S8X24_UINT", 126, 8, 1, 1, "z32f_s8"),
    ("DXT1_RGBA", 106, 8, 4, 4, "any"),
    ("ETC2_RGBA8", 273, 16, 4, 4, "any"),
]
FMT = {f[0]: f for f in FORMATS}
DEPTHISH = ("depth", "z32f", "z32f_s8")


def minify(v, level):
    return max(1, v >> level)


def pattern(cls, n, rng):
    """n bytes exactly representable in the format class (see the header)."""
    b = bytearray(rng.randbytes(n))
    if cls == "float":
        b = bytearray(0x30 | (x & 0xf) for x in b)
    elif cls in ("z32f", "z32f_s8"):
        step = 4 if cls == "z32f" else 8
        for i in range(0, n - step + 1, step):
            struct.pack_into("<f", b, i, rng.getrandbits(24) / 16777216.0)
            if step == 8:
                struct.pack_into("<I", b, i + 4, rng.getrandbits(8))
    return b


class Res:
    """A resource with Mesa's guest layout (PROTOCOL.md 1.6), its mapped backing and `ref`, the
    bytes the host copy must hold in that layout."""

    def __init__(self, c, handle, target, fmt, w, h=1, d=1, layers=1, last=0, bind=None):
        name, self.virgl, self.bb, self.bw, self.bh, self.cls = FMT[fmt] if fmt in FMT else fmt
        self.c, self.handle, self.target, self.last = c, handle, target, last
        self.levels, total = [], 0
        if bind is None:
            bind = 0x10 if target == BUFFER else (0x9 if self.cls in DEPTHISH else 0xa)
        for lv in range(last + 1):
            lw, lh = minify(w, lv), minify(h, lv)
            n = {T3D: minify(d, lv), CUBE: 6, T1D_ARRAY: layers, T2D_ARRAY: layers,
                 CUBE_ARRAY: layers}.get(target, 1)
            stride = -(-lw // self.bw) * self.bb
            lstride = -(-lh // self.bh) * stride
            self.levels.append((lw, lh, n, stride, lstride, total))
            total += n * lstride
        if target == BUFFER:  # bytes, created as R8_UNORM as Mesa does
            self.virgl, self.bb, self.bw, self.bh = 64, 1, 1, 1
            self.levels, total = [(w, 1, 1, w, w, 0)], w
        self.size = total
        fd = c.resource_create2(handle, target, self.virgl, bind, w, h, d, layers, last, 0, total)
        self.mem = vtest.map_backing(fd, total)
        self.ref = bytearray(total)

    def box_offset(self, level, box):
        x, y, z = box[:3]
        lw, lh, n, stride, lstride, off = self.levels[level]
        return off + z * lstride + (y // self.bh) * stride + (x // self.bw) * self.bb

    def box_size(self, level, box):
        w, h, d = box[3:]
        stride, lstride = self.levels[level][3:5]
        return (d - 1) * lstride + (-(-h // self.bh) - 1) * stride + -(-w // self.bw) * self.bb

    def box_rows(self, level, box):
        """(offset, length) of every row of the box in the layout."""
        w, h, d = box[3:]
        stride, lstride = self.levels[level][3:5]
        start, row = self.box_offset(level, box), -(-w // self.bw) * self.bb
        return [(start + z * lstride + y * stride, row) for z in range(d)
                for y in range(-(-h // self.bh))]

    def level_box(self, level):
        lw, lh, n = self.levels[level][:3]
        return (0, 0, 0, lw, lh, n)

    def transfer(self, put, level, box, path="vtest"):
        off, size = self.box_offset(level, box), self.box_size(level, box)
        if path == "vtest":
            vtest.client_transfer2(self.c, put, self.handle, level, box, size, off)
        else:  # res, level, usage, stride, layer_stride, box, data_offset, direction
            vtest.client_submit(self.c, vtest.virgl_cmd(TRANSFER3D, 0, [
                self.handle, level, 0, 0, 0] + list(box) + [off, 1 if put else 2]))

    def sync(self):
        assert self.c.busy_wait(self.handle, 1) == [1, vtest.RESOURCE_BUSY_WAIT, 0]

    def upload(self, path="vtest"):
        """ref -> backing -> every level of the host copy."""
        self.mem[:] = bytes(self.ref)
        for lv in range(self.last + 1):
            self.transfer(True, lv, self.level_box(lv), path)
        self.sync()

    def readback(self, path="vtest", fill=0):
        """Every level into a backing filled with `fill` first; returns the bytes."""
        self.mem[:] = bytes([fill]) * self.size
        for lv in range(self.last + 1):
            self.transfer(False, lv, self.level_box(lv), path)
        self.sync()
        return bytes(self.mem)

    def where(self, pos):
        """Names the texel of byte `pos` for failure messages."""
        for lv, (lw, lh, n, stride, lstride, off) in enumerate(self.levels):
            if off <= pos < off + n * lstride:
                r = pos - off
                return "level %d layer %d row %d byte %d" % (lv, r // lstride, r % lstride // stride,
                                                             r % stride)
        return "byte %d" % pos

    def diff(self, got, what):
        """None when got == ref, else a message naming the first differing texel."""
        if got == bytes(self.ref):
            return None
        pos = next(i for i in range(self.size) if got[i] != self.ref[i])
        return "%s: first difference at %s: got %s want %s" % (
            what, self.where(pos), got[pos:pos + 8].hex(), bytes(self.ref[pos:pos + 8]).hex())

    def unref(self):
        self.c.send(vtest.RESOURCE_UNREF, [self.handle])
        self.mem.close()


def axis_boxes(n, b):
    """(inner, edge) (start, length) pairs of one axis of n texels in blocks of b: the inner box
    leaves one block on each side when it can, the edge box is the last block."""
    last = (n - 1) // b * b
    inner = (b, (n - 2 * b) // b * b) if n >= 3 * b else (0, n)
    return inner, (last, n - last)


def test_boxes(res, level):
    lw, lh, n = res.levels[level][:3]
    bx, by = axis_boxes(lw, res.bw), axis_boxes(lh, res.bh)
    bz = ((1, n - 2) if n > 2 else (0, n), (n - 1, 1))
    return [("inner", bx[0] + by[0] + bz[0]), ("edge", bx[1] + by[1] + bz[1])]


def reorder(box):
    return (box[0], box[2], box[4], box[1], box[3], box[5])


def run_combo(c, handle, tgt, fmt, path, rng):
    """One (target, format, path); returns None or the failure message."""
    name, target, w, h, d, layers, last = tgt
    res = Res(c, handle, target, fmt[0], w, h, d, layers, last)
    try:
        if res.readback(path, fill=0xa5) != bytes(res.size):
            return "new resource does not read back as zeros: " + res.diff(res.readback(path), "")
        res.ref[:] = pattern(fmt[5], res.size, rng)
        res.upload(path)
        err = res.diff(res.readback(path), "whole levels")
        if err:
            return err
        for level in sorted({0, last}):
            for kind, box in test_boxes(res, level):
                box = reorder(box)
                for off, n in res.box_rows(level, box):
                    res.ref[off:off + n] = pattern(fmt[5], n, rng)
                res.mem[:] = bytes(res.ref)
                res.transfer(True, level, box, path)
                res.sync()
                err = res.diff(res.readback(path), "%s box %r on level %d" % (kind, box, level))
                if err:
                    return err
        return None
    finally:
        res.unref()


# Depth extremes, 2D 5x1: (format, texel values as bytes). Z24 keeps random X8 / stencil bits.
EXTREMES = [
    ("Z16_UNORM", [struct.pack("<H", v) for v in (0, 1, 0x8000, 0xfffe, 0xffff)]),
    ("Z24_UNORM_S8_UINT", [struct.pack("<I", v | s << 24) for v, s in
                           ((0, 0x11), (1, 0x22), (0x800000, 0x33), (0xfffffe, 0x44), (0xffffff, 0x55))]),
    ("S8_UINT_Z24_UNORM", [struct.pack("<I", v << 8 | s) for v, s in
                           ((0, 0x11), (1, 0x22), (0x800000, 0x33), (0xfffffe, 0x44), (0xffffff, 0x55))]),
    ("Z32_FLOAT", [struct.pack("<f", v) for v in (0.0, 2.0 ** -126, 0.5, 1.0 - 2.0 ** -24, 1.0)]),
]
# The one value a readback through a sampler cannot recover (gles_read.c): a multiply by
# 1/0xffffff maps 0xfffffe to 1.0, as it maps 0xffffff; GLES has no other way to read depth.
LOSSY_GLES = {("Z24_UNORM_S8_UINT", 3): struct.pack("<I", 0xffffff | 0x44 << 24),
              ("S8_UINT_Z24_UNORM", 3): struct.pack("<I", 0xffffff << 8 | 0x44)}


def run_extremes(c, handle, backend):
    """Depth values at the ends of each range round-trip exactly (except LOSSY_GLES, which must
    read back as documented there); returns failure messages."""
    failures = []
    for name, texels in EXTREMES:
        res = Res(c, handle, T2D, name, len(texels))
        handle += 1
        res.ref[:] = b"".join(texels)
        res.upload()
        got = res.readback()
        for i, t in enumerate(texels):
            g = got[i * res.bb:(i + 1) * res.bb]
            lossy = LOSSY_GLES.get((name, i)) if backend == "gles" else None
            if g != t and g != lossy:
                failures.append("extremes %s texel %d: got %s want %s" % (name, i, g.hex(), t.hex()))
            elif g != t:  # a host sampler that divides reads it exactly
                print("LOSSY (documented) %s %s: wrote %s, reads back %s" % (backend, name, t.hex(),
                                                                             g.hex()))
        res.unref()
    return failures


def run_offsets(c, handle, rng):
    """The box data starts at the transfer's offset wherever that is (PROTOCOL.md 1.7: rows the
    level's pitch apart, layers its layer size apart), not at the box's own place in the
    layout: PUT2 from offset 0, GET2 into offset 4 + the level's layer size."""
    res = Res(c, handle, T2D_ARRAY, "R8G8B8A8_UNORM", 13, 7, 1, 3, 1)
    box, lv = (1, 1, 1, 3, 2, 2), 1
    stride, lstride = res.levels[lv][3:5]
    src = pattern("any", res.size, rng)
    res.mem[:] = bytes(src)
    vtest.client_transfer2(c, True, handle, lv, box, res.box_size(lv, box), 0)
    res.sync()
    res.mem[:] = bytes(res.size)
    out = 4 + lstride
    vtest.client_transfer2(c, False, handle, lv, box, res.box_size(lv, box), out)
    res.sync()
    got, err = bytes(res.mem), None
    for z in range(2):
        for y in range(2):
            a, b = z * lstride + y * stride, out + z * lstride + y * stride
            if got[b:b + 12] != src[a:a + 12]:
                err = "offsets: layer %d row %d: got %s want %s" % (z, y, got[b:b + 12].hex(),
                                                                     src[a:a + 12].hex())
    rest = bytearray(got)
    for z in range(2):
        for y in range(2):
            b = out + z * lstride + y * stride
            rest[b:b + 12] = bytes(12)
    if not err and any(rest):
        err = "offsets: GET2 wrote outside its rows"
    res.unref()
    return [err] if err else []


def combo_skip(v2, tgt, fmt):
    """Why (target, format) is not run, or None."""
    if tgt[1] == BUFFER:
        return None  # bytes: run once, created as R8_UNORM
    if not (vtest.caps_mask_has(v2, vtest.CAPS_SAMPLER_MASK, fmt[1]) and
            vtest.caps_mask_has(v2, vtest.CAPS_READBACK_MASK, fmt[1])):
        return "format %s not in the caps' sampler + readback masks" % fmt[0]
    if tgt[1] == T3D and fmt[5] in DEPTHISH:
        return "3D depth/stencil: a defined reject (case rejects)"
    if fmt[3] > 1 and tgt[1] not in (T2D, T2D_ARRAY, CUBE, CUBE_ARRAY):
        return "compressed formats need 2D-like targets"
    return None


def case_matrix(srv, backend):
    c = Client()
    v2 = c.handshake()
    paths = ["vtest"]
    if vtest.caps_has(v2, vtest.CAP_TRANSFER):
        paths.append("transfer3d")
    else:
        print("SKIP path transfer3d: caps lack VIRGL_CAP_TRANSFER (bit 17); its reject is "
              "checked in case rejects")
    rng = random.Random(20240601)
    counts = {"pass": 0, "skip": 0, "fail": 0}
    failures, handle = [], 100
    combos = [(TARGETS[0], FORMATS[0])] + [(t, f) for t in TARGETS[1:] for f in FORMATS]
    for (tgt, fmt), path in [(tf, p) for tf in combos for p in paths]:
        why = combo_skip(v2, tgt, fmt)
        if why:
            counts["skip"] += 1
            print("SKIP %s %s %s: %s" % (tgt[0], fmt[0], path, why))
            continue
        handle += 1
        mark = len(srv.text())
        try:
            err = run_combo(c, handle, tgt, fmt, path, rng)
        except (AssertionError, EOFError, OSError) as e:
            log = [ln for ln in srv.text()[mark:].splitlines() if "disconnect:" in ln]
            err = "%s: %s %s" % (type(e).__name__, e, " | ".join(log))
            c.close()
            c = Client()
            c.handshake()
        counts["fail" if err else "pass"] += 1
        if err:
            failures.append("%s %s %s: %s" % (tgt[0], fmt[0], path, err))
    for extra in (run_extremes(c, 10000, backend), run_offsets(c, 10100, rng)):
        counts["fail" if extra else "pass"] += 1
        failures += extra
    assert c.busy_wait() == [1, vtest.RESOURCE_BUSY_WAIT, 0]
    c.close()
    for f in failures:
        print("FAIL " + f)
    print("matrix %s: %d pass, %d skip, %d fail" % (backend, counts["pass"], counts["skip"],
                                                    counts["fail"]))
    assert not failures, "%d combinations failed" % len(failures)


def expect_reject(srv, bad, reason):
    """Runs bad(client) on a fresh connection: the server must drop it with `reason` (regex) in
    a disconnect line of the log."""
    mark = len(srv.text())
    c = Client()
    v2 = c.handshake()
    bad(c, v2)
    c.expect_closed()
    c.close()
    m = srv.wait_log(r"client \d+: disconnect: [^\n]*" + reason, since=mark)
    print("rejected as expected: " + m.group(0))


def case_rejects(srv, backend):
    def msaa_get2(c, v2):
        assert vtest.caps_u32(v2, vtest.CAPS_MAX_SAMPLES) >= 4
        assert c.resource_create2(1, T2D, 67, 0x2, 16, 16, 1, 1, 0, 4, 0) is None
        assert c.busy_wait(1, 1) == [1, vtest.RESOURCE_BUSY_WAIT, 0]  # created, no backing
        vtest.client_transfer2(c, False, 1, 0, (0, 0, 0, 16, 16, 1), 1024, 0)
    expect_reject(srv, msaa_get2, r"TRANSFER_GET2[^\n]*BACKING")

    def msaa_backing(c, v2):  # nr_samples 4 with a guest layout size: no guest layout exists
        c.send(vtest.RESOURCE_CREATE2, [1, T2D_ARRAY, 67, 0x2, 16, 16, 1, 2, 0, 4, 2048])
    expect_reject(srv, msaa_backing, r"RESOURCE_CREATE2[^\n]*BACKING")

    def transfer3d(c, v2):
        assert not vtest.caps_has(v2, vtest.CAP_TRANSFER)
        fd = c.resource_create2(1, T2D, 67, 0xa, 4, 4, 1, 1, 0, 0, 64)
        os.close(fd)
        vtest.client_submit(c, vtest.virgl_cmd(TRANSFER3D, 0, [1, 0, 0, 0, 0, 0, 0, 0, 4, 4, 1,
                                                                0, 1]))
    def end_transfers(c, v2):
        vtest.client_submit(c, vtest.virgl_cmd(END_TRANSFERS, 0, [0] * 3))
    v2 = Client().handshake()
    if vtest.caps_has(v2, vtest.CAP_TRANSFER):
        print("caps advertise TRANSFER: TRANSFER3D is covered by case matrix")
    else:
        expect_reject(srv, transfer3d, r"TRANSFER3D[^\n]*UNSUPPORTED")
        expect_reject(srv, end_transfers, r"END_TRANSFERS[^\n]*UNSUPPORTED")

    for fmt in (FMT["Z24_UNORM_S8_UINT"], FMT["S8_UINT"]):  # one connection each: keep it short
        if not vtest.caps_mask_has(v2, vtest.CAPS_SAMPLER_MASK, fmt[1]):
            continue
        def depth3d(c, v2, f=fmt):
            # The host refuses it. In split mode (the default) RESOURCE_CREATE2 is answered
            # once queued (vigil.h, "Deferred host failures"): the fd comes, and the refusal
            # ends the connection at the next message that waits.
            fd = c.resource_create2(1, T3D, f[1], 0x9, 4, 4, 2, 1, 0, 0, 4 * 4 * 2 * f[2])
            os.close(fd)
            c.send(vtest.RESOURCE_BUSY_WAIT, [1, 1])
        expect_reject(srv, depth3d, r"message 12: UNSUPPORTED")


CASES = {"matrix": case_matrix, "rejects": case_rejects}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("case")
    a = ap.parse_args()
    name, _, backend = a.case.rpartition("_")
    if name == "ops":
        import transfer_ops
        fn = transfer_ops.case_ops
    elif name in CASES and backend in ("gl", "gles"):
        fn = CASES[name]
    else:
        raise SystemExit("unknown case %r" % a.case)
    vtest.enter_private_tmp()
    vtest.require_egl()
    srv = Server(os.path.abspath(a.server), ["--use-gles"] if backend == "gles" else [])
    ok, t0 = False, time.monotonic()
    try:
        fn(srv, backend)
        ok = True
    finally:
        status = srv.stop()
        if not ok or status != 0:
            print("---- server log ----\n" + srv.text())
    assert status == 0, "acceptor exit status %r after SIGTERM" % status
    for marker in ("AddressSanitizer", "LeakSanitizer", "runtime error:"):
        assert marker not in srv.text(), "sanitizer report in the server log:\n" + srv.text()
    if name != "rejects":
        assert "disconnect:" not in srv.text(), "a client was dropped:\n" + srv.text()
    print("PASS %s (%.1f s)" % (a.case, time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
