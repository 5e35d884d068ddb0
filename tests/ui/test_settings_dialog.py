"""The settings dialog, driven through its widgets as a person would (offscreen)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from checkpoints import break_label_mapping
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFileDialog, QLabel, QLineEdit, QPushButton, QSpinBox

from mygo_desktop.core import autostart
from mygo_desktop.core.settings import Settings, load_settings
from mygo_desktop.ui import i18n
from mygo_desktop.ui.settings_dialog import SettingsDialog


@pytest.fixture
def settings_path(tmp_path) -> Path:
    return tmp_path / "conf" / "settings.json"


@pytest.fixture
def autostart_entry(isolated_user_dirs) -> Path:
    return isolated_user_dirs / "xdg_config_home" / "autostart" / "mygo-desktop.desktop"


@pytest.fixture
def open_dialog(qtbot, settings_path):
    def make(settings: Settings | None = None, **kwargs) -> SettingsDialog:
        backend = kwargs.pop("autostart", autostart.XdgAutostart(["/usr/bin/mygo-desktop"]))
        dialog = SettingsDialog(settings or Settings(), settings_path, autostart=backend, **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def child(dialog, kind, name):
    widget = dialog.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def press_hotkey(qtbot, dialog, key, modifiers=CTRL_SHIFT) -> QLineEdit:
    """Click into the hotkey field and press a combination, as a person sets a shortcut."""
    edit = child(dialog, QLineEdit, "hotkeyEdit")
    edit.setFocus()
    qtbot.keyClick(edit, key, modifiers)
    return edit


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    edit.del_()
    qtbot.keyClicks(edit, text)


def choose(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def click(qtbot, dialog, name: str) -> None:
    qtbot.mouseClick(child(dialog, QPushButton, name), Qt.MouseButton.LeftButton)


def error_text(dialog) -> str:
    label = child(dialog, QLabel, "errorLabel")
    return label.text() if label.isVisible() else ""


def test_widgets_show_the_given_settings(open_dialog):
    given = Settings(
        hotkey="<ctrl>+<shift>+m",  # written by an earlier version: shown as people write it
        text_source="clipboard",
        candidates=33,
        model_dir="/some/model",
        copy_mode="image_and_text",
        paste_after_copy=True,
        start_at_login=True,
        language="en",
        hotkey_enabled=False,
    )
    dialog = open_dialog(given)
    assert child(dialog, QLineEdit, "hotkeyEdit").text() == "Ctrl+Shift+M"
    assert not child(dialog, QLineEdit, "hotkeyEdit").isEnabled()
    assert child(dialog, QComboBox, "textSourceCombo").currentData() == "clipboard"
    assert child(dialog, QSpinBox, "candidatesSpin").value() == 33
    assert child(dialog, QLineEdit, "modelDirEdit").text() == "/some/model"
    assert child(dialog, QComboBox, "copyModeCombo").currentData() == "image_and_text"
    assert child(dialog, QCheckBox, "pasteAfterCopyCheck").isChecked()
    assert child(dialog, QCheckBox, "startAtLoginCheck").isChecked()
    assert child(dialog, QComboBox, "languageCombo").currentData() == "en"
    assert error_text(dialog) == ""


def test_ok_saves_what_was_entered(qtbot, open_dialog, settings_path, tiny_ngram_dir, tmp_path, autostart_entry):
    images = tmp_path / "my images"
    images.mkdir()
    dialog = open_dialog()
    assert press_hotkey(qtbot, dialog, Qt.Key.Key_M).text() == "Ctrl+Shift+M"
    choose(child(dialog, QComboBox, "textSourceCombo"), "clipboard")
    spin = child(dialog, QSpinBox, "candidatesSpin")
    spin.selectAll()
    qtbot.keyClicks(spin, "25")
    type_into(qtbot, child(dialog, QLineEdit, "modelDirEdit"), str(tiny_ngram_dir))
    type_into(qtbot, child(dialog, QLineEdit, "imageFolderEdit"), str(images))
    choose(child(dialog, QComboBox, "copyModeCombo"), "image_and_text")
    child(dialog, QCheckBox, "pasteAfterCopyCheck").setChecked(True)
    child(dialog, QCheckBox, "startAtLoginCheck").setChecked(True)
    choose(child(dialog, QComboBox, "languageCombo"), "en")

    with qtbot.waitSignal(dialog.settings_saved, timeout=60_000) as saved:
        click(qtbot, dialog, "okButton")

    expected = Settings(
        hotkey="Ctrl+Shift+M",
        text_source="clipboard",
        candidates=25,
        model_dir=str(tiny_ngram_dir),
        image_folder=str(images),
        copy_mode="image_and_text",
        paste_after_copy=True,
        start_at_login=True,
        language="en",
    )
    assert saved.args == [expected]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_settings() == expected
    raw = json.loads(settings_path.read_text(encoding="utf-8"))
    assert raw["candidates"] == 25 and raw["hotkey"] == "Ctrl+Shift+M"
    assert load_settings(settings_path).settings == expected
    assert autostart_entry.is_file()  # start at login was applied, in the isolated config dir
    assert "Exec=/usr/bin/mygo-desktop" in autostart_entry.read_text(encoding="utf-8")


def _refused(qtbot, dialog, settings_path, model_check: bool = False) -> str:
    with qtbot.assertNotEmitted(dialog.settings_saved):
        if model_check:  # the model loads on a worker thread; the answer comes back as a signal
            with qtbot.waitSignal(dialog.model_checked, timeout=30_000):
                click(qtbot, dialog, "okButton")
        else:
            click(qtbot, dialog, "okButton")
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not settings_path.exists()
    message = error_text(dialog)
    assert message and "\n" not in message
    return message


def test_missing_model_folder_is_refused_inline(qtbot, open_dialog, settings_path, tmp_path, autostart_entry):
    dialog = open_dialog()
    child(dialog, QCheckBox, "startAtLoginCheck").setChecked(True)
    type_into(qtbot, child(dialog, QLineEdit, "modelDirEdit"), str(tmp_path / "no-such-model"))
    message = _refused(qtbot, dialog, settings_path, model_check=True)
    assert "no-such-model" in message
    assert not autostart_entry.exists()  # nothing applied either
    assert dialog.result_settings() == Settings()


def test_broken_model_folder_is_refused_with_the_loaders_message(
    qtbot, open_dialog, settings_path, tiny_ngram_dir, tmp_path
):
    broken = tmp_path / "broken-model"
    shutil.copytree(tiny_ngram_dir, broken)
    break_label_mapping(broken)
    dialog = open_dialog()
    type_into(qtbot, child(dialog, QLineEdit, "modelDirEdit"), str(broken))
    message = _refused(qtbot, dialog, settings_path, model_check=True)
    assert "label_mapping" in message

    # Fixing the field and pressing OK again saves, and the message goes away.
    type_into(qtbot, child(dialog, QLineEdit, "modelDirEdit"), "")
    with qtbot.waitSignal(dialog.settings_saved):
        click(qtbot, dialog, "okButton")
    assert load_settings(settings_path).settings == Settings()
    assert error_text(dialog) == ""


def test_a_pasted_hotkey_in_the_readme_spelling_is_accepted(qtbot, open_dialog, settings_path):
    dialog = open_dialog()
    child(dialog, QLineEdit, "hotkeyEdit").setText("ctrl+alt+m")  # pasted, not pressed
    with qtbot.waitSignal(dialog.settings_saved):
        click(qtbot, dialog, "okButton")
    assert load_settings(settings_path).settings.hotkey == "Ctrl+Alt+M"


def test_an_empty_hotkey_is_refused(qtbot, open_dialog, settings_path):
    dialog = open_dialog()
    edit = press_hotkey(qtbot, dialog, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier)
    assert edit.text() == ""
    assert "快捷鍵" in _refused(qtbot, dialog, settings_path)


def test_missing_image_folder_is_refused(qtbot, open_dialog, settings_path, tmp_path):
    dialog = open_dialog()
    type_into(qtbot, child(dialog, QLineEdit, "imageFolderEdit"), str(tmp_path / "nowhere"))
    assert "nowhere" in _refused(qtbot, dialog, settings_path)


def test_cancel_saves_nothing(qtbot, open_dialog, settings_path, autostart_entry):
    dialog = open_dialog()
    press_hotkey(qtbot, dialog, Qt.Key.Key_M)
    child(dialog, QSpinBox, "candidatesSpin").setValue(3)
    child(dialog, QCheckBox, "startAtLoginCheck").setChecked(True)
    with qtbot.assertNotEmitted(dialog.settings_saved):
        click(qtbot, dialog, "cancelButton")
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()
    assert not settings_path.exists()
    assert not autostart_entry.exists()
    assert dialog.result_settings() == Settings()


def test_turning_start_at_login_off_removes_the_entry(qtbot, open_dialog, settings_path, autostart_entry):
    backend = autostart.XdgAutostart(["/usr/bin/mygo-desktop"])
    backend.enable()
    dialog = open_dialog(Settings(start_at_login=True), autostart=backend)
    child(dialog, QCheckBox, "startAtLoginCheck").setChecked(False)
    with qtbot.waitSignal(dialog.settings_saved):
        click(qtbot, dialog, "okButton")
    assert not autostart_entry.exists()
    assert load_settings(settings_path).settings.start_at_login is False


def test_autostart_failure_is_shown_and_nothing_saved(qtbot, open_dialog, settings_path, isolated_user_dirs):
    (isolated_user_dirs / "xdg_config_home" / "autostart").write_text("a file where the folder should be")
    dialog = open_dialog()
    child(dialog, QCheckBox, "startAtLoginCheck").setChecked(True)
    assert "autostart" in _refused(qtbot, dialog, settings_path)


def test_browse_fills_the_model_folder(qtbot, open_dialog, monkeypatch, tiny_ngram_dir):
    asked = []

    def fake_dialog(parent, caption, start):
        asked.append(start)
        return str(tiny_ngram_dir)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(fake_dialog))
    dialog = open_dialog()
    click(qtbot, dialog, "modelDirBrowseButton")
    assert child(dialog, QLineEdit, "modelDirEdit").text() == str(tiny_ngram_dir)
    assert asked and asked[0]


def test_english_labels(qtbot, open_dialog):
    i18n.set_language("en")
    try:
        dialog = open_dialog()
    finally:
        i18n.set_language("zh_TW")
    assert child(dialog, QPushButton, "okButton").text() == "OK"
    assert child(dialog, QCheckBox, "startAtLoginCheck").text() == "Start at login"
    chinese = open_dialog()
    assert child(chinese, QPushButton, "okButton").text() == "確定"


# --- the hotkey field -----------------------------------------------------------------------


def problem_text(dialog) -> str:
    label = child(dialog, QLabel, "hotkeyProblemLabel")
    return label.text() if label.isVisible() else ""


def test_an_unusable_combination_says_why_and_the_message_clears_when_fixed(qtbot, open_dialog, settings_path):
    dialog = open_dialog()
    press_hotkey(qtbot, dialog, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert "Ctrl+C" in problem_text(dialog) and "複製" in problem_text(dialog)
    assert "Ctrl+C" in _refused(qtbot, dialog, settings_path)
    press_hotkey(qtbot, dialog, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert child(dialog, QLineEdit, "hotkeyEdit").text() == "Ctrl+Alt+G"
    assert problem_text(dialog) == "" and error_text(dialog) == ""


def test_a_plain_key_is_refused_with_a_reason(qtbot, open_dialog):
    dialog = open_dialog()
    press_hotkey(qtbot, dialog, Qt.Key.Key_G, Qt.KeyboardModifier.NoModifier)
    assert "Ctrl" in problem_text(dialog)


def test_backspace_clears_and_tab_moves_on(qtbot, open_dialog):
    dialog = open_dialog()
    edit = press_hotkey(qtbot, dialog, Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)
    assert edit.text() == "F5" and problem_text(dialog) == ""
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == ""
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert not edit.hasFocus()


def test_the_field_speaks_english_too(qtbot, open_dialog):
    i18n.set_language("en")
    try:
        dialog = open_dialog()
        press_hotkey(qtbot, dialog, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert "already paste" in problem_text(dialog)
    finally:
        i18n.set_language("zh_TW")
