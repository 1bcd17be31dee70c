#!/bin/sh
# Installs what building and testing vigil needs on Debian 12 (run as root):
# the toolchain and cmocka; libepoxy, EGL, GLES and GBM headers for the rendering core; Mesa's
# llvmpipe (the host GL) and the Mesa clients the integration tests run through vigil
# (eglinfo from mesa-utils, wflinfo from waffle-utils; the guest driver is in libgl1-mesa-dri).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  build-essential meson ninja-build pkg-config python3 binutils util-linux \
  libcmocka-dev \
  libepoxy-dev libegl-dev libgles-dev libgbm-dev \
  libgl1-mesa-dri libegl-mesa0 libgles2 mesa-utils waffle-utils
