"""The tray menu: every entry is there, in Traditional Chinese first, and does what it says."""

import pytest
from PySide6.QtGui import QAction

from mygo_desktop.ui import i18n
from mygo_desktop.ui.tray import Tray

ENTRIES = {
    "showAction": ("顯示貼圖選單", "Show picker", "show_picker_requested"),
    "pauseAction": ("暫停快捷鍵", "Pause hotkey", "pause_toggled"),
    "downloadAction": ("下載全部圖片", "Download all images", "download_all_requested"),
    "settingsAction": ("設定…", "Settings…", "settings_requested"),
    "openFolderAction": ("開啟圖片資料夾", "Open image folder", "open_folder_requested"),
    "clearMemoryAction": ("清除學到的選擇", "Forget learned picks", "clear_memory_requested"),
    "aboutAction": ("關於", "About", "about_requested"),
    "quitAction": ("結束", "Quit", "quit_requested"),
}


@pytest.fixture
def language():
    yield i18n.set_language
    i18n.set_language("zh_TW")


@pytest.mark.parametrize("lang, column", [("zh_TW", 0), ("en", 1)])
def test_menu_entries_in_each_language(qapp, language, lang, column):
    language(lang)
    tray = Tray()
    texts = {a.objectName(): a.text() for a in tray.menu.findChildren(QAction) if a.objectName()}
    assert texts == {name: entry[column] for name, entry in ENTRIES.items()}


@pytest.mark.parametrize("name", list(ENTRIES))
def test_each_entry_emits_its_signal(qapp, qtbot, name):
    tray = Tray()
    action = tray.menu.findChild(QAction, name)
    with qtbot.waitSignal(getattr(tray, ENTRIES[name][2])):
        action.trigger()


def test_pause_is_a_toggle(qapp, qtbot):
    tray = Tray()
    with qtbot.waitSignal(tray.pause_toggled) as paused:
        tray.pause_action.trigger()
    assert paused.args == [True]
    with qtbot.waitSignal(tray.pause_toggled) as resumed:
        tray.pause_action.trigger()
    assert resumed.args == [False]
