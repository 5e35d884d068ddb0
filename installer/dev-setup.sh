#!/usr/bin/env bash
# Set up a checkout on a fresh Debian/Ubuntu machine: system libraries for Qt, a virtual
# environment in .venv, and the package in editable mode.
#
#   bash installer/dev-setup.sh          # the app: numpy runtime, no torch
#   bash installer/dev-setup.sh test     # plus training (the [train] extra with torch's CPU build),
#                                        # the test tools (Xvfb, a tray host, xdotool, xclip, CJK font),
#                                        # lint and type checkers
#
# TORCH_SPEC picks torch for the test set-up (default torch==2.13.0, the CPU wheel on our
# machines). Elsewhere, PIP_EXTRA_INDEX_URL can point pip at PyTorch's CPU index (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-app}"
TORCH_SPEC="${TORCH_SPEC:-torch==2.13.0}"

# Qt's xcb and offscreen platforms need these on a bare image.
qt_libs="libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libx11-xcb1 libxkbcommon0
 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxcb-sync1 libxcb-shm0
 libxcb-glx0 fonts-wqy-microhei xclip"
test_tools="xvfb xauth x11-utils xdotool trayer imagemagick desktop-file-utils binutils"

packages="$qt_libs"
[ "$mode" = test ] && packages="$packages $test_tools"

missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
done
if [ -n "${missing// /}" ]; then
  if command -v apt-get >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages: $missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "Please install the equivalents of: $missing" >&2
  fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
if [ "$mode" = test ]; then
  # torch first and pinned, so the [train] extra's range never pulls a multi-GB CUDA build.
  .venv/bin/python -m pip install -q "$TORCH_SPEC"
  .venv/bin/python -m pip install -q -e ".[dev,train,bundle]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "Ready: .venv/bin/mygo-desktop"
