#!/usr/bin/env bash
# Build the one-folder app with PyInstaller: dist/mygo-desktop/ (and dist/mygo-desktop.app on macOS).
#
#   bash installer/build.sh           # from a clean clone: set-up, the bundle extra, PyInstaller
#   SKIP_SETUP=1 bash installer/build.sh   # rebuild with the .venv as it is
#
# Prints the bundle's size, the build time and a smoke test of the frozen binary.
# Windows: see installer/README.md (the same spec, then Inno Setup).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  bash installer/dev-setup.sh
  .venv/bin/python -m pip install -q -e ".[bundle]"
fi

SECONDS=0
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/mygo-desktop.spec
build_seconds=$SECONDS

app=dist/mygo-desktop/mygo-desktop
"$app" --version
"$app" recommend "你這話是認真的嗎" -k 3
echo "bundle: dist/mygo-desktop, $(du -sm dist/mygo-desktop | cut -f1) MB, $(find dist/mygo-desktop -type f | wc -l) files"
echo "build time: ${build_seconds} s (PyInstaller)"
if [ -d dist/mygo-desktop.app ]; then echo "macOS app: dist/mygo-desktop.app"; fi
echo "Install for this user: bash installer/linux/install.sh [--autostart] dist/mygo-desktop"
