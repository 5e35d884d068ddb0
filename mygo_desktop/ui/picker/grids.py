"""The picker's two sticker views (the grid and the quick row): how they are set up and filled."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QListWidget, QListWidgetItem

from mygo_desktop.core.catalog import Sticker
from mygo_desktop.ui.i18n import tr
from mygo_desktop.ui.picker.cells import (
    CARD_ROLE,
    FIT_ROLE,
    NUMBER_ROLE,
    PIXMAP_ROLE,
    QUOTE_ROLE,
    STAR_ROLE,
    STICKER_ID_ROLE,
    StickerDelegate,
)


def make_grid(name: str, delegate: StickerDelegate, single_row: bool) -> QListWidget:
    grid = QListWidget()
    grid.setObjectName(name)
    grid.setViewMode(QListView.ViewMode.IconMode)
    grid.setMovement(QListView.Movement.Static)
    grid.setResizeMode(QListView.ResizeMode.Adjust)
    grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    grid.setUniformItemSizes(True)
    grid.setItemDelegate(delegate)
    grid.setMouseTracking(True)
    grid.setFrameShape(QFrame.Shape.NoFrame)
    grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    grid.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)  # type-to-search with an input method
    if single_row:
        grid.setFlow(QListView.Flow.LeftToRight)
        grid.setWrapping(False)
        grid.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return grid


def fill_grid(
    view: QListWidget,
    stickers: list[tuple[Sticker, float | None]],
    thumbs: dict[str, tuple[QPixmap, bool]],
    starred: Callable[[str], bool],
    probabilities: dict[str, float],
    cell: QSize,
    numbered: bool,
) -> None:
    """Show ``stickers`` (with their fit bars) in ``view``; 1-9 numbered when ``numbered``."""
    view.clear()
    for number, (sticker, fit) in enumerate(stickers, start=1):
        item = QListWidgetItem()
        item.setData(STICKER_ID_ROLE, sticker.id)
        item.setData(QUOTE_ROLE, sticker.quote)
        item.setData(FIT_ROLE, fit)
        item.setData(NUMBER_ROLE, number if numbered and number <= 9 else 0)
        pixmap, is_card = thumbs.get(sticker.id, (None, False))
        item.setData(PIXMAP_ROLE, pixmap)
        item.setData(CARD_ROLE, is_card)
        item.setData(STAR_ROLE, starred(sticker.id))
        tip = sticker.quote + (f"\n{sticker.usage}" if sticker.usage else "")
        if fit is not None and sticker.id in probabilities:
            probability = probabilities[sticker.id]
            tip += "\n" + tr(f"契合度 {probability:.0%}", f"fit {probability:.0%}")
        item.setToolTip(tip)
        item.setSizeHint(cell)
        view.addItem(item)
