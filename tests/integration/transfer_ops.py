"""transfer_ops.py: case "ops" of test_transfers.py: CLEAR (through CREATE_OBJECT(SURFACE) +
SET_FRAMEBUFFER_STATE), CLEAR_TEXTURE, BLIT and RESOURCE_COPY_REGION inside SUBMIT_CMD, each
checked texel by texel: the destination is first filled with a pattern over TRANSFER_PUT2, the
command runs, and every level of the destination read back with TRANSFER_GET2 must equal the
pattern with exactly the addressed texels replaced (level, layer, face and slice addressing
included). The tests share one connection and reconnect after a failure, so one reject cannot
hide the others; a format the caps do not advertise for the operation (render / depthstencil /
sampler mask, CLEAR_TEXTURE capability bit) is skipped with the reason printed. Values are
chosen to be exact: unorm colours k/255, depth 1.0 / 0.375, 1:1 nearest blits (mirrored,
scissored, depth-only, stencil-only and format-converting ones included).
"""
import random
import struct

import vtest
from test_transfers import (BUFFER, CUBE, CUBE_ARRAY, DEPTHISH, FMT, RECT, T1D_ARRAY, T2D,
                            T2D_ARRAY, T3D, Res, pattern)
from vtest import Client

CREATE_OBJECT, DESTROY_OBJECT, SET_FRAMEBUFFER_STATE, CLEAR = 1, 3, 5, 7
BLIT, COPY_REGION, SET_SUB_CTX, CREATE_SUB_CTX, CLEAR_TEXTURE = 16, 17, 28, 29, 47
OBJ_SURFACE = 8
cmd = vtest.virgl_cmd


def u32(fmt, *v):
    return list(struct.unpack("<4I", struct.pack(fmt, *v)))


def texel_off(r, level, x, y, z):
    lw, lh, n, stride, lstride, off = r.levels[level]
    assert x < lw and y < lh and z < n, (level, x, y, z)
    return off + z * lstride + y * stride + x * r.bb


def fill_box(r, level, box, texel):
    x0, y0, z0, w, h, d = box
    for z in range(z0, z0 + d):
        for y in range(y0, y0 + h):
            for x in range(x0, x0 + w):
                o = texel_off(r, level, x, y, z)
                r.ref[o:o + r.bb] = texel(bytes(r.ref[o:o + r.bb])) if callable(texel) else texel


def copy_box(src, sl, sbox, dst, dl, dpos, mirror_x=False, conv=None):
    """Model of a 1:1 copy: dst texel (dx + i, dy + j, dz + k) = src (sx + i, ...), mirrored in
    x when asked; src.ref must hold what the host copy of src holds."""
    sx, sy, sz, w, h, d = sbox
    for k in range(d):
        for j in range(h):
            for i in range(w):
                so = texel_off(src, sl, sx + (w - 1 - i if mirror_x else i), sy + j, sz + k)
                do = texel_off(dst, dl, dpos[0] + i, dpos[1] + j, dpos[2] + k)
                t = bytes(src.ref[so:so + src.bb])
                dst.ref[do:do + dst.bb] = conv(t) if conv else t


class Ctx:
    """One connection with sub-context 1 current and fresh object / resource handles."""

    def __init__(self):
        self.c = Client()
        self.v2 = self.c.handshake()
        self.next = 1
        self.rng = random.Random(7)
        vtest.client_submit(self.c, cmd(CREATE_SUB_CTX, 0, [1]) + cmd(SET_SUB_CTX, 0, [1]))

    def res(self, target, fmt, w, h=1, d=1, layers=1, last=0, fill=True):
        r = Res(self.c, self.handle(), target, fmt, w, h, d, layers, last)
        if fill:
            r.ref[:] = pattern(r.cls, r.size, self.rng)
            r.upload()
        return r

    def handle(self):
        self.next += 1
        return self.next

    def submit(self, words):
        vtest.client_submit(self.c, words)

    def check(self, *res):
        try:
            for r in res:
                err = r.diff(r.readback(), "readback of resource %d" % r.handle)
                assert not err, err
            assert self.c.busy_wait() == [1, vtest.RESOURCE_BUSY_WAIT, 0]
        finally:
            for r in res:
                r.unref()


