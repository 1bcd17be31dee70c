#!/usr/bin/env python3
"""run_cases.py: plays the security corpus (cases.py) against one vigil-server:

    run_cases.py --server PATH/vigil-server [--class R1,R2 ...] [--list]

One server per invocation, in a private mount namespace with its own /tmp (tests/integration
/vtest.py). Every case runs on a fresh vtest connection while a keeper client stays connected;
each asserts the exact outcome (reject status text, child exit status, or acceptance), then the
keeper's round trip and the acceptor's liveness. At the end: a fresh client still works, the
acceptor exits cleanly on SIGTERM, and the log holds no sanitizer report and no killed child.
Exit 0 pass, 1 fail, 77 skip (no unshare permission or EGL display).
"""
import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seclib  # noqa: E402
import cases  # noqa: E402
import cases_more  # noqa: E402,F401  (appends R5..R9 to cases.CASES)


def select(classes, encoded=False):
    chosen = [c for c in cases.CASES if (not classes or c.cls in classes) and c.encoded == encoded]
    names = [c.name for c in cases.CASES]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, "duplicate case names: %s" % sorted(dup)
    return chosen


# The CVE table of SECURITY-CASES.md; each needs an input here, in infoleak.py or in soak.py.
CVES = ["CVE-2016-10163", "CVE-2016-10214", "CVE-2017-5580", "CVE-2017-5937", "CVE-2017-5956",
        "CVE-2017-5957", "CVE-2017-5993", "CVE-2017-5994", "CVE-2017-6209", "CVE-2017-6210",
        "CVE-2017-6317", "CVE-2017-6355", "CVE-2017-6386", "CVE-2019-18388", "CVE-2019-18389",
        "CVE-2019-18390", "CVE-2019-18391", "CVE-2020-8002", "CVE-2020-8003", "CVE-2022-0135",
        "CVE-2022-0175"]
OUTSIDE_TABLE = {"CVE-2022-0175": "infoleak.py (CUSTOM buffers read back as zeros)"}
MIN_PER_CLASS = 5


def check_coverage():
    """Fails unless every class R1..R9 has at least 5 inputs (R8: table + infoleak.py's
    resources) and every CVE of the table has one; prints the counts."""
    import infoleak
    select([])
    problems = []
    select([], True)
    for cls in ["R%d" % i for i in range(1, 10)]:
        n = sum(1 for c in cases.CASES if c.cls == cls)
        extra = len(infoleak.RESOURCES) if cls == "R8" else 0
        print("%s: %d table inputs%s" % (cls, n, " + %d readback resources" % extra if extra else ""))
        if n + extra < MIN_PER_CLASS:
            problems.append("%s has %d inputs" % (cls, n + extra))
    for cve in CVES:
        n = sum(1 for c in cases.CASES if c.cve == cve)
        print("%s: %d%s" % (cve, n, (" + " + OUTSIDE_TABLE[cve]) if cve in OUTSIDE_TABLE else ""))
        if n == 0 and cve not in OUTSIDE_TABLE:
            problems.append(cve + " has no input")
    for c in cases.CASES:
        if c.expect is not None:
            re.compile(c.expect)
        if c.cve and c.cve not in CVES and not re.match(r"^[0-9a-f]{8}$", c.cve):
            problems.append("%s: unknown CVE tag %r" % (c.name, c.cve))
    for p in problems:
        print("FAIL " + p)
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--class", dest="classes", default="")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--check", action="store_true", help="coverage check only, no server")
    ap.add_argument("--encoded-transfers", action="store_true",
                    help="the cases that need the server's --encoded-transfers (and only those)")
    ap.add_argument("-v", dest="verbose", action="store_true", help="print each outcome line")
    a = ap.parse_args()
    classes = [c for c in a.classes.split(",") if c]
    chosen = select(classes, a.encoded_transfers)
    if a.check:
        return check_coverage()
    if a.list:
        for c in chosen:
            print("%-4s %-15s %-40s %s" % (c.cls, c.cve or "-", c.name, c.expect or "accepted"))
        return 0
    assert chosen, "no cases for %r" % classes
    srv = seclib.start_server(os.path.abspath(a.server),
                              ["--encoded-transfers"] if a.encoded_transfers else [])
    ok = False
    failed, known, fixed = [], [], []
    t0 = time.monotonic()
    try:
        runner = seclib.Runner(srv)
        for c in chosen:
            t = time.monotonic()
            try:
                line = runner.run(c)
            except (AssertionError, OSError, EOFError) as e:
                m = re.search(r"client %d: (disconnect: [^\n]*)" % runner.nclients, srv.text())
                if m:
                    e = "%s [server: %s]" % (e, m.group(1))
                if c.bug:
                    known.append(c.name)
                    print("KNOWN BUG %s %s (%s): %s" % (c.cls, c.name, c.bug, e))
                else:
                    failed.append(c.name)
                    print("FAIL %s %s: %s" % (c.cls, c.name, e))
                if not srv.alive():
                    break
                runner.keeper.close()  # a fresh keeper for the cases that follow
                runner.keeper = runner.connect()
                runner.keeper.handshake(b"sec-keeper\0")
                continue
            if c.bug:
                fixed.append(c.name)
                print("UNEXPECTED PASS %s %s: known bug %r no longer reproduces; drop the mark"
                      % (c.cls, c.name, c.bug))
                continue
            print("ok   %s %-15s %-40s %.2fs" % (c.cls, c.cve or "-", c.name, time.monotonic() - t))
            if a.verbose:
                print("       " + line)
        again = runner.connect()
        again.handshake()
        again.close()
        runner.keeper.close()
        ok = not failed and not fixed
    finally:
        seclib.finish_server(srv, ok)
    print("%d cases in %.1fs: %d failed%s; %d known bugs%s; %d unexpected passes" % (
        len(chosen), time.monotonic() - t0, len(failed), (" (" + ", ".join(failed) + ")") if failed else "",
        len(known), (" (" + ", ".join(known) + ")") if known else "", len(fixed)))
    return 1 if failed or fixed else 0


if __name__ == "__main__":
    sys.exit(main())
