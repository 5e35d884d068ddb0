"""Nothing the UI thread calls may wait: hotkey start, text capture, the settings' model check."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from mygo_desktop.core.settings import Settings
from mygo_desktop.ui import hotkey as hotkey_module
from mygo_desktop.ui.clipboard import capture_text
from mygo_desktop.ui.settings_dialog import SettingsDialog


class SlowListener(threading.Thread):
    """A pynput listener that takes a while to become ready (as the X RECORD context does)."""

    def __init__(self, hotkeys):
        super().__init__(daemon=True)
        self._ready = False
        self._stop_event = threading.Event()

    def run(self):
        self._stop_event.wait(0.3)
        self._ready = True
        self._stop_event.wait()

    def stop(self):
        self._stop_event.set()


@pytest.fixture
def slow_pynput(fake_pynput):
    fake_pynput(GlobalHotKeys=SlowListener)


def test_hotkey_start_never_sleeps_on_the_ui_thread(qtbot, slow_pynput, monkeypatch):
    monkeypatch.setattr(hotkey_module.time, "sleep", lambda _s: pytest.fail("the UI thread slept"))
    monkeypatch.setattr(hotkey_module.HotkeyBridge, "stop", lambda self: None)
    bridge = hotkey_module.HotkeyBridge()
    with qtbot.waitSignal(bridge.registered, timeout=5_000) as registered:
        assert bridge.start("<ctrl>+<alt>+g") is True
        assert not bridge.active  # start returned before the listener was ready
    assert registered.args == ["Ctrl+Alt+G"]  # shown as people write it
    assert bridge.active
    bridge._listener.stop()


def test_text_capture_with_a_simulated_copy_returns_at_once(qtbot, monkeypatch):
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("what was on the clipboard")
    monkeypatch.setattr(type(clipboard), "supportsSelection", lambda self: False)
    received: list[str] = []

    def simulate_copy():  # the focused app answers Ctrl+C a little later
        from PySide6.QtCore import QTimer

        QTimer.singleShot(50, lambda: clipboard.setText("the selected message"))

    capture_text("selection", received.append, simulate_copy=simulate_copy)
    assert received == []  # no nested event loop: the answer comes later
    qtbot.waitUntil(lambda: received == ["the selected message"], timeout=2_000)
    assert clipboard.text() == "what was on the clipboard"  # the user's clipboard is restored


def test_settings_model_check_runs_off_the_ui_thread(qtbot, tmp_path):
    release = threading.Event()
    threads: list[threading.Thread] = []

    def slow_loader(path):
        threads.append(threading.current_thread())
        release.wait(10)  # a big torch checkpoint takes seconds

    dialog = SettingsDialog(Settings(), tmp_path / "settings.json", model_loader=slow_loader, autostart=_NoAutostart())
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "modelDirEdit").setText(str(tmp_path))
    dialog.accept()
    # accept() returned while the loader still waits: nothing saved yet, OK disabled meanwhile.
    assert not release.is_set() and not (tmp_path / "settings.json").exists()
    assert not dialog.ok_button.isEnabled() and "檢查模型中" in dialog.error_label.text()
    with qtbot.waitSignal(dialog.settings_saved, timeout=10_000):
        release.set()
    assert threads and threads[0] is not threading.main_thread()
    assert (tmp_path / "settings.json").is_file()


class _NoAutostart:
    def enable(self):
        pass

    def disable(self):
        pass

    def is_enabled(self):
        return False
