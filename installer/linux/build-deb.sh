#!/usr/bin/env bash
# Make dist/mygo-desktop_<version>_amd64.deb from the PyInstaller bundle (installer/build.sh).
#
#   bash installer/linux/build-deb.sh [BUNDLE_DIR [OUT_DIR]]     # defaults: dist/mygo-desktop dist
#
# The package holds:
#   /usr/lib/mygo-desktop/                                   the bundle
#   /usr/bin/mygo-desktop                                    a link to the bundle's program
#   /usr/share/applications/mygo-desktop.desktop             the menu entry (Exec=mygo-desktop)
#   /usr/share/icons/hicolor/<size>/apps/mygo-desktop.png    256, 128, 64, 48 and 32 px
#   /usr/share/man/man1/mygo-desktop.1.gz, /usr/share/doc/mygo-desktop/{copyright,changelog.gz}
#   /usr/share/lintian/overrides/mygo-desktop                what lintian flags in a bundle, explained
# No maintainer scripts: dpkg's triggers refresh the menu and icon caches, and apt-get purge
# leaves nothing behind (settings and stickers live in each user's home and stay theirs).
# Runs lintian on the result when it is installed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bundle="$(cd "${1:-$root/dist/mygo-desktop}" && pwd)"
out="${2:-$root/dist}"
here="$root/installer/linux"
# shellcheck source=installer/linux/common.sh
. "$here/common.sh"

[ -x "$bundle/$APP_ID" ] || die "$bundle is not a bundle: build it first (bash installer/build.sh)"
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/mygo_desktop/__init__.py")"
arch="$(dpkg --print-architecture)"
python="$root/.venv/bin/python"  # Pillow resizes the icon
[ -x "$python" ] || python="$(command -v python3)"
depends="$("$python" -c "import sys; sys.path.insert(0, sys.argv[1]); import slim; print(', '.join(slim.SYSTEM_DEPENDS))" "$root/installer")"
# The bundle needs a glibc at least as new as the build machine's.
depends="libc6 (>= $(getconf GNU_LIBC_VERSION | cut -d' ' -f2)), $depends, fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/pkg"
lib="$pkg/usr/lib/$APP_ID"
mkdir -p "$pkg/DEBIAN" "$lib" "$pkg/usr/bin" "$pkg/usr/share/applications" "$pkg/usr/share/doc/$APP_ID" \
  "$pkg/usr/share/man/man1" "$pkg/usr/share/lintian/overrides"
cp -a "$bundle/." "$lib/"
# dpkg records modes as they are: folders and the program 755, everything else (libraries too) 644.
find "$lib" -type d -exec chmod 755 {} +
find "$lib" -type f -exec chmod 644 {} +
chmod 755 "$lib/$APP_ID"
ln -s "../lib/$APP_ID/$APP_ID" "$pkg/usr/bin/$APP_ID"

desktop_entry "$APP_ID" > "$pkg/usr/share/applications/$APP_ID.desktop"
icon="$root/resources/icons/$APP_ID.png"
for size in 256 128 64 48 32; do
  folder="$pkg/usr/share/icons/hicolor/${size}x$size/apps"
  mkdir -p "$folder"
  "$python" - "$icon" "$folder/$APP_ID.png" "$size" <<'EOF' || die "could not resize the icon (Pillow)"
import sys
from PIL import Image
with Image.open(sys.argv[1]) as image:
    image.convert("RGBA").resize((int(sys.argv[3]),) * 2, Image.Resampling.LANCZOS).save(sys.argv[2])
EOF
done

date="$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}")"
gzip -9n > "$pkg/usr/share/doc/$APP_ID/changelog.gz" <<EOF
$APP_ID ($version) unstable; urgency=medium

  * Release $version, built from the PyInstaller bundle.

 -- mygo-desktop developers <mygo-desktop@users.noreply.github.com>  $date
EOF
cat > "$pkg/usr/share/doc/$APP_ID/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: $APP_ID
Source: https://github.com/mygo-desktop/mygo-desktop

Files: *
Copyright: 2025 mygo-desktop developers
License: MIT

Files: usr/lib/$APP_ID/_internal/*
Copyright: the authors of Python, Qt (PySide6), numpy, Pillow, tokenizers, safetensors,
 OpenCC, pynput, requests and their dependencies
License: various
 Each component's license is in its *.dist-info folder or, for Python and Qt, at
 https://docs.python.org/3/license.html and https://doc.qt.io/qt-6/licensing.html
 (Qt under the LGPL v3, as shared libraries).

License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a copy of this software
 and associated documentation files (the "Software"), to deal in the Software without
 restriction, including without limitation the rights to use, copy, modify, merge, publish,
 distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
 Software is furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in all copies or
 substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.
EOF
gzip -9n > "$pkg/usr/share/man/man1/$APP_ID.1.gz" <<EOF
.TH MYGO-DESKTOP 1 "" "$APP_ID $version" "User Commands"
.SH NAME
mygo-desktop \- answer chat messages with MyGO!!!!! stickers
.SH SYNOPSIS
.B mygo-desktop
.RI [ command ]
.SH DESCRIPTION
Without a command, starts the tray app: select a message, press Ctrl+Alt+G, pick a sticker and
it is on the clipboard.
.B mygo-desktop recommend
.I text
prints the best-fitting lines;
.B mygo-desktop show
opens the picker of the running app;
.B mygo-desktop \-\-help
lists every command.
.SH FILES
Settings in ~/.config/mygo-desktop, images in ~/.cache/mygo-desktop and ~/.local/share/mygo-desktop.
EOF
cp "$here/lintian-overrides" "$pkg/usr/share/lintian/overrides/$APP_ID"
chmod 644 "$pkg/usr/share/lintian/overrides/$APP_ID" "$pkg/usr/share/doc/$APP_ID/"* "$pkg/usr/share/man/man1/"*

cat > "$pkg/DEBIAN/control" <<EOF
Package: $APP_ID
Version: $version
Architecture: $arch
Maintainer: mygo-desktop developers <mygo-desktop@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
Depends: $depends
Recommends: xclip
Section: utils
Priority: optional
Homepage: https://github.com/mygo-desktop/mygo-desktop
Description: tray sticker picker that answers chat messages with MyGO!!!!! stickers
 Select (or copy) a message and press Ctrl+Alt+G: mygo-desktop shows the
 best-fitting MyGO!!!!! reaction stickers at the cursor; the one picked goes to
 the clipboard as an image. The ranking model ships with the package and runs
 offline on the CPU.
EOF

mkdir -p "$out"
deb="$out/${APP_ID}_${version}_$arch.deb"
SECONDS=0
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
echo "package: $deb, $(du -m "$deb" | cut -f1) MB ($(du -sm "$lib" | cut -f1) MB installed), built in ${SECONDS} s"
if command -v lintian >/dev/null; then
  lintian --info "$deb" || die "lintian found errors in $deb"
fi
