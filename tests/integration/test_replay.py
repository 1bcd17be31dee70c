#!/usr/bin/env python3
"""test_replay.py: replays a recorded Mesa <-> virglrenderer session (captures/NAME/connN.c2s,
.s2c, .fds; see captures/README.md) against vigil-server, one capture per invocation:

    test_replay.py --server PATH/vigil-server --captures DIR NAME_gl | NAME_gles

The client stream is cut into vtest messages (PROTOCOL.md 1.2-1.3) and sent one message at a
time; after every message that has no reply of its own a PING round trip proves the server is
still there, so a reject is pinned to its message. Replies are compared with the recorded ones
where they must match: PING and PROTOCOL_VERSION exactly, BUSY_WAIT in shape ([1, 7, busy],
busy 0 after a waiting one), GET_CAPS2 / GET_CAPS by id and length (the content differs by
design: vigil advertises less), and RESOURCE_CREATE2 with a backing returns one fd of data_size
bytes where the recording had one. TRANSFER_GET2 data lands in shared memory, not in the stream:
it is checked for acceptance only.

Expected outcome, derived from the stream and vigil's caps, never weakened silently: a session
recorded with the reference server's full caps ("real") contains commands whose spec entry
(spec/virgl.xml, objects.xml "requires") names a capability vigil's caps do not advertise, the
first being TRANSFER3D / END_TRANSFERS of Mesa's transfer area (Mesa sends them only when the
caps carry VIRGL_CAP_TRANSFER). Then pass 1 must be rejected exactly at the message holding the
first such command, with that command and UNSUPPORTED in the log, and nothing before it; pass 2
replays the same stream with only those gated commands removed from each SUBMIT_CMD (listed,
with counts) and must be accepted to the end. A session without gated commands must be accepted
whole in pass 1. "Accepted" means: every reply as above, the final PING answered and no
"disconnect:" line in the server log. Exit 0 pass, 1 fail, 77 skip.
"""
import argparse
import os
import socket
import struct
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vtest  # noqa: E402
from vtest import Client, Server  # noqa: E402

SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "spec")
# payload bytes per vtest id (None: `len` counts bytes / dwords, see payload_size)
FIXED = {1: 0, 3: 4, 7: 8, 9: 0, 10: 0, 11: 4, 12: 44, 13: 40, 14: 40}
NAMES = {1: "GET_CAPS", 3: "RESOURCE_UNREF", 6: "SUBMIT_CMD", 7: "RESOURCE_BUSY_WAIT",
         8: "CREATE_RENDERER", 9: "GET_CAPS2", 10: "PING_PROTOCOL_VERSION",
         11: "PROTOCOL_VERSION", 12: "RESOURCE_CREATE2", 13: "TRANSFER_GET2", 14: "TRANSFER_PUT2"}


def cap_bit(off, bit):
    return lambda v2: bool(vtest.caps_u32(v2, off) >> bit & 1)


def cap_nonzero(off):
    return lambda v2: vtest.caps_u32(v2, off) != 0


# spec "requires" name -> is it advertised in a caps v2 blob (PROTOCOL.md 3.1); a name missing
# here counts as not advertised.
FEATURE_CAPS = {
    "TRANSFER": cap_bit(392, 17), "COPY_TRANSFER": cap_bit(392, 26), "SET_MIN_SAMPLES": cap_bit(392, 2),
    "FB_NO_ATTACH": cap_bit(392, 8), "MEMORY_BARRIER": cap_bit(392, 6), "COMPUTE": cap_bit(392, 7),
    "TEXTURE_BARRIER": cap_bit(392, 12), "QBO": cap_bit(392, 16), "APP_TWEAKS": cap_bit(392, 28),
    "DEBUG_LOG": cap_bit(392, 14), "CLEAR_TEXTURE": cap_bit(392, 30),
    "TESSELLATION": cap_bit(260, 24), "SHADER_BUFFERS": cap_nonzero(432),
    "SHADER_IMAGES": cap_nonzero(440), "ATOMIC_BUFFERS": cap_nonzero(524),
    "MEMINFO": cap_bit(688, 3), "STRING_MARKER": cap_bit(688, 4), "IMPLICIT_MSAA": cap_bit(688, 6),
}


def spec_requires():
    """({virgl command id: (name, feature)}, {object type: (name, feature)}) from the spec."""
    cmds, objs = {}, {}
    for el in ET.parse(os.path.join(SPEC, "virgl.xml")).getroot().iter("command"):
        cmds[int(el.get("id"))] = (el.get("name"), el.get("requires"))
    for el in ET.parse(os.path.join(SPEC, "objects.xml")).getroot().iter("object"):
        objs[int(el.get("id"))] = (el.get("name"), el.get("requires"))
    return cmds, objs


