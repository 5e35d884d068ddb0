"""Putting a sticker on the clipboard, and reading the text the user selected.

On X11 the clipboard's content lives in the process that set it, so the tray process keeps
owning it after the picker closes (it never exits between copy and paste).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QMimeData, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication, QImage

logger = logging.getLogger(__name__)

COPY_WAIT_MS = 300


def image_mime_data(image: QImage, text: str | None = None) -> QMimeData:
    """Mime data with the image as PNG (what chat apps read) plus Qt's native image form."""
    png = QByteArray()
    buffer = QBuffer(png)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    mime = QMimeData()
    mime.setData("image/png", png)
    mime.setImageData(image)
    if text:
        mime.setText(text)
    return mime


def copy_image(image: QImage, text: str | None = None) -> None:
    QGuiApplication.clipboard().setMimeData(image_mime_data(image, text), QClipboard.Mode.Clipboard)


def _snapshot(mime: QMimeData | None) -> QMimeData:
    copy = QMimeData()
    if mime is not None:
        for fmt in mime.formats():
            copy.setData(fmt, mime.data(fmt))
    return copy


def selected_text(source: str, simulate_copy=None) -> str:
    """The text the user means: the X11 selection, a simulated copy, or the clipboard.

    ``source`` is "selection" or "clipboard". ``simulate_copy`` presses Ctrl+C in the focused
    app (used where there is no PRIMARY selection); the user's clipboard is restored afterwards.
    """
    clipboard = QGuiApplication.clipboard()
    if source == "selection":
        if clipboard.supportsSelection():
            text = clipboard.text(QClipboard.Mode.Selection)
            if text.strip():
                return text
        elif simulate_copy is not None:
            text = _copy_from_focused_app(clipboard, simulate_copy)
            if text.strip():
                return text
    return clipboard.text(QClipboard.Mode.Clipboard)


def _copy_from_focused_app(clipboard: QClipboard, simulate_copy) -> str:
    saved = _snapshot(clipboard.mimeData())
    loop = QEventLoop()
    changed = []

    def on_changed() -> None:
        changed.append(True)
        loop.quit()

    clipboard.dataChanged.connect(on_changed)
    QTimer.singleShot(COPY_WAIT_MS, loop.quit)  # bounded: never wait for an app that ignores Ctrl+C
    started = time.perf_counter()
    try:
        simulate_copy()
    except Exception as exc:  # noqa: BLE001  (input simulation can fail without a display server)
        logger.warning("simulated copy failed: %s", exc)
        clipboard.dataChanged.disconnect(on_changed)
        return ""
    loop.exec()
    clipboard.dataChanged.disconnect(on_changed)
    if not changed:
        logger.info("simulated copy: the clipboard did not change within %d ms", COPY_WAIT_MS)
        return ""
    text = clipboard.text()
    logger.debug("simulated copy took %.0f ms", (time.perf_counter() - started) * 1000)
    clipboard.setMimeData(saved)
    return text
