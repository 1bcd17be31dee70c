#!/usr/bin/env python3
"""check_exports.py LIBVIGIL HEADER...: the dynamic symbols libvigil defines must be exactly
the functions the public headers declare (no validator, core or backend internals leak out,
and nothing declared is missing). Exit 0 pass, 1 fail."""
import re
import subprocess
import sys


def declared(headers):
    names = set()
    for h in headers:
        text = open(h).read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        for m in re.finditer(r"^[a-z][\w \*]*?\b(vigil_\w+)\s*\(", text, re.M):
            names.add(m.group(1))
    return names


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True,
                         check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in ("T", "W"):
            names.add(parts[2].split("@")[0])
    return names


def main():
    lib, headers = sys.argv[1], sys.argv[2:]
    want, have = declared(headers), exported(lib)
    extra, missing = sorted(have - want), sorted(want - have)
    print("%d functions declared, %d exported" % (len(want), len(have)))
    for n in extra:
        print("exported but not in the public headers: " + n)
    for n in missing:
        print("declared but not exported: " + n)
    return 1 if extra or missing or not want else 0


if __name__ == "__main__":
    sys.exit(main())
