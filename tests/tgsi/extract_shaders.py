#!/usr/bin/env python3
"""Extract every TGSI shader text a recorded vtest session sent with CREATE_OBJECT(SHADER).

usage: extract_shaders.py CAPTURES_DIR OUT_DIR [--list FILE]

Walks each connN.c2s client stream (vtest framing of PROTOCOL.md 1.2), each SUBMIT_CMD's virgl
commands (header dword: command bits 0-7, object type bits 8-15, length bits 16-31), and each
CREATE_OBJECT(SHADER) (spec/objects.xml: handle, type, offlen, num_tokens, nso, [stride[4],
2*nso dwords when nso != 0 and type != COMPUTE], text). A first chunk (offlen bit 31 clear)
declares the total length including the NUL; continuation chunks (bit 31 set, bits 0-30 = byte
offset) append. Writes OUT_DIR/RUN-CONN-K.tgsi with exactly `total` bytes (the text and its NUL,
no padding), prints the number written; --list also writes FILE with one path per line (the
input of tests/tgsi/test_tgsi, built by meson into the build directory). Input is trusted test data; stdlib only.
"""
import importlib.util
import os
import struct
import sys

CREATE_OBJECT = 1
OBJ_SHADER = 4
STAGE_COMPUTE = 5
CONT = 1 << 31


def _load_submits():
    """The vtest framing walk of fuzz/make-seeds.py (one copy of it in the repository)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fuzz", "make-seeds.py")
    spec = importlib.util.spec_from_file_location("vigil_make_seeds", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.submits


submits = _load_submits()


def shaders(data):
    """Yields each completed shader text (bytes, NUL included)."""
    pending = None  # [total, bytearray]
    for sub in submits(data):
        off = 0
        while off + 4 <= len(sub):
            hdr = struct.unpack_from("<I", sub, off)[0]
            cmd, obj, length = hdr & 0xff, (hdr >> 8) & 0xff, hdr >> 16
            body = sub[off + 4:off + 4 + 4 * length]
            off += 4 + 4 * length
            if cmd != CREATE_OBJECT or obj != OBJ_SHADER or len(body) < 20:
                continue
            _handle, stage, offlen, _tokens, nso = struct.unpack_from("<5I", body, 0)
            start = 20
            if nso and stage != STAGE_COMPUTE:
                start += 16 + 8 * nso
            text = body[start:]
            if not offlen & CONT:
                pending = [offlen, bytearray()]
            if pending is None:
                continue
            pending[1] += text
            if len(pending[1]) >= pending[0]:
                yield bytes(pending[1][:pending[0]])
                pending = None


def main():
    src, out = sys.argv[1], sys.argv[2]
    listing = sys.argv[4] if len(sys.argv) == 5 and sys.argv[3] == "--list" else None
    os.makedirs(out, exist_ok=True)
    n = 0
    paths = []
    for run in sorted(os.listdir(src)):
        d = os.path.join(src, run)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".c2s"):
                continue
            with open(os.path.join(d, f), "rb") as fh:
                data = fh.read()
            for k, text in enumerate(shaders(data)):
                name = "%s-%s-%d.tgsi" % (run, f[:-4], k)
                with open(os.path.join(out, name), "wb") as fh:
                    fh.write(text)
                paths.append(os.path.abspath(os.path.join(out, name)))
                n += 1
    if listing:
        with open(listing, "w") as fh:
            fh.write("".join(p + "\n" for p in paths))
    print(n)


if __name__ == "__main__":
    main()
