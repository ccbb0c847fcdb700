#!/usr/bin/env bash
# Cross compiler, aarch64 SLEEF and qemu-user for make test-aarch64 (Debian).
set -euo pipefail
if command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64 >/dev/null &&
    [ -e /usr/include/aarch64-linux-gnu/sleef.h ]; then
  exit 0
fi
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" dpkg --add-architecture arm64
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends \
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross libsleef-dev:arm64 qemu-user >/dev/null
