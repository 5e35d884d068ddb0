"""The assembled app (``app.build_app``) driven with fakes on the offscreen platform.

These check the wiring a user relies on: a message opens a ranked picker, Enter puts the
image on the clipboard, a broken model is reported, a settings change re-registers the hotkey,
and background faults always come back as results.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from app_fakes import CATALOG, TOP, FakeHotkey, FakeRecommender, OfflineDownloader, events
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage

from mygo_desktop.core.errors import ModelError
from mygo_desktop.core.images import ImageStore


def test_message_to_ranked_picker_to_clipboard_image(make_app, qtbot, events_path):
    app = make_app()
    controller = app.controller
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=10_000)

    with qtbot.waitSignal(controller.inference.ranked, timeout=10_000):
        controller.show_picker("明天要不要一起去看電影")
    assert controller.picker.isVisible()
    assert controller.picker.visible_ids()[:3] == TOP
    assert events(events_path, "picker_shown")[-1]["ids"][:3] == TOP

    controller.picker.grid.setFocus()
    with qtbot.waitSignal(controller.images.image_ready, timeout=10_000):
        qtbot.keyClick(controller.picker.grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(events(events_path, "copied")), timeout=5_000)

    mime = QGuiApplication.clipboard().mimeData()
    assert "image/png" in mime.formats()
    image = QImage.fromData(mime.data("image/png"), "PNG")
    assert (image.width(), image.height()) == (321, 181)  # the user's own image, not a card
    assert events(events_path, "copied")[-1] == {**events(events_path, "copied")[-1], "id": TOP[0], "card": False}
    assert not controller.picker.isVisible()


def test_model_load_failure_is_notified(make_app, qtbot, monkeypatch):
    def broken(_dir):
        raise ModelError("/models/x: label_mapping.json is missing")

    notes: list[tuple[str, str]] = []
    app = make_app(factory=broken)
    monkeypatch.setattr(
        app.controller.tray, "notify", lambda title, message, warning=False: notes.append((title, message))
    )
    qtbot.waitUntil(lambda: bool(notes), timeout=10_000)
    assert "label_mapping.json is missing" in notes[0][1]
    assert not app.controller.inference.is_ready


def test_settings_change_reregisters_the_hotkey(make_app):
    hotkey = FakeHotkey()
    app = make_app(hotkey=hotkey)
    assert hotkey.started == ["Ctrl+Alt+G"]
    controller = app.controller
    controller.apply_settings(replace(controller.settings, hotkey="Ctrl+Shift+M"))
    assert hotkey.started == ["Ctrl+Alt+G", "Ctrl+Shift+M"]
    assert hotkey.stops == 1
    controller.apply_settings(replace(controller.settings, hotkey_enabled=False))
    assert hotkey.started[-1] == "Ctrl+Shift+M" and hotkey.stops == 2


def test_hotkey_press_opens_the_picker_for_the_clipboard_text(make_app, qtbot, events_path):
    hotkey = FakeHotkey()
    app = make_app(hotkey=hotkey)
    controller = app.controller
    controller.apply_settings(replace(controller.settings, text_source="clipboard"))
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=10_000)
    QGuiApplication.clipboard().setText("你今天有空嗎")
    with qtbot.waitSignal(controller.inference.ranked, timeout=10_000):
        hotkey.pressed.emit()
    assert controller.picker.message_edit.text() == "你今天有空嗎"


class FailingDiskStore(ImageStore):
    """A store whose every look-up hits a disk fault (as a full or read-only cache would)."""

    def resolve(self, sticker, *, download=True):
        raise OSError(28, "No space left on device")

    def thumbnail(self, sticker, *, download=True):
        raise OSError(28, "No space left on device")


def test_an_image_job_that_raises_still_copies_a_card(make_app, qtbot, tmp_path, events_path):
    """A disk fault in an image job used to be swallowed: the picker stayed on 下載圖片中…"""
    store = FailingDiskStore(cache_dir=tmp_path / "cache", user_folder=None, downloader=OfflineDownloader())
    app = make_app(store=store)
    controller = app.controller
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=10_000)
    with qtbot.waitSignal(controller.inference.ranked, timeout=10_000):
        controller.show_picker("嗨")
    with qtbot.waitSignal(controller.images.image_ready, timeout=10_000) as answered:
        controller.picker.chosen.emit(TOP[0])
    assert answered.args[0] == TOP[0] and "No space left" in answered.args[2]
    qtbot.waitUntil(lambda: bool(events(events_path, "copied")), timeout=5_000)
    assert events(events_path, "copied")[-1]["card"] is True


def test_download_all_finishes_even_when_every_job_raises(make_app, qtbot, tmp_path):
    store = FailingDiskStore(cache_dir=tmp_path / "cache", user_folder=None, downloader=OfflineDownloader())
    app = make_app(store=store)
    controller = app.controller
    with qtbot.waitSignal(
        controller.images.download_progress,
        timeout=10_000,
        check_params_cb=lambda done, failed, total: done + failed == total,
    ) as progress:
        controller._on_download_all()
    assert progress.args == [0, len(CATALOG), len(CATALOG)]
    assert controller.tray.download_action.isEnabled()


def test_choosing_a_sticker_does_not_touch_the_disk_on_the_main_thread(make_app, qtbot, tmp_path, image_pack):
    main = threading.main_thread()
    threads: list[threading.Thread] = []

    class WatchedStore(ImageStore):
        def locate(self, sticker):
            threads.append(threading.current_thread())
            return super().locate(sticker)

    store = WatchedStore(cache_dir=tmp_path / "cache", user_folder=image_pack, downloader=OfflineDownloader())
    app = make_app(store=store)
    controller = app.controller
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=10_000)
    with qtbot.waitSignal(controller.inference.ranked, timeout=10_000):
        controller.show_picker("嗨")
    with qtbot.waitSignal(controller.images.image_ready, timeout=10_000):
        controller.picker.chosen.emit(TOP[0])
    assert threads and all(thread is not main for thread in threads)


def test_a_failed_reload_answers_requests_instead_of_waiting_forever(make_app, qtbot):
    calls = {"n": 0}

    def first_good_then_broken(_dir):
        calls["n"] += 1
        if calls["n"] > 1:
            raise ModelError("the new model folder is broken")
        return FakeRecommender()

    app = make_app(factory=first_good_then_broken)
    controller = app.controller
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=10_000)
    with qtbot.waitSignal(controller.inference.load_failed, timeout=10_000):
        controller.apply_settings(replace(controller.settings, model_dir="/somewhere/else"))
    with qtbot.waitSignal(controller.inference.rank_failed, timeout=5_000) as failed:
        controller.show_picker("你今天有空嗎")
    assert "broken" in failed.args[1]
    assert "broken" in controller.picker.status_label.text()
