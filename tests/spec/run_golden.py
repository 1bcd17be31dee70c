#!/usr/bin/env python3
"""run_golden.py: tests of the spec generator (spec/gen/vigil_gen.py).

golden: generates every output from golden/mini.xml (a small spec using every construct) and
        compares it byte for byte with golden/expected/; with --cc, also compiles the generated
        tables and vectors under the project's strict warning flags.
bad:    runs the generator on each bad/*.xml; it must exit 1 and its first diagnostic must be
        the one the file's `<!-- expect: LINE: PHRASE -->` comment names (same file, same line,
        PHRASE contained in the message).

Regenerate the golden fixtures after an intended generator change with --update, then review
the diff of tests/spec/golden/expected/ by eye before committing it.
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STRICT = ["-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Wconversion", "-Wsign-conversion",
          "-Wshadow", "-Wmissing-prototypes", "-Wstrict-prototypes", "-Werror"]
EXPECT_RE = re.compile(r"<!--\s*expect:\s*(\d+):\s*(.*?)\s*-->", re.S)


def run_gen(args, out_dir, specs, only=None):
    cmd = [sys.executable, args.gen, "--dtd", args.dtd, "--out-dir", out_dir]
    if only:
        cmd += ["--only", only]
    return subprocess.run(cmd + specs, capture_output=True, text=True)


def golden(args):
    src = os.path.join(HERE, "golden", "mini.xml")
    expected_dir = os.path.join(HERE, "golden", "expected")
    failures = 0
    with tempfile.TemporaryDirectory() as out:
        r = run_gen(args, out, [src])
        if r.returncode != 0:
            print(f"FAIL golden: generator exited {r.returncode}\n{r.stderr}")
            return 1
        if r.stderr:
            print(f"FAIL golden: unexpected diagnostics:\n{r.stderr}")
            failures += 1
        names = sorted(os.listdir(out))
        if args.update:
            os.makedirs(expected_dir, exist_ok=True)
            for name in names:
                shutil.copyfile(os.path.join(out, name), os.path.join(expected_dir, name))
            print(f"updated {len(names)} files in {expected_dir}; review the diff")
            return 0
        for name in names:
            failures += compare(os.path.join(expected_dir, name), os.path.join(out, name))
        if args.cc:
            failures += compile_outputs(args, out)
    print("golden: " + ("ok" if not failures else f"{failures} failure(s)"))
    return 1 if failures else 0


def compare(expected, actual):
    name = os.path.basename(expected)
    if not os.path.exists(expected):
        print(f"FAIL golden: {name} is generated but has no expected file (run --update)")
        return 1
    with open(expected, encoding="utf-8") as f:
        want = f.read().splitlines()
    with open(actual, encoding="utf-8") as f:
        got = f.read().splitlines()
    if want == got:
        return 0
    for i, (w, g) in enumerate(zip(want + [""] * len(got), got + [""] * len(want))):
        if w != g:
            print(f"FAIL golden: {name} line {i + 1} differs\n  expected: {w}\n  actual:   {g}")
            break
    return 1


def compile_outputs(args, out):
    cc = shlex.split(args.cc)
    inc = ["-I", os.path.join(ROOT, "validator"), "-I", os.path.join(ROOT, "include", "vigil"), "-I", out]
    failures = 0
    for src in ("vigil_spec_tables.c", "vigil_vectors.c"):
        r = subprocess.run(cc + STRICT + inc + ["-c", os.path.join(out, src), "-o",
                                                 os.path.join(out, src + ".o")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL golden: {src} does not compile cleanly:\n{r.stderr}")
            failures += 1
    return failures


def bad(args):
    bad_dir = os.path.join(HERE, "bad")
    files = sorted(f for f in os.listdir(bad_dir) if f.endswith(".xml"))
    failures = 0
    with tempfile.TemporaryDirectory() as out:
        for name in files:
            path = os.path.join(bad_dir, name)
            with open(path, encoding="utf-8") as f:
                m = EXPECT_RE.search(f.read())
            if not m:
                print(f"FAIL bad/{name}: no <!-- expect: LINE: PHRASE --> comment")
                failures += 1
                continue
            line, phrase = int(m.group(1)), " ".join(m.group(2).split())
            r = run_gen(args, out, [path], only="tables")
            first = r.stderr.splitlines()[0] if r.stderr else ""
            want = re.compile(rf"^{re.escape(path)}:{line}: error: .*{re.escape(phrase)}")
            if r.returncode != 1 or not want.search(first):
                print(f"FAIL bad/{name}: want exit 1 and '{name}:{line}: error: ...{phrase}...',"
                      f" got exit {r.returncode}: {first or '(no diagnostic)'}")
                failures += 1
    print(f"bad specs: {len(files)} checked, " + ("ok" if not failures else f"{failures} failed"))
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--gen", default=os.path.join(ROOT, "spec", "gen", "vigil_gen.py"))
    p.add_argument("--dtd", default=os.path.join(ROOT, "spec", "vigil.dtd"))
    p.add_argument("--cc", help="C compiler command to compile the golden outputs with")
    p.add_argument("--update", action="store_true", help="rewrite golden/expected/")
    p.add_argument("which", nargs="*", help="golden and/or bad (default: both)")
    args = p.parse_args()
    if any(w not in ("golden", "bad") for w in args.which):
        p.error("tests are 'golden' and 'bad'")
    rc = 0
    for which in args.which or ["golden", "bad"]:
        rc |= golden(args) if which == "golden" else bad(args)
    return rc


if __name__ == "__main__":
    sys.exit(main())