# ---------------------------------------------------------------- CLEAR
DEPTH_ONE = u32("<dII", 1.0, 0, 0)[:2]
DEPTH_0375 = u32("<dII", 0.375, 0, 0)[:2]
# name, format, target, (w, h, d, layers, last), level, layer, buffers, colour words, depth
# dwords, stencil, expected texel (bytes, or a function of the old texel)
CLEARS = [
    ("rgba8 2D level 1", "R8G8B8A8_UNORM", T2D, (13, 7, 1, 1, 2), 1, 0, 4,
     u32("<4f", 1.0, 0.0, 51 / 255, 204 / 255), DEPTH_ONE, 0, bytes([255, 0, 51, 204])),
    ("bgra8 2D_ARRAY layer 2", "B8G8R8A8_UNORM", T2D_ARRAY, (13, 7, 1, 3, 1), 0, 2, 4,
     u32("<4f", 1.0, 0.0, 51 / 255, 204 / 255), DEPTH_ONE, 0, bytes([51, 0, 255, 204])),
    ("rgba8 CUBE face 3 level 1", "R8G8B8A8_UNORM", CUBE, (8, 8, 1, 6, 2), 1, 3, 4,
     u32("<4f", 0.0, 1.0, 102 / 255, 1.0), DEPTH_ONE, 0, bytes([0, 255, 102, 255])),
    ("rgba8 3D slice 2", "R8G8B8A8_UNORM", T3D, (9, 7, 5, 1, 1), 0, 2, 4,
     u32("<4f", 1.0, 1.0, 0.0, 0.0), DEPTH_ONE, 0, bytes([255, 255, 0, 0])),
    ("rgba8 3D level 1 slice 1", "R8G8B8A8_UNORM", T3D, (9, 7, 5, 1, 1), 1, 1, 4,
     u32("<4f", 0.0, 1.0, 0.0, 1.0), DEPTH_ONE, 0, bytes([0, 255, 0, 255])),
    ("rgba8 1D_ARRAY layer 1", "R8G8B8A8_UNORM", T1D_ARRAY, (13, 1, 1, 3, 1), 0, 1, 4,
     u32("<4f", 1.0, 0.0, 1.0, 0.0), DEPTH_ONE, 0, bytes([255, 0, 255, 0])),
    ("rgba8 CUBE_ARRAY layer 7", "R8G8B8A8_UNORM", CUBE_ARRAY, (8, 8, 1, 12, 0), 0, 7, 4,
     u32("<4f", 0.0, 0.0, 1.0, 1.0), DEPTH_ONE, 0, bytes([0, 0, 255, 255])),
    ("rgba8 RECT", "R8G8B8A8_UNORM", RECT, (13, 7, 1, 1, 0), 0, 0, 4,
     u32("<4f", 1.0, 0.0, 0.0, 1.0), DEPTH_ONE, 0, bytes([255, 0, 0, 255])),
    ("rgba16f 2D", "R16G16B16A16_FLOAT", T2D, (13, 7, 1, 1, 0), 0, 0, 4,
     u32("<4f", 1.5, -2.0, 0.5, 0.0), DEPTH_ONE, 0, struct.pack("<4e", 1.5, -2.0, 0.5, 0.0)),
    ("rgba32f 2D_ARRAY layer 1", "R32G32B32A32_FLOAT", T2D_ARRAY, (5, 3, 1, 2, 0), 0, 1, 4,
     u32("<4f", 1.5, -2.25, 0.0, 1e10), DEPTH_ONE, 0, struct.pack("<4f", 1.5, -2.25, 0.0, 1e10)),
    ("rgba32ui 2D", "R32G32B32A32_UINT", T2D, (5, 3, 1, 1, 0), 0, 0, 4,
     [1, 0xffffffff, 7, 0x80000000], DEPTH_ONE, 0, struct.pack("<4I", 1, 0xffffffff, 7, 1 << 31)),
    ("rgba32i 2D", "R32G32B32A32_SINT", T2D, (5, 3, 1, 1, 0), 0, 0, 4,
     u32("<4i", -1, 5, -2 ** 31, 2 ** 31 - 1), DEPTH_ONE, 0,
     struct.pack("<4i", -1, 5, -2 ** 31, 2 ** 31 - 1)),
    ("rgb10a2ui 2D", "R10G10B10A2_UINT", T2D, (5, 3, 1, 1, 0), 0, 0, 4,
     [1023, 5, 512, 3], DEPTH_ONE, 0, struct.pack("<I", 1023 | 5 << 10 | 512 << 20 | 3 << 30)),
    ("z24s8 2D level 1", "Z24_UNORM_S8_UINT", T2D, (13, 7, 1, 1, 1), 1, 0, 3,
     [0] * 4, DEPTH_ONE, 0x5a, struct.pack("<I", 0x5a << 24 | 0xffffff)),
    ("s8z24 2D_ARRAY layer 1", "S8_UINT_Z24_UNORM", T2D_ARRAY, (13, 7, 1, 2, 0), 0, 1, 3,
     [0] * 4, DEPTH_ONE, 0x5a, struct.pack("<I", 0xffffff << 8 | 0x5a)),
    ("z24x8 depth only keeps X8", "Z24X8_UNORM", T2D, (13, 7, 1, 1, 0), 0, 0, 1,
     [0] * 4, DEPTH_ONE, 0, lambda old: struct.pack("<I", (struct.unpack("<I", old)[0] &
                                                           0xff000000) | 0xffffff)),
    ("z16 CUBE face 5", "Z16_UNORM", CUBE, (8, 8, 1, 6, 0), 0, 5, 1,
     [0] * 4, DEPTH_ONE, 0, b"\xff\xff"),
    ("z32f 2D", "Z32_FLOAT", T2D, (13, 7, 1, 1, 0), 0, 0, 1,
     [0] * 4, DEPTH_0375, 0, struct.pack("<f", 0.375)),
    ("s8 2D stencil only", "S8_UINT", T2D, (13, 7, 1, 1, 0), 0, 0, 2,
     [0] * 4, DEPTH_ONE, 0x5a, b"\x5a"),
    ("z32f_s8x24 2D", "Z32_FLOAT_S8X24_UINT", T2D, (13, 7, 1, 1, 0), 0, 0, 3,
     [0] * 4, DEPTH_0375, 0x5a, struct.pack("<fI", 0.375, 0x5a)),
]


