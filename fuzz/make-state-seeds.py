#!/usr/bin/env python3
"""Generated fuzz_session seeds that drive the validator into states no capture reaches.

usage: make-state-seeds.py OUT_DIR [VECTORS_DIR]
       make-state-seeds.py --expect     (prints each state seed's expected first reject)

Writes OUT_DIR/session/state-NAME: whole vtest client streams (the connN.c2s format) built
from scratch, deterministic (no randomness), 8 bytes to 8 KiB each. A context is
poisoned by its first reject, so every reject path gets its own stream that ends with it:

  * vtest-only states: protocol 0 (RESOURCE_CREATE, TRANSFER_PUT with inline data,
    TRANSFER_GET), version negotiation, the CREATE_RENDERER state machine, framing limits,
    truncated streams, unknown and unsupported ids, TRANSFER_GET2/PUT2 on every kind of backing;
  * sub-context churn: create / set / destroy up to and past the MAX_SUB_CTX quota, slot reuse,
    destroying the current one and one holding objects, a pending shader and resource refs;
  * chunked shaders: continuations, wrong offsets, wrong ids and stages, interleaved handles,
    oversized chunks, texts without a NUL, binding and linking to other stages;
  * the reject paths of the hand-written rules (rules_*.c, resource.c) one by one.

With VECTORS_DIR (the output of vigil-vectors: vec-pos-N, vec-neg-N), each vector is also
wrapped in a session (OUT_DIR/session/wrap-vec-...) after the fixtures the vectors expect
(spec/gen/README.md: resources 0x100 and 0x101, one object of every kind at 0x1000 + kind,
sub-context 1 current), so they reach the rules in fuzz_session as they do in test_vectors.

Ids and layouts follow spec/*.xml; fuzz/coverage.sh and fuzz/lib.sh run this script.
"""
import os
import struct
import sys

# vtest message ids (spec/vtest.xml)
GET_CAPS, RESOURCE_CREATE, RESOURCE_UNREF, TRANSFER_GET, TRANSFER_PUT = 1, 2, 3, 4, 5
SUBMIT_CMD, BUSY_WAIT, CREATE_RENDERER, GET_CAPS2, PING = 6, 7, 8, 9, 10
PROTOCOL_VERSION, RESOURCE_CREATE2, TRANSFER_GET2, TRANSFER_PUT2 = 11, 12, 13, 14
GET_PARAM, CONTEXT_INIT, SUBMIT_CMD2 = 15, 17, 24

# virgl command ids and object types (spec/virgl.xml, spec/objects.xml)
C_CREATE_OBJECT, C_BIND_OBJECT, C_DESTROY_OBJECT = 1, 2, 3
C_INLINE_WRITE, C_BLIT, C_COPY_REGION = 9, 16, 17
C_SET_SUB_CTX, C_CREATE_SUB_CTX, C_DESTROY_SUB_CTX, C_BIND_SHADER = 28, 29, 30, 31
C_TRANSFER3D, C_END_TRANSFERS, C_COPY_TRANSFER3D, C_CLEAR_TEXTURE = 43, 44, 45, 47
C_STRING_MARKER, C_LINK_SHADER = 51, 52
O_BLEND, O_RASTERIZER, O_DSA, O_SHADER, O_VE, O_SAMPLER_VIEW = 1, 2, 3, 4, 5, 6
O_SAMPLER_STATE, O_SURFACE, O_QUERY, O_SO_TARGET, O_MSAA_SURFACE = 7, 8, 9, 10, 11

# targets, formats, binds (spec/enums.xml)
T_BUFFER, T_1D, T_2D, T_3D, T_CUBE, T_RECT, T_1D_ARRAY, T_2D_ARRAY, T_CUBE_ARRAY = range(9)
F_R32G32B32A32_FLOAT, F_R8, F_RGBA8, F_DXT1, F_YV12 = 31, 64, 67, 105, 163
B_DS, B_RT, B_SV, B_VB, B_CUSTOM, B_STAGING = 0x1, 0x2, 0x8, 0x10, 0x20000, 0x80000

VS, FS, GS, TCS, TES, CS = range(6)
MAX_SUB_CTX = 64
CONT = 1 << 31

VS_TEXT = b"VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n\0"
FS_TEXT = b"FRAG\nDCL OUT[0], COLOR\nDCL CONST[0]\n  0: MOV OUT[0], CONST[0]\n  1: END\n\0"


def dw(*v):
    return struct.pack("<%dI" % len(v), *[x & 0xffffffff for x in v])


def msg(mid, payload=b"", length=None):
    """One vtest message; len defaults to the payload's dwords."""
    if length is None:
        length = len(payload) // 4
    return dw(length, mid) + payload


def hdr(cid, obj, n):
    return cid | (obj << 8) | (n << 16)


def cmd(cid, obj, *payload):
    return dw(hdr(cid, obj, len(payload)), *payload)


def submit(*cmds):
    return msg(SUBMIT_CMD, b"".join(cmds))


def renderer(name=b"seed\0"):
    return msg(CREATE_RENDERER, name, len(name))


def version(v):
    return msg(PROTOCOL_VERSION, dw(v))


def res2(handle, target, fmt, bind, w, h=1, d=1, arr=1, ll=0, ns=0, data=0):
    return msg(RESOURCE_CREATE2, dw(handle, target, fmt, bind, w, h, d, arr, ll, ns, data))


def res0(handle, target, fmt, bind, w, h=1, d=1, arr=1, ll=0, ns=0):
    return msg(RESOURCE_CREATE, dw(handle, target, fmt, bind, w, h, d, arr, ll, ns))


def put(handle, level, stride, lstride, box, data, data_size=None, length=None):
    size = len(data) if data_size is None else data_size
    args = dw(handle, level, stride, lstride, *box, size)
    if length is None:
        length = 11 + (size + 3) // 4
    return dw(length, TRANSFER_PUT) + args + data


def get(handle, level, stride, lstride, box, size):
    return msg(TRANSFER_GET, dw(handle, level, stride, lstride, *box, size))


