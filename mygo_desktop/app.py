"""Composition root of the tray app: settings -> QApplication -> services -> wiring.

``build_app`` wires everything without entering the event loop, so tests can drive it;
``main`` is what ``mygo-desktop`` (no subcommand) and ``mygo-desktop show`` run.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

logger = logging.getLogger(__name__)


def _log_file() -> Path:
    from platformdirs import user_log_path

    return user_log_path("mygo-desktop", appauthor=False) / "mygo-desktop.log"


def _setup_logging(debug: bool) -> Path:
    path = _log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for stream_handler in root.handlers:
        if isinstance(stream_handler, logging.StreamHandler) and not isinstance(stream_handler, logging.FileHandler):
            stream_handler.setLevel(logging.DEBUG if debug else logging.WARNING)
    return path


def _has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(args) -> int:
    """Start the tray app, or hand the request to the instance that already runs."""
    from mygo_desktop.core.errors import MygoError
    from mygo_desktop.core.settings import config_dir

    show_text = getattr(args, "text", None)
    wants_show = getattr(args, "show", False)
    if not _has_display():
        raise MygoError("no display found (DISPLAY / WAYLAND_DISPLAY are unset): the tray app needs a desktop session")
    log_path = _setup_logging(getattr(args, "debug", False))

    from PySide6.QtWidgets import QApplication

    from mygo_desktop.ui.single_instance import send_to_running, socket_name

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("mygo-desktop")
    app.setQuitOnLastWindowClosed(False)
    name = socket_name(str(config_dir()))
    message = {"cmd": "show", "text": show_text}
    if send_to_running(name, message):
        logger.info("handed over to the running instance")
        return 0

    from mygo_desktop.ui.controller import AppController

    controller = AppController(socket=name, log_path=log_path)
    if not controller.start():
        return 1
    if wants_show or show_text is not None:
        controller.show_picker(show_text)
    _quit_on_signals(app)
    return app.exec()


def _quit_on_signals(app) -> None:
    """SIGTERM/SIGINT end the event loop cleanly (the instance socket is removed on the way out)."""
    import signal

    from PySide6.QtCore import QTimer

    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: app.quit())
    # Python runs signal handlers only between bytecodes: wake it up now and then.
    timer = QTimer(app, interval=250)
    timer.timeout.connect(lambda: None)
    timer.start()
