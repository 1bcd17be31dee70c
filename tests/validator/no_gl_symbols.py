#!/usr/bin/env python3
"""The validator library depends on libc only: no GL, EGL or epoxy symbol, nothing unexpected.

usage: no_gl_symbols.py NM LIBRARY.a

Lists the symbols the library needs from outside itself (undefined in some member and defined
in none) and checks every one against an allowlist of C library functions and compiler runtime
symbols (stack protector, fortify, sanitizers). Fails (exit 1) on any GL/EGL/epoxy symbol and
on any symbol outside the allowlist, naming it.
"""
import re
import subprocess
import sys

LIBC = {
    "malloc", "calloc", "realloc", "free", "memcpy", "memmove", "memset", "memchr", "memcmp",
    "strlen", "strcmp", "strncmp", "snprintf", "vsnprintf", "getrandom", "abort",
    "strtod",  # tgsi_parse.c: FLT64 immediates (decimal text; the process never sets a locale)
    "__stack_chk_fail", "__stack_chk_guard", "_GLOBAL_OFFSET_TABLE_", "__errno_location", "__assert_fail",
}
RUNTIME = re.compile(r"^(__asan_|__ubsan_|__sanitizer_|__lsan_|__msan_|__tsan_|__sancov_|__afl_"
                     r"|__llvm_|__gcov_|__cmplog_|__[a-z]+_chk$)")
FORBIDDEN = re.compile(r"^(gl|egl|epoxy|_?glX|_?EGL|gbm|drm)", re.IGNORECASE)


def symbols(nm, lib, *flags):
    out = subprocess.run([nm, *flags, lib], check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if not parts or line.endswith(":"):
            continue
        names.add(parts[-1])
    return names


def main():
    nm, lib = sys.argv[1], sys.argv[2]
    undefined = symbols(nm, lib, "-u")
    defined = symbols(nm, lib, "--defined-only")
    external = sorted(undefined - defined)
    bad = [s for s in external if FORBIDDEN.match(s)]
    unknown = [s for s in external if s not in LIBC and not RUNTIME.match(s) and s not in bad]
    print("external symbols of %s: %s" % (lib, " ".join(external)))
    if bad:
        print("FAIL: GL/EGL/epoxy symbols: %s" % " ".join(bad))
    if unknown:
        print("FAIL: symbols outside the libc allowlist: %s" % " ".join(unknown))
    if bad or unknown:
        return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
