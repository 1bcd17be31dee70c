#!/bin/sh
# Installs what building and testing vigil needs on Debian 12 (run as root):
# the toolchain and cmocka; libepoxy, EGL, GLES and GBM headers for the rendering core; Mesa's
# llvmpipe (the host GL) and the Mesa clients the integration tests run through vigil
# (eglinfo from mesa-utils, wflinfo from waffle-utils; the guest driver is in libgl1-mesa-dri);
# clang-14 with its libFuzzer/sanitizer runtimes (libclang-rt-14-dev) and llvm-14 (symbolizer,
# llvm-profdata, llvm-cov) for the fuzz smoke, triage and coverage scripts in fuzz/;
# libseccomp-dev for the gate and core sandboxes (sandbox/); piglit for the conformance floor
# (tests/conformance/), glmark2 with Xvfb for the main job's rendering check and benchmark.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  build-essential meson ninja-build pkg-config python3 binutils util-linux \
  libcmocka-dev \
  libepoxy-dev libegl-dev libgles-dev libgbm-dev \
  libgl1-mesa-dri libegl-mesa0 libgles2 mesa-utils waffle-utils \
  clang-14 libclang-rt-14-dev llvm-14 \
  libseccomp-dev \
  piglit glmark2-x11 xvfb
