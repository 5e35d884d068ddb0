#!/usr/bin/env bash
# Remove what install.sh wrote, as listed in its manifest; settings, cache, logs and
# downloaded stickers stay unless --purge.
#
#   ~/.local/share/mygo-desktop/uninstall.sh [--purge]   (installer/linux/uninstall.sh works too)
#
# Also removes a start-at-login entry that the app's settings wrote for this install (its Exec
# points into the removed app folder, so it could only fail at the next login).
set -euo pipefail

purge=0
quiet=0
reinstall=0
for arg in "$@"; do
  case "$arg" in
    --purge) purge=1 ;;
    --quiet) quiet=1 ;;
    --reinstall) quiet=1; reinstall=1 ;;  # used by install.sh: keep the app's own autostart entry
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=installer/linux/common.sh
. "$here/common.sh"
say() { [ "$quiet" = 1 ] || echo "$@"; }

# The installed copy finds its own manifest even if XDG_DATA_HOME has changed since.
manifest="$MANIFEST"
[ -f "$here/install-manifest" ] && manifest="$here/install-manifest"

if [ -f "$manifest" ]; then
  app_dir="$(awk '$1 == "tree" { sub(/^tree /, ""); print; exit }' "$manifest")"
  if [ "$reinstall" = 0 ] && [ -n "$app_dir" ] && [ -f "$AUTOSTART_FILE" ] && ! grep -qxF "file $AUTOSTART_FILE" "$manifest" \
      && grep -qF "$app_dir/" "$AUTOSTART_FILE"; then
    rm -f "$AUTOSTART_FILE"
    say "removed $AUTOSTART_FILE (written by the app's settings)"
  fi
  while IFS= read -r line; do
    kind="${line%% *}"
    path="${line#* }"
    case "$kind" in
      file) rm -f "$path" ;;
      tree) case "$path" in */"$APP_ID"/app) rm -rf "$path" ;; *) die "refusing to remove $path" ;; esac ;;
    esac
  done < "$manifest"
  dirs="$(awk '$1 == "dir" { sub(/^dir /, ""); print length($0) "\t" $0 }' "$manifest" | sort -rn | cut -f2-)"
  rm -f "$manifest"
  # Folders the installer created, deepest first, if nothing else lives in them now.
  while IFS= read -r dir; do
    [ -n "$dir" ] && rmdir "$dir" 2>/dev/null || true
  done <<< "$dirs"
  say "mygo-desktop uninstalled"
elif [ "$purge" = 0 ]; then
  die "no install found ($manifest is missing)"
fi

if [ "$purge" = 1 ]; then
  for dir in "$CONFIG_HOME/$APP_ID" "$CACHE_HOME/$APP_ID" "$STATE_HOME/$APP_ID" "$PREFIX"; do
    if [ -e "$dir" ]; then
      rm -rf "$dir"
      say "removed $dir"
    fi
  done
fi