class Msg:
    def __init__(self, mid, length, payload):
        self.id, self.len, self.payload = mid, length, payload

    def raw(self):
        return struct.pack("<2I", self.len, self.id) + self.payload

    def words(self):
        return list(struct.unpack("<%dI" % (len(self.payload) // 4), self.payload))


def parse_c2s(data):
    msgs, pos = [], 0
    while pos < len(data):
        length, mid = struct.unpack_from("<2I", data, pos)
        n = length if mid == 8 else 4 * length if mid == 6 else FIXED.get(mid)
        if n is None or pos + 8 + n > len(data):
            raise AssertionError("capture: message id %d at byte %d cannot be cut" % (mid, pos))
        msgs.append(Msg(mid, length, data[pos + 8:pos + 8 + n]))
        pos += 8 + n
    return msgs


def recorded_replies(msgs, s2c, fd_offsets):
    """The recorded reply of each message, in order (None: no reply)."""
    out, pos = [], 0
    for m in msgs:
        if m.id in (7, 10, 11):
            n = 8 + 4 * struct.unpack_from("<I", s2c, pos)[0]
        elif m.id in (1, 9):
            n = 8 + struct.unpack_from("<I", s2c, pos)[0] - 1
        elif m.id == 12 and m.words()[10]:
            assert pos in fd_offsets, "capture: no fd recorded with RESOURCE_CREATE2 at %d" % pos
            n = 1
        else:
            out.append(None)
            continue
        out.append(s2c[pos:pos + n])
        pos += n
    assert pos == len(s2c), "capture: %d server bytes left over" % (len(s2c) - pos)
    return out


def virgl_cmds(words):
    """(offset, id, objtype, len) of each virgl command of a SUBMIT_CMD payload."""
    pos = 0
    while pos < len(words):
        h = words[pos]
        yield pos, h & 0xff, h >> 8 & 0xff, h >> 16
        pos += 1 + (h >> 16)


def gated(m, v2, req):
    """Names of the commands in message m that need a capability v2 does not advertise."""
    if m.id != 6:
        return []
    cmds, objs = req
    out = []
    for _, cid, obj, _ in virgl_cmds(m.words()):
        name, feat = cmds.get(cid, ("virgl %d" % cid, None))
        if cid == 1 and obj in objs and objs[obj][1]:
            name, feat = "CREATE_OBJECT(%s)" % objs[obj][0], objs[obj][1]
        if feat and not FEATURE_CAPS.get(feat, lambda _: False)(v2):
            out.append((name, feat))
    return out


def strip_gated(m, v2, req):
    """m with its gated virgl commands removed (the SUBMIT_CMD length follows)."""
    words, keep = m.words(), []
    cmds, objs = req
    for pos, cid, obj, n in virgl_cmds(words):
        feat = cmds.get(cid, (None, None))[1]
        if cid == 1 and obj in objs and objs[obj][1]:
            feat = objs[obj][1]
        if not (feat and not FEATURE_CAPS.get(feat, lambda _: False)(v2)):
            keep += words[pos:pos + 1 + n]
    return Msg(6, len(keep), struct.pack("<%dI" % len(keep), *keep))


def check_reply(c, m, rec):
    """Reads vigil's reply to m and compares it with the recorded one `rec`."""
    name = NAMES.get(m.id, str(m.id))
    if m.id in (10, 11):
        got = c.recv_exact(len(rec))
        assert got == rec, "%s reply %s, recorded %s" % (name, got.hex(), rec.hex())
    elif m.id == 7:
        got = c.recv_words(3)
        assert got[:2] == [1, 7] and (got[2] == 0 or not m.words()[1] & 1), \
            "BUSY_WAIT reply %r" % got
    elif m.id in (1, 9):
        hdr = c.recv_words(2)
        rhdr = list(struct.unpack_from("<2I", rec))
        assert hdr == rhdr, "%s reply header %r, recorded %r" % (name, hdr, rhdr)
        c.recv_exact(hdr[0] - 1)
    elif m.id == 12 and rec is not None:
        msg, fds, _f, _a = socket.recv_fds(c.sock, 1, 1)
        assert msg == b"\0" and len(fds) == 1, "RESOURCE_CREATE2: fd byte %r fds %r" % (msg, fds)
        size = os.fstat(fds[0]).st_size
        os.close(fds[0])
        assert size == m.words()[10], "memfd of %d bytes for data_size %d" % (size, m.words()[10])


def replay(srv, msgs, recs, label):
    """Sends msgs; returns None when all were accepted, else (index, message, log line)."""
    mark = len(srv.text())
    c = Client()
    try:
        for i, (m, rec) in enumerate(zip(msgs, recs)):
            try:
                c.send_raw(m.raw())
                if m.id in (1, 7, 9, 10, 11) or (m.id == 12 and rec is not None):
                    check_reply(c, m, rec)
                elif i > 0:
                    c.send(vtest.PING_PROTOCOL_VERSION)
                    assert c.recv_words(2) == [0, vtest.PING_PROTOCOL_VERSION]
            except (EOFError, ConnectionError, socket.timeout) as e:
                try:  # the child writes its reason before it exits; wait for the line
                    log = srv.wait_log(r"disconnect:[^\n]*", timeout=5, since=mark).group(0)
                except AssertionError:
                    log = "(no disconnect line)"
                return i, m, "%s; log: %s" % (e, log)
        c.send(vtest.PING_PROTOCOL_VERSION)
        assert c.recv_words(2) == [0, vtest.PING_PROTOCOL_VERSION], "final PING"
    finally:
        c.close()
    time.sleep(0.1)
    bad = [ln for ln in srv.text()[mark:].splitlines() if "disconnect:" in ln]
    assert not bad, "%s: accepted by the socket but the log says %s" % (label, bad)
    return None


def describe(i, m):
    return "message %d (%s, len %d)" % (i, NAMES.get(m.id, m.id), m.len)


def replay_conn(srv, base, v2, req):
    with open(base + ".c2s", "rb") as f:
        msgs = parse_c2s(f.read())
    with open(base + ".s2c", "rb") as f:
        s2c = f.read()
    with open(base + ".fds") as f:
        fd_offsets = {int(ln.split()[1]) for ln in f if ln.startswith("s2c ")}
    recs = recorded_replies(msgs, s2c, fd_offsets)
    label = os.path.basename(os.path.dirname(base)) + "/" + os.path.basename(base)
    first = next(((i, g) for i, m in enumerate(msgs) for g in gated(m, v2, req)[:1]), None)
    counts = {}
    for m in msgs:
        counts[NAMES.get(m.id, m.id)] = counts.get(NAMES.get(m.id, m.id), 0) + 1
    print("%s: %d messages %s" % (label, len(msgs), counts))
    got = replay(srv, msgs, recs, label)
    if first is None:
        assert got is None, "%s rejected at %s: %s" % (label, describe(got[0], got[1]), got[2])
        print("%s: pass 1 accepted whole" % label)
        return
    i, (name, feat) = first
    assert got is not None, "%s: accepted, but %s holds %s (needs %s, not advertised)" % (
        label, describe(i, msgs[i]), name, feat)
    assert got[0] == i and name.split("(")[0] + "@" in got[2] and "UNSUPPORTED" in got[2], \
        "%s: rejected at %s (%s), expected at %s for %s" % (label, describe(got[0], got[1]),
                                                            got[2], describe(i, msgs[i]), name)
    print("%s: pass 1 rejected as expected at %s: %s needs %s, which vigil's caps do not "
          "advertise (%s)" % (label, describe(i, msgs[i]), name, feat, got[2].split("log: ")[-1]))
    stripped = {}
    for m in msgs:
        for g in gated(m, v2, req):
            stripped[g] = stripped.get(g, 0) + 1
    msgs2 = [strip_gated(m, v2, req) if m.id == 6 else m for m in msgs]
    got = replay(srv, msgs2, recs, label + " (filtered)")
    assert got is None, "%s filtered: rejected at %s: %s" % (label, describe(got[0], got[1]), got[2])
    print("%s: pass 2 accepted whole without %s" % (
        label, ", ".join("%s x%d (%s)" % (n, k, f) for (n, f), k in sorted(stripped.items()))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--captures", required=True)
    ap.add_argument("case")
    a = ap.parse_args()
    name, _, backend = a.case.rpartition("_")
    cdir = os.path.join(os.path.abspath(a.captures), name)
    if backend not in ("gl", "gles"):
        raise SystemExit("unknown case %r" % a.case)
    if not os.path.isfile(os.path.join(cdir, "conn0.c2s")):
        vtest.skip("no capture %s" % cdir)
    vtest.enter_private_tmp()
    vtest.require_egl()
    srv = Server(os.path.abspath(a.server), ["--use-gles"] if backend == "gles" else [])
    ok, t0 = False, time.monotonic()
    try:
        c = Client()
        v2 = c.handshake()
        c.close()
        req = spec_requires()
        conns = sorted(f[:-4] for f in os.listdir(cdir) if f.endswith(".c2s"))
        for conn in conns:
            replay_conn(srv, os.path.join(cdir, conn), v2, req)
        ok = True
    finally:
        status = srv.stop()
        if not ok or status != 0:
            print("---- server log ----\n" + srv.text()[-6000:])
    assert status == 0, "acceptor exit status %r after SIGTERM" % status
    for marker in ("AddressSanitizer", "LeakSanitizer", "runtime error:"):
        assert marker not in srv.text(), "sanitizer report in the server log:\n" + srv.text()
    print("PASS %s (%.1f s)" % (a.case, time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
