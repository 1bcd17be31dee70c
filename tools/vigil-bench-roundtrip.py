#!/usr/bin/env python3
"""vigil-bench-roundtrip.py [--iterations N] [--rounds R] [--size S] SERVER [ARGS...]

Measures what a client pays per frame-like round trip through a vtest server, for comparing
configurations (split vs --single-process, vigil vs virgl_test_server) in one sitting:
each iteration is one SUBMIT_CMD (SET_SUB_CTX, SET_FRAMEBUFFER_STATE, CLEAR of an SxS RGBA8
render target), one TRANSFER_GET2 of the whole target into the shared memory and one
RESOURCE_BUSY_WAIT with WAIT (the reply is the synchronisation point), i.e. three messages, a
clear and a readback. The server runs in a private mount namespace with its own /tmp (as the
tests do). Several servers can be given separated by '--' and are then run alternately
(A B A B ...) for --rounds rounds; the median iterations/s per server is printed, and the
ratio to the first one.

Example: vigil-bench-roundtrip.py build/server/vigil-server -- build/server/vigil-server --single-process
"""
import os
import statistics
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
import vtest  # noqa: E402

SET_SUB_CTX, CREATE_SUB_CTX, CREATE_OBJECT, SET_FRAMEBUFFER_STATE, CLEAR = 28, 29, 1, 5, 7
OBJ_SURFACE, RGBA8 = 8, 67


def one_run(server, iterations, size):
    srv = vtest.Server(server[0], server[1:])
    try:
        c = vtest.Client()
        c.handshake()
        nbytes = size * size * 4
        fd = c.resource_create2(1, 2, RGBA8, 0xa, size, size, 1, 1, 0, 0, nbytes)
        mem = vtest.map_backing(fd, nbytes)
        vtest.client_submit(c, vtest.virgl_cmd(CREATE_SUB_CTX, 0, [1]) + vtest.virgl_cmd(SET_SUB_CTX, 0, [1]) +
                            vtest.virgl_cmd(CREATE_OBJECT, OBJ_SURFACE, [10, 1, RGBA8, 0, 0]))
        frame = None
        start = time.monotonic()
        for i in range(iterations):
            rgba = struct.unpack("<4I", struct.pack("<4f", (i % 255) / 255.0, 0.5, 0.25, 1.0))
            frame = (vtest.virgl_cmd(SET_SUB_CTX, 0, [1]) + vtest.virgl_cmd(SET_FRAMEBUFFER_STATE, 0, [1, 0, 10]) +
                     vtest.virgl_cmd(CLEAR, 0, [4] + list(rgba) + [0, 0, 0]))
            vtest.client_submit(c, frame)
            vtest.client_transfer2(c, False, 1, 0, (0, 0, 0, size, size, 1), nbytes, 0)
            assert c.busy_wait(1, 1) == [1, vtest.RESOURCE_BUSY_WAIT, 0]
        elapsed = time.monotonic() - start
        last = (iterations - 1) % 255
        want = bytes((round(last * 255 / 255.0) & 0xff, 128, 64, 255))
        got = bytes(mem[0:4])
        assert abs(got[0] - want[0]) <= 1 and got[3] == 255, "readback %r, expected about %r" % (got, want)
        c.close()
        return iterations / elapsed
    finally:
        srv.stop()


def main():
    args = sys.argv[1:]
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    opts = {"--iterations": 500, "--rounds": 3, "--size": 256}
    while args and args[0] in opts:
        opts[args[0]] = int(args[1])
        args = args[2:]
    if not args:
        print(__doc__)
        return 2
    servers = vtest.split_commands(args)
    vtest.enter_private_tmp()
    rates = [[] for _ in servers]
    for r in range(opts["--rounds"]):
        for i, s in enumerate(servers):
            rate = one_run(s, opts["--iterations"], opts["--size"])
            rates[i].append(rate)
            print("round %d: %-60s %8.1f iterations/s" % (r + 1, " ".join(s), rate), flush=True)
    base = statistics.median(rates[0])
    for s, rr in zip(servers, rates):
        med = statistics.median(rr)
        print("median: %-60s %8.1f iterations/s (%.3f of the first)" % (" ".join(s), med, med / base))
    return 0


if __name__ == "__main__":
    sys.exit(main())
