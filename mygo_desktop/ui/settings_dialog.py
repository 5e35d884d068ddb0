"""The settings dialog: edits a copy of :class:`Settings`; OK checks, applies and saves it.

Nothing is written until every value has been checked: the hotkey (pressed, not typed) is usable, a model folder is
actually loaded with :class:`Recommender` (on a worker thread: seconds for a torch checkpoint), the image
folder must exist. A problem is shown inline as one line and OK is refused. Cancel changes
nothing. The language takes effect where the receiver of ``settings_saved`` applies it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mygo_desktop.core import autostart as autostart_mod
from mygo_desktop.core.errors import MygoError
from mygo_desktop.core.hotkeys import HotkeyError, display_hotkey, parse_hotkey
from mygo_desktop.core.settings import Settings, save_settings
from mygo_desktop.ui.hotkey_edit import HotkeyEdit
from mygo_desktop.ui.i18n import tr
from mygo_desktop.ui.packs_panel import PacksPanel

logger = logging.getLogger(__name__)


def _load_model(path: Path) -> None:
    from mygo_desktop.core.model.recommender import Recommender  # torch: only when a folder is checked

    Recommender(path)


class SettingsDialog(QDialog):
    """Edits settings; emits ``settings_saved(Settings)`` after a successful OK."""

    settings_saved = Signal(object)
    packs_changed = Signal()  # packs apply at once, whether the dialog is then saved or not
    model_checked = Signal(object, str)  # the settings being saved, the model's problem ("" = loads)

    def __init__(
        self,
        settings: Settings,
        settings_path: Path,
        parent: QWidget | None = None,
        *,
        autostart: autostart_mod.Autostart | None = None,
        model_loader: Callable[[Path], object] = _load_model,
    ):
        super().__init__(parent)
        self._initial = Settings(**asdict(settings))
        self._result = Settings(**asdict(settings))
        self._path = Path(settings_path)
        self._autostart = autostart if autostart is not None else autostart_mod.for_platform()
        self._model_loader = model_loader
        self._checking_model = False
        self._error_widget: QWidget | None = None
        self.model_checked.connect(self._on_model_checked)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr("mygo-desktop 設定", "mygo-desktop settings"))
        self.setMinimumWidth(520)
        self._build()
        self._show_settings(settings)

    # --- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        form = QFormLayout()
        self.hotkey_enabled_check = self._named(
            QCheckBox(tr("啟用全域快捷鍵", "Enable the global hotkey")), "hotkeyEnabledCheck"
        )
        self.hotkey_edit = self._named(HotkeyEdit(), "hotkeyEdit")
        self.hotkey_edit.setToolTip(
            tr("點這裡，再按下想用的組合；Backspace 清除", "Click here, then press the combination; Backspace clears")
        )
        self.hotkey_problem_label = self._named(QLabel(), "hotkeyProblemLabel")
        self.hotkey_problem_label.setStyleSheet("color: #b00020;")
        self.hotkey_problem_label.setWordWrap(True)
        self.hotkey_problem_label.hide()
        self.hotkey_edit.problem_changed.connect(self._on_hotkey_problem)
        self.hotkey_enabled_check.toggled.connect(self.hotkey_edit.setEnabled)
        form.addRow(tr("快捷鍵：", "Hotkey:"), self.hotkey_edit)
        form.addRow("", self.hotkey_problem_label)
        form.addRow("", self.hotkey_enabled_check)

        self.text_source_combo = self._named(QComboBox(), "textSourceCombo")
        self.text_source_combo.addItem(tr("選取的文字", "Selected text"), "selection")
        self.text_source_combo.addItem(tr("剪貼簿", "Clipboard"), "clipboard")
        form.addRow(tr("訊息來源：", "Text source:"), self.text_source_combo)

        self.candidates_spin = self._named(QSpinBox(), "candidatesSpin")
        self.candidates_spin.setRange(1, 60)
        form.addRow(tr("候選貼圖數：", "Candidates:"), self.candidates_spin)

        self.model_dir_edit = self._named(QLineEdit(), "modelDirEdit")
        self.model_dir_edit.setPlaceholderText(tr("（空白：內建模型）", "(empty: the shipped model)"))
        form.addRow(tr("模型資料夾：", "Model folder:"), self._with_browse(self.model_dir_edit, "modelDirBrowseButton"))

        self.image_folder_edit = self._named(QLineEdit(), "imageFolderEdit")
        self.image_folder_edit.setPlaceholderText(tr("（空白：下載的圖片）", "(empty: downloaded images)"))
        form.addRow(
            tr("圖片資料夾：", "Image folder:"), self._with_browse(self.image_folder_edit, "imageFolderBrowseButton")
        )

        self.copy_mode_combo = self._named(QComboBox(), "copyModeCombo")
        self.copy_mode_combo.addItem(tr("圖片", "Image"), "image")
        self.copy_mode_combo.addItem(tr("圖片和台詞文字", "Image and text"), "image_and_text")
        form.addRow(tr("複製內容：", "Copy:"), self.copy_mode_combo)

        self.paste_check = self._named(QCheckBox(tr("複製後自動貼上", "Paste after copying")), "pasteAfterCopyCheck")
        self.start_at_login_check = self._named(QCheckBox(tr("登入時啟動", "Start at login")), "startAtLoginCheck")
        form.addRow("", self.paste_check)
        form.addRow("", self.start_at_login_check)

        self.language_combo = self._named(QComboBox(), "languageCombo")
        self.language_combo.addItem("繁體中文", "zh_TW")
        self.language_combo.addItem("English", "en")
        form.addRow(tr("語言：", "Language:"), self.language_combo)

        self.picker_size_combo = self._named(QComboBox(), "pickerSizeCombo")
        self.picker_size_combo.addItem(tr("小", "Small"), "small")
        self.picker_size_combo.addItem(tr("中（預設）", "Medium (default)"), "medium")
        self.picker_size_combo.addItem(tr("大", "Large"), "large")
        form.addRow(tr("貼圖大小：", "Sticker size:"), self.picker_size_combo)

        self.theme_combo = self._named(QComboBox(), "themeCombo")
        self.theme_combo.addItem(tr("跟隨系統", "Follow the system"), "system")
        self.theme_combo.addItem(tr("淺色", "Light"), "light")
        self.theme_combo.addItem(tr("深色", "Dark"), "dark")
        form.addRow(tr("外觀：", "Appearance:"), self.theme_combo)

        self.learn_check = self._named(
            QCheckBox(tr("從我的選擇學習（只存在這台電腦）", "Learn from my picks (kept on this computer)")),
            "learnCheck",
        )
        form.addRow("", self.learn_check)
        self.packs_panel = PacksPanel()
        self.packs_panel.packs_changed.connect(self.packs_changed)

        self.error_label = self._named(QLabel(), "errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self._named(buttons.button(QDialogButtonBox.StandardButton.Ok), "okButton")
        self.ok_button.setText(tr("確定", "OK"))
        self.cancel_button = self._named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "cancelButton")
        self.cancel_button.setText(tr("取消", "Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.packs_panel)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    @staticmethod
    def _named(widget, name: str):
        widget.setObjectName(name)
        return widget

    def _with_browse(self, edit: QLineEdit, button_name: str) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        button = self._named(QPushButton(tr("瀏覽…", "Browse…")), button_name)
        button.clicked.connect(lambda: self._browse_into(edit))
        box.addWidget(edit, 1)
        box.addWidget(button)
        return row

    def _browse_into(self, edit: QLineEdit) -> None:
        start = edit.text().strip() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, tr("選擇資料夾", "Choose a folder"), start)
        if chosen:
            edit.setText(chosen)

    def _show_settings(self, settings: Settings) -> None:
        self.hotkey_edit.setText(display_hotkey(settings.hotkey))
        self.hotkey_enabled_check.setChecked(settings.hotkey_enabled)
        self.hotkey_edit.setEnabled(settings.hotkey_enabled)
        _select_data(self.text_source_combo, settings.text_source)
        self.candidates_spin.setValue(settings.candidates)
        self.model_dir_edit.setText(settings.model_dir)
        self.image_folder_edit.setText(settings.image_folder)
        _select_data(self.copy_mode_combo, settings.copy_mode)
        self.paste_check.setChecked(settings.paste_after_copy)
        self.start_at_login_check.setChecked(settings.start_at_login)
        _select_data(self.language_combo, settings.language)
        _select_data(self.picker_size_combo, settings.picker_size)
        _select_data(self.theme_combo, settings.theme)
        self.learn_check.setChecked(settings.learn_from_picks)

    # --- result ----------------------------------------------------------------------------

    def result_settings(self) -> Settings:
        """The saved settings after OK; the settings the dialog was opened with otherwise."""
        return Settings(**asdict(self._result))

    def _edited_settings(self) -> Settings:
        return Settings(
            hotkey=self.hotkey_edit.text().strip(),
            hotkey_enabled=self.hotkey_enabled_check.isChecked(),
            text_source=self.text_source_combo.currentData(),
            candidates=self.candidates_spin.value(),
            model_dir=_folder_text(self.model_dir_edit),
            image_folder=_folder_text(self.image_folder_edit),
            copy_mode=self.copy_mode_combo.currentData(),
            paste_after_copy=self.paste_check.isChecked(),
            start_at_login=self.start_at_login_check.isChecked(),
            language=self.language_combo.currentData(),
            picker_size=self.picker_size_combo.currentData(),
            theme=self.theme_combo.currentData(),
            learn_from_picks=self.learn_check.isChecked(),
        )

    @Slot(str)
    def _on_hotkey_problem(self, problem: str) -> None:
        self.hotkey_problem_label.setText(problem)
        self.hotkey_problem_label.setVisible(bool(problem))
        if not problem and self._error_widget is self.hotkey_edit:
            self.error_label.hide()  # OK was refused for the hotkey, which is fixed now

    def _show_error(self, message: str, widget: QWidget | None = None) -> None:
        logger.info("settings refused: %s", message)
        self._error_widget = widget
        self.error_label.setText(message)
        self.error_label.show()
        if widget is not None:
            widget.setFocus()

    def _problem(self, settings: Settings) -> tuple[str, QWidget | None] | None:
        """The first thing wrong with ``settings`` (message, widget), or None."""
        try:
            parse_hotkey(settings.hotkey)
        except HotkeyError as exc:
            return tr(f"快捷鍵無法使用：{exc.zh}", f"This hotkey cannot be used: {exc.en}"), self.hotkey_edit
        if settings.image_folder and not Path(settings.image_folder).is_dir():
            return tr(
                f"找不到圖片資料夾：{settings.image_folder}", f"Image folder not found: {settings.image_folder}"
            ), self.image_folder_edit
        return None

    def _check_model_in_background(self, settings: Settings) -> None:
        """Load the chosen model on a worker thread (seconds for a torch checkpoint); the
        answer comes back as ``model_checked`` on the main thread."""
        self._checking_model = True
        self.ok_button.setEnabled(False)
        self.error_label.setText(tr("檢查模型中…", "Checking the model…"))
        self.error_label.show()
        path = Path(settings.model_dir)

        def check() -> None:
            self.model_checked.emit(settings, self._model_problem(path))

        threading.Thread(target=check, name="model-check", daemon=True).start()

    def _model_problem(self, path: Path) -> str:
        """Load the model once; '' when it loads. Runs on a worker thread."""
        try:
            self._model_loader(path)
        except MygoError as exc:
            return str(exc)
        except Exception as exc:
            logger.exception("loading the model in %s failed", path)
            lines = str(exc).strip().splitlines()
            return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
        return ""

    @Slot(object, str)
    def _on_model_checked(self, settings: Settings, problem: str) -> None:
        self._checking_model = False
        self.ok_button.setEnabled(True)
        if problem:
            self._show_error(
                tr(f"無法使用這個模型：{problem}", f"This model cannot be used: {problem}"), self.model_dir_edit
            )
            return
        self._save(settings)

    def _apply_autostart(self, wanted: bool) -> None:
        if self._autostart.is_enabled() == wanted:
            return
        if wanted:
            self._autostart.enable()
        else:
            self._autostart.disable()

    @Slot()
    def accept(self) -> None:
        """Check (the model off the main thread), apply start-at-login, save; any failure is
        shown and the dialog stays open."""
        if self._checking_model:
            return
        settings = self._edited_settings()
        problem = self._problem(settings)
        if problem is not None:
            self._show_error(*problem)
            return
        if settings.model_dir:
            self._check_model_in_background(settings)
            return
        self._save(settings)

    def _save(self, settings: Settings) -> None:
        was_enabled = self._autostart.is_enabled()
        try:
            self._apply_autostart(settings.start_at_login)
        except autostart_mod.AutostartError as exc:
            self._show_error(
                tr(f"無法設定登入時啟動：{exc}", f"Cannot set start at login: {exc}"), self.start_at_login_check
            )
            return
        try:
            save_settings(settings, self._path)
        except OSError as exc:
            self._undo_autostart(was_enabled)
            self._show_error(tr(f"無法儲存設定：{exc}", f"Cannot save the settings: {exc}"))
            return
        self.error_label.hide()
        self._result = settings
        logger.info("settings saved to %s", self._path)
        super().accept()
        self.settings_saved.emit(Settings(**asdict(settings)))

    def _undo_autostart(self, was_enabled: bool) -> None:
        """Best effort: the file was not saved, so start-at-login goes back to how it was."""
        try:
            self._apply_autostart(was_enabled)
        except autostart_mod.AutostartError:
            logger.warning("could not restore start at login to %s", was_enabled, exc_info=True)


def _select_data(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _folder_text(edit: QLineEdit) -> str:
    text = edit.text().strip()
    return str(Path(text).expanduser()) if text else ""
