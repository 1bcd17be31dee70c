#!/usr/bin/env python3
"""Holds the generated fuzz_session seeds (fuzz/make-state-seeds.py) to their expected outcome.

usage: check_state_seeds.py VIGIL_DUMP MAKE_STATE_SEEDS_PY

Generates the state-* streams into a temporary directory, replays them all through vigil-dump
(--quiet: only rejects and one summary line per file) and compares each stream's first reject
with the generator's EXPECT table: the vtest status name, or the formatted virgl command error
(command, offset, field, status, value and the rule's message), or OK when nothing is rejected.
A seed without an expectation, an expectation without a seed, or any difference fails. So every
seed provably reaches the state or reject path it was written for, and a validator change that
moves one (a different status, message or field) shows up here first.
"""
import os
import re
import subprocess
import sys
import tempfile


def main():
    dump, gen = sys.argv[1], sys.argv[2]
    expect = {}
    out = subprocess.run([sys.executable, gen, "--expect"], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        name, value = line.split("\t", 1)
        expect[name] = value
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, gen, tmp], check=True, capture_output=True)
        sdir = os.path.join(tmp, "session")
        names = sorted(n for n in os.listdir(sdir) if n.startswith("state-"))
        paths = [os.path.join(sdir, n) for n in names]
        res = subprocess.run([dump, "--quiet"] + paths, capture_output=True, text=True)
        if res.returncode not in (0, 1):  # 1: something was rejected, which most seeds want
            sys.stderr.write(res.stdout + res.stderr)
            print("vigil-dump failed with %d" % res.returncode)
            return 1
    got, first = {}, None
    summary = re.compile(r"^== (.*): \d+ messages, ")
    for line in res.stdout.splitlines():
        m = summary.match(line)
        if m:
            got[os.path.basename(m.group(1))] = first or "OK"
            first = None
        elif "!! REJECT " in line and first is None:
            first = line.split("!! REJECT ", 1)[1]
    bad = 0
    for name in names:
        if name not in expect:
            print("%s: no expectation (got %r)" % (name, got.get(name)))
            bad += 1
        elif got.get(name) != expect[name]:
            print("%s: expected %r, got %r" % (name, expect[name], got.get(name)))
            bad += 1
    for name in sorted(set(expect) - set(names)):
        print("%s: expected but not generated" % name)
        bad += 1
    print("%d state seeds, %d with the expected outcome" % (len(names), len(names) - bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
