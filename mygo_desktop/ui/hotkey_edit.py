"""A hotkey field that records the keys pressed in it (Ctrl+Alt+G), checked as they are pressed.

Typing pynput syntax is not something people should have to learn; they press the combination,
as in every desktop's shortcut settings. A combination that cannot be used says why at once, in
``problem``, and the message clears as soon as a usable one is pressed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from mygo_desktop.core.hotkeys import HotkeyError, parse_hotkey
from mygo_desktop.ui.i18n import language, tr

_MODIFIER_KEYS = {
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Shift,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
    Qt.Key.Key_AltGr,
}
_MODIFIER_NAMES = (
    (Qt.KeyboardModifier.ControlModifier, "Ctrl"),
    (Qt.KeyboardModifier.AltModifier, "Alt"),
    (Qt.KeyboardModifier.ShiftModifier, "Shift"),
    (Qt.KeyboardModifier.MetaModifier, "Super"),
)


def spelled(event: QKeyEvent) -> str:
    """The combination of a key press as people write it: ``Ctrl+Alt+G`` (or ``Ctrl+Alt+`` so far)."""
    parts = [name for flag, name in _MODIFIER_NAMES if event.modifiers() & flag]
    if event.key() not in _MODIFIER_KEYS:
        parts.append(QKeySequence(event.key()).toString(QKeySequence.SequenceFormat.PortableText))
    else:
        parts.append("")
    return "+".join(parts)


def _hint() -> str:
    return tr("按下快捷鍵組合，例如 Ctrl+Alt+G", "Press a key combination, e.g. Ctrl+Alt+G")


class HotkeyEdit(QLineEdit):
    problem_changed = Signal(str)  # a message for the user, "" once the hotkey is usable

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(_hint())
        self.problem = ""
        self.textChanged.connect(self._check)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if plain and key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # focus moves on, the dialog's OK still works
            return
        if plain and key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.clear()
            return
        if plain and key == Qt.Key.Key_Escape:
            event.ignore()
            return
        text = spelled(event)
        if text.endswith("+"):
            self.setPlaceholderText(text + "…")  # modifiers held so far; the key comes next
            return
        self.setText(text)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        self.setPlaceholderText(_hint())
        super().keyReleaseEvent(event)

    def _check(self, text: str) -> None:
        try:
            parse_hotkey(text)
        except HotkeyError as exc:
            problem = exc.en if language() == "en" else exc.zh
        else:
            problem = ""
        if problem != self.problem:
            self.problem = problem
            self.problem_changed.emit(problem)