def run_clear(x, t):
    name, fmt, target, (w, h, d, layers, last), level, layer, buffers, color, depth, st, exp = t
    r = x.res(target, fmt, w, h, d, layers, last)
    zs = r.cls in DEPTHISH
    surf = x.handle()
    x.submit(cmd(CREATE_OBJECT, OBJ_SURFACE, [surf, r.handle, r.virgl, level, layer | layer << 16]) +
             cmd(SET_FRAMEBUFFER_STATE, 0, [0, surf] if zs else [1, 0, surf]) +
             cmd(CLEAR, 0, [buffers] + color + depth + [st]) +
             cmd(SET_FRAMEBUFFER_STATE, 0, [0, 0]) + cmd(DESTROY_OBJECT, OBJ_SURFACE, [surf]))
    lw, lh = r.levels[level][:2]
    fill_box(r, level, (0, 0, layer, lw, lh, 1), exp)
    x.check(r)


# Two colour buffers of different classes: the same colour words are floats for the unorm
# buffer and raw integers for the uint one; buffers selects which of the two are cleared.
def run_clear_two(x, buffers):
    a = x.res(T2D, "R8G8B8A8_UNORM", 6, 4)
    b = x.res(T2D, "R32G32B32A32_UINT", 6, 4)
    sa, sb = x.handle(), x.handle()
    color = u32("<4f", 1.0, 0.0, 51 / 255, 0.0)
    x.submit(cmd(CREATE_OBJECT, OBJ_SURFACE, [sa, a.handle, a.virgl, 0, 0]) +
             cmd(CREATE_OBJECT, OBJ_SURFACE, [sb, b.handle, b.virgl, 0, 0]) +
             cmd(SET_FRAMEBUFFER_STATE, 0, [2, 0, sa, sb]) +
             cmd(CLEAR, 0, [buffers] + color + DEPTH_ONE + [0]) +
             cmd(SET_FRAMEBUFFER_STATE, 0, [0, 0]) + cmd(DESTROY_OBJECT, OBJ_SURFACE, [sa]) +
             cmd(DESTROY_OBJECT, OBJ_SURFACE, [sb]))
    if buffers & 4:
        fill_box(a, 0, (0, 0, 0, 6, 4, 1), bytes([255, 0, 51, 0]))
    if buffers & 8:
        fill_box(b, 0, (0, 0, 0, 6, 4, 1), struct.pack("<4I", *color))
    x.check(a, b)


