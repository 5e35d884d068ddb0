"""Sticker packs in the settings dialog: list, enable or disable, add (folder or .zip), remove.

Changes apply at once (the pack is checked and copied into the app's data folder when added);
``packs_changed`` tells the app to rank with the new set. Installing never runs anything.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mygo_desktop.core.packs import PackError, PackRegistry
from mygo_desktop.ui.i18n import tr

logger = logging.getLogger(__name__)
NAME_ROLE = Qt.ItemDataRole.UserRole


class PacksPanel(QGroupBox):
    packs_changed = Signal()

    def __init__(self, registry: PackRegistry | None = None, parent: QWidget | None = None):
        super().__init__(tr("貼圖包（變更立即套用）", "Sticker packs (changes apply at once)"), parent)
        self.setObjectName("packsPanel")
        self.registry = registry or PackRegistry()
        self.pack_list = QListWidget()
        self.pack_list.setObjectName("packList")
        self.pack_list.setMaximumHeight(110)
        self.message_label = QLabel()
        self.message_label.setObjectName("packMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        add_folder = QPushButton(tr("加入資料夾…", "Add folder…"))
        add_folder.setObjectName("addPackFolderButton")
        add_zip = QPushButton(tr("加入 .zip…", "Add .zip…"))
        add_zip.setObjectName("addPackZipButton")
        self.remove_button = QPushButton(tr("移除", "Remove"))
        self.remove_button.setObjectName("removePackButton")
        add_folder.clicked.connect(lambda: self._add(QFileDialog.getExistingDirectory(self, add_folder.text())))
        add_zip.clicked.connect(
            lambda: self._add(QFileDialog.getOpenFileName(self, add_zip.text(), filter="Zip (*.zip)")[0])
        )
        self.remove_button.clicked.connect(self._remove_selected)
        self.pack_list.itemChanged.connect(self._on_item_changed)
        buttons = QHBoxLayout()
        for button in (add_folder, add_zip, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pack_list)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        self._show_message(self.registry.problem)
        self.refresh()

    def refresh(self) -> None:
        self.pack_list.blockSignals(True)
        self.pack_list.clear()
        for info in self.registry.list_packs():
            text = tr(
                f"{info.name} {info.version} · {info.stickers} 張 · {info.author}",
                f"{info.name} {info.version} · {info.stickers} stickers · {info.author}",
            )
            if info.problem:
                text += tr(f"（無法使用：{info.problem}）", f" (unusable: {info.problem})")
            item = QListWidgetItem(text)
            item.setData(NAME_ROLE, info.name)
            item.setToolTip(info.license or "")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if info.enabled else Qt.CheckState.Unchecked)
            self.pack_list.addItem(item)
        if not self.pack_list.count():
            placeholder = QListWidgetItem(
                tr(
                    "還沒有貼圖包：mygo-desktop pack new 資料夾 可以做一個",
                    "No packs yet: make one with mygo-desktop pack new FOLDER",
                )
            )
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.pack_list.addItem(placeholder)
        self.pack_list.blockSignals(False)

    def add(self, path: Path) -> bool:
        """Check and install the pack at ``path``; every problem is listed when it cannot be."""
        try:
            info = self.registry.install(path)
        except PackError as exc:
            self._show_message("\n".join([str(exc), *exc.problems[:8]]), error=True)
            return False
        self._show_message(
            tr(f"已加入「{info.name}」：{info.stickers} 張", f"Added {info.name}: {info.stickers} stickers")
        )
        self.refresh()
        self.packs_changed.emit()
        return True

    def _add(self, chosen: str) -> None:
        if chosen:
            self.add(Path(chosen))

    def _remove_selected(self) -> None:
        item = self.pack_list.currentItem()
        name = item.data(NAME_ROLE) if item is not None else None
        if not name:
            return
        try:
            self.registry.remove(name)
        except (PackError, OSError) as exc:
            self._show_message(str(exc), error=True)
            return
        self._show_message(tr(f"已移除「{name}」", f"Removed {name}"))
        self.refresh()
        self.packs_changed.emit()

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        name = item.data(NAME_ROLE)
        if not name:
            return
        try:
            self.registry.set_enabled(name, item.checkState() == Qt.CheckState.Checked)
        except (PackError, OSError) as exc:
            self._show_message(str(exc), error=True)
            return
        self.packs_changed.emit()

    def _show_message(self, message: str, error: bool = False) -> None:
        self.message_label.setText(message)
        self.message_label.setStyleSheet("color: #b00020;" if error else "")
        self.message_label.setVisible(bool(message))
