#!/usr/bin/env bash
# Build a free-threaded CPython (configure --disable-gil) for `make test-ft`.
# Distributions do not ship one everywhere, so it is built from the upstream
# tarball inside Debian's python3.X source package, fetched with a private
# apt configuration from the mirror this machine already uses (no other
# download is needed).  The result is cached per user, outside the tree, and
# a second run only prints the interpreter.
#
# Usage: tools/build-ft-python.sh           build if needed, print the interpreter
#        tools/build-ft-python.sh --print   print the interpreter's path only
# PYVER (default 3.13) picks the version; SUITE (default trixie) the Debian
# release whose source package provides it.
set -euo pipefail

pyver=${PYVER:-3.13}
suite=${SUITE:-trixie}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/simdkern
prefix=$cache/cpython-${pyver}t
python=$prefix/bin/python${pyver}t
marker=$prefix/.simdkern-complete

if [ "${1:-}" = --print ]; then
  echo "$python"
  exit 0
elif [ $# -gt 0 ]; then
  echo "usage: $0 [--print]" >&2
  exit 2
fi

if [ -f "$marker" ] && "$python" -c '' 2>/dev/null; then
  echo "$python"
  exit 0
fi

# Everything below may run for a few minutes and must not stop for input (CI).
export DEBIAN_FRONTEND=noninteractive
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo -n); fi

build_deps=(build-essential dpkg-dev xz-utils libssl-dev zlib1g-dev libffi-dev libbz2-dev
  liblzma-dev libsqlite3-dev libreadline-dev uuid-dev)
missing=()
for pkg in "${build_deps[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing CPython's build dependencies: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Debian mirror from the system's apt sources (one-line or deb822 format),
# so a machine that can reach only its own mirror can still fetch the source.
mirror=$(
  {
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -n -E 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p'
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
      sed -n -E 's/^URIs:[[:space:]]*//p' | tr ' ' '\n'
  } | grep -E '^https?://[^[:space:]]+/debian/?$' | head -n 1 || true
)
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}

# apt's state for this one download lives in a scratch directory: the
# system's sources, lists and locks stay untouched, and no root is needed.
work=$(mktemp -d -t simdkern-ft.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" \
  >"$work/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$work/sources.list"
  -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o Debug::NoLocking=1
  -o "APT::Sandbox::User=$(id -un)" # the scratch directory is private to this user
)
echo "fetching the python$pyver source package from $mirror ($suite)"
apt-get "${apt_opts[@]}" -qq update
(cd "$work" && apt-get "${apt_opts[@]}" -qq source --download-only "python$pyver")

# Only the upstream tarball: Debian's patches adapt CPython to Debian's layout.
orig=$(find "$work" -maxdepth 1 -name "python${pyver}_*.orig.tar.xz" | head -n 1)
[ -n "$orig" ] || { echo "no python${pyver}_*.orig.tar.xz in the source package" >&2; exit 1; }
mkdir -p "$work/src" "$cache"
tar -xJf "$orig" -C "$work/src" --strip-components=1

# A half-finished earlier attempt is replaced, never patched up.  CPython's
# own compiler warnings are no concern of ours: the log is shown on failure.
rm -rf "$prefix"
log=$cache/cpython-${pyver}t-build.log
echo "building CPython $(basename "$orig" .orig.tar.xz) --disable-gil into $prefix"
echo "(a few minutes; log in $log)"
if ! (
  cd "$work/src"
  ./configure --disable-gil --disable-test-modules --with-ensurepip=install \
    --prefix="$prefix"
  make -j"$(nproc)"
  PIP_ROOT_USER_ACTION=ignore PIP_NO_WARN_SCRIPT_LOCATION=1 make install
) >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "building CPython failed; the whole log is $log" >&2
  exit 1
fi

# Check what the tests rely on before declaring the interpreter usable.
"$python" - <<'PY'
import sys

assert not sys._is_gil_enabled(), "the GIL is enabled: not a free-threaded build"
import ctypes  # noqa: F401
import ssl  # noqa: F401

print(f"{sys.version} (free-threaded; ssl and ctypes import)")
PY
touch "$marker"
echo "$python"