CLEARS_TWO = [("two cbufs unorm + uint", "R8G8B8A8_UNORM", 12), ("two cbufs, COLOR1 only",
                                                                "R32G32B32A32_UINT", 8)]


def clear_skip(v2, t):
    f = FMT[t[1]]
    mask = vtest.CAPS_DEPTHSTENCIL_MASK if f[5] in DEPTHISH else vtest.CAPS_RENDER_MASK
    if not vtest.caps_mask_has(v2, mask, f[1]):
        return "%s not in the caps' %s mask" % (f[0], "depthstencil" if f[5] in DEPTHISH
                                                 else "render")
    return None


# ---------------------------------------------------------------- CLEAR_TEXTURE
# name, format, target, dims, level, box, value dwords (the texel in the format's bytes)
CLEAR_TEXTURES = [
    ("rgba8 2D inner", "R8G8B8A8_UNORM", T2D, (13, 7, 1, 1, 1), 0, (2, 1, 0, 9, 5, 1),
     [0x11223344, 0, 0, 0]),
    ("bgra8 2D edge", "B8G8R8A8_UNORM", T2D, (13, 7, 1, 1, 0), 0, (12, 6, 0, 1, 1, 1),
     [0x11223344, 0, 0, 0]),
    ("rgba8 1D_ARRAY layers 1-2 level 1", "R8G8B8A8_UNORM", T1D_ARRAY, (13, 1, 1, 3, 1), 1,
     (1, 0, 1, 4, 1, 2), [0xa1b2c3d4, 0, 0, 0]),
    ("rgba8 2D_ARRAY last layer level 1", "R8G8B8A8_UNORM", T2D_ARRAY, (13, 7, 1, 3, 1), 1,
     (3, 1, 2, 3, 2, 1), [0x01020304, 0, 0, 0]),
    ("rgba8 3D slices 1-3", "R8G8B8A8_UNORM", T3D, (9, 7, 5, 1, 0), 0, (1, 2, 1, 4, 3, 3),
     [0xdeadbeef, 0, 0, 0]),
    ("rgba8 CUBE face 2", "R8G8B8A8_UNORM", CUBE, (8, 8, 1, 6, 0), 0, (0, 0, 2, 8, 8, 1),
     [0x55aa55aa, 0, 0, 0]),
    ("rgba8 CUBE_ARRAY layers 5-7", "R8G8B8A8_UNORM", CUBE_ARRAY, (8, 8, 1, 12, 0), 0,
     (4, 4, 5, 4, 4, 3), [0x0f0e0d0c, 0, 0, 0]),
    ("rgba32f 2D", "R32G32B32A32_FLOAT", T2D, (5, 3, 1, 1, 0), 0, (1, 1, 0, 3, 2, 1),
     u32("<4f", 1.5, -2.25, 0.0, 1e10)),
    ("rgba32ui 2D", "R32G32B32A32_UINT", T2D, (5, 3, 1, 1, 0), 0, (0, 0, 0, 5, 3, 1),
     [1, 0xffffffff, 7, 0x80000000]),
    ("z24s8 2D", "Z24_UNORM_S8_UINT", T2D, (13, 7, 1, 1, 0), 0, (1, 1, 0, 4, 4, 1),
     [0x5a123456, 0, 0, 0]),
    ("z16 2D", "Z16_UNORM", T2D, (13, 7, 1, 1, 0), 0, (0, 6, 0, 13, 1, 1), [0x1234, 0, 0, 0]),
    ("z32f 2D", "Z32_FLOAT", T2D, (13, 7, 1, 1, 0), 0, (1, 1, 0, 2, 2, 1),
     u32("<fIII", 0.375, 0, 0, 0)),
    ("s8 2D", "S8_UINT", T2D, (13, 7, 1, 1, 0), 0, (1, 1, 0, 2, 2, 1), [0x5a, 0, 0, 0]),
    ("z32f_s8x24 2D", "Z32_FLOAT_S8X24_UINT", T2D, (13, 7, 1, 1, 0), 0, (1, 1, 0, 2, 2, 1),
     u32("<fIII", 0.375, 0x5a, 0, 0)),
]


def run_clear_texture(x, t):
    name, fmt, target, (w, h, d, layers, last), level, box, value = t
    r = x.res(target, fmt, w, h, d, layers, last)
    x.submit(cmd(CLEAR_TEXTURE, 0, [r.handle, level] + list(box) + value))
    fill_box(r, level, box, struct.pack("<4I", *value)[:r.bb])
    x.check(r)


