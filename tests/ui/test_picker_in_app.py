"""The picker inside the assembled app: ranked first frames, images in search, recents, stars,
honest offline messages, the hotkey shown everywhere, a language switch without a restart."""

from __future__ import annotations

import json
from dataclasses import replace

from app_fakes import CATALOG, TOP, FakeHotkey, events
from PIL import Image
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from mygo_desktop.core.images import ImageStore
from mygo_desktop.core.images.downloader import DownloadError
from mygo_desktop.core.usage import UsageStore, default_usage_path
from mygo_desktop.ui import i18n
from mygo_desktop.ui.about import MYGOCHAT_URL, about_html


class UnreachableDownloader:
    def fetch(self, url: str, dest):
        raise DownloadError("truth.bahamut.com.tw unreachable, not retried for now (Name or service not known)")


def ready(qtbot, controller) -> None:
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=10_000)


def test_the_first_press_shows_a_ranked_picker_in_its_first_frame(make_app, qtbot, events_path):
    controller = make_app().controller
    ready(qtbot, controller)
    controller.show_picker("明天要不要一起去看電影")
    qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
    shown = events(events_path, "picker_shown")
    assert shown[0]["ranked"] is True and shown[0]["ids"][:3] == TOP  # never an unranked frame first


def test_thumbnails_load_at_start_and_search_by_a_word_in_no_line_shows_them(make_app, qtbot, events_path):
    controller = make_app().controller
    picker = controller.picker
    qtbot.waitUntil(lambda: picker.has_real_thumbnail(TOP[0]), timeout=10_000)  # from the user's folder
    ready(qtbot, controller)
    english = CATALOG.by_id(TOP[0]).tags["English"][0]
    controller.show_picker("")
    picker.search_edit.insert(english)
    assert english not in CATALOG.by_id(TOP[0]).quote
    assert TOP[0] in picker.visible_ids()
    assert picker.has_real_thumbnail(TOP[0])
    assert all(picker.has_thumbnail(sid) for sid in picker.visible_ids())  # the rest show cards, not blanks


def test_a_pick_shows_up_first_in_the_next_empty_picker_and_is_kept(make_app, qtbot, events_path):
    controller = make_app().controller
    ready(qtbot, controller)
    controller.show_picker("嗨")
    qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
    controller.picker.chosen.emit(TOP[1])
    qtbot.waitUntil(lambda: bool(events(events_path, "copied")), timeout=5_000)
    controller.show_picker("")
    assert controller.picker.visible_ids()[0] == TOP[1]
    qtbot.waitUntil(lambda: default_usage_path().exists(), timeout=5_000)  # written off the main thread
    assert UsageStore().usage.recents == [TOP[1]]


def test_a_star_is_kept_and_boosts_the_sticker(make_app, qtbot):
    controller = make_app().controller
    ready(qtbot, controller)
    controller.show_picker("嗨")
    qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
    controller.picker.star_toggled.emit("m150")
    assert controller.usage.is_starred("m150")
    assert controller.picker.quick_ids() == ["m150"]
    qtbot.waitUntil(lambda: default_usage_path().exists(), timeout=5_000)
    assert "m150" in json.loads(default_usage_path().read_text())["starred"]


def test_copying_a_card_says_so(make_app, qtbot, tmp_path, events_path):
    store = ImageStore(cache_dir=tmp_path / "c2", user_folder=None, downloader=UnreachableDownloader())
    controller = make_app(store=store).controller
    ready(qtbot, controller)
    controller.show_picker("嗨")
    qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
    controller.picker.chosen.emit(TOP[0])
    qtbot.waitUntil(lambda: bool(events(events_path, "copied")), timeout=5_000)
    assert events(events_path, "copied")[-1]["card"] is True
    assert "已複製文字卡" in controller.toast.text() and "自動換成真的圖" in controller.toast.text()


def test_download_all_says_why_it_failed_and_what_to_do(make_app, qtbot, tmp_path, events_path, monkeypatch):
    store = ImageStore(cache_dir=tmp_path / "c3", user_folder=None, downloader=UnreachableDownloader())
    controller = make_app(store=store).controller
    notes = []
    monkeypatch.setattr(controller.tray, "notify", lambda title, message, warning=False: notes.append(message))
    controller._on_download_all()
    qtbot.waitUntil(lambda: bool(events(events_path, "download_all_finished")), timeout=20_000)
    assert "連不上圖片網站" in notes[-1] and "圖片資料夾" in notes[-1]
    assert "157/157" not in controller.tray.icon.toolTip()


def test_download_all_with_every_image_at_hand_downloads_nothing_and_says_so(
    make_app, qtbot, tmp_path, events_path, monkeypatch
):
    folder = tmp_path / "all images"
    folder.mkdir()
    for sticker in CATALOG:
        Image.new("RGB", (32, 18), (10, 20, 30)).save(folder / f"{sticker.quote}.png")
    store = ImageStore(cache_dir=tmp_path / "c4", user_folder=folder, downloader=UnreachableDownloader())
    controller = make_app(store=store).controller
    notes = []
    monkeypatch.setattr(controller.tray, "notify", lambda title, message, warning=False: notes.append(title + message))
    controller._on_download_all()
    qtbot.waitUntil(lambda: bool(events(events_path, "download_all_finished")), timeout=20_000)
    assert events(events_path, "download_all_finished")[-1]["downloaded"] == 0
    assert "已在電腦上" in notes[-1] and "成功" not in notes[-1]
    assert "下載圖片" not in controller.tray.icon.toolTip()


def test_the_hotkey_is_shown_as_people_write_it(make_app):
    controller = make_app(hotkey=FakeHotkey()).controller
    assert controller.tray.show_action.text().endswith("Ctrl+Alt+G")
    assert "Ctrl+Alt+G" in about_html(controller.settings.hotkey, None)
    assert MYGOCHAT_URL in about_html("", None)


def test_the_language_changes_without_a_restart(make_app, qtbot):
    controller = make_app().controller
    ready(qtbot, controller)
    controller.show_picker("嗨")
    qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
    try:
        controller.apply_settings(replace(controller.settings, language="en"))
        assert controller.tray.show_action.text().startswith("Show picker")
        assert "copy" in controller.picker.hint_label.text()
        assert controller.picker.search_edit.placeholderText().startswith("Search")
    finally:
        i18n.set_language("zh_TW")


def test_without_a_system_tray_a_window_says_how_to_reach_the_app(make_app, qtbot, events_path):
    controller = make_app().controller  # the offscreen platform has no system tray
    qtbot.waitUntil(lambda: controller.no_tray is not None and controller.no_tray.isVisible(), timeout=5_000)
    message = controller.no_tray.message.text()
    assert "Ctrl+Alt+G" in message and "mygo-desktop show" in message
    controller.no_tray.show_button.click()
    assert controller.picker.isVisible()


def test_open_image_folder_without_a_file_manager_shows_the_path(make_app, qtbot, monkeypatch, image_pack):
    controller = make_app().controller
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    controller._open_image_folder()
    box = controller._folder_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert str(image_pack) in box.text()
    box.close()


def test_a_start_from_a_terminal_prints_one_line_on_how_to_use_and_quit(capsys):
    from mygo_desktop.app import _print_running

    _print_running("<ctrl>+<alt>+g")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    for part in ("Ctrl+Alt+G", "mygo-desktop show", "Ctrl+C", "結束"):
        assert part in lines[0]
