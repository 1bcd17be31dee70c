#!/usr/bin/env python3
"""infoleak.py: bug class R8 (uninitialised host memory exposed to the guest; CVE-2022-0175:
malloc instead of calloc for CUSTOM buffers, copied to the guest on attach):

    infoleak.py --server PATH/vigil-server [--gles]

1. Fresh resources of many targets, sizes, formats and mip levels: the client fills the shared
   memory with 0xA5 first, then reads every level back with TRANSFER_GET2 (at Mesa's guest
   layout offsets) and waits: every byte must now be 0. The filler proves the readback really
   overwrote the memory; a 0 everywhere proves the host texture/buffer started zeroed. The
   memfd itself must also arrive zeroed (before the filler).
2. Caps replies: no format bit at or above VIRGL_FORMAT_MAX (322) in any of the format masks, the
   renderer name NUL-padded to its 64 bytes, the video caps zero when num_video_caps is 0, the v1
   blob exactly 308 bytes, and both blobs byte-identical across two connections (stale heap or
   stack bytes would differ between child processes).
Exit 0 pass, 1 fail, 77 skip.
"""
import argparse
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seclib as s  # noqa: E402
from seclib import vtest  # noqa: E402

FORMAT_MAX = 322
# (name, block_w, block_h, block_bytes)
FMT = {s.RGBA8: (1, 1, 4), s.B8G8R8A8: (1, 1, 4), s.B5G6R5: (1, 1, 2), s.R8: (1, 1, 1),
       s.R32G32B32A32F: (1, 1, 16), s.RGBA16F: (1, 1, 8), s.R32F: (1, 1, 4), s.DXT1: (4, 4, 8),
       s.DXT5: (4, 4, 16), s.Z24S8: (1, 1, 4)}
SV_RT = s.B_SV | s.B_RT
# (target, format, bind, width, height, depth, array_size, last_level)
RESOURCES = [
    (s.BUFFER, s.R8, s.B_CUSTOM, 8, 1, 1, 1, 0),          # Mesa's fence buffer
    (s.BUFFER, s.R8, s.B_CUSTOM, 24, 1, 1, 1, 0),         # memory-info buffer
    (s.BUFFER, s.R8, s.B_CUSTOM, 4099, 1, 1, 1, 0),       # CVE-2022-0175 shape
    (s.BUFFER, s.R8, s.B_VB, 1, 1, 1, 1, 0),
    (s.BUFFER, s.R8, s.B_IB, 777, 1, 1, 1, 0),
    (s.BUFFER, s.R8, s.B_CB, 65536, 1, 1, 1, 0),
    (s.BUFFER, s.R8, s.B_SO, 100003, 1, 1, 1, 0),
    (s.TEX_1D, s.RGBA8, SV_RT, 37, 1, 1, 1, 0),
    (s.TEX_1D, s.R32G32B32A32F, s.B_SV, 64, 1, 1, 1, 6),
    (s.TEX_2D, s.RGBA8, SV_RT, 1, 1, 1, 1, 0),
    (s.TEX_2D, s.RGBA8, SV_RT, 13, 7, 1, 1, 0),
    (s.TEX_2D, s.B8G8R8A8, SV_RT, 256, 256, 1, 1, 8),
    (s.TEX_2D, s.B5G6R5, SV_RT, 33, 17, 1, 1, 5),
    (s.TEX_2D, s.R8, SV_RT, 1000, 3, 1, 1, 0),
    (s.TEX_2D, s.RGBA16F, SV_RT, 64, 32, 1, 1, 6),
    (s.TEX_2D, s.R32F, SV_RT, 128, 128, 1, 1, 0),
    (s.TEX_2D, s.DXT1, s.B_SV, 64, 64, 1, 1, 4),
    (s.TEX_2D, s.DXT5, s.B_SV, 20, 12, 1, 1, 0),
    (s.TEX_RECT, s.RGBA8, SV_RT, 31, 9, 1, 1, 0),
    (s.TEX_3D, s.RGBA8, s.B_SV, 16, 8, 4, 1, 4),
    (s.TEX_3D, s.R8, s.B_SV, 5, 5, 5, 1, 0),
    (s.TEX_CUBE, s.RGBA8, SV_RT, 16, 16, 1, 6, 4),
    (s.TEX_1D_ARRAY, s.RGBA8, SV_RT, 32, 1, 1, 5, 2),
    (s.TEX_2D_ARRAY, s.RGBA8, SV_RT, 16, 16, 1, 7, 3),
    (s.TEX_2D_ARRAY, s.R32G32B32A32F, SV_RT, 9, 9, 1, 3, 0),
    (s.TEX_CUBE_ARRAY, s.RGBA8, s.B_SV, 8, 8, 1, 12, 1),
]