# ---------------------------------------------------------------- BLIT and COPY_REGION
def swap_rb(t):
    return bytes([t[2], t[1], t[0], t[3]])


def blit_words(dst, dl, dbox, src, sl, sbox, mask, scissor=None):
    """scissor: (minx, miny, maxx, maxy) in the destination, max exclusive."""
    s0, lo, hi = mask, 0, 0
    if scissor:
        s0, lo, hi = mask | 1 << 10, scissor[0] | scissor[1] << 16, scissor[2] | scissor[3] << 16
    return cmd(BLIT, 0, [s0, lo, hi, dst.handle, dl, dst.virgl] + list(dbox) +
               [src.handle, sl, src.virgl] + list(sbox))


# name, (src target, format, dims), src level, src box, (dst ...), dst level, dst box, mask,
# mirror_x, per-texel conversion. A mirrored blit has a negative src width (Gallium semantics).
BLITS = [
    ("rgba8 2D -> 2D_ARRAY layer 1", (T2D, "R8G8B8A8_UNORM", (16, 8, 1, 1, 0)), 0, (2, 1, 0, 5, 3, 1),
     (T2D_ARRAY, "R8G8B8A8_UNORM", (16, 8, 1, 3, 0)), 0, (7, 4, 1, 5, 3, 1), 0xf, False, None),
    ("rgba8 mirrored in x", (T2D, "R8G8B8A8_UNORM", (16, 8, 1, 1, 0)), 0, (7, 1, 0, -5, 3, 1),
     (T2D, "R8G8B8A8_UNORM", (16, 8, 1, 1, 0)), 0, (0, 0, 0, 5, 3, 1), 0xf, True, None),
    ("rgba8 level 1 -> level 0", (T2D, "R8G8B8A8_UNORM", (16, 8, 1, 1, 1)), 1, (0, 0, 0, 8, 4, 1),
     (T2D, "R8G8B8A8_UNORM", (16, 8, 1, 1, 1)), 0, (8, 4, 0, 8, 4, 1), 0xf, False, None),
    ("rgba8 -> bgra8 converts", (T2D, "R8G8B8A8_UNORM", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 8, 8, 1),
     (T2D, "B8G8R8A8_UNORM", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 8, 8, 1), 0xf, False, swap_rb),
    ("3D slices 1-2 -> 2D_ARRAY", (T3D, "R8G8B8A8_UNORM", (9, 7, 5, 1, 0)), 0, (1, 1, 1, 4, 4, 2),
     (T2D_ARRAY, "R8G8B8A8_UNORM", (9, 7, 1, 3, 0)), 0, (0, 0, 0, 4, 4, 2), 0xf, False, None),
    ("CUBE face 4 -> 2D", (CUBE, "R8G8B8A8_UNORM", (8, 8, 1, 6, 0)), 0, (0, 0, 4, 8, 8, 1),
     (T2D, "R8G8B8A8_UNORM", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 8, 8, 1), 0xf, False, None),
    ("rgba32ui 2D", (T2D, "R32G32B32A32_UINT", (8, 4, 1, 1, 0)), 0, (1, 1, 0, 3, 2, 1),
     (T2D, "R32G32B32A32_UINT", (8, 4, 1, 1, 0)), 0, (4, 2, 0, 3, 2, 1), 0xf, False, None),
    ("z24s8 depth+stencil", (T2D, "Z24_UNORM_S8_UINT", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 8, 8, 1),
     (T2D, "Z24_UNORM_S8_UINT", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 8, 8, 1), 0x30, False, None),
    ("z32f depth", (T2D, "Z32_FLOAT", (8, 8, 1, 1, 0)), 0, (2, 2, 0, 4, 4, 1),
     (T2D, "Z32_FLOAT", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 4, 4, 1), 0x10, False, None),
    ("z16 depth", (T2D, "Z16_UNORM", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 8, 8, 1),
     (T2D, "Z16_UNORM", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 8, 8, 1), 0x10, False, None),
    ("z24s8 stencil only keeps depth", (T2D, "Z24_UNORM_S8_UINT", (8, 8, 1, 1, 0)), 0,
     (0, 0, 0, 8, 8, 1), (T2D, "Z24_UNORM_S8_UINT", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 8, 8, 1),
     0x20, False, "stencil"),
    ("1D_ARRAY layers 0-1 -> 1-2", (T1D_ARRAY, "R8G8B8A8_UNORM", (13, 1, 1, 3, 0)), 0,
     (0, 0, 0, 13, 1, 2), (T1D_ARRAY, "R8G8B8A8_UNORM", (13, 1, 1, 3, 0)), 0, (0, 0, 1, 13, 1, 2),
     0xf, False, None),
    ("rgba8 scissored", (T2D, "R8G8B8A8_UNORM", (16, 8, 1, 1, 0)), 0, (0, 0, 0, 16, 8, 1),
     (T2D, "R8G8B8A8_UNORM", (16, 8, 1, 1, 0)), 0, (0, 0, 0, 16, 8, 1), 0xf, False,
     (3, 2, 11, 7)),
]


