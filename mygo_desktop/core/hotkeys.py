"""Hotkey spelling, in one place: what people write (Ctrl+Alt+G) and what pynput listens for.

Settings, the README, the tray menu and the About box all show the human spelling; only the
listener sees pynput's ``<ctrl>+<alt>+g``. Both spellings are accepted wherever a hotkey is read,
so settings files written by earlier versions keep working.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

DEFAULT_HOTKEY = "Ctrl+Alt+G"

# Modifier aliases -> pynput's name; the order of MODIFIERS is the order they are shown in.
MODIFIERS = ("ctrl", "alt", "shift", "cmd")
_MODIFIER_ALIASES = {
    "ctrl": "ctrl",
    "control": "ctrl",
    "ctl": "ctrl",
    "alt": "alt",
    "option": "alt",
    "opt": "alt",
    "shift": "shift",
    "cmd": "cmd",
    "command": "cmd",
    "super": "cmd",
    "win": "cmd",
    "meta": "cmd",
}
# Named (non-character) keys pynput knows on every platform, with their shown names.
_NAMED_KEYS = {
    "space": "Space",
    "tab": "Tab",
    "enter": "Enter",
    "backspace": "Backspace",
    "delete": "Delete",
    "insert": "Insert",
    "home": "Home",
    "end": "End",
    "page_up": "PageUp",
    "page_down": "PageDown",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "esc": "Esc",
    "pause": "Pause",
    "print_screen": "Print",
    "menu": "Menu",
    **{f"f{n}": f"F{n}" for n in range(1, 21)},
}
_KEY_ALIASES = {
    "return": "enter",
    "del": "delete",
    "ins": "insert",
    "escape": "esc",
    "pgup": "page_up",
    "pageup": "page_up",
    "pgdown": "page_down",
    "pagedown": "page_down",
    "print": "print_screen",
    "printscreen": "print_screen",
    "plus": "+",
}
# Taken by the desktop or by every app: a global hotkey there would break them.
_RESERVED = {
    (("ctrl",), "c"): ("複製", "copy"),
    (("ctrl",), "v"): ("貼上", "paste"),
    (("ctrl",), "x"): ("剪下", "cut"),
    (("ctrl",), "z"): ("復原", "undo"),
    (("ctrl",), "a"): ("全選", "select all"),
    (("ctrl",), "s"): ("儲存", "save"),
    (("alt",), "f4"): ("關閉視窗", "close window"),
    (("alt",), "tab"): ("切換視窗", "switch windows"),
    (("ctrl", "alt"), "delete"): ("系統安全選單", "the system's security menu"),
    (("ctrl", "alt"), "t"): ("開啟終端機", "open a terminal"),
    (("ctrl", "alt"), "l"): ("鎖定螢幕", "lock the screen"),
    (("cmd",), "l"): ("鎖定螢幕", "lock the screen"),
}
_PYNPUT_PART = re.compile(r"^<([a-z0-9_]+)>$")
_SIDED_MODIFIER = re.compile(r"^(ctrl|alt|shift|cmd)_[lr]$")


class HotkeyError(ValueError):
    """A hotkey that cannot be used; ``zh`` and ``en`` say why, for the user."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class Hotkey:
    modifiers: tuple[str, ...]  # a subset of MODIFIERS, in that order
    key: str  # one lower-case character, or a name from _NAMED_KEYS

    def pynput(self) -> str:
        """The spelling pynput's GlobalHotKeys wants: ``<ctrl>+<alt>+g``."""
        key = f"<{self.key}>" if self.key in _NAMED_KEYS else self.key
        return "+".join([*(f"<{m}>" for m in self.modifiers), key])

    def display(self) -> str:
        """The spelling people read and write: ``Ctrl+Alt+G``."""
        cmd = "Cmd" if sys.platform == "darwin" else "Super"
        names = {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "cmd": cmd}
        key = _NAMED_KEYS.get(self.key, self.key.upper())
        return "+".join([*(names[m] for m in self.modifiers), key])


def _split(text: str) -> list[str]:
    """Split on '+', where a '+' standing alone (``Ctrl++``) is the plus key itself."""
    parts = [part.strip() for part in text.split("+")]
    if text.rstrip().endswith("++"):
        parts = [*parts[:-2], "+"]
    return parts


def parse_hotkey(text: str) -> Hotkey:
    """Read ``Ctrl+Alt+G``, ``ctrl+alt+g`` or pynput's ``<ctrl>+<alt>+g``; HotkeyError if unusable."""
    if not isinstance(text, str) or not text.strip() or "\x00" in text:
        raise HotkeyError("請按下要用的快捷鍵組合。", "Press the key combination to use.")
    modifiers: set[str] = set()
    keys: list[str] = []
    for part in _split(text.strip()):
        match = _PYNPUT_PART.match(part.lower())
        name = match.group(1) if match else part.lower()
        name = _SIDED_MODIFIER.sub(r"\1", name)  # ctrl_l, alt_r: either side is the same hotkey
        if not name:
            raise HotkeyError(f"看不懂「{text}」。", f"Cannot read {text!r}.")
        if name in _MODIFIER_ALIASES:
            modifiers.add(_MODIFIER_ALIASES[name])
            continue
        name = _KEY_ALIASES.get(name.replace(" ", ""), name)
        if name in _NAMED_KEYS or (len(name) == 1 and name.isprintable()):
            keys.append(name)
        else:
            raise HotkeyError(f"不認得按鍵「{part}」。", f"Unknown key {part!r}.")
    if not keys:
        raise HotkeyError("只有修飾鍵：再加一個按鍵，例如 Ctrl+Alt+G。", "Only modifiers: add a key, e.g. Ctrl+Alt+G.")
    if len(keys) > 1:
        raise HotkeyError("一次只能一個主要按鍵，例如 Ctrl+Alt+G。", "Use one main key only, e.g. Ctrl+Alt+G.")
    hotkey = Hotkey(tuple(m for m in MODIFIERS if m in modifiers), keys[0])
    _check_usable(hotkey)
    return hotkey


def _check_usable(hotkey: Hotkey) -> None:
    function_key = hotkey.key.startswith("f") and hotkey.key[1:].isdigit()
    if not (set(hotkey.modifiers) - {"shift"}) and not function_key:
        raise HotkeyError(
            "需要 Ctrl、Alt 或 Super：單獨的按鍵會讓你打字時一直跳出選單。",
            "Needs Ctrl, Alt or Super: a plain key would open the picker while you type.",
        )
    reserved = _RESERVED.get((hotkey.modifiers, hotkey.key))
    if reserved:
        raise HotkeyError(
            f"{hotkey.display()} 已經是「{reserved[0]}」，請換一組。",
            f"{hotkey.display()} is already {reserved[1]}; choose another.",
        )


def display_hotkey(text: str) -> str:
    """``text`` in the human spelling, or as given when it cannot be read."""
    try:
        return parse_hotkey(text).display()
    except HotkeyError:
        return text


def pynput_hotkey(text: str) -> str:
    """``text`` in pynput's spelling (HotkeyError when it cannot be used)."""
    return parse_hotkey(text).pynput()