def minify(v, level):
    return max(1, v >> level)


def layout(target, fmt, w, h, d, array_size, last_level):
    """Mesa's guest layout (PROTOCOL.md 1.6): per level (offset, box w, h, d, bytes)."""
    if target == s.BUFFER:
        return [(0, w, 1, 1, w)]
    bw, bh, bb = FMT[fmt]
    levels, off = [], 0
    for lv in range(last_level + 1):
        lw, lh = minify(w, lv), minify(h, lv)
        stride = -(-lw // bw) * bb
        layer = -(-lh // bh) * stride
        slices = 6 if target == s.TEX_CUBE else minify(d, lv) if target == s.TEX_3D else array_size
        levels.append((off, lw, lh, slices, layer * slices))
        off += layer * slices
    return levels


def readback_zero(c, handle, spec):
    target, fmt, bind, w, h, d, array_size, last_level = spec
    levels = layout(target, fmt, w, h, d, array_size, last_level)
    size = sum(lv[4] for lv in levels)
    fd = c.resource_create2(handle, target, fmt, bind, w, h, d, array_size, last_level, 0, size)
    try:
        assert os.fstat(fd).st_size == size, "memfd of %d bytes for %d" % (os.fstat(fd).st_size, size)
        assert os.pread(fd, size, 0) == b"\0" * size, "fresh shared memory is not zeroed"
        os.pwrite(fd, b"\xa5" * size, 0)
        for lv, (off, lw, lh, ld, nbytes) in enumerate(levels):
            c.send(vtest.TRANSFER_GET2, [handle, lv, 0, 0, 0, lw, lh, ld, nbytes, off])
        assert c.busy_wait(handle, 1) == [1, vtest.RESOURCE_BUSY_WAIT, 0]
        data = os.pread(fd, size, 0)
    finally:
        os.close(fd)
    bad = [i for i in range(0, size) if data[i]] if data != b"\0" * size else []
    assert not bad, "resource %d %r: %d of %d bytes not zero after readback (first at %d: %#x)" % (
        handle, spec, len(bad), size, bad[0], data[bad[0]])
    c.send(vtest.RESOURCE_UNREF, [handle])
    return size


def mask_words(v2, offset):
    return struct.unpack_from("<16I", v2, offset)


def check_caps(runner):
    blobs = []
    for _ in range(2):
        c = runner.connect()
        v2 = c.handshake()
        c.send(vtest.GET_CAPS)
        assert c.recv_words(2) == [vtest.CAPS_V1_BYTES + 1, 1]
        v1 = c.recv_exact(vtest.CAPS_V1_BYTES)
        c.close()
        blobs.append((v1, v2))
    (v1, v2), (v1b, v2b) = blobs
    assert v1 == v1b and v2 == v2b, "caps differ between two connections (uninitialised bytes?)"
    assert len(v2) == vtest.CAPS_V2_BYTES, "v2 blob of %d bytes" % len(v2)
    # format masks: v1 and v2 sampler/render/depthstencil/vertexbuffer at 4, 68, 132, 196; v2
    # readback 560, scanout 624, multisample 768 (PROTOCOL.md 3.1)
    for blob, offsets in ((v1, (4, 68, 132, 196)), (v2, (4, 68, 132, 196, 560, 624, 768))):
        for off in offsets:
            words = mask_words(blob, off)
            hi = words[FORMAT_MAX // 32] >> (FORMAT_MAX % 32)
            assert hi == 0 and not any(words[FORMAT_MAX // 32 + 1:]), \
                "format mask at %d advertises formats >= %d: %r" % (off, FORMAT_MAX, words)
    name = v2[696:760]
    nul = name.index(b"\0")
    assert name[nul:] == b"\0" * (64 - nul), "renderer name not NUL-padded: %r" % name
    num_video = struct.unpack_from("<I", v2, 856)[0]
    assert num_video == 0 and v2[860:1372] == b"\0" * 512, "video caps: %d, %r" % (num_video, v2[860:900])
    print("caps: masks clean above format %d, renderer %r NUL-padded, video caps zero, "
          "identical across connections" % (FORMAT_MAX, name[:nul].decode(errors="replace")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--gles", action="store_true")
    a = ap.parse_args()
    srv = s.start_server(os.path.abspath(a.server), ["--use-gles"] if a.gles else [])
    ok = False
    try:
        runner = s.Runner(srv)
        c = runner.keeper
        total = 0
        for i, spec in enumerate(RESOURCES):
            total += readback_zero(c, 100 + i, spec)
        print("readback: %d resources, %d bytes, all zero" % (len(RESOURCES), total))
        check_caps(runner)
        c.close()
        ok = True
    finally:
        s.finish_server(srv, ok)
    return 0


if __name__ == "__main__":
    sys.exit(main())
