"""A small window for desktops without a system tray (GNOME without its AppIndicator extension).

Without it the app would run invisibly. It says the app is running and how to reach it, and
offers what the tray menu would. Closing it leaves the app running (the hotkey and
``mygo-desktop show`` still work); Quit ends it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mygo_desktop.core.hotkeys import display_hotkey
from mygo_desktop.ui.i18n import tr


class NoTrayWindow(QWidget):
    show_picker_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()

    def __init__(self, hotkey: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noTrayWindow")
        self.message = QLabel()
        self.message.setObjectName("noTrayMessage")
        self.message.setWordWrap(True)
        self.show_button = QPushButton()
        self.show_button.setObjectName("noTrayShowButton")
        self.settings_button = QPushButton()
        self.quit_button = QPushButton()
        self.show_button.clicked.connect(self.show_picker_requested.emit)
        self.settings_button.clicked.connect(self.settings_requested.emit)
        self.quit_button.clicked.connect(self.quit_requested.emit)
        buttons = QHBoxLayout()
        for button in (self.show_button, self.settings_button, self.quit_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)
        self._hotkey = hotkey
        self.retranslate()

    def set_hotkey(self, hotkey: str) -> None:
        self._hotkey = hotkey
        self.retranslate()

    def retranslate(self) -> None:
        key = display_hotkey(self._hotkey) if self._hotkey else tr("（快捷鍵已關閉）", "(hotkey off)")
        self.setWindowTitle(tr("mygo-desktop 執行中", "mygo-desktop is running"))
        self.message.setText(
            tr(
                f"mygo-desktop 正在執行，但這個桌面沒有系統匣，所以沒有圖示可以點。\n"
                f"選取收到的訊息後按 {key}，或在終端機執行 mygo-desktop show，就會跳出貼圖選單。\n"
                f"關掉這個視窗 App 仍會繼續執行；要結束請按「結束」。",
                f"mygo-desktop is running, but this desktop has no system tray, so there is no icon to click.\n"
                f"Select a message and press {key}, or run mygo-desktop show in a terminal, to open the picker.\n"
                f"Closing this window keeps the app running; use Quit to end it.",
            )
        )
        self.show_button.setText(tr("顯示貼圖選單", "Show picker"))
        self.settings_button.setText(tr("設定…", "Settings…"))
        self.quit_button.setText(tr("結束", "Quit"))

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()  # only hides: the app has no quit-on-last-window-closed
