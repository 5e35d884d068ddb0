"""The tray icon and its menu (Traditional Chinese first, English available)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from mygo_desktop.core.resources import resource_path
from mygo_desktop.ui.i18n import tr

logger = logging.getLogger(__name__)
# The icon's geometry is only known once a tray host docks it; look a few times, backing off.
DOCK_CHECKS_MS = (100, 200, 400, 800, 1600, 3200)


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "mygo-desktop.png")))


class Tray(QObject):
    show_picker_requested = Signal()
    pause_toggled = Signal(bool)  # True: paused
    download_all_requested = Signal()
    settings_requested = Signal()
    open_folder_requested = Signal()
    clear_memory_requested = Signal()
    about_requested = Signal()
    quit_requested = Signal()
    docked = Signal(int, int, int, int)  # x, y, width, height, once a tray host shows the icon

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setObjectName("trayIcon")
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self._hotkey = ""
        self.show_action = self._add("showAction", self.show_picker_requested.emit)
        self.pause_action = self._add("pauseAction", self._on_pause)
        self.pause_action.setCheckable(True)
        self.download_action = self._add("downloadAction", self.download_all_requested.emit)
        self.menu.addSeparator()
        self.settings_action = self._add("settingsAction", self.settings_requested.emit)
        self.open_folder_action = self._add("openFolderAction", self.open_folder_requested.emit)
        self.clear_memory_action = self._add("clearMemoryAction", self.clear_memory_requested.emit)
        self.about_action = self._add("aboutAction", self.about_requested.emit)
        self.menu.addSeparator()
        self.quit_action = self._add("quitAction", self.quit_requested.emit)
        self.retranslate()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.menu_opened = self.menu.aboutToShow
        self._dock_checks = 0
        self._dock_timer = QTimer(self, singleShot=True)
        self._dock_timer.timeout.connect(self._check_docked)
        self.set_status(tr("模型載入中…", "Loading the model…"))

    def retranslate(self) -> None:
        show = tr("顯示貼圖選單", "Show picker")
        self.show_action.setText(f"{show}\t{self._hotkey}" if self._hotkey else show)
        self.pause_action.setText(tr("暫停快捷鍵", "Pause hotkey"))
        self.download_action.setText(tr("下載全部圖片", "Download all images"))
        self.settings_action.setText(tr("設定…", "Settings…"))
        self.open_folder_action.setText(tr("開啟圖片資料夾", "Open image folder"))
        self.clear_memory_action.setText(tr("清除學到的選擇", "Forget learned picks"))
        self.about_action.setText(tr("關於", "About"))
        self.quit_action.setText(tr("結束", "Quit"))

    def set_hotkey(self, hotkey: str) -> None:
        """Show the hotkey (as people write it) beside "Show picker"; "" when there is none."""
        self._hotkey = hotkey
        self.retranslate()

    def _add(self, name: str, slot) -> QAction:
        action = QAction(self.menu)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        return action

    def _on_pause(self) -> None:
        self.pause_toggled.emit(self.pause_action.isChecked())

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_picker_requested.emit()

    def show(self) -> None:
        self.icon.show()
        logger.info("tray shown (system tray available: %s)", QSystemTrayIcon.isSystemTrayAvailable())
        self._dock_timer.start(DOCK_CHECKS_MS[0])

    def _check_docked(self) -> None:
        # The icon's geometry reads (0,0) until the tray host has docked it.
        self._dock_checks += 1
        rect = self.icon.geometry()
        if rect.width() > 0 and (rect.x(), rect.y()) != (0, 0):
            logger.debug("tray icon docked at %d,%d,%d,%d", rect.x(), rect.y(), rect.width(), rect.height())
            self.docked.emit(rect.x(), rect.y(), rect.width(), rect.height())
        elif self._dock_checks < len(DOCK_CHECKS_MS):
            self._dock_timer.start(DOCK_CHECKS_MS[self._dock_checks])

    def set_status(self, status: str) -> None:
        self.icon.setToolTip(f"mygo-desktop — {status}")

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def notify(self, title: str, message: str, warning: bool = False) -> None:
        kind = QSystemTrayIcon.MessageIcon.Warning if warning else QSystemTrayIcon.MessageIcon.Information
        self.icon.showMessage(title, message, kind, 6000)