def get2(handle, level, box, offset, mid=TRANSFER_GET2, data_size=0):
    """TRANSFER_GET2 / PUT2: 10 argument dwords; PUT2's len also counts the data (not sent)."""
    length = 10 + ((data_size + 3) // 4 if mid == TRANSFER_PUT2 else 0)
    return msg(mid, dw(handle, level, *box, data_size, offset), length)


def shader(handle, stage, text, offlen=None, nso=0, so=(), tokens=8, ndw=None):
    """CREATE_OBJECT(SHADER) carrying `text` (padded to dwords)."""
    body = text + b"\0" * (-len(text) % 4)
    words = struct.unpack("<%dI" % (len(body) // 4), body)
    if offlen is None:
        offlen = len(text)
    return cmd(C_CREATE_OBJECT, O_SHADER, handle, stage, offlen, tokens, nso, *so, *words)


def sub_create(i):
    return cmd(C_CREATE_SUB_CTX, 0, i)


def sub_set(i):
    return cmd(C_SET_SUB_CTX, 0, i)


def sub_destroy(i):
    return cmd(C_DESTROY_SUB_CTX, 0, i)


def surface(handle, res, fmt, a, b, obj=O_SURFACE, samples=None):
    extra = () if samples is None else (samples,)
    return cmd(C_CREATE_OBJECT, obj, handle, res, fmt, a, b, *extra)


def sampler_view(handle, res, fmt, a, b, swizzle=0x688):
    return cmd(C_CREATE_OBJECT, O_SAMPLER_VIEW, handle, res, fmt, a, b, swizzle)


def so_target(handle, res, off, size):
    return cmd(C_CREATE_OBJECT, O_SO_TARGET, handle, res, off, size)


def query(handle, res, qtype=0, offset=0):
    return cmd(C_CREATE_OBJECT, O_QUERY, handle, qtype, offset, res)


def destroy(obj, handle):
    return cmd(C_DESTROY_OBJECT, obj, handle)


def box6(x, y, z, w, h, d):
    return (x, y, z, w, h, d)


# The fixtures of spec/gen/README.md plus one resource of each other layout class.
BUF, TEX, TEX3D, CUBE, ARR, DXT, MSAA, EBUF, NOBACK, CUSTOM, STAGE = range(0x100, 0x10b)


def fixtures():
    return b"".join([
        res2(BUF, T_BUFFER, F_R8, B_VB, 65536, data=65536),
        res2(TEX, T_2D, F_RGBA8, B_RT | B_SV, 64, 64, ll=6, data=21844),
        res2(TEX3D, T_3D, F_RGBA8, B_SV, 8, 8, 8, ll=3, data=2340),
        res2(CUBE, T_CUBE, F_RGBA8, B_SV, 16, 16, 1, 6, data=6144),
        res2(ARR, T_2D_ARRAY, F_RGBA8, B_RT | B_SV, 16, 16, 1, 4, data=4096),
        res2(DXT, T_2D, F_DXT1, B_SV, 16, 16, data=128),
        res2(MSAA, T_2D_ARRAY, F_RGBA8, B_RT, 16, 16, 1, 3, ns=2),
        res2(EBUF, T_BUFFER, F_R8, B_RT | B_SV, 4096, data=4096),
        res2(NOBACK, T_2D, F_RGBA8, B_RT | B_SV, 16, 16),
        res2(CUSTOM, T_BUFFER, F_R8, B_CUSTOM, 64, data=64),
        res2(STAGE, T_BUFFER, F_R8, B_STAGING, 8192, data=8192),
    ])


def objects():
    """One object of every kind at 0x1000 + kind (tests/validator/harness.c th_objects)."""
    o = lambda k: 0x1000 + k
    return submit(
        cmd(C_CREATE_OBJECT, O_BLEND, o(O_BLEND), 0, 0, 0x78000000, 0, 0, 0, 0, 0, 0, 0),
        cmd(C_CREATE_OBJECT, O_RASTERIZER, o(O_RASTERIZER), 0x200000c2, 0x3f800000, 0, 0xffff,
            0x3f800000, 0, 0, 0),
        cmd(C_CREATE_OBJECT, O_DSA, o(O_DSA), 0, 0, 0, 0),
        shader(o(O_SHADER), VS, VS_TEXT),
        cmd(C_CREATE_OBJECT, O_VE, o(O_VE), 0, 0, 0, F_R32G32B32A32_FLOAT),
        sampler_view(o(O_SAMPLER_VIEW), TEX, F_RGBA8, 0, 0x600),
        cmd(C_CREATE_OBJECT, O_SAMPLER_STATE, o(O_SAMPLER_STATE), 0x31012, 0, 0, 0x447a0000, 0, 0, 0, 0),
        surface(o(O_SURFACE), TEX, F_RGBA8, 0, 0),
        query(o(O_QUERY), BUF),
        so_target(o(O_SO_TARGET), BUF, 0, 4096),
        surface(o(O_MSAA_SURFACE), TEX, F_RGBA8, 0, 0, obj=O_MSAA_SURFACE, samples=4),
    )


def mesa(v=2):
    """What Mesa sends before drawing: renderer, version, resources, sub-context 1 current."""
    return renderer() + version(v) + fixtures() + submit(sub_create(1), sub_set(1))


def base(v=2):
    return mesa(v) + objects()


def vtest_seeds():
    s = {}
    tex_box = box6(0, 0, 0, 4, 4, 1)
    rgba16 = bytes(range(208))  # a 4x4 box of a 16x16 RGBA8 level in its packed stride
    # Protocol 0: resources without shared memory, inline transfers.
    p0 = renderer() + msg(PING) + version(1) + res0(0x200, T_2D, F_RGBA8, B_SV, 16, 16, ll=4) + \
        res0(0x201, T_BUFFER, F_R8, B_VB, 256) + res0(0x202, T_2D_ARRAY, F_RGBA8, B_RT, 8, 8, 1, 2, ns=2)
    s["p0-transfers"] = p0 + put(0x200, 0, 0, 0, tex_box, rgba16) + \
        put(0x200, 1, 32, 0, box6(2, 2, 0, 2, 2, 1), bytes(40)) + \
        put(0x201, 0, 0, 0, box6(3, 0, 0, 5, 1, 1), b"\1\2\3\4\5") + \
        get(0x200, 0, 0, 0, tex_box, 208) + get(0x200, 2, 16, 64, box6(0, 0, 0, 4, 4, 1), 64) + \
        get(0x201, 0, 0, 0, box6(0, 0, 0, 256, 1, 1), 256) + msg(RESOURCE_UNREF, dw(0x200)) + \
        msg(RESOURCE_UNREF, dw(0x7777)) + msg(RESOURCE_UNREF, dw(0)) + msg(BUSY_WAIT, dw(0, 1)) + msg(GET_CAPS) + \
        submit(sub_create(1), sub_set(1), surface(0x300, 0x202, F_RGBA8, 0, 1 << 16))
    s["p0-put-size-mismatch"] = p0 + put(0x200, 0, 0, 0, tex_box, bytes(204))
    s["p0-put-stride-short"] = p0 + put(0x200, 0, 8, 0, tex_box, bytes(64))
    s["p0-put-layer-stride-short"] = p0 + put(0x200, 0, 16, 8, tex_box, bytes(64))
    s["p0-put-box-outside"] = p0 + put(0x200, 4, 0, 0, tex_box, bytes(64))
    s["p0-put-level-outside"] = p0 + put(0x200, 5, 0, 0, tex_box, bytes(64))
    s["p0-put-unknown-res"] = p0 + put(0x999, 0, 0, 0, tex_box, bytes(64))
    s["p0-put-msaa"] = p0 + put(0x202, 0, 0, 0, tex_box, bytes(64))
    s["p0-put-truncated-data"] = p0 + put(0x200, 0, 0, 0, tex_box, bytes(20), data_size=64)
    s["p0-put-huge-data-size"] = p0 + dw(11, TRANSFER_PUT) + dw(0x200, 0, 0, 0, *tex_box, 0x40000001)
    s["p0-put-short-args"] = p0 + dw(3, TRANSFER_PUT) + dw(0x200, 0, 0)
    s["p0-put-bad-len"] = p0 + put(0x200, 0, 0, 0, tex_box, rgba16, length=12)
    s["p0-get-size-mismatch"] = p0 + get(0x200, 0, 0, 0, tex_box, 63)
    s["p0-get-zero-box"] = p0 + get(0x200, 0, 0, 0, box6(0, 0, 0, 0, 4, 1), 0)
    s["p0-get-wrapping-box"] = p0 + get(0x200, 0, 0, 0, box6(0xfffffffc, 0, 0, 8, 1, 1), 32)
    s["p0-resource-create2"] = p0 + res2(0x210, T_BUFFER, F_R8, B_VB, 16, data=16)
    s["p0-transfer-get2-no-backing"] = p0 + get2(0x201, 0, box6(0, 0, 0, 1, 1, 1), 0)
    # Version negotiation and the renderer state machine.
    s["version-high"] = renderer() + version(7) + res2(0x200, T_BUFFER, F_R8, B_VB, 16, data=16)
    s["version-zero-create2"] = renderer() + version(0) + res2(0x200, T_BUFFER, F_R8, B_VB, 16, data=16)
    s["before-renderer"] = version(2)
    s["renderer-twice"] = renderer() + renderer()
    s["renderer-no-nul"] = renderer(b"abcd")
    s["renderer-empty"] = renderer(b"")
    s["renderer-too-long"] = dw(4096, CREATE_RENDERER) + bytes(4096)
    s["id-zero"] = renderer() + msg(0)
    s["id-unknown"] = renderer() + msg(99)
    s["id-protocol3-only"] = renderer() + version(2) + msg(GET_PARAM, dw(1, 0))
    s["id-context-init"] = renderer() + version(2) + msg(CONTEXT_INIT, dw(1))
    s["id-submit2"] = renderer() + version(2) + msg(SUBMIT_CMD2, dw(0))
    s["submit-too-long"] = renderer() + version(2) + dw(0x40001, SUBMIT_CMD)
    s["fixed-len-wrong"] = renderer() + version(2) + msg(BUSY_WAIT, dw(0, 1, 0))
    s["caps-len-wrong"] = renderer() + msg(GET_CAPS2, dw(0))
    s["header-truncated"] = renderer() + dw(1)[:3]
    s["payload-truncated"] = renderer() + version(2) + dw(11, RESOURCE_CREATE2) + dw(1, 2, 3)
    s["submit-truncated-cmd"] = renderer() + version(2) + submit(dw(hdr(C_SET_SUB_CTX, 0, 4), 1))
    s["submit-unknown-cmd"] = renderer() + version(2) + submit(cmd(200, 0))
    s["submit-objtype-on-plain-cmd"] = renderer() + version(2) + submit(cmd(C_SET_SUB_CTX, 3, 0))
    s["submit-bad-objtype"] = renderer() + version(2) + submit(cmd(C_CREATE_OBJECT, 40, 1))
    s["submit-objtype-not-in-mask"] = renderer() + version(2) + submit(cmd(C_CREATE_OBJECT, 12, 1))
    s["submit-end-transfers-padding"] = renderer() + version(2) + submit(cmd(C_END_TRANSFERS, 0, *range(1023))) + \
        submit(cmd(C_END_TRANSFERS, 0, *range(1024)))
    # Resource creation: each refusal of vigil_res_desc_init and the rule.
    r = renderer() + version(2)
    bad = {
        "zero-id": (0, T_BUFFER, F_R8, B_VB, 16, 1, 1, 1, 0, 0, 16),
        "duplicate": None,
        "format-no-layout": (0x200, T_2D, F_YV12, B_SV, 16, 16, 1, 1, 0, 0, 0),
        "zero-array-tex": (0x200, T_2D, F_RGBA8, B_SV, 16, 16, 1, 0, 0, 0, 0),
        "buffer-too-big": (0x200, T_BUFFER, F_R8, B_VB, 0x40000001, 1, 1, 1, 0, 0, 0),
        "tex-too-wide": (0x200, T_2D, F_RGBA8, B_SV, 16385, 1, 1, 1, 0, 0, 0),
        "3d-too-big": (0x200, T_3D, F_RGBA8, B_SV, 4096, 4, 4, 1, 0, 0, 0),
        "cube-not-square": (0x200, T_CUBE, F_RGBA8, B_SV, 16, 8, 1, 6, 0, 0, 0),
        "buffer-height": (0x200, T_BUFFER, F_R8, B_VB, 16, 2, 1, 1, 0, 0, 0),
        "1d-height": (0x200, T_1D, F_RGBA8, B_SV, 16, 2, 1, 1, 0, 0, 0),
        "2d-depth": (0x200, T_2D, F_RGBA8, B_SV, 16, 16, 2, 1, 0, 0, 0),
        "cube-array-size": (0x200, T_CUBE, F_RGBA8, B_SV, 16, 16, 1, 5, 0, 0, 0),
        "cube-array-not-6n": (0x200, T_CUBE_ARRAY, F_RGBA8, B_SV, 16, 16, 1, 7, 0, 0, 0),
        "2d-array-size": (0x200, T_2D, F_RGBA8, B_SV, 16, 16, 1, 2, 0, 0, 0),
        "msaa-3d": (0x200, T_3D, F_RGBA8, B_RT, 16, 16, 2, 1, 0, 4, 0),
        "msaa-levels": (0x200, T_2D, F_RGBA8, B_RT, 16, 16, 1, 1, 1, 4, 0),
        "msaa-compressed": (0x200, T_2D, F_DXT1, B_SV, 16, 16, 1, 1, 0, 4, 0),
        "msaa-backing": (0x200, T_2D, F_RGBA8, B_RT, 16, 16, 1, 1, 0, 4, 4096),
        "buffer-levels": (0x200, T_BUFFER, F_R8, B_VB, 16, 1, 1, 1, 1, 0, 0),
        "rect-levels": (0x200, T_RECT, F_RGBA8, B_SV, 16, 16, 1, 1, 1, 0, 0),
        "levels-past-chain": (0x200, T_2D, F_RGBA8, B_SV, 16, 16, 1, 1, 5, 0, 0),
        "buffer-bind-on-tex": (0x200, T_2D, F_RGBA8, B_VB, 16, 16, 1, 1, 0, 0, 0),
        "no-texture-bind": (0x200, T_2D, F_RGBA8, 0x80, 16, 16, 1, 1, 0, 0, 0),
        "host-bytes-over-quota": (0x200, T_2D_ARRAY, F_R32G32B32A32_FLOAT, B_SV, 16384, 16384, 1, 2, 0, 0, 0),
        "backing-smaller": (0x200, T_2D, F_RGBA8, B_SV, 16, 16, 1, 1, 0, 0, 1000),
        "backing-over-quota": (0x200, T_BUFFER, F_R8, B_VB, 16, 1, 1, 1, 0, 0, 0x40000001),
        "buffer-depth": (0x200, T_BUFFER, F_R8, B_VB, 16, 1, 2, 1, 0, 0, 0),
        "buffer-array": (0x200, T_BUFFER, F_R8, B_VB, 16, 1, 1, 2, 0, 0, 0),
        "3d-too-tall": (0x200, T_3D, F_RGBA8, B_SV, 4, 4096, 4, 1, 0, 0, 0),
    }
    for name, a in sorted(bad.items()):
        if a is None:
            s["res-" + name] = r + res2(0x200, T_BUFFER, F_R8, B_VB, 16, data=16) * 2
        else:
            s["res-" + name] = r + msg(RESOURCE_CREATE2, dw(*a))
    s["res0-1d-array-and-cube-array"] = renderer() + version(0) + \
        res0(0x200, T_1D_ARRAY, F_RGBA8, B_SV, 16, 1, 1, 4, 2) + \
        res0(0x201, T_CUBE_ARRAY, F_RGBA8, B_SV, 8, 8, 1, 12, 3) + \
        res0(0x202, T_1D, F_RGBA8, B_SV, 16) + res0(0x203, T_RECT, F_RGBA8, B_SV, 16, 8) + \
        get(0x200, 1, 0, 0, box6(0, 0, 1, 8, 1, 3), 96) + get(0x201, 3, 0, 0, box6(0, 0, 11, 1, 1, 1), 4)
    # TRANSFER_GET2 / PUT2 against each kind of backing.
    m = mesa()
    s["t2-ok"] = m + get2(TEX, 2, box6(0, 0, 0, 16, 16, 1), 0) + \
        get2(TEX3D, 1, box6(0, 0, 1, 4, 4, 3), 2048, TRANSFER_PUT2, 176) + get2(BUF, 0, box6(100, 0, 0, 10, 1, 1), 65000) + \
        get2(DXT, 0, box6(4, 4, 0, 8, 8, 1), 64) + get2(CUBE, 0, box6(0, 0, 5, 16, 16, 1), 0)
    s["t2-offset-past-backing"] = m + get2(TEX, 0, box6(0, 0, 0, 64, 64, 1), 21844 - 16384 + 1)
    s["t2-offset-at-max"] = m + get2(TEX, 0, box6(0, 0, 0, 1, 1, 1), 0x40000000)
    s["t2-offset-over-max"] = m + get2(TEX, 0, box6(0, 0, 0, 1, 1, 1), 0x40000001)
    s["t2-put-len-wrong"] = m + msg(TRANSFER_PUT2, dw(TEX, 0, 0, 0, 0, 1, 1, 1, 4, 0), 10)
    s["t2-no-backing"] = m + get2(NOBACK, 0, box6(0, 0, 0, 1, 1, 1), 0)
    s["t2-msaa"] = m + get2(MSAA, 0, box6(0, 0, 0, 1, 1, 1), 0)
    s["t2-dxt-unaligned"] = m + get2(DXT, 0, box6(1, 0, 0, 4, 4, 1), 0)
    s["t2-dxt-partial-edge"] = m + get2(DXT, 0, box6(12, 12, 0, 4, 4, 1), 0) + get2(DXT, 0, box6(0, 0, 0, 2, 3, 1), 1)
    s["t2-depth-outside"] = m + get2(TEX3D, 2, box6(0, 0, 0, 2, 2, 3), 0)
    s["t2-unknown"] = m + get2(0x999, 0, box6(0, 0, 0, 1, 1, 1), 0)
    s["t2-zero-height"] = m + get2(TEX, 0, box6(0, 0, 0, 1, 0, 1), 0)
    # 10x10 DXT1: 3x3 blocks; a 2x2 box at (8, 8) is a partial block that ends at the edge.
    s["t2-dxt-edge-block"] = m + res2(0x120, T_2D, F_DXT1, B_SV, 10, 10, data=72) + \
        get2(0x120, 0, box6(8, 8, 0, 2, 2, 1), 0) + get2(0x120, 0, box6(8, 4, 0, 2, 2, 1), 0)
    return s


def subctx_seeds():
    s = {}
    m = mesa()
    full = [sub_create(i) for i in range(2, MAX_SUB_CTX)]  # 0 and 1 exist: 64 live
    s["sub-quota"] = m + submit(*full) + submit(sub_create(1000))
    s["sub-churn"] = m + submit(*full) + submit(
        sub_destroy(40), sub_create(1000), sub_set(1000),
        surface(0x300, TEX, F_RGBA8, 0, 0), shader(0x301, VS, VS_TEXT[:40], offlen=len(VS_TEXT)),
        sub_destroy(1000), sub_destroy(2), sub_create(2), sub_create(2), sub_create(0), sub_set(2),
        sub_set(0), sub_destroy(63), sub_create(4242), sub_set(4242)) + \
        msg(RESOURCE_UNREF, dw(TEX)) + submit(sub_set(1), surface(0x302, TEX, F_RGBA8, 0, 0))
    s["sub-destroy-holding-unrefd-resource"] = m + submit(
        sub_create(5), sub_set(5), sampler_view(0x300, TEX, F_RGBA8, 0, 0x600),
        so_target(0x301, BUF, 16, 32), query(0x302, BUF)) + \
        msg(RESOURCE_UNREF, dw(TEX)) + msg(RESOURCE_UNREF, dw(BUF)) + \
        submit(sub_set(1), sub_destroy(5), sub_create(5))
    s["sub-set-unknown"] = m + submit(sub_set(77))
    s["sub-destroy-zero"] = m + submit(sub_destroy(0))
    s["sub-destroy-unknown"] = m + submit(sub_destroy(77))
    s["sub-destroy-current-then-use"] = m + objects() + submit(
        sub_destroy(1), cmd(C_BIND_OBJECT, O_BLEND, 0x1000 + O_BLEND))
    s["object-replace-and-destroy"] = base() + submit(
        surface(0x1000 + O_SURFACE, ARR, F_RGBA8, 0, 3 << 16), destroy(O_SURFACE, 0x1000 + O_SURFACE),
        surface(0x1000 + O_SURFACE, TEX, F_RGBA8, 1, 0), destroy(O_SHADER, 0x1000 + O_SHADER),
        cmd(C_BIND_SHADER, 0, 0, VS)) + submit(destroy(O_SURFACE, 0x1000 + O_SURFACE)) + \
        submit(destroy(O_SURFACE, 0x1000 + O_SURFACE))
    return s


def shader_seeds():
    s = {}
    b = base()
    t = VS_TEXT
    n = len(t)
    a, c = t[:24], t[24:48]
    s["sh-chunks-3"] = b + submit(
        shader(0x300, VS, a, offlen=n), shader(0x300, VS, c, offlen=24 | CONT),
        shader(0x300, VS, t[48:], offlen=48 | CONT), cmd(C_BIND_SHADER, 0, 0x300, VS),
        shader(0x301, FS, FS_TEXT), cmd(C_LINK_SHADER, 0, 0x300, 0x301, 0, 0, 0, 0))
    s["sh-chunks-across-submits"] = b + submit(shader(0x300, VS, a, offlen=n)) + \
        submit(shader(0x300, VS, t[24:], offlen=24 | CONT)) + submit(cmd(C_BIND_SHADER, 0, 0x300, VS))
    s["sh-chunk-then-destroy-sub"] = b + submit(shader(0x300, VS, a, offlen=n), sub_set(0), sub_destroy(1))
    s["sh-chunk-left-pending"] = b + submit(shader(0x300, VS, a, offlen=n))
    s["sh-cont-wrong-offset"] = b + submit(shader(0x300, VS, a, offlen=n), shader(0x300, VS, c, offlen=20 | CONT))
    s["sh-cont-no-first"] = b + submit(shader(0x300, VS, c, offlen=24 | CONT))
    s["sh-cont-other-id"] = b + submit(shader(0x300, VS, a, offlen=n), shader(0x301, VS, c, offlen=24 | CONT))
    s["sh-cont-other-stage"] = b + submit(shader(0x300, VS, a, offlen=n), shader(0x300, FS, c, offlen=24 | CONT))
    s["sh-interleaved-first"] = b + submit(shader(0x300, VS, a, offlen=n), shader(0x301, FS, FS_TEXT[:24], offlen=len(FS_TEXT)))
    s["sh-interleaved-complete"] = b + submit(shader(0x300, VS, a, offlen=n), shader(0x301, FS, FS_TEXT))
    s["sh-cont-too-long"] = b + submit(shader(0x300, VS, a, offlen=n), shader(0x300, VS, t[24:] + bytes(8), offlen=24 | CONT))
    s["sh-cont-with-so"] = b + submit(shader(0x300, VS, a, offlen=n), shader(0x300, VS, c, offlen=24 | CONT, nso=1))
    s["sh-first-too-long"] = b + submit(shader(0x300, VS, t + bytes(8), offlen=n))
    s["sh-no-nul"] = b + submit(shader(0x300, VS, t[:-1] + b"X"))
    s["sh-chunked-no-nul"] = b + submit(shader(0x300, VS, a, offlen=n), shader(0x300, VS, t[24:-1] + b"X", offlen=24 | CONT))
    s["sh-padded-exact"] = b + submit(shader(0x300, VS, t[:-1] + b"\0\0\0", offlen=n))
    s["sh-zero-length"] = b + submit(shader(0x300, VS, b"", offlen=0))
    s["sh-too-big"] = b + submit(shader(0x300, VS, a, offlen=0x100001))
    s["sh-so"] = b + submit(shader(0x300, VS, t, nso=2, so=(4, 0, 0, 0, 0x1000, 0, 0x1001, 1)))
    s["sh-compute-local-mem"] = b + submit(shader(0x300, CS, b"COMP\nDCL SV[0], BLOCK_ID\n  0: END\n\0", nso=1024))
    s["sh-bind-other-stage"] = b + submit(cmd(C_BIND_SHADER, 0, 0x1000 + O_SHADER, FS))
    s["sh-link-other-stage"] = b + submit(cmd(C_LINK_SHADER, 0, 0, 0x1000 + O_SHADER, 0, 0, 0, 0))
    s["sh-link-pending"] = b + submit(shader(0x300, FS, FS_TEXT[:24], offlen=len(FS_TEXT)),
                                      cmd(C_LINK_SHADER, 0, 0x1000 + O_SHADER, 0x300, 0, 0, 0, 0))
    s["sh-bind-wrong-kind"] = b + submit(cmd(C_BIND_SHADER, 0, 0x1000 + O_BLEND, VS))
    s["sh-replace-by-chunked"] = b + submit(
        shader(0x1000 + O_SHADER, VS, a, offlen=n), shader(0x1000 + O_SHADER, VS, t[24:], offlen=24 | CONT),
        cmd(C_BIND_SHADER, 0, 0x1000 + O_SHADER, VS))
    s["sh-marker"] = b + submit(cmd(C_STRING_MARKER, 0, 5, 0x64636261, 0x65))
    s["sh-marker-len-wrong"] = b + submit(cmd(C_STRING_MARKER, 0, 9, 0x64636261, 0x65))
    return s


def rule_seeds():
    """Positive and reject paths of rules_objects.c, rules_transfer.c."""
    s = {}
    b = base()
    ok = {
        "obj-buffer-surface": surface(0x300, EBUF, F_RGBA8, 0, 1023),
        "obj-array-surface": surface(0x300, ARR, F_RGBA8, 0, 3 << 16),
        "obj-msaa-surface": surface(0x300, MSAA, F_RGBA8, 0, 2 << 16, obj=O_MSAA_SURFACE, samples=2),
        # Sampler-only texture (Mesa's glGetTexImage through a blit; virglrenderer accepts it).
        "obj-surface-sampler-only": surface(0x300, CUBE, F_RGBA8, 0, 0),
        "obj-buffer-view": sampler_view(0x300, EBUF, F_R8, 0, 4095),
        "obj-3d-view": sampler_view(0x300, TEX3D, F_RGBA8, 0, 0x300),
        "obj-cube-view": sampler_view(0x300, CUBE, F_RGBA8, 5 << 16, 0),
        "obj-so-target": so_target(0x300, BUF, 65000, 536),
        "obj-query": query(0x300, EBUF),
        "obj-custom-buffer-view": sampler_view(0x300, CUSTOM, F_R8, 0, 1),
    }
    bad = {
        "obj-surface-level": surface(0x300, TEX, F_RGBA8, 7, 0),
        "obj-surface-layers": surface(0x300, ARR, F_RGBA8, 0, 4 << 16),
        "obj-surface-layers-reversed": surface(0x300, ARR, F_RGBA8, 0, 2),
        "obj-surface-3d-level-layers": surface(0x300, TEX, F_RGBA8, 1, 1 << 16),
        "obj-buffer-surface-past-end": surface(0x300, EBUF, F_RGBA8, 0, 1024),
        "obj-buffer-surface-reversed": surface(0x300, EBUF, F_RGBA8, 5, 4),
        "obj-buffer-surface-wrap": surface(0x300, EBUF, F_RGBA8, 0, 0xffffffff),
        "obj-buffer-surface-no-layout": surface(0x300, EBUF, F_YV12, 0, 1),
        "obj-buffer-view-past-end": sampler_view(0x300, EBUF, F_R8, 0, 4096),
        "obj-view-reserved-level-bits": sampler_view(0x300, TEX, F_RGBA8, 0, 0x10000),
        "obj-view-levels-reversed": sampler_view(0x300, TEX, F_RGBA8, 0, 0x102),
        "obj-view-last-level-outside": sampler_view(0x300, TEX, F_RGBA8, 0, 0x700),
        "obj-view-layers-outside": sampler_view(0x300, CUBE, F_RGBA8, 6 << 16, 0),
        "obj-so-target-past-end": so_target(0x300, BUF, 65000, 537),
        "obj-so-target-wrap": so_target(0x300, BUF, 0xffffff00, 0x200),
        "obj-so-target-custom": so_target(0x300, CUSTOM, 0, 16),
        "obj-surface-unknown-res": surface(0x300, 0x999, F_RGBA8, 0, 0),
        "obj-surface-custom": surface(0x300, CUSTOM, F_R8, 0, 0),
    }
    for name, c in ok.items():
        s[name] = b + submit(c, c)  # the second one replaces the first
    for name, c in bad.items():
        s[name] = b + submit(c)
    # a 16-byte buffer for the query rule
    s["obj-query-small-buffer"] = b + msg(RESOURCE_CREATE2, dw(0x120, T_BUFFER, F_R8, B_VB, 12, 1, 1, 1, 0, 0, 12)) + \
        submit(query(0x300, 0x120))
    tbox = (0, 0, 0, 4, 4, 1)

    def t3d(res, level, stride, lstride, box, off, direction=1):
        return cmd(C_TRANSFER3D, 0, res, level, 0, stride, lstride, *box, off, direction)

    def inline(res, level, stride, lstride, box, data):
        words = struct.unpack("<%dI" % (len(data) // 4), data)
        return cmd(C_INLINE_WRITE, 0, res, level, 0, stride, lstride, *box, *words)

    def ct3d(res, level, stride, lstride, box, src, off, flags=1):
        return cmd(C_COPY_TRANSFER3D, 0, res, level, 0, stride, lstride, *box, src, off, flags)

    def clear(res, level, box):
        return cmd(C_CLEAR_TEXTURE, 0, res, level, *box, 0, 0, 0, 0)

    def blit(dst, dl, dbox, src, sl, sbox):
        return cmd(C_BLIT, 0, 0xf, 0, 0, dst, dl, F_RGBA8, *dbox, src, sl, F_RGBA8, *sbox)

    def copy(dst, dl, dxyz, src, sl, sbox):
        return cmd(C_COPY_REGION, 0, dst, dl, *dxyz, src, sl, *sbox)

    okt = submit(
        t3d(TEX, 0, 0, 0, tbox, 0), t3d(TEX, 1, 128, 0, tbox, 100, 2), t3d(ARR, 0, 64, 1024, (0, 0, 1, 16, 16, 3), 0),
        t3d(BUF, 0, 0, 0, (0, 0, 0, 65536, 1, 1), 0),
        inline(TEX, 0, 0, 0, (0, 0, 0, 4, 1, 1), bytes(16)), inline(TEX, 0, 16, 64, tbox, bytes(64)),
        ct3d(TEX, 0, 16, 64, tbox, STAGE, 128), ct3d(TEX3D, 0, 32, 256, (0, 0, 0, 8, 8, 8), STAGE, 0),
        clear(TEX, 6, (0, 0, 0, 1, 1, 1)), clear(CUBE, 0, (0, 0, 2, 16, 16, 4)), clear(MSAA, 0, (0, 0, 0, 16, 16, 3)),
        blit(TEX, 0, (0, 0, 0, 64, 64, 1), ARR, 0, (16, 16, 3, -16, -16, 1)),
        blit(TEX, 1, (10, 10, 0, 4, 4, 1), TEX, 0, (0, 0, 0, 64, 64, 1)),
        copy(BUF, 0, (100, 0, 0), BUF, 0, (0, 0, 0, 100, 1, 1)), copy(TEX, 0, (60, 60, 0), ARR, 0, (0, 0, 3, 4, 4, 1)))
    s["xfer-ok"] = b + okt
    badt = {
        "xfer-t3d-past-backing": t3d(TEX, 0, 0, 0, tbox, 21844 - 60),
        "xfer-t3d-offset-wrap": t3d(TEX, 0, 0, 0, tbox, 0xfffffff0),
        "xfer-t3d-no-backing": t3d(NOBACK, 0, 0, 0, tbox, 0),
        "xfer-t3d-msaa": t3d(MSAA, 0, 0, 0, tbox, 0),
        "xfer-t3d-stride-short": t3d(TEX, 0, 15, 0, tbox, 0),
        "xfer-t3d-layer-stride-short": t3d(ARR, 0, 64, 100, (0, 0, 0, 16, 16, 2), 0),
        "xfer-t3d-huge-strides": t3d(ARR, 0, 0xffffffff, 0xffffffff, (0, 0, 0, 16, 16, 4), 0),
        "xfer-t3d-level": t3d(TEX, 7, 0, 0, tbox, 0),
        "xfer-t3d-zero-depth": t3d(TEX, 0, 0, 0, (0, 0, 0, 4, 4, 0), 0),
        "xfer-t3d-box-wrap": t3d(TEX, 0, 0, 0, (0x7fffffff, 0, 0, 2, 1, 1), 0),
        "xfer-t3d-y-outside": t3d(TEX, 0, 0, 0, (0, 63, 0, 1, 2, 1), 0),
        "xfer-t3d-z-outside": t3d(TEX, 0, 0, 0, (0, 0, 1, 1, 1, 1), 0),
        "xfer-inline-short": inline(TEX, 0, 0, 0, tbox, bytes(60)),
        "xfer-inline-box": inline(TEX, 0, 0, 0, (62, 0, 0, 4, 1, 1), bytes(16)),
        "xfer-ct3d-past-staging": ct3d(TEX, 0, 16, 64, tbox, STAGE, 8192 - 60),
        "xfer-ct3d-box": ct3d(TEX, 0, 16, 64, (0, 0, 0, 65, 1, 1), STAGE, 0),
        "xfer-ct3d-unknown-src": ct3d(TEX, 0, 16, 64, tbox, 0x999, 0),
        "xfer-clear-box": clear(TEX, 6, (0, 0, 0, 2, 1, 1)),
        "xfer-clear-layers": clear(CUBE, 0, (0, 0, 2, 16, 16, 5)),
        "xfer-blit-negative-dst": blit(TEX, 0, (0, 0, 0, 1, 1, 1), TEX, 0, (2, 0, 0, -3, 1, 1)),
        "xfer-blit-negative-src-y": blit(TEX, 0, (0, 0, 0, 1, 1, 1), TEX, 0, (0, 0, 0, 1, -1, 1)),
        "xfer-blit-dst-outside": blit(TEX, 2, (0, 0, 0, 17, 1, 1), TEX, 0, (0, 0, 0, 1, 1, 1)),
        "xfer-blit-src-outside": blit(TEX, 0, (0, 0, 0, 1, 1, 1), TEX3D, 0, (0, 0, 0, 1, 1, 9)),
        "xfer-copy-src-outside": copy(BUF, 0, (0, 0, 0), BUF, 0, (65000, 0, 0, 537, 1, 1)),
        "xfer-copy-dst-outside": copy(TEX, 0, (62, 0, 0), ARR, 0, (0, 0, 0, 4, 4, 1)),
        "xfer-copy-dst-level": copy(TEX, 7, (0, 0, 0), TEX, 0, (0, 0, 0, 1, 1, 1)),
        "xfer-dxt-unaligned": t3d(DXT, 0, 0, 0, (2, 0, 0, 4, 4, 1), 0),
    }
    for name, c in badt.items():
        s[name] = b + submit(c)
    # A resource unreferenced while objects hold it: the object keeps the descriptor alive.
    s["unref-while-held"] = b + msg(RESOURCE_UNREF, dw(TEX)) + submit(
        destroy(O_SURFACE, 0x1000 + O_SURFACE),
        destroy(O_SAMPLER_VIEW, 0x1000 + O_SAMPLER_VIEW), destroy(O_MSAA_SURFACE, 0x1000 + O_MSAA_SURFACE),
        surface(0x300, TEX, F_RGBA8, 0, 0))
    return s


# The first reject of each generated stream as vigil-dump prints it (vtest messages: the
# status; virgl commands: vigil_val_format_error), "OK" when the stream is accepted whole.
# tests/validator/check_state_seeds.py holds every seed to its line.
EXPECT = {
    'before-renderer': 'STATE',
    'caps-len-wrong': 'LENGTH',
    'fixed-len-wrong': 'LENGTH',
    'header-truncated': 'OK',
    'id-context-init': 'UNSUPPORTED',
    'id-protocol3-only': 'UNSUPPORTED',
    'id-submit2': 'UNSUPPORTED',
    'id-unknown': 'UNKNOWN_CMD',
    'id-zero': 'UNKNOWN_CMD',
    'obj-3d-view': 'OK',
    'obj-array-surface': 'OK',
    'obj-buffer-surface': 'OK',
    'obj-buffer-surface-no-layout': 'CREATE_OBJECT(SURFACE)@0.surface: ENUM (value 0 = 0x0): format has no memory layout',
    'obj-buffer-surface-past-end': 'CREATE_OBJECT(SURFACE)@0.surface: BOX (value 0 = 0x0): element range outside the buffer',
    'obj-buffer-surface-reversed': 'CREATE_OBJECT(SURFACE)@0.surface: RELATION (value 0 = 0x0): first element after last',
    'obj-buffer-surface-wrap': 'CREATE_OBJECT(SURFACE)@0.surface: BOX (value 0 = 0x0): element range outside the buffer',
    'obj-buffer-view': 'OK',
    'obj-buffer-view-past-end': 'CREATE_OBJECT(SAMPLER_VIEW)@0.sampler_view: BOX (value 0 = 0x0): element range outside the buffer',
    'obj-cube-view': 'OK',
    'obj-custom-buffer-view': 'OK',
    'obj-msaa-surface': 'OK',
    'obj-query': 'OK',
    'obj-query-small-buffer': 'CREATE_OBJECT(QUERY)@0.query: BOX (value 0 = 0x0): query result outside the buffer',
    'obj-so-target': 'OK',
    'obj-so-target-custom': 'CREATE_OBJECT(STREAMOUT_TARGET)@0.res: BIND (value 265 = 0x109)',
    'obj-so-target-past-end': 'CREATE_OBJECT(STREAMOUT_TARGET)@0.so_target: BOX (value 0 = 0x0): streamout range outside the buffer',
    'obj-so-target-wrap': 'CREATE_OBJECT(STREAMOUT_TARGET)@0.so_target: BOX (value 0 = 0x0): streamout range outside the buffer',
    'obj-surface-3d-level-layers': 'CREATE_OBJECT(SURFACE)@0.surface: BOX (value 0 = 0x0): layer range outside the resource',
    'obj-surface-layers': 'CREATE_OBJECT(SURFACE)@0.surface: BOX (value 0 = 0x0): layer range outside the resource',
    'obj-surface-layers-reversed': 'CREATE_OBJECT(SURFACE)@0.surface: BOX (value 0 = 0x0): layer range outside the resource',
    'obj-surface-level': 'CREATE_OBJECT(SURFACE)@0.surface: BOX (value 0 = 0x0): level outside the resource',
    'obj-surface-custom': 'CREATE_OBJECT(SURFACE)@0.res: BIND (value 265 = 0x109)',
    'obj-surface-sampler-only': 'OK',
    'obj-surface-unknown-res': 'CREATE_OBJECT(SURFACE)@0.res: UNKNOWN_HANDLE (value 2457 = 0x999)',
    'obj-view-last-level-outside': 'CREATE_OBJECT(SAMPLER_VIEW)@0.sampler_view: BOX (value 0 = 0x0): level range outside the resource',
    'obj-view-layers-outside': 'CREATE_OBJECT(SAMPLER_VIEW)@0.sampler_view: BOX (value 0 = 0x0): layer range outside the resource',
    'obj-view-levels-reversed': 'CREATE_OBJECT(SAMPLER_VIEW)@0.sampler_view: BOX (value 0 = 0x0): level range outside the resource',
    'obj-view-reserved-level-bits': 'CREATE_OBJECT(SAMPLER_VIEW)@0.sampler_view: RESERVED (value 0 = 0x0): level word has bits above 15',
    'object-replace-and-destroy': 'DESTROY_OBJECT(SURFACE)@0.handle: UNKNOWN_HANDLE (value 4104 = 0x1008)',
    'p0-get-size-mismatch': 'BACKING',
    'p0-get-wrapping-box': 'BOX',
    'p0-get-zero-box': 'BOX',
    'p0-put-bad-len': 'LENGTH',
    'p0-put-box-outside': 'BOX',
    'p0-put-huge-data-size': 'LENGTH',
    'p0-put-layer-stride-short': 'BOX',
    'p0-put-level-outside': 'BOX',
    'p0-put-msaa': 'BACKING',
    'p0-put-short-args': 'TRUNCATED',
    'p0-put-size-mismatch': 'BACKING',
    'p0-put-stride-short': 'BOX',
    'p0-put-truncated-data': 'TRUNCATED',
    'p0-put-unknown-res': 'UNKNOWN_HANDLE',
    'p0-resource-create2': 'OK',
    'p0-transfer-get2-no-backing': 'BACKING',
    'p0-transfers': 'OK',
    'payload-truncated': 'TRUNCATED',
    'renderer-empty': 'RANGE',
    'renderer-no-nul': 'RANGE',
    'renderer-too-long': 'LENGTH',
    'renderer-twice': 'STATE',
    'res-1d-height': 'RELATION',
    'res-2d-array-size': 'RELATION',
    'res-2d-depth': 'RELATION',
    'res-3d-too-big': 'RANGE',
    'res-3d-too-tall': 'RANGE',
    'res-backing-over-quota': 'RANGE',
    'res-backing-smaller': 'BACKING',
    'res-buffer-array': 'RELATION',
    'res-buffer-bind-on-tex': 'BIND',
    'res-buffer-depth': 'RELATION',
    'res-buffer-height': 'RELATION',
    'res-buffer-levels': 'RELATION',
    'res-buffer-too-big': 'RANGE',
    'res-cube-array-not-6n': 'RELATION',
    'res-cube-array-size': 'RELATION',
    'res-cube-not-square': 'RANGE',
    'res-duplicate': 'STATE',
    'res-format-no-layout': 'ENUM',
    'res-host-bytes-over-quota': 'RANGE',
    'res-levels-past-chain': 'RANGE',
    'res-msaa-3d': 'RELATION',
    'res-msaa-backing': 'BACKING',
    'res-msaa-compressed': 'RELATION',
    'res-msaa-levels': 'RELATION',
    'res-no-texture-bind': 'BIND',
    'res-rect-levels': 'RELATION',
    'res-tex-too-wide': 'RANGE',
    'res-zero-array-tex': 'RANGE',
    'res-zero-id': 'RANGE',
    'res0-1d-array-and-cube-array': 'OK',
    'sh-bind-other-stage': 'BIND_SHADER@0.bind_shader: RELATION (value 0 = 0x0): shader bound to another stage',
    'sh-bind-wrong-kind': 'BIND_SHADER@0.handle: WRONG_KIND (value 4097 = 0x1001)',
    'sh-chunk-left-pending': 'OK',
    'sh-chunk-then-destroy-sub': 'OK',
    'sh-chunked-no-nul': 'CREATE_OBJECT(SHADER)@12.shader: RANGE (value 0 = 0x0): shader text has no NUL inside its length',
    'sh-chunks-3': 'OK',
    'sh-chunks-across-submits': 'OK',
    'sh-compute-local-mem': 'OK',
    'sh-cont-no-first': 'CREATE_OBJECT(SHADER)@0.shader: STATE (value 0 = 0x0): continuation without its first chunk',
    'sh-cont-other-id': 'CREATE_OBJECT(SHADER)@12.shader: STATE (value 0 = 0x0): continuation without its first chunk',
    'sh-cont-other-stage': 'CREATE_OBJECT(SHADER)@12.shader: STATE (value 0 = 0x0): continuation without its first chunk',
    'sh-cont-too-long': 'CREATE_OBJECT(SHADER)@12.shader: RELATION (value 0 = 0x0): continuation carries more text than declared',
    'sh-cont-with-so': 'CREATE_OBJECT(SHADER)@12.offlen_cont == 0 || type == 5 || nso == 0: RELATION (value 0 = 0x0)',
    'sh-cont-wrong-offset': 'CREATE_OBJECT(SHADER)@12.shader: RELATION (value 0 = 0x0): continuation offset differs from bytes received',
    'sh-first-too-long': 'CREATE_OBJECT(SHADER)@0.shader: RELATION (value 0 = 0x0): packet carries more text than declared',
    'sh-interleaved-complete': 'CREATE_OBJECT(SHADER)@12.shader: STATE (value 0 = 0x0): another shader is still being sent in chunks',
    'sh-interleaved-first': 'CREATE_OBJECT(SHADER)@12.shader: STATE (value 0 = 0x0): another shader is still being sent in chunks',
    'sh-link-other-stage': "LINK_SHADER@0.link_shader: RELATION (value 0 = 0x0): shader linked in another stage's slot",
    'sh-link-pending': 'LINK_SHADER@12.fs: UNKNOWN_HANDLE (value 768 = 0x300)',
    'sh-marker': 'OK',
    'sh-marker-len-wrong': 'SEND_STRING_MARKER@0.len == 1 + (length + 3) / 4: LENGTH (value 0 = 0x0)',
    'sh-no-nul': 'CREATE_OBJECT(SHADER)@0.shader: RANGE (value 0 = 0x0): shader text has no NUL inside its length',
    'sh-padded-exact': 'OK',
    'sh-replace-by-chunked': 'OK',
    'sh-so': 'OK',
    'sh-too-big': 'CREATE_OBJECT(SHADER)@0.offlen.offlen_value: RANGE (value 1048577 = 0x100001)',
    'sh-zero-length': 'CREATE_OBJECT(SHADER)@0.offlen.offlen_value: RANGE (value 0 = 0x0)',
    'sub-churn': 'CREATE_OBJECT(SURFACE)@2.res: UNKNOWN_HANDLE (value 257 = 0x101)',
    'sub-destroy-current-then-use': 'BIND_OBJECT(BLEND)@2.handle: UNKNOWN_HANDLE (value 4097 = 0x1001)',
    'sub-destroy-holding-unrefd-resource': 'OK',
    'sub-destroy-unknown': 'DESTROY_SUB_CTX@0.sub_ctx_destroy: UNKNOWN_HANDLE (value 0 = 0x0): no such sub-context',
    'sub-destroy-zero': 'DESTROY_SUB_CTX@0.sub_ctx_destroy: STATE (value 0 = 0x0): sub-context 0 cannot be destroyed',
    'sub-quota': 'CREATE_SUB_CTX@0.sub_ctx_create: EXHAUSTED (value 0 = 0x0): too many sub-contexts',
    'sub-set-unknown': 'SET_SUB_CTX@0.sub_ctx_set: UNKNOWN_HANDLE (value 0 = 0x0): no such sub-context',
    'submit-bad-objtype': 'CREATE_OBJECT@0: ENUM (value 1 = 0x1)',
    'submit-end-transfers-padding': 'END_TRANSFERS@0.padding: COUNT (value 4096 = 0x1000)',
    'submit-objtype-not-in-mask': 'CREATE_OBJECT@0: ENUM (value 1 = 0x1)',
    'submit-objtype-on-plain-cmd': 'SET_SUB_CTX(DSA)@0: RESERVED (value 28 = 0x1c)',
    'submit-too-long': 'OK',
    'submit-truncated-cmd': 'OK',
    'submit-unknown-cmd': '?@0: UNKNOWN_CMD (value 200 = 0xc8)',
    't2-depth-outside': 'BOX',
    't2-dxt-edge-block': 'BOX',
    't2-dxt-partial-edge': 'BOX',
    't2-dxt-unaligned': 'BOX',
    't2-msaa': 'BACKING',
    't2-no-backing': 'BACKING',
    't2-offset-at-max': 'BACKING',
    't2-offset-over-max': 'RANGE',
    't2-offset-past-backing': 'BACKING',
    't2-ok': 'OK',
    't2-put-len-wrong': 'LENGTH',
    't2-unknown': 'UNKNOWN_HANDLE',
    't2-zero-height': 'BOX',
    'unref-while-held': 'CREATE_OBJECT(SURFACE)@6.res: UNKNOWN_HANDLE (value 257 = 0x101)',
    'version-high': 'OK',
    'version-zero-create2': 'OK',
    'xfer-blit-dst-outside': 'BLIT@0.blit: BOX (value 0 = 0x0)',
    'xfer-blit-negative-dst': 'BLIT@0.blit: BOX (value 0 = 0x0): blit box starts below 0',
    'xfer-blit-negative-src-y': 'BLIT@0.blit: BOX (value 0 = 0x0): blit box starts below 0',
    'xfer-blit-src-outside': 'BLIT@0.blit: BOX (value 0 = 0x0)',
    'xfer-clear-box': 'CLEAR_TEXTURE@0.clear_texture: BOX (value 0 = 0x0)',
    'xfer-clear-layers': 'CLEAR_TEXTURE@0.clear_texture: BOX (value 0 = 0x0)',
    'xfer-copy-dst-level': 'RESOURCE_COPY_REGION@0.copy_region: BOX (value 0 = 0x0)',
    'xfer-copy-dst-outside': 'RESOURCE_COPY_REGION@0.copy_region: BOX (value 0 = 0x0)',
    'xfer-copy-src-outside': 'RESOURCE_COPY_REGION@0.copy_region: BOX (value 0 = 0x0)',
    'xfer-ct3d-box': 'COPY_TRANSFER3D@0.copy_transfer3d: BOX (value 0 = 0x0)',
    'xfer-ct3d-past-staging': 'COPY_TRANSFER3D@0.copy_transfer3d: BACKING (value 0 = 0x0)',
    'xfer-ct3d-unknown-src': 'COPY_TRANSFER3D@0.src_res: UNKNOWN_HANDLE (value 2457 = 0x999)',
    'xfer-dxt-unaligned': 'TRANSFER3D@0.transfer3d: BOX (value 0 = 0x0)',
    'xfer-inline-box': 'RESOURCE_INLINE_WRITE@0.inline_write: BOX (value 0 = 0x0)',
    'xfer-inline-short': 'RESOURCE_INLINE_WRITE@0.inline_write: BACKING (value 0 = 0x0)',
    'xfer-ok': 'OK',
    'xfer-t3d-box-wrap': 'TRANSFER3D@0.transfer3d: BOX (value 0 = 0x0)',
    'xfer-t3d-huge-strides': 'TRANSFER3D@0.transfer3d: BOX (value 0 = 0x0)',
    'xfer-t3d-layer-stride-short': 'TRANSFER3D@0.transfer3d: BOX (value 0 = 0x0)',
    'xfer-t3d-level': 'TRANSFER3D@0.transfer3d: BOX (value 0 = 0x0)',
    'xfer-t3d-msaa': 'TRANSFER3D@0.transfer3d: BACKING (value 0 = 0x0)',
    'xfer-t3d-no-backing': 'TRANSFER3D@0.transfer3d: BACKING (value 0 = 0x0)',
    'xfer-t3d-offset-wrap': 'TRANSFER3D@0.transfer3d: BACKING (value 0 = 0x0)',
    'xfer-t3d-past-backing': 'TRANSFER3D@0.transfer3d: BACKING (value 0 = 0x0)',
    'xfer-t3d-stride-short': 'TRANSFER3D@0.transfer3d: BOX (value 0 = 0x0)',
    'xfer-t3d-y-outside': 'TRANSFER3D@0.transfer3d: BOX (value 0 = 0x0)',
    'xfer-t3d-z-outside': 'TRANSFER3D@0.transfer3d: BOX (value 0 = 0x0)',
    'xfer-t3d-zero-depth': 'TRANSFER3D@0.transfer3d: BOX (value 0 = 0x0)',
}


def wrap_vectors(vdir):
    s = {}
    prefix = base()
    for f in sorted(os.listdir(vdir)):
        if not f.startswith("vec-"):
            continue
        data = open(os.path.join(vdir, f), "rb").read()
        s["wrap-" + f] = prefix + msg(SUBMIT_CMD, data)
    return s


def main():
    if sys.argv[1:] == ["--expect"]:
        for name, expect in sorted(EXPECT.items()):
            print("state-%s\t%s" % (name, expect))
        return 0
    if len(sys.argv) not in (2, 3):
        sys.stderr.write("usage: make-state-seeds.py OUT_DIR [VECTORS_DIR] | --expect\n")
        return 2
    out = os.path.join(sys.argv[1], "session")
    os.makedirs(out, exist_ok=True)
    seeds = {}
    for part in (vtest_seeds, subctx_seeds, shader_seeds, rule_seeds):
        for name, data in part().items():
            seeds["state-" + name] = data
    if len(sys.argv) == 3:
        seeds.update(wrap_vectors(sys.argv[2]))
    for name, data in sorted(seeds.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print("wrote %d session seeds" % len(seeds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
