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
    about_requested = Signal()
    quit_requested = Signal()
    docked = Signal(int, int, int, int)  # x, y, width, height, once a tray host shows the icon

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setObjectName("trayIcon")
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.show_action = self._add("showAction", tr("顯示貼圖選單", "Show picker"), self.show_picker_requested.emit)
        self.pause_action = self._add("pauseAction", tr("暫停快捷鍵", "Pause hotkey"), self._on_pause)
        self.pause_action.setCheckable(True)
        self.download_action = self._add(
            "downloadAction", tr("下載全部圖片", "Download all images"), self.download_all_requested.emit
        )
        self.menu.addSeparator()
        self._add("settingsAction", tr("設定…", "Settings…"), self.settings_requested.emit)
        self._add("openFolderAction", tr("開啟圖片資料夾", "Open image folder"), self.open_folder_requested.emit)
        self._add("aboutAction", tr("關於", "About"), self.about_requested.emit)
        self.menu.addSeparator()
        self._add("quitAction", tr("結束", "Quit"), self.quit_requested.emit)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.menu_opened = self.menu.aboutToShow
        self._dock_checks = 0
        self._dock_timer = QTimer(self, singleShot=True)
        self._dock_timer.timeout.connect(self._check_docked)
        self.set_status(tr("模型載入中…", "Loading the model…"))

    def _add(self, name: str, text: str, slot) -> QAction:
        action = QAction(text, self.menu)
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

    def notify(self, title: str, message: str, warning: bool = False) -> None:
        kind = QSystemTrayIcon.MessageIcon.Warning if warning else QSystemTrayIcon.MessageIcon.Information
        self.icon.showMessage(title, message, kind, 6000)
