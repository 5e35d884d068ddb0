"""Packs and learning from picks in the assembled app, with the shipped model (real ranking)."""

from __future__ import annotations

from dataclasses import replace

from app_fakes import events
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton
from testpack import build_test_pack, heldout

from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.packs import PackRegistry
from mygo_desktop.core.settings import Settings
from mygo_desktop.ui.settings_dialog import SettingsDialog


def real_model(_model_dir: str) -> Recommender:
    return Recommender()


def test_a_pack_sticker_is_ranked_shown_and_copied(make_app, qtbot, tmp_path, events_path):
    PackRegistry().install(build_test_pack(tmp_path / "pack-src"))
    controller = make_app(factory=real_model).controller
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=20_000)
    message, pack_id = heldout()[0]  # a message written for the pack's 肚子餓了 sticker
    controller.show_picker(message)
    qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
    assert pack_id in controller.picker.visible_ids()[:5]
    qtbot.waitUntil(lambda: controller.picker.has_real_thumbnail(pack_id), timeout=5_000)  # the pack's image
    controller.picker.chosen.emit(pack_id)
    qtbot.waitUntil(lambda: bool(events(events_path, "copied")), timeout=5_000)
    copied = events(events_path, "copied")[-1]
    assert copied["id"] == pack_id and copied["card"] is False
    image = QImage.fromData(QGuiApplication.clipboard().mimeData().data("image/png"), "PNG")
    assert (image.width(), image.height()) == (96, 96)  # the pack's own picture


def test_search_finds_pack_stickers_by_their_line(make_app, qtbot, tmp_path):
    PackRegistry().install(build_test_pack(tmp_path / "pack-src"))
    controller = make_app(factory=real_model).controller
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=20_000)
    controller.show_picker("")
    controller.picker.search_edit.insert("肚子餓")
    assert "meow-test/hungry" in controller.picker.visible_ids()


def test_picks_teach_the_ranking_and_forgetting_undoes_it(make_app, qtbot):
    controller = make_app(factory=real_model).controller
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=20_000)
    target = "m077"
    kind = ["今天的報告寫完了嗎", "期末報告寫不完了", "報告明天就要交了", "我的報告還沒開始寫", "報告寫到半夜三點"]
    for message in kind:
        controller.show_picker(message)
        qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
        controller.picker.chosen.emit(target)
        qtbot.waitUntil(lambda: not controller.picker.isVisible(), timeout=5_000)
    controller.show_picker("報告寫好了沒")
    qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
    assert target in controller.picker.visible_ids()[:3]
    controller.picker.close_picker()

    with qtbot.waitSignal(controller.inference.memory_cleared, timeout=5_000):
        controller.tray.clear_memory_action.trigger()
    controller.show_picker("報告寫好了沒")
    qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
    assert target not in controller.picker.visible_ids()[:3]


def test_learning_off_ranks_as_the_model_alone(make_app, qtbot):
    controller = make_app(factory=real_model).controller
    qtbot.waitUntil(lambda: controller.inference.is_ready, timeout=20_000)
    controller.apply_settings(replace(controller.settings, learn_from_picks=False))
    alone = [r.sticker.id for r in Recommender().recommend("報告寫好了沒", k=12)]
    for _ in range(5):
        controller.show_picker("報告明天就要交了")
        qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
        controller.picker.chosen.emit("m077")
        qtbot.waitUntil(lambda: not controller.picker.isVisible(), timeout=5_000)
    controller.usage.clear()  # recents and stars aside: only learning is under test
    controller.show_picker("報告寫好了沒")
    qtbot.waitUntil(lambda: controller.picker.isVisible(), timeout=5_000)
    assert controller.picker.visible_ids() == alone


def test_the_settings_dialog_lists_toggles_and_adds_packs(qtbot, tmp_path):
    dialog = SettingsDialog(Settings(), tmp_path / "s.json")
    qtbot.addWidget(dialog)
    changed = []
    dialog.packs_changed.connect(lambda: changed.append(1))
    panel = dialog.packs_panel
    assert panel.add(build_test_pack(tmp_path / "pack-src"))
    pack_list = dialog.findChild(QListWidget, "packList")
    assert "meow-test" in pack_list.item(0).text() and "20" in pack_list.item(0).text()
    pack_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert PackRegistry().enabled_packs() == [] and len(changed) == 2
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.json").write_text("{not json", encoding="utf-8")
    assert not panel.add(broken)
    assert "pack.json" in dialog.findChild(QLabel, "packMessage").text()
    pack_list.setCurrentRow(0)
    dialog.findChild(QPushButton, "removePackButton").click()
    assert PackRegistry().list_packs() == []