def run_blit(x, t):
    """conv: None, a per-texel function, "stencil" (only the stencil byte of Z24S8 moves) or a
    scissor rectangle (only the texels inside it move)."""
    name, (st, sf, sd), sl, sbox, (dt, df, dd), dl, dbox, mask, mirror, conv = t
    src = x.res(st, sf, *sd)
    dst = x.res(dt, df, *dd)
    scissor = conv if isinstance(conv, tuple) else None
    x.submit(blit_words(dst, dl, dbox, src, sl, sbox, mask, scissor))
    model = sbox if not mirror else (sbox[0] + sbox[3],) + sbox[1:3] + (-sbox[3],) + sbox[4:]
    if scissor:
        old = bytes(dst.ref)
        copy_box(src, sl, model, dst, dl, dbox[:3])
        for y in range(dbox[4]):
            for xx in range(dbox[3]):
                if not (scissor[0] <= xx < scissor[2] and scissor[1] <= y < scissor[3]):
                    o = texel_off(dst, dl, xx, y, 0)
                    dst.ref[o:o + dst.bb] = old[o:o + dst.bb]
    elif conv == "stencil":
        old = bytes(dst.ref)
        copy_box(src, sl, model, dst, dl, dbox[:3])
        for o in range(0, dst.size, 4):
            dst.ref[o:o + 3] = old[o:o + 3]
    else:
        copy_box(src, sl, model, dst, dl, dbox[:3], mirror, conv)
    x.check(dst, src)


# name, (src target, format, dims), src level, src box, (dst ...), dst level, dst position
COPIES = [
    ("rgba8 2D -> 2D_ARRAY layer 2 level 1", (T2D, "R8G8B8A8_UNORM", (13, 7, 1, 1, 0)), 0,
     (3, 2, 0, 5, 3, 1), (T2D_ARRAY, "R8G8B8A8_UNORM", (13, 7, 1, 3, 1)), 1, (1, 0, 2)),
    ("CUBE face 4 -> 2D", (CUBE, "R8G8B8A8_UNORM", (8, 8, 1, 6, 0)), 0, (0, 0, 4, 8, 8, 1),
     (T2D, "R8G8B8A8_UNORM", (8, 8, 1, 1, 0)), 0, (0, 0, 0)),
    ("CUBE_ARRAY layer 7 -> CUBE face 1", (CUBE_ARRAY, "R8G8B8A8_UNORM", (8, 8, 1, 12, 0)), 0,
     (1, 1, 7, 6, 6, 1), (CUBE, "R8G8B8A8_UNORM", (8, 8, 1, 6, 0)), 0, (2, 2, 1)),
    ("3D slices 1-3 -> 2D_ARRAY", (T3D, "R8G8B8A8_UNORM", (9, 7, 5, 1, 0)), 0, (0, 0, 1, 9, 7, 3),
     (T2D_ARRAY, "R8G8B8A8_UNORM", (9, 7, 1, 3, 0)), 0, (0, 0, 0)),
    ("3D level 1 -> 3D level 0", (T3D, "R8G8B8A8_UNORM", (8, 8, 4, 1, 1)), 1, (0, 0, 0, 4, 4, 2),
     (T3D, "R8G8B8A8_UNORM", (8, 8, 4, 1, 1)), 0, (4, 4, 2)),
    ("1D_ARRAY layers 1-2 -> layers 0-1", (T1D_ARRAY, "R8G8B8A8_UNORM", (13, 1, 1, 3, 0)), 0,
     (2, 0, 1, 7, 1, 2), (T1D_ARRAY, "R8G8B8A8_UNORM", (13, 1, 1, 3, 0)), 0, (6, 0, 0)),
    ("RECT -> 2D", (RECT, "R8G8B8A8_UNORM", (13, 7, 1, 1, 0)), 0, (12, 6, 0, 1, 1, 1),
     (T2D, "R8G8B8A8_UNORM", (13, 7, 1, 1, 0)), 0, (0, 0, 0)),
    ("buffer -> buffer", (BUFFER, "R8G8B8A8_UNORM", (1000, 1, 1, 1, 0)), 0, (10, 0, 0, 100, 1, 1),
     (BUFFER, "R8G8B8A8_UNORM", (1000, 1, 1, 1, 0)), 0, (500, 0, 0)),
    ("z24s8 -> z24s8", (T2D, "Z24_UNORM_S8_UINT", (8, 8, 1, 1, 0)), 0, (1, 1, 0, 5, 5, 1),
     (T2D, "Z24_UNORM_S8_UINT", (8, 8, 1, 1, 0)), 0, (3, 3, 0)),
    ("rgba8 -> rgb10a2ui raw bytes", (T2D, "R8G8B8A8_UNORM", (8, 8, 1, 1, 0)), 0, (0, 0, 0, 8, 8, 1),
     (T2D, "R10G10B10A2_UINT", (8, 8, 1, 1, 0)), 0, (0, 0, 0)),
    ("rgba32f -> rgba32ui raw bytes", (T2D, "R32G32B32A32_FLOAT", (4, 4, 1, 1, 0)), 0,
     (0, 0, 0, 4, 4, 1), (T2D, "R32G32B32A32_UINT", (4, 4, 1, 1, 0)), 0, (0, 0, 0)),
]


