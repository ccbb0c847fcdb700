#!/usr/bin/env bash
# Install the system packages the build needs, if missing: C and C++
# compilers, pkg-config, SLEEF, google-benchmark, and Python's headers and
# venv module.  Debian/Ubuntu: apt-get (as root, or through sudo).
# Elsewhere: say what is needed and stop.
set -euo pipefail

python=${PYTHON:-python3}
packages=(pkg-config gcc g++ libsleef-dev libbenchmark-dev python3-dev python3-venv)

python_ready() {
  "$python" - <<'PY' 2>/dev/null
import ensurepip, os, sysconfig, venv
assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))
PY
}
have_all() {
  command -v cc >/dev/null && command -v c++ >/dev/null &&
    command -v pkg-config >/dev/null &&
    pkg-config --exists sleef benchmark && python_ready
}

if have_all; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "simdkern needs: a C11 and C++ compiler, pkg-config, the sleef and" >&2
  echo "google-benchmark development packages (found by pkg-config), and" >&2
  echo "Python >= 3.11 with its headers and venv module." >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
echo "installing system packages: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
have_all || { echo "still missing something after apt-get (is $python the Debian python?)" >&2; exit 1; }
