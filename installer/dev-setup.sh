#!/usr/bin/env bash
# Set up a checkout on a fresh Debian/Ubuntu machine: system libraries for Qt, a virtual
# environment in .venv, and the package in editable mode.
#
#   bash installer/dev-setup.sh          # the app: numpy runtime, no torch
#   bash installer/dev-setup.sh test     # plus training (the [train] extra with torch's CPU build),
#                                        # the test tools (Xvfb, a tray host, xdotool, xclip, CJK font),
#                                        # lint and type checkers, PyInstaller
#
# Runs as root or through sudo for apt-get; safe to run again (a half-made .venv is re-created).
# TORCH_SPEC picks torch for the test set-up (default torch==2.13.0). A wheel already on this
# machine (pip's find-links) is used as is; otherwise Linux gets it from TORCH_INDEX_URL, PyTorch's
# CPU index, because PyPI's Linux wheel bundles CUDA (several GB). macOS wheels are CPU builds.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-app}"
case "$mode" in
  app|test) ;;
  *) echo "usage: $0 [test]" >&2; exit 2 ;;
esac
TORCH_SPEC="${TORCH_SPEC:-torch==2.13.0}"
TORCH_INDEX_URL="${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}"
python="${PYTHON:-python3}"

# Qt's xcb and offscreen platforms need these on a bare image.
qt_libs="libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libx11-xcb1 libxkbcommon0
 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxcb-sync1 libxcb-shm0
 libxcb-glx0 fonts-wqy-microhei xclip"
# The desktop tests; binutils and chrpath slim the bundle, lintian checks the .deb (installer/),
# shellcheck the release workflow's steps (.ci/check-workflows).
test_tools="xvfb xauth x11-utils xdotool trayer imagemagick desktop-file-utils binutils lintian chrpath shellcheck"

# pynput needs evdev on Linux, which PyPI has only as source: a C compiler and kernel headers.
build_tools="gcc libc6-dev linux-libc-dev"

packages="$qt_libs $build_tools"
[ "$mode" = test ] && packages="$packages $test_tools"

if command -v dpkg-query >/dev/null; then
  # Debian and Ubuntu ship python3 without venv/ensurepip (python3.X-venv) and without the
  # headers evdev compiles against (python3.X-dev).
  if ! command -v "$python" >/dev/null; then
    [ -z "${PYTHON:-}" ] || { echo "PYTHON=$python not found" >&2; exit 1; }
    packages="$packages python3 python3-venv python3-dev"
  elif [ "$(dirname "$(command -v "$python")")" = /usr/bin ]; then
    version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    packages="$packages python$version-venv python$version-dev"
  fi
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "Need root to run: $* (install sudo, or run this as root)" >&2
    exit 1
  fi
}

missing=""
if command -v dpkg-query >/dev/null; then
  for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
  done
fi
if [ -n "${missing// /}" ]; then
  if command -v apt-get >/dev/null; then
    echo "Installing system packages:$missing"
    as_root apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "Please install the equivalents of:$missing" >&2
  fi
fi

# A .venv whose pip does not run (venv failed half-way, or its Python is gone) is made again.
if [ -e .venv ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  echo "Re-creating .venv: it has no working pip"
  rm -rf .venv
fi
[ -d .venv ] || "$python" -m venv .venv
pip=(.venv/bin/python -m pip install -q)

if [ "$mode" = test ]; then
  # torch first, pinned and CPU-only, so the [train] extra's range never pulls a CUDA build.
  # Its own dependencies come with the extra below, from the usual index.
  if ! "${pip[@]}" --no-index --no-deps "$TORCH_SPEC" 2>/dev/null; then
    if [ "$(uname -s)" = Darwin ]; then
      "${pip[@]}" "$TORCH_SPEC"
    else
      "${pip[@]}" --index-url "$TORCH_INDEX_URL" "$TORCH_SPEC"
    fi
  fi
  "${pip[@]}" -e ".[dev,train,bundle]"
else
  "${pip[@]}" -e .
fi
echo "Ready: .venv/bin/mygo-desktop"