def run_copy(x, t):
    name, (st, sf, sd), sl, sbox, (dt, df, dd), dl, dpos = t
    src = x.res(st, sf, *sd)
    dst = x.res(dt, df, *dd)
    x.submit(cmd(COPY_REGION, 0, [dst.handle, dl] + list(dpos) + [src.handle, sl] + list(sbox)))
    copy_box(src, sl, sbox, dst, dl, dpos)
    x.check(dst, src)


def op_skip(v2, kind, t):
    if kind == "clear":
        return clear_skip(v2, t)
    if kind == "clear_texture" and not vtest.caps_has(v2, vtest.CAP_CLEAR_TEXTURE):
        return "caps lack VIRGL_CAP_CLEAR_TEXTURE (bit 30)"
    fmts = [t[1]] if kind in ("clear", "clear_texture") else [t[1][1], t[4][1]]
    for f in fmts:
        if not vtest.caps_mask_has(v2, vtest.CAPS_SAMPLER_MASK, FMT[f][1]):
            return "%s not in the caps' sampler mask" % f
    return None


def case_ops(srv, backend):
    """All operations on one connection (a new one costs an EGL initialization, seconds on a
    loaded host); a failure reconnects, so one reject cannot hide the tests after it."""
    x = Ctx()
    counts, failures = {"pass": 0, "skip": 0, "fail": 0}, []
    for kind, table, run in (("clear", CLEARS, run_clear),
                             ("clear", CLEARS_TWO, lambda x, t: run_clear_two(x, t[2])),
                             ("clear_texture", CLEAR_TEXTURES, run_clear_texture),
                             ("blit", BLITS, run_blit), ("copy_region", COPIES, run_copy)):
        for t in table:
            why = op_skip(x.v2, kind, t)
            if why:
                counts["skip"] += 1
                print("SKIP %s %s: %s" % (kind, t[0], why))
                continue
            mark = len(srv.text())
            try:
                run(x, t)
                counts["pass"] += 1
            except (AssertionError, EOFError, OSError) as e:
                counts["fail"] += 1
                log = [ln for ln in srv.text()[mark:].splitlines() if "disconnect:" in ln]
                failures.append("%s %s: %s %s" % (kind, t[0], e, " | ".join(log)))
                x.c.close()
                x = Ctx()
    x.c.close()
    for f in failures:
        print("FAIL " + f)
    print("ops %s: %d pass, %d skip, %d fail" % (backend, counts["pass"], counts["skip"],
                                                 counts["fail"]))
    assert not failures, "%d operations failed" % len(failures)
