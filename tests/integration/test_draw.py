#!/usr/bin/env python3
"""test_draw.py: draws through vigil-server with real Mesa clients (piglit), one backend per
invocation:

    test_draw.py --server PATH/vigil-server draw_gl | draw_gles

Runs in a private mount namespace with its own /tmp (as test_server.py), starts vigil-server
(desktop GL, or --use-gles), and runs a fixed set of piglit tests that draw: shader_runner
tests (with -auto -fbo) that exercise vertex buffers, constants, texturing and the framebuffer,
gl-1.0-scissor-clear (scissored clears are drawn by Mesa's state tracker and the core's CLEAR
honours the rasterizer scissor), fcc-read-after-clear, and tests of depth, two-sided stencil
(front-face orientation), independent blending, primitive restart, transform feedback and
conditional rendering. Each must report "pass", must have
gone through vigil (its renderer appears in the server log) and the server must survive.
Exit 0 pass, 1 fail, 77 skip.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vtest  # noqa: E402
from vtest import Server  # noqa: E402

PIGLIT = vtest.PIGLIT
SPEC = PIGLIT + "/tests/spec"
GEN = PIGLIT + "/generated_tests/spec"

TESTS = [
    ["shader_runner", SPEC + "/glsl-1.10/execution/texture2D-computed-coordinate.shader_test"],
    ["shader_runner", SPEC + "/glsl-3.30/execution/glsl-bug-109601.shader_test"],
    ["shader_runner", SPEC + "/glsl-1.10/execution/glsl-vs-post-increment-01.shader_test"],
    ["shader_runner", SPEC + "/glsl-1.10/execution/builtins/glsl-fs-mix.shader_test"],
    ["shader_runner", SPEC + "/glsl-1.10/execution/algebraic/glsl-algebraic-not-notequals.shader_test"],
    ["shader_runner", GEN + "/glsl-1.10/execution/built-in-functions/fs-op-uplus-vec2.shader_test"],
    ["gl-1.0-scissor-clear"],
    ["fcc-read-after-clear", "blit", "rb"],
    ["depthfunc"],                    # indexed draws, constant (stride 0) attributes, depth
    ["gl-2.0-two-sided-stencil"],     # front face orientation, two-sided stencil
    ["fbo-drawbuffers2-blend"],       # independent blend enables, GL_ZERO factors
    ["primitive-restart-draw-mode", "triangles"],  # restart (rewritten indices on GLES)
    ["ext_transform_feedback-position"],           # stream output
    ["nv_conditional_render-clear"],                # render condition on clears
    ["nv_conditional_render-vertex_array"],         # render condition on draws
]


def run_one(srv, args):
    binary = os.path.join(PIGLIT, "bin", args[0])
    if not os.path.exists(binary) or not all(os.path.exists(a) for a in args[1:] if a.startswith("/")):
        vtest.skip("piglit test missing: " + " ".join(args))
    mark = len(srv.text())
    result, out = vtest.piglit(args)
    name = " ".join(os.path.basename(a) for a in args)
    srv.wait_log(r'renderer "[^"]*" created', since=mark)  # Mesa names it after the process
    assert srv.alive(), "the server died during " + name
    return name, result, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("case", choices=["draw_gl", "draw_gles"])
    a = ap.parse_args()
    binary = os.path.abspath(a.server)
    vtest.enter_private_tmp()
    vtest.require_egl()
    srv = Server(binary, ["--use-gles"] if a.case == "draw_gles" else [])
    failed = []
    try:
        for t in TESTS:
            name, result, out = run_one(srv, t)
            print("%-60s %s" % (name, result))
            if result != "pass":
                failed.append((name, result, out))
    finally:
        status = srv.stop()
    for name, result, out in failed:
        print("---- %s: %s ----\n%s" % (name, result, out[-3000:]))
    if failed:
        print("---- server log (tail) ----\n" + srv.text()[-6000:])
    assert not failed, "%d of %d piglit tests did not pass" % (len(failed), len(TESTS))
    assert status == 0, "acceptor exit status %r after SIGTERM" % status
    for marker in ("AddressSanitizer", "LeakSanitizer", "runtime error:"):
        assert marker not in srv.text(), "sanitizer report in the server log:\n" + srv.text()
    print("PASS " + a.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
