"""The app's behaviour: hotkey -> capture -> inference -> picker -> image -> clipboard.

The controller receives every collaborator ready-made (``app.build_app`` assembles them) and
only connects and reacts. Everything here runs on the main thread; inference and images run
on their own threads and answer with signals, so the UI never waits on the model, the disk
or the network.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from mygo_desktop.core.catalog import Catalog
from mygo_desktop.core.events import EventLog
from mygo_desktop.core.hotkeys import display_hotkey
from mygo_desktop.core.settings import Settings
from mygo_desktop.core.usage import UsageStore
from mygo_desktop.ui import hotkey as hotkeys
from mygo_desktop.ui.about import show_about
from mygo_desktop.ui.clipboard import capture_text
from mygo_desktop.ui.download_report import report
from mygo_desktop.ui.i18n import set_language, tr
from mygo_desktop.ui.image_service import DownloadSummary, ImageService
from mygo_desktop.ui.no_tray import NoTrayWindow
from mygo_desktop.ui.picker import PickerWindow
from mygo_desktop.ui.picker_flow import PickerFlow
from mygo_desktop.ui.single_instance import InstanceServer
from mygo_desktop.ui.theme import apply_theme
from mygo_desktop.ui.toast import Toast
from mygo_desktop.ui.tray import Tray
from mygo_desktop.ui.worker import InferenceService

logger = logging.getLogger(__name__)

NO_TRAY_CHECK_MS = 3500  # a tray host that starts with the session has docked by then


class HotkeySource(Protocol):
    """What the controller needs from a global hotkey (``HotkeyBridge``, or a fake in tests)."""

    pressed: Any  # a bound Signal
    unavailable: Any

    def start(self, hotkey: str) -> bool: ...

    def stop(self) -> None: ...


@dataclass
class Services:
    """Everything the controller works with, made by ``app.build_app``."""

    settings: Settings
    settings_path: Path
    catalog: Catalog
    inference: InferenceService
    images: ImageService
    hotkey: Any  # a HotkeySource
    tray: Tray
    picker: PickerWindow
    toast: Toast
    server: InstanceServer
    events: EventLog
    usage: UsageStore
    log_path: Path | None = None
    settings_problem: str = ""


class AppController(QObject):
    def __init__(self, services: Services, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self.settings = services.settings
        self.settings_path = services.settings_path
        self.catalog = services.catalog
        self.inference = services.inference
        self.images = services.images
        self.hotkey: HotkeySource = services.hotkey
        self.tray = services.tray
        self.picker = services.picker
        self.toast = services.toast
        self.server = services.server
        self.events = services.events
        self.usage = services.usage
        self.no_tray: NoTrayWindow | None = None
        self._folder_box: QMessageBox | None = None
        self._model_error = ""
        self.flow = PickerFlow(
            self.catalog,
            self.picker,
            self.inference,
            self.images,
            self.usage,
            self.toast,
            self.events,
            settings=lambda: self.settings,
            not_ready_status=lambda: self._model_error or tr("模型載入中…", "Loading the model…"),
            parent=self,
        )
        self.thumbnails = self.flow.thumbnails

    # --- start-up -----------------------------------------------------------------------

    def start(self) -> None:
        """Connect everything, then start the model load and the hotkey (neither blocks)."""
        self._connect()
        self.tray.set_hotkey(self._shown_hotkey())
        self.tray.show()
        self.events.emit("tray_shown")
        self.inference.load(self.settings.model_dir)
        self.thumbnails.preload()
        if self.settings.hotkey_enabled:
            self.hotkey.start(self.settings.hotkey)
        for problem in (self.services.settings_problem, self.usage.problem):
            if problem:
                self.tray.notify("mygo-desktop", problem, warning=True)
        QTimer.singleShot(0 if not self.tray.available() else NO_TRAY_CHECK_MS, self, self._check_tray)
        self.events.emit("started")

    def _shown_hotkey(self) -> str:
        return display_hotkey(self.settings.hotkey) if self.settings.hotkey_enabled else ""

    def _check_tray(self) -> None:
        """No system tray (GNOME without its extension): say so in a window, or the app is invisible."""
        if self.tray.available() or self.no_tray is not None:
            return
        logger.warning("no system tray: showing the no-tray window")
        self.no_tray = NoTrayWindow(self._shown_hotkey())
        self.no_tray.show_picker_requested.connect(lambda: self.show_picker(""))
        self.no_tray.settings_requested.connect(self._open_settings)
        self.no_tray.quit_requested.connect(QApplication.quit)
        self.no_tray.show()
        self.events.emit("no_tray_window_shown")

    def _connect(self) -> None:
        self.server.message_received.connect(self._on_instance_message)
        self.tray.show_picker_requested.connect(self.show_picker_for_selection)
        self.tray.pause_toggled.connect(self._on_pause_toggled)
        self.tray.download_all_requested.connect(self._on_download_all)
        self.tray.settings_requested.connect(self._open_settings)
        self.tray.open_folder_requested.connect(self._open_image_folder)
        self.tray.clear_memory_requested.connect(self.inference.clear_memory)
        self.inference.memory_cleared.connect(self._on_memory_cleared)
        self.inference.notice.connect(lambda problem: self.tray.notify("mygo-desktop", problem, warning=True))
        self.inference.catalog_changed.connect(self._on_catalog_changed)
        self.tray.about_requested.connect(self._show_about)
        self.tray.quit_requested.connect(QApplication.quit)
        self.tray.docked.connect(lambda x, y, w, h: self.events.emit("tray_docked", geometry=[x, y, w, h]))
        self.tray.menu_opened.connect(lambda: self.events.emit("tray_menu_opened"))
        if hasattr(self.hotkey, "registered"):
            self.hotkey.registered.connect(lambda key: self.events.emit("hotkey_registered", hotkey=key))
        self.hotkey.pressed.connect(self._on_hotkey)
        self.hotkey.unavailable.connect(self._on_hotkey_unavailable)
        self.inference.ready.connect(self._on_model_ready)
        self.inference.load_failed.connect(self._on_model_failed)
        self.images.download_progress.connect(self._on_download_progress)
        self.images.download_finished.connect(self._on_download_finished)

    # --- the main path ------------------------------------------------------------------

    @Slot()
    def _on_hotkey(self) -> None:
        logger.info("hotkey pressed")
        self.events.emit("hotkey_pressed")
        simulate_copy = None
        if self.settings.text_source == "selection":

            def simulate_copy() -> None:
                hotkeys.release_modifiers_and_press(*hotkeys.copy_shortcut())

        capture_text(self.settings.text_source, self.show_picker, simulate_copy=simulate_copy)

    @Slot()
    def show_picker_for_selection(self) -> None:
        """Open the picker for what is selected (or on the clipboard), without a key press."""
        capture_text(self.settings.text_source, self.show_picker)

    def show_picker(self, text: str) -> None:
        """Open the picker for ``text`` (ranked in its first frame when the model is ready)."""
        self.flow.show(text)

    # --- model, hotkey, instance messages -----------------------------------------------

    @Slot()
    def _on_model_ready(self) -> None:
        self._model_error = ""
        self.tray.set_status(self._idle_status())
        if self.picker.isVisible():
            self.picker.set_status("")
        self.events.emit("model_ready")

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self._model_error = tr(f"模型無法載入：{message}", f"The model could not be loaded: {message}")
        self.tray.set_status(tr("模型載入失敗", "Model failed to load"))
        self.tray.notify(
            tr("模型載入失敗", "The model failed to load"),
            message + tr("\n請在設定中選擇其他模型資料夾。", "\nChoose another model folder in Settings."),
            warning=True,
        )
        self.picker.set_status(message)
        self.events.emit("model_failed", message=message)

    @Slot(str)
    def _on_hotkey_unavailable(self, reason: str) -> None:
        logger.warning("hotkey unavailable: %s", reason)
        self.tray.notify(
            tr("無法註冊快捷鍵", "The hotkey could not be registered"),
            tr(
                f"{reason}\n請在桌面的鍵盤設定中把快捷鍵綁定到：mygo-desktop show",
                f"{reason}\nBind a shortcut in your desktop's keyboard settings to: mygo-desktop show",
            ),
            warning=True,
        )
        self.events.emit("hotkey_unavailable", reason=reason)

    @Slot(bool)
    def _on_pause_toggled(self, paused: bool) -> None:
        if paused:
            self.hotkey.stop()
        else:
            self.hotkey.start(self.settings.hotkey)
        self.tray.set_status(self._idle_status())

    @Slot(dict)
    def _on_instance_message(self, message: dict) -> None:
        if message.get("cmd") == "reload_packs":  # `mygo-desktop pack add/remove/...` changed them
            self.inference.reload_packs()
            return
        if message.get("cmd") != "show":
            return
        text = message.get("text")
        if isinstance(text, str):
            self.show_picker(text)
        else:
            self.show_picker_for_selection()

    # --- tray actions -------------------------------------------------------------------

    def _on_download_all(self) -> None:
        self.tray.download_action.setEnabled(False)
        self.images.download_all(list(self.catalog))

    @Slot(int, int, int)
    def _on_download_progress(self, done: int, failed: int, total: int) -> None:
        self.tray.set_status(tr(f"下載圖片 {done + failed}/{total}", f"Downloading images {done + failed}/{total}"))

    @Slot(object)
    def _on_download_finished(self, summary: DownloadSummary) -> None:
        self.tray.download_action.setEnabled(True)
        self.tray.set_status(self._idle_status())
        title, message, warning = report(summary)
        self.tray.notify(title, message, warning=warning)
        self.thumbnails.forget_images()
        self.events.emit(
            "download_all_finished",
            done=summary.total - summary.failed,
            failed=summary.failed,
            downloaded=summary.downloaded,
            message=message,
        )

    def _idle_status(self) -> str:
        if self._model_error:
            return tr("模型載入失敗", "Model failed to load")
        if not self.inference.is_ready:
            return tr("模型載入中…", "Loading the model…")
        if self.tray.pause_action.isChecked():
            return tr("快捷鍵已暫停", "Hotkey paused")
        return tr("就緒", "Ready")

    def _open_settings(self) -> None:
        from mygo_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.settings_path)
        dialog.settings_saved.connect(self.apply_settings)
        dialog.packs_changed.connect(self.inference.reload_packs)
        dialog.exec()

    @Slot(object)
    def apply_settings(self, new: Settings) -> None:
        old, self.settings = self.settings, new
        if new.model_dir != old.model_dir:
            self.inference.load(new.model_dir)
        if new.image_folder != old.image_folder:
            self.images.set_user_folder(Path(new.image_folder) if new.image_folder else None)
            self.thumbnails.forget_images()
        if (new.hotkey, new.hotkey_enabled) != (old.hotkey, old.hotkey_enabled):
            self.hotkey.stop()
            if new.hotkey_enabled:
                self.hotkey.start(new.hotkey)
        if new.learn_from_picks != old.learn_from_picks:
            self.inference.set_learning(new.learn_from_picks)
        if new.picker_size != old.picker_size:
            self.picker.set_size(new.picker_size)
        if new.theme != old.theme:
            apply_theme(new.theme)
        if new.language != old.language:
            set_language(new.language)  # applies now: every window rewrites its texts
            self.tray.retranslate()
            self.picker.retranslate()
            self.tray.set_status(self._idle_status())
        self.tray.set_hotkey(self._shown_hotkey())
        if self.no_tray is not None:
            self.no_tray.set_hotkey(self._shown_hotkey())
            self.no_tray.retranslate()
        self.events.emit("settings_applied")

    def _open_image_folder(self) -> None:
        folder = self.images.open_folder_path()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.tray.notify(tr("無法開啟圖片資料夾", "Cannot open the image folder"), f"{folder}: {exc}", warning=True)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            # No file manager to hand the folder to: say where it is, selectable for copying.
            box = QMessageBox(QMessageBox.Icon.Information, tr("圖片資料夾", "Image folder"), "")
            box.setObjectName("folderPathBox")
            box.setText(
                tr(
                    f"找不到檔案管理員，圖片資料夾在：\n{folder}",
                    f"No file manager found. The images are in:\n{folder}",
                )
            )
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.show()
            self._folder_box = box
            self.events.emit("folder_path_shown", path=str(folder))

    @Slot(object)
    def _on_catalog_changed(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.flow.set_catalog(catalog)
        self.events.emit("catalog_changed", stickers=len(catalog))

    @Slot(str)
    def _on_memory_cleared(self, problem: str) -> None:
        if problem:
            self.tray.notify("mygo-desktop", problem, warning=True)
        else:
            self.tray.notify(
                tr("已清除學到的選擇", "Learned picks forgotten"),
                tr("排序回到只用模型與貼圖包。", "Rankings use the model and your packs only again."),
            )
        self.events.emit("memory_cleared", problem=problem)

    def _show_about(self) -> None:
        show_about(self.settings.hotkey, self.services.log_path)

    def excepthook(self, kind: type[BaseException], value: BaseException, traceback: Any) -> None:
        logger.critical("unexpected error", exc_info=(kind, value, traceback))
        self.tray.notify(tr("發生錯誤", "Something went wrong"), f"{kind.__name__}: {value}", warning=True)

    def install_excepthook(self) -> None:
        sys.excepthook = self.excepthook

    def shutdown(self) -> None:
        self.hotkey.stop()
        self.inference.shutdown()
        self.images.shutdown()
        self.server.close()
        if self.no_tray is not None:
            self.no_tray.deleteLater()
