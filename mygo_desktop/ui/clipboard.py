"""Putting a sticker on the clipboard, and reading the text the user selected.

On X11 the clipboard's content lives in the process that set it, so the tray process keeps
owning it after the picker closes (it never exits between copy and paste).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QObject, QTimer, Slot
from PySide6.QtGui import QClipboard, QGuiApplication, QImage

logger = logging.getLogger(__name__)

COPY_WAIT_MS = 300


def image_mime_data(image: QImage, text: str | None = None) -> QMimeData:
    """Mime data with the image as PNG (what chat apps read) plus Qt's native image form."""
    png = QByteArray()
    buffer = QBuffer(png)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; the binding takes str
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


def capture_text(source: str, done: Callable[[str], None], simulate_copy: Callable[[], None] | None = None) -> None:
    """Find the text the user means and hand it to ``done``, without ever blocking the UI.

    ``source`` is "selection" (the X11 PRIMARY selection, or where there is none a simulated
    Ctrl+C in the focused app with the user's clipboard restored afterwards) or "clipboard".
    ``done`` is called once: at once, or when the simulated copy lands or times out.
    """
    clipboard = QGuiApplication.clipboard()
    if source == "selection":
        if clipboard.supportsSelection():
            text = clipboard.text(QClipboard.Mode.Selection)
            if text.strip():
                done(text)
                return
        elif simulate_copy is not None:
            _SimulatedCopy(clipboard, simulate_copy, done).start()
            return
    done(clipboard.text(QClipboard.Mode.Clipboard))


class _SimulatedCopy(QObject):
    """One simulated Ctrl+C: wait (bounded) for the clipboard to change, then restore it."""

    def __init__(self, clipboard: QClipboard, simulate_copy: Callable[[], None], done: Callable[[str], None]):
        super().__init__(clipboard)
        self._clipboard = clipboard
        self._simulate_copy = simulate_copy
        self._done = done
        self._saved = _snapshot(clipboard.mimeData())
        self._started = 0.0
        self._timer = QTimer(self, singleShot=True, interval=COPY_WAIT_MS)
        self._timer.timeout.connect(self._on_timeout)

    def start(self) -> None:
        self._clipboard.dataChanged.connect(self._on_changed)
        self._timer.start()  # bounded: never wait for an app that ignores Ctrl+C
        self._started = time.perf_counter()
        try:
            self._simulate_copy()
        except Exception as exc:  # noqa: BLE001  (input simulation can fail without a display server)
            logger.warning("simulated copy failed: %s", exc)
            self._finish(self._clipboard.text(QClipboard.Mode.Clipboard), restore=False)

    @Slot()
    def _on_changed(self) -> None:
        text = self._clipboard.text(QClipboard.Mode.Clipboard)
        logger.debug("simulated copy took %.0f ms", (time.perf_counter() - self._started) * 1000)
        self._finish(text, restore=True)

    @Slot()
    def _on_timeout(self) -> None:
        logger.info("simulated copy: the clipboard did not change within %d ms", COPY_WAIT_MS)
        self._finish(self._clipboard.text(QClipboard.Mode.Clipboard), restore=False)

    def _finish(self, text: str, restore: bool) -> None:
        self._timer.stop()
        self._clipboard.dataChanged.disconnect(self._on_changed)
        if restore:
            self._clipboard.setMimeData(self._saved)
        self.deleteLater()
        self._done(text)
