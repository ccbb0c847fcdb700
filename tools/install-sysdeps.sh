#!/usr/bin/env bash
# Install the system libraries and compilers the build needs, if missing.
# Debian/Ubuntu: apt-get (as root, or through sudo).  Elsewhere: say what is
# needed and stop.
set -euo pipefail

packages=(pkg-config gcc g++ libsleef-dev libopenblas-dev libbenchmark-dev python3-venv)
have_all() {
  command -v cc >/dev/null && command -v c++ >/dev/null &&
    command -v pkg-config >/dev/null &&
    pkg-config --exists sleef openblas benchmark
}

if have_all; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "simdkern needs: a C11 and C++ compiler, pkg-config, and the sleef, openblas" >&2
  echo "and google-benchmark development packages (found by pkg-config)." >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
echo "installing system packages: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
have_all
