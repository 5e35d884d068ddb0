"""The app's wiring: hotkey -> capture -> inference -> picker -> image -> clipboard.

Everything here runs on the main thread; inference and images run on their own threads and
answer with signals, so the UI never waits on the model or the network.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from mygo_desktop import __version__
from mygo_desktop.core.catalog import Catalog, CatalogError, default_catalog
from mygo_desktop.core.images import ImageStore
from mygo_desktop.core.settings import Settings, default_settings_path, load_settings
from mygo_desktop.ui import hotkey as hotkeys
from mygo_desktop.ui.cards import render_card
from mygo_desktop.ui.clipboard import copy_image, selected_text
from mygo_desktop.ui.i18n import set_language, tr
from mygo_desktop.ui.image_service import ImageService
from mygo_desktop.ui.picker import PickerWindow
from mygo_desktop.ui.single_instance import InstanceServer
from mygo_desktop.ui.toast import Toast
from mygo_desktop.ui.tray import Tray, app_icon
from mygo_desktop.ui.worker import InferenceService

logger = logging.getLogger(__name__)

PASTE_DELAY_MS = 150
CARD_THUMB = (160, 100)  # the grid's icon size: 157 cached cards stay under 10 MB


class AppController(QObject):
    def __init__(self, socket: str, log_path: Path | None = None, settings_path: Path | None = None,
                 recommender_factory=None, store: ImageStore | None = None):
        super().__init__()
        self.settings_path = settings_path or default_settings_path()
        loaded = load_settings(self.settings_path)
        self.settings: Settings = loaded.settings
        self._settings_problem = loaded.problem
        set_language(self.settings.language)
        self.log_path = log_path
        self.socket = socket
        self.catalog: Catalog | None = None
        self._factory = recommender_factory
        self._store = store
        self._waiting_copy: str | None = None
        self._model_error = ""
        self._card_icons: dict[str, QIcon] = {}

    # --- start-up -----------------------------------------------------------------------

    def start(self) -> bool:
        try:
            self.catalog = default_catalog()
        except CatalogError as exc:
            QMessageBox.critical(None, "mygo-desktop", tr(f"貼圖清單壞了：{exc}", f"The sticker catalog is broken: {exc}"))
            return False
        self.server = InstanceServer(self.socket, self)
        if not self.server.listen():
            logger.error("another instance owns %s", self.socket)
            return False
        self.server.message_received.connect(self._on_instance_message)

        self.tray = Tray(self)
        self.tray.show()
        logger.info("tray visible (system tray available: %s)", QSystemTrayIcon.isSystemTrayAvailable())
        self.toast = Toast()
        self.picker = PickerWindow(self.catalog, self.settings.candidates)
        self.picker.setWindowIcon(app_icon())

        factory_kwargs = {"factory": self._factory} if self._factory else {}
        self.inference = InferenceService(**factory_kwargs, parent=self)
        self.images = ImageService(self._store or self._make_store(), self)
        self.hotkey = hotkeys.HotkeyBridge(self)
        self._connect()
        self.inference.load(self.settings.model_dir)
        if self.settings.hotkey_enabled:
            self.hotkey.start(self.settings.hotkey)
        if self._settings_problem:
            self.tray.notify("mygo-desktop", self._settings_problem, warning=True)
        QApplication.instance().aboutToQuit.connect(self.shutdown)
        sys.excepthook = self._excepthook
        return True

    def _make_store(self) -> ImageStore:
        folder = Path(self.settings.image_folder) if self.settings.image_folder else None
        return ImageStore(user_folder=folder)

    def _connect(self) -> None:
        self.tray.show_picker_requested.connect(lambda: self.show_picker(None))
        self.tray.pause_toggled.connect(self._on_pause_toggled)
        self.tray.download_all_requested.connect(self._on_download_all)
        self.tray.settings_requested.connect(self._open_settings)
        self.tray.open_folder_requested.connect(self._open_image_folder)
        self.tray.about_requested.connect(self._show_about)
        self.tray.quit_requested.connect(QApplication.instance().quit)
        self.hotkey.pressed.connect(self._on_hotkey)
        self.hotkey.unavailable.connect(self._on_hotkey_unavailable)
        self.inference.ready.connect(self._on_model_ready)
        self.inference.load_failed.connect(self._on_model_failed)
        self.inference.ranked.connect(self._on_ranked)
        self.inference.rank_failed.connect(lambda _rid, message: self.picker.set_status(message))
        self.picker.text_edited.connect(self._on_text_edited)
        self.picker.chosen.connect(self._on_chosen)
        self.images.thumbnail_ready.connect(self._on_thumbnail)
        self.images.image_ready.connect(self._on_image)
        self.images.download_progress.connect(self._on_download_progress)

    # --- the main path ------------------------------------------------------------------

    @Slot()
    def _on_hotkey(self) -> None:
        logger.info("hotkey pressed")
        copy = None
        if self.settings.text_source == "selection":
            copy = lambda: hotkeys.release_modifiers_and_press(*hotkeys.copy_shortcut())  # noqa: E731
        self.show_picker(selected_text(self.settings.text_source, simulate_copy=copy))

    def show_picker(self, text: str | None) -> None:
        if text is None:
            text = selected_text(self.settings.text_source)
        text = text.strip()[:2000]
        status = "" if self.inference.is_ready else (self._model_error or tr("模型載入中…", "Loading the model…"))
        self.picker.set_count(self.settings.candidates)
        self.picker.open_with(text, status)
        self._request_thumbnails()
        if text:
            self.inference.request(text)
        logger.info("picker opened (%d characters)", len(text))

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        if text.strip():
            self.inference.request(text)

    @Slot(int, object)
    def _on_ranked(self, _request_id: int, ranking) -> None:
        self.picker.set_status("")
        self.picker.set_ranking(ranking)
        self._request_thumbnails()

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
        sticker = self.catalog.by_id(sticker_id)
        found = self.images.store.locate(sticker)
        if found.ok:
            self._copy(sticker_id, str(found.path), "")
            return
        self._waiting_copy = sticker_id
        self.picker.set_status(tr("下載圖片中…", "Downloading the image…"))
        self.images.request_image(sticker)

    @Slot(str, str, str)
    def _on_image(self, sticker_id: str, path: str, reason: str) -> None:
        if sticker_id == self._waiting_copy:
            self._waiting_copy = None
            self._copy(sticker_id, path, reason)

    def _copy(self, sticker_id: str, path: str, reason: str) -> None:
        sticker = self.catalog.by_id(sticker_id)
        image = QImage(path) if path else QImage()
        if image.isNull():
            logger.warning("no image for %s (%s); copying the offline card", sticker_id, reason or "unreadable")
            image = render_card(sticker.quote)
        text = sticker.quote if self.settings.copy_mode == "image_and_text" else None
        copy_image(image, text)
        logger.info("copied %s %dx%d", sticker_id, image.width(), image.height())
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

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self._model_error = tr(f"模型無法載入：{message}", f"The model could not be loaded: {message}")
        self.tray.set_status(tr("模型載入失敗", "Model failed to load"))
        self.tray.notify(tr("模型載入失敗", "The model failed to load"),
                         message + tr("\n請在設定中選擇其他模型資料夾。", "\nChoose another model folder in Settings."), warning=True)
        self.picker.set_status(message)

    @Slot(str)
    def _on_hotkey_unavailable(self, reason: str) -> None:
        logger.warning("hotkey unavailable: %s", reason)
        self.tray.notify(
            tr("無法註冊快捷鍵", "The hotkey could not be registered"),
            tr(f"{reason}\n請在桌面的鍵盤設定中把快捷鍵綁定到：mygo-desktop show",
               f"{reason}\nBind a shortcut in your desktop's keyboard settings to: mygo-desktop show"),
            warning=True,
        )

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
        if message.get("cmd") == "show":
            text = message.get("text")
            self.show_picker(text if isinstance(text, str) else None)

    # --- tray actions -------------------------------------------------------------------

    def _on_download_all(self) -> None:
        self.tray.download_action.setEnabled(False)
        self.images.download_all(list(self.catalog))

    @Slot(int, int, int)
    def _on_download_progress(self, done: int, failed: int, total: int) -> None:
        self.tray.set_status(tr(f"下載圖片 {done + failed}/{total}", f"Downloading images {done + failed}/{total}"))
        if done + failed == total:
            self.tray.download_action.setEnabled(True)
            self.tray.notify(tr("圖片下載完成", "Images downloaded"),
                             tr(f"成功 {done} 張，失敗 {failed} 張", f"{done} downloaded, {failed} failed"), warning=failed > 0)

    def _open_settings(self) -> None:
        from mygo_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.settings_path)
        dialog.settings_saved.connect(self._apply_settings)
        dialog.exec()

    @Slot(object)
    def _apply_settings(self, new: Settings) -> None:
        old, self.settings = self.settings, new
        if new.model_dir != old.model_dir:
            self.inference.load(new.model_dir)
        if new.image_folder != old.image_folder:
            self.images.store = self._make_store()
        if (new.hotkey, new.hotkey_enabled) != (old.hotkey, old.hotkey_enabled):
            self.hotkey.stop()
            if new.hotkey_enabled:
                self.hotkey.start(new.hotkey)
        if new.language != old.language:
            self.tray.notify("mygo-desktop", tr("語言將在重新啟動後套用。", "The language applies after a restart."))

    def _open_image_folder(self) -> None:
        folder = self.images.store.user_folder or self.images.store.cache_dir
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _show_about(self) -> None:
        QMessageBox.about(None, tr("關於 mygo-desktop", "About mygo-desktop"), tr(
            f"mygo-desktop {__version__}\n選取訊息、按 {self.settings.hotkey}，用 MyGO 圖回覆。\n記錄檔：{self.log_path}",
            f"mygo-desktop {__version__}\nSelect a message, press {self.settings.hotkey}, answer with a MyGO sticker.\nLog: {self.log_path}"))

    def _excepthook(self, kind, value, traceback) -> None:
        logger.critical("unexpected error", exc_info=(kind, value, traceback))
        self.tray.notify(tr("發生錯誤", "Something went wrong"), f"{kind.__name__}: {value}", warning=True)

    def shutdown(self) -> None:
        self.hotkey.stop()
        self.inference.shutdown()
        self.images.shutdown()
        self.server.close()
