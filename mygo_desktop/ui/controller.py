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

from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox

from mygo_desktop import __version__
from mygo_desktop.core.catalog import Catalog
from mygo_desktop.core.events import EventLog
from mygo_desktop.core.settings import Settings
from mygo_desktop.ui import hotkey as hotkeys
from mygo_desktop.ui.cards import render_card
from mygo_desktop.ui.clipboard import capture_text, copy_image
from mygo_desktop.ui.i18n import tr
from mygo_desktop.ui.image_service import ImageService
from mygo_desktop.ui.picker import PickerWindow
from mygo_desktop.ui.single_instance import InstanceServer
from mygo_desktop.ui.toast import Toast
from mygo_desktop.ui.tray import Tray
from mygo_desktop.ui.worker import InferenceService

logger = logging.getLogger(__name__)

PASTE_DELAY_MS = 150
DOWNLOAD_STATUS_DELAY_MS = 150  # only a copy that takes longer than this says "downloading"
CARD_THUMB = (160, 100)  # the grid's icon size: 157 cached cards stay under 10 MB


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
        self._waiting_copy: str | None = None
        self._model_error = ""
        self._card_icons: dict[str, QIcon] = {}
        self._download_status_timer = QTimer(self, singleShot=True, interval=DOWNLOAD_STATUS_DELAY_MS)
        self._download_status_timer.timeout.connect(self._show_downloading)

    # --- start-up -----------------------------------------------------------------------

    def start(self) -> None:
        """Connect everything, then start the model load and the hotkey (neither blocks)."""
        self._connect()
        self.tray.show()
        self.events.emit("tray_shown")
        self.inference.load(self.settings.model_dir)
        if self.settings.hotkey_enabled:
            self.hotkey.start(self.settings.hotkey)
        if self.services.settings_problem:
            self.tray.notify("mygo-desktop", self.services.settings_problem, warning=True)
        self.events.emit("started")

    def _connect(self) -> None:
        self.server.message_received.connect(self._on_instance_message)
        self.tray.show_picker_requested.connect(self.show_picker_for_selection)
        self.tray.pause_toggled.connect(self._on_pause_toggled)
        self.tray.download_all_requested.connect(self._on_download_all)
        self.tray.settings_requested.connect(self._open_settings)
        self.tray.open_folder_requested.connect(self._open_image_folder)
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
        self.inference.ranked.connect(self._on_ranked)
        self.inference.rank_failed.connect(self._on_rank_failed)
        self.picker.text_edited.connect(self._on_text_edited)
        self.picker.chosen.connect(self._on_chosen)
        self.images.thumbnail_ready.connect(self._on_thumbnail)
        self.images.image_ready.connect(self._on_image)
        self.images.download_progress.connect(self._on_download_progress)

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
        text = text.strip()[:2000]
        status = "" if self.inference.is_ready else (self._model_error or tr("模型載入中…", "Loading the model…"))
        self.picker.set_count(self.settings.candidates)
        self.picker.open_with(text, status)
        self._request_thumbnails()
        logger.info("picker opened (%d characters)", len(text))
        self.events.emit("picker_opened", chars=len(text))
        self.events.emit("picker_shown", ids=self.picker.visible_ids(), ranked=False)
        if text:
            self.inference.request(text)

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        if text.strip():
            self.inference.request(text)

    @Slot(int, object)
    def _on_ranked(self, _request_id: int, ranking: list[tuple[str, float]]) -> None:
        self.picker.set_status("")
        self.picker.set_ranking(ranking)
        self._request_thumbnails()
        self.events.emit("picker_shown", ids=self.picker.visible_ids(), ranked=True)

    @Slot(int, str)
    def _on_rank_failed(self, _request_id: int, message: str) -> None:
        self.picker.set_status(message)
        self.events.emit("rank_failed", message=message)

    def _request_thumbnails(self) -> None:
        for sticker_id in self.picker.visible_ids():
            self.picker.set_image(sticker_id, self._card_icon(sticker_id))
            self.images.request_thumbnail(self.catalog.by_id(sticker_id))

    def _card_icon(self, sticker_id: str) -> QIcon:
        if sticker_id not in self._card_icons:
            image = render_card(self.catalog.by_id(sticker_id).quote, *CARD_THUMB)
            self._card_icons[sticker_id] = QIcon(QPixmap.fromImage(image))
        return self._card_icons[sticker_id]

    @Slot(str, str, str)
    def _on_thumbnail(self, sticker_id: str, path: str, full_path: str) -> None:
        if path and self.picker.isVisible():
            self.picker.set_image(sticker_id, QIcon(path), full_path or None)

    @Slot(str)
    def _on_chosen(self, sticker_id: str) -> None:
        # Finding the file may rescan a folder or decode an image: the image thread does it.
        self._waiting_copy = sticker_id
        self._download_status_timer.start()
        self.images.request_image(self.catalog.by_id(sticker_id))

    def _show_downloading(self) -> None:
        if self._waiting_copy is not None:
            self.picker.set_status(tr("下載圖片中…", "Downloading the image…"))

    @Slot(str, str, str)
    def _on_image(self, sticker_id: str, path: str, reason: str) -> None:
        if sticker_id == self._waiting_copy:
            self._waiting_copy = None
            self._download_status_timer.stop()
            self._copy(sticker_id, path, reason)

    def _copy(self, sticker_id: str, path: str, reason: str) -> None:
        sticker = self.catalog.by_id(sticker_id)
        image = QImage(path) if path else QImage()
        card = image.isNull()
        if card:
            logger.warning("no image for %s (%s); copying the offline card", sticker_id, reason or "unreadable")
            image = render_card(sticker.quote)
        text = sticker.quote if self.settings.copy_mode == "image_and_text" else None
        copy_image(image, text)
        logger.info("copied %s %dx%d", sticker_id, image.width(), image.height())
        self.events.emit("copied", id=sticker_id, width=image.width(), height=image.height(), card=card)
        self.picker.close_picker()
        self.toast.show_message(tr("已複製", "Copied") + f"：{sticker.quote}")
        if self.settings.paste_after_copy:
            QTimer.singleShot(PASTE_DELAY_MS, lambda: hotkeys.release_modifiers_and_press(*hotkeys.paste_shortcut()))

    # --- model, hotkey, instance messages -----------------------------------------------

    @Slot()
    def _on_model_ready(self) -> None:
        self._model_error = ""
        self.tray.set_status(tr("就緒", "Ready"))
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
            self.tray.set_status(tr("快捷鍵已暫停", "Hotkey paused"))
        else:
            self.hotkey.start(self.settings.hotkey)
            self.tray.set_status(tr("就緒", "Ready"))

    @Slot(dict)
    def _on_instance_message(self, message: dict) -> None:
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
        if done + failed == total:
            self.tray.download_action.setEnabled(True)
            self.tray.notify(
                tr("圖片下載完成", "Images downloaded"),
                tr(f"成功 {done} 張，失敗 {failed} 張", f"{done} downloaded, {failed} failed"),
                warning=failed > 0,
            )
            self.events.emit("download_all_finished", done=done, failed=failed)

    def _open_settings(self) -> None:
        from mygo_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.settings_path)
        dialog.settings_saved.connect(self.apply_settings)
        dialog.exec()

    @Slot(object)
    def apply_settings(self, new: Settings) -> None:
        old, self.settings = self.settings, new
        if new.model_dir != old.model_dir:
            self.inference.load(new.model_dir)
        if new.image_folder != old.image_folder:
            self.images.set_user_folder(Path(new.image_folder) if new.image_folder else None)
        if (new.hotkey, new.hotkey_enabled) != (old.hotkey, old.hotkey_enabled):
            self.hotkey.stop()
            if new.hotkey_enabled:
                self.hotkey.start(new.hotkey)
        if new.language != old.language:
            self.tray.notify("mygo-desktop", tr("語言將在重新啟動後套用。", "The language applies after a restart."))
        self.events.emit("settings_applied")

    def _open_image_folder(self) -> None:
        folder = self.images.open_folder_path()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.tray.notify(tr("無法開啟圖片資料夾", "Cannot open the image folder"), f"{folder}: {exc}", warning=True)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _show_about(self) -> None:
        log = self.services.log_path
        QMessageBox.about(
            None,
            tr("關於 mygo-desktop", "About mygo-desktop"),
            tr(
                f"mygo-desktop {__version__}\n選取訊息、按 {self.settings.hotkey}，用 MyGO 圖回覆。\n記錄檔：{log}",
                f"mygo-desktop {__version__}\nSelect a message, press {self.settings.hotkey}, "
                f"answer with a MyGO sticker.\nLog: {log}",
            ),
        )

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
