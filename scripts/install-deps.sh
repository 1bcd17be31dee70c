#!/bin/sh
# Installs what building and testing vigil needs on Debian 12 (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  build-essential meson ninja-build pkg-config python3 \
  libcmocka-dev \
  binutils
