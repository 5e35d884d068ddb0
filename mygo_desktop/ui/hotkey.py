"""The global hotkey (pynput), bridged to the main thread with a signal.

pynput's callback runs on pynput's own thread: it only emits ``pressed``; Qt delivers that to
slots on the main thread. Where no global hotkey can be had (Wayland, no X server, macOS without
permission) ``unavailable`` says so once, and ``mygo-desktop show`` is the way in.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from mygo_desktop.core.hotkeys import HotkeyError, display_hotkey, pynput_hotkey

logger = logging.getLogger(__name__)

READY_TIMEOUT_S = 2.0
READY_POLL_MS = 10


def keyboard_controller():
    from pynput.keyboard import Controller

    return Controller()


def release_modifiers_and_press(*combo: str) -> None:
    """Press a combination such as ("ctrl", "c") after releasing the hotkey's modifiers."""
    from pynput.keyboard import Key

    controller = keyboard_controller()
    for modifier in (Key.alt, Key.alt_l, Key.alt_r, Key.ctrl, Key.ctrl_l, Key.ctrl_r, Key.shift, Key.cmd):
        controller.release(modifier)
    keys = [getattr(Key, name) if hasattr(Key, name) else name for name in combo]
    for key in keys:
        controller.press(key)
    for key in reversed(keys):
        controller.release(key)


def paste_shortcut() -> tuple[str, str]:
    return ("cmd", "v") if sys.platform == "darwin" else ("ctrl", "v")


def copy_shortcut() -> tuple[str, str]:
    return ("cmd", "c") if sys.platform == "darwin" else ("ctrl", "c")


class HotkeyBridge(QObject):
    """The global hotkey as a source of ``pressed``; what the app needs from any hotkey source.

    ``start`` never blocks the UI: the listener's readiness is polled by a timer, and a
    listener that dies while starting is reported through ``unavailable``.
    """

    pressed = Signal()
    unavailable = Signal(str)  # why, one line
    registered = Signal(str)  # the hotkey, once the listener runs

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._listener: Any = None
        self._starting: Any = None
        self._deadline = 0.0
        self.hotkey = ""
        self._ready_timer = QTimer(self, interval=READY_POLL_MS)
        self._ready_timer.timeout.connect(self._check_ready)

    @property
    def active(self) -> bool:
        return self._listener is not None and self._listener.is_alive()

    def start(self, hotkey: str) -> bool:
        """Begin listening for ``hotkey``; False (and ``unavailable``) when it cannot be tried."""
        self.stop()
        self.hotkey = hotkey
        if (
            sys.platform.startswith("linux")
            and os.environ.get("XDG_SESSION_TYPE") == "wayland"
            and not os.environ.get("DISPLAY")
        ):
            self.unavailable.emit("Wayland: global hotkeys are not available")
            return False
        try:
            from pynput import keyboard
        except Exception as exc:  # noqa: BLE001  (pynput raises ImportError without a display)
            self.unavailable.emit(f"no global hotkey backend: {exc}")
            return False
        try:
            listener = keyboard.GlobalHotKeys({pynput_hotkey(hotkey): self.pressed.emit})
        except HotkeyError as exc:
            self.unavailable.emit(f"invalid hotkey {hotkey!r}: {exc}")
            return False
        except ValueError as exc:
            self.unavailable.emit(f"invalid hotkey {hotkey!r}: {exc}")
            return False
        listener.daemon = True
        listener.start()
        # pynput's own wait() hangs forever if the backend dies (e.g. no RECORD extension), so
        # a timer polls its ready flag with a deadline instead of blocking here.
        self._starting = listener
        self._deadline = time.monotonic() + READY_TIMEOUT_S
        self._ready_timer.start()
        return True

    def _check_ready(self) -> None:
        listener = self._starting
        if listener is None:
            self._ready_timer.stop()
            return
        if not listener.is_alive():
            self._starting = None
            self._ready_timer.stop()
            self.unavailable.emit("the keyboard listener could not start (X RECORD extension missing?)")
        elif getattr(listener, "_ready", True) or time.monotonic() >= self._deadline:
            self._starting = None
            self._ready_timer.stop()
            self._listener = listener
            logger.info("hotkey registered: %s", self.hotkey)
            self.registered.emit(display_hotkey(self.hotkey))

    def stop(self) -> None:
        self._ready_timer.stop()
        listener = self._listener or self._starting
        self._listener = self._starting = None
        if listener is None:
            return
        listener.stop()
        # The X backend ends its thread only after one more key event.
        try:
            from pynput.keyboard import Key

            controller = keyboard_controller()
            controller.press(Key.shift)
            controller.release(Key.shift)
        except Exception:  # noqa: BLE001
            pass
        # No join: the listener is a daemon thread and ends by itself; waiting would block the UI.
