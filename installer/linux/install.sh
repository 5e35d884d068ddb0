#!/usr/bin/env bash
# Install the PyInstaller bundle for the current user (no root, no virtual environment).
#
#   installer/linux/install.sh [--autostart] BUNDLE_DIR      # BUNDLE_DIR: dist/mygo-desktop
#
# Writes, and lists in $XDG_DATA_HOME/mygo-desktop/install-manifest for uninstall.sh:
#   $XDG_DATA_HOME/mygo-desktop/app/                          the bundle
#   $XDG_DATA_HOME/mygo-desktop/uninstall.sh                  a copy of the uninstaller
#   ~/.local/bin/mygo-desktop                                 a link to the app
#   $XDG_DATA_HOME/applications/mygo-desktop.desktop          the menu entry
#   $XDG_DATA_HOME/icons/hicolor/256x256/apps/mygo-desktop.png
#   $XDG_CONFIG_HOME/autostart/mygo-desktop.desktop           with --autostart only
# plus the folders it had to create. XDG_DATA_HOME defaults to ~/.local/share, XDG_CONFIG_HOME
# to ~/.config. Running it again replaces the previous install (settings and cache stay).
set -euo pipefail

usage() { echo "usage: $0 [--autostart] BUNDLE_DIR" >&2; exit 2; }

autostart=0
bundle=""
for arg in "$@"; do
  case "$arg" in
    --autostart) autostart=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) usage ;;
    *) [ -z "$bundle" ] || usage; bundle="$arg" ;;
  esac
done
[ -n "$bundle" ] || usage

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=installer/linux/common.sh
. "$here/common.sh"

bundle="$(cd "$bundle" && pwd)"
icon_src="$bundle/_internal/mygo_desktop/resources/icons/mygo-desktop.png"
if [ ! -x "$bundle/$APP_ID" ] || [ ! -f "$icon_src" ]; then
  die "$bundle is not a mygo-desktop bundle (expected $APP_ID and _internal/mygo_desktop/resources/icons/)"
fi

# A previous install of ours is replaced; anything else at our paths is left alone.
if [ -f "$MANIFEST" ]; then
  bash "$here/uninstall.sh" --reinstall
fi
for path in "$BIN_LINK" "$DESKTOP_FILE" "$ICON_FILE"; do
  if [ -e "$path" ] || [ -L "$path" ]; then
    die "$path already exists and was not installed by this script: move it away first"
  fi
done
[ ! -e "$APP_DIR" ] || die "$APP_DIR already exists without an install manifest: remove it first"

mkdir_recorded "$PREFIX"
: > "$MANIFEST.tmp"
record() { printf '%s %s\n' "$1" "$2" >> "$MANIFEST.tmp"; }
for dir in "${CREATED_DIRS[@]}"; do record dir "$dir"; done
CREATED_DIRS=()

cp -a "$bundle" "$APP_DIR"
record tree "$APP_DIR"
cp "$here/uninstall.sh" "$PREFIX/uninstall.sh"
cp "$here/common.sh" "$PREFIX/common.sh"
record file "$PREFIX/uninstall.sh"
record file "$PREFIX/common.sh"

exec_value="$(desktop_exec "$APP_DIR/$APP_ID")"

mkdir_recorded "$(dirname "$BIN_LINK")"
ln -s "$APP_DIR/$APP_ID" "$BIN_LINK"
record file "$BIN_LINK"

mkdir_recorded "$(dirname "$ICON_FILE")"
cp "$icon_src" "$ICON_FILE"
record file "$ICON_FILE"

mkdir_recorded "$(dirname "$DESKTOP_FILE")"
desktop_entry "$exec_value" > "$DESKTOP_FILE"
record file "$DESKTOP_FILE"

if [ "$autostart" = 1 ]; then
  mkdir_recorded "$(dirname "$AUTOSTART_FILE")"
  # The same entry the app's own "start at login" setting writes (mygo_desktop/core/autostart.py).
  { desktop_entry "$exec_value"; echo "X-GNOME-Autostart-enabled=true"; } > "$AUTOSTART_FILE"
  record file "$AUTOSTART_FILE"
fi
for dir in "${CREATED_DIRS[@]}"; do record dir "$dir"; done
mv "$MANIFEST.tmp" "$MANIFEST"

echo "Installed mygo-desktop in $APP_DIR"
echo "Menu entry: $DESKTOP_FILE"
[ "$autostart" = 1 ] && echo "Starts at login: $AUTOSTART_FILE"
case ":$PATH:" in
  *":$(dirname "$BIN_LINK"):"*) echo "Command: $APP_ID" ;;
  *) echo "Command: $BIN_LINK ($(dirname "$BIN_LINK") is not on your PATH)" ;;
esac
echo "Uninstall: $PREFIX/uninstall.sh [--purge]"
