"""Light, dark or the system's look. Every window draws with the palette, so this is all it takes.

Qt follows the desktop's colour scheme where a platform theme reports it; where none does (plain
X11, many window managers) a dark choice is applied as a palette of our own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2e",
    QPalette.ColorRole.WindowText: "#e8e6e3",
    QPalette.ColorRole.Base: "#1f1f22",
    QPalette.ColorRole.AlternateBase: "#36363a",
    QPalette.ColorRole.Text: "#e8e6e3",
    QPalette.ColorRole.Button: "#36363a",
    QPalette.ColorRole.ButtonText: "#e8e6e3",
    QPalette.ColorRole.Highlight: "#6c8cff",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#36363a",
    QPalette.ColorRole.ToolTipText: "#e8e6e3",
    QPalette.ColorRole.PlaceholderText: "#8d8b88",
    QPalette.ColorRole.Mid: "#4a4a50",
    QPalette.ColorRole.Midlight: "#424247",
    QPalette.ColorRole.Light: "#505056",
    QPalette.ColorRole.Dark: "#18181a",
    QPalette.ColorRole.Link: "#8fa9ff",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#77767a"))
    return palette


def apply_theme(theme: str) -> None:
    """``system`` follows the desktop; ``light`` and ``dark`` set that look for this app."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QGuiApplication.styleHints()
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(theme, Qt.ColorScheme.Unknown)
    hints.setColorScheme(scheme)
    wants_dark = theme == "dark" or (theme == "system" and hints.colorScheme() == Qt.ColorScheme.Dark)
    if wants_dark:
        app.setStyle("Fusion")  # the native styles ignore a custom palette in places
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette() if theme == "light" else QPalette())
