#!/usr/bin/env python3
"""Seed corpora for the fuzzing harnesses from recorded vtest sessions.

usage: make-seeds.py CAPTURES_DIR OUT_DIR

Writes OUT_DIR/session/NAME (each whole connN.c2s client stream, for fuzz_session) and
OUT_DIR/submit/NAME-K (each SUBMIT_CMD payload, for fuzz_submit). Framing follows the spec's
rules for the ids Mesa sends (PROTOCOL.md 1.2); unknown ids end the walk of that stream.
"""
import os
import struct
import sys

FIXED_DWORDS = {1: 0, 2: 10, 3: 1, 4: 11, 7: 2, 9: 0, 10: 0, 11: 1, 12: 11, 13: 10, 14: 10}


def submits(data):
    off = 0
    while off + 8 <= len(data):
        length, cid = struct.unpack_from("<II", data, off)
        off += 8
        if cid == 6:
            yield data[off:off + 4 * length]
            off += 4 * length
        elif cid == 8:
            off += length
        elif cid == 5:
            size = struct.unpack_from("<I", data, off + 40)[0]
            off += 44 + size
        elif cid in FIXED_DWORDS:
            off += 4 * FIXED_DWORDS[cid]
        else:
            return


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "session"), exist_ok=True)
    os.makedirs(os.path.join(out, "submit"), exist_ok=True)
    n = 0
    for run in sorted(os.listdir(src)):
        d = os.path.join(src, run)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".c2s"):
                continue
            data = open(os.path.join(d, f), "rb").read()
            name = "%s-%s" % (run, f[:-4])
            open(os.path.join(out, "session", name), "wb").write(data)
            for k, sub in enumerate(submits(data)):
                open(os.path.join(out, "submit", "%s-%d" % (name, k)), "wb").write(sub)
                n += 1
    print("wrote %d submit seeds" % n)


if __name__ == "__main__":
    main()
