# Paths and helpers shared by install.sh and uninstall.sh (sourced, not run).
# shellcheck shell=bash

APP_ID="mygo-desktop"

# XDG Base Directory spec: a relative or empty value is ignored.
xdg_dir() {
  case "${1:-}" in
    /*) printf '%s' "$1" ;;
    *) printf '%s' "$2" ;;
  esac
}

DATA_HOME="$(xdg_dir "${XDG_DATA_HOME:-}" "$HOME/.local/share")"
CONFIG_HOME="$(xdg_dir "${XDG_CONFIG_HOME:-}" "$HOME/.config")"
CACHE_HOME="$(xdg_dir "${XDG_CACHE_HOME:-}" "$HOME/.cache")"
STATE_HOME="$(xdg_dir "${XDG_STATE_HOME:-}" "$HOME/.local/state")"

PREFIX="$DATA_HOME/$APP_ID"
APP_DIR="$PREFIX/app"
MANIFEST="$PREFIX/install-manifest"
BIN_LINK="$HOME/.local/bin/$APP_ID"
DESKTOP_FILE="$DATA_HOME/applications/$APP_ID.desktop"
ICON_FILE="$DATA_HOME/icons/hicolor/256x256/apps/$APP_ID.png"
AUTOSTART_FILE="$CONFIG_HOME/autostart/$APP_ID.desktop"

die() { echo "$APP_ID: $*" >&2; exit 1; }

# mkdir -p that remembers, deepest first, the folders it created (for the manifest).
CREATED_DIRS=()
mkdir_recorded() {
  local dir="$1" missing=()
  while [ ! -d "$dir" ]; do
    missing+=("$dir")
    dir="$(dirname "$dir")"
  done
  mkdir -p "$1"
  CREATED_DIRS+=("${missing[@]}")
}

# One argument quoted for a desktop entry's Exec key, then escaped as a string value
# (Desktop Entry spec, "The Exec key"; the same rules as mygo_desktop/core/autostart.py).
desktop_exec() {
  local arg="${1//%/%%}"
  case "$arg" in
    *[[:space:]\"\'\\\>\<~\|\&\;\$\*\?\#\(\)\`]*)
      arg="${arg//\\/\\\\}"; arg="${arg//\"/\\\"}"; arg="${arg//\`/\\\`}"; arg="${arg//\$/\\\$}"
      arg="\"$arg\"" ;;
  esac
  printf '%s' "${arg//\\/\\\\}"
}

desktop_entry() {
  cat <<EOF
[Desktop Entry]
Type=Application
Version=1.0
Name=mygo-desktop
Name[zh_TW]=mygo-desktop MyGO 貼圖
GenericName=Sticker picker
GenericName[zh_TW]=貼圖推薦
Comment=Answer chat messages with MyGO!!!!! stickers
Comment[zh_TW]=用 MyGO!!!!! 貼圖回覆訊息
Exec=$1
Icon=$APP_ID
Terminal=false
Categories=Utility;
Keywords=sticker;MyGO;chat;reply;貼圖;
StartupNotify=false
EOF
}
