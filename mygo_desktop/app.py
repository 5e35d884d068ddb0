"""Composition root of the tray app: settings -> QApplication -> services -> wiring.

``build_app`` assembles everything without entering the event loop, so tests can drive the
real wiring with fakes; ``main`` (what ``mygo-desktop`` and ``mygo-desktop show`` run) hands
the request to a running instance or builds the app and runs it.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from mygo_desktop.core import identity
from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.errors import MygoError
from mygo_desktop.core.events import EventLog
from mygo_desktop.core.hotkeys import display_hotkey
from mygo_desktop.core.images import ImageStore
from mygo_desktop.core.settings import default_settings_path, load_settings
from mygo_desktop.core.usage import UsageStore
from mygo_desktop.ui.controller import AppController, Services
from mygo_desktop.ui.hotkey import HotkeyBridge
from mygo_desktop.ui.i18n import set_language
from mygo_desktop.ui.image_service import ImageService
from mygo_desktop.ui.picker import PickerWindow
from mygo_desktop.ui.single_instance import InstanceServer, send_to_running, socket_name
from mygo_desktop.ui.theme import apply_theme
from mygo_desktop.ui.toast import Toast
from mygo_desktop.ui.tray import Tray, app_icon
from mygo_desktop.ui.worker import InferenceService, RecommenderFactory

logger = logging.getLogger(__name__)

SIGNAL_POLL_MS = 250


@dataclass
class BuiltApp:
    """The assembled app: run it with ``exec()``; tests drive ``controller`` directly."""

    qt_app: QApplication
    controller: AppController

    def exec(self) -> int:
        return int(self.qt_app.exec())

    def close(self) -> None:
        """Stop the threads and release every object this app made (tests build many apps)."""
        self.controller.shutdown()
        for widget in (self.controller.picker, self.controller.toast):
            widget.deleteLater()
        self.controller.deleteLater()


def qt_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(identity.APP_ID)
    app.setQuitOnLastWindowClosed(False)
    return app


def build_app(
    args: argparse.Namespace | None = None,
    *,
    settings_path: Path | None = None,
    recommender_factory: RecommenderFactory | None = None,
    store: ImageStore | None = None,
    hotkey_source: Any = None,
    socket: str | None = None,
    log_path: Path | None = None,
    usage_path: Path | None = None,
) -> BuiltApp:
    """Assemble the tray app (started, but no event loop yet); MygoError when it cannot be."""
    qt_app = qt_application()
    settings_path = settings_path or default_settings_path()
    loaded = load_settings(settings_path)
    settings = loaded.settings
    set_language(settings.language)
    catalog = default_catalog()  # CatalogError (a MygoError) reaches the caller as one line

    # Everything below is owned by the controller (not by the QApplication), so one app's
    # objects go away together when it is closed.
    server = InstanceServer(socket or _instance_name())
    if not server.listen():
        raise MygoError(f"another mygo-desktop owns {server.name}")
    if store is None:
        store = ImageStore(user_folder=Path(settings.image_folder) if settings.image_folder else None)
    apply_theme(settings.theme)
    inference = InferenceService(recommender_factory, learning=settings.learn_from_picks)
    # Usage files are written on their own thread, in order, so the picker never waits on a disk.
    usage_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="usage")
    usage = UsageStore(usage_path, run_save=usage_writer.submit)
    picker = PickerWindow(catalog, settings.candidates, settings.picker_size, usage)
    picker.setWindowIcon(app_icon())
    services = Services(
        settings=settings,
        settings_path=settings_path,
        catalog=catalog,
        inference=inference,
        images=ImageService(store),
        hotkey=hotkey_source if hotkey_source is not None else HotkeyBridge(),
        tray=Tray(),
        picker=picker,
        toast=Toast(),
        server=server,
        events=EventLog.from_environment(),
        usage=usage,
        log_path=log_path,
        settings_problem=loaded.problem,
    )
    controller = AppController(services)
    for owned in (server, inference, services.images, services.hotkey, services.tray):
        owned.setParent(controller)
    qt_app.aboutToQuit.connect(controller.shutdown)
    controller.destroyed.connect(lambda: usage_writer.shutdown(wait=True))
    controller.start()
    return BuiltApp(qt_app, controller)


def main(args: argparse.Namespace) -> int:
    """Start the tray app, or hand the request to the instance that already runs."""
    show_text = getattr(args, "text", None)
    wants_show = getattr(args, "show", False)
    if not _has_display():
        raise MygoError("no display found (DISPLAY / WAYLAND_DISPLAY are unset): the tray app needs a desktop session")
    log_path = _setup_logging(getattr(args, "debug", False))
    qt_app = qt_application()
    name = _instance_name()
    if send_to_running(name, {"cmd": "show", "text": show_text}):
        logger.info("handed over to the running instance")
        return 0
    try:
        built = build_app(args, socket=name, log_path=log_path)
    except MygoError as exc:
        from PySide6.QtWidgets import QMessageBox

        logger.error("cannot start: %s", exc)
        QMessageBox.critical(None, "mygo-desktop", str(exc))
        return 1
    built.controller.install_excepthook()
    _print_running(built.controller.settings.hotkey if built.controller.settings.hotkey_enabled else "")
    if show_text is not None:
        built.controller.show_picker(show_text)
    elif wants_show:
        built.controller.show_picker_for_selection()
    _quit_on_signals(qt_app)
    return built.exec()


def _instance_name() -> str:
    """The local socket a running app listens on (one per user config folder)."""
    return socket_name(str(identity.config_dir()))


def notify_running_instance(message: dict) -> bool:
    """Send ``message`` to the running app, if any (the command line uses it after pack changes)."""
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        QCoreApplication(sys.argv[:1])  # local sockets need one; no event loop is run
    return send_to_running(_instance_name(), message)


def _print_running(hotkey: str) -> None:
    """One line for whoever started the app from a terminal: it runs, how to use it, how to stop it."""
    if sys.stdout is None:  # a windowed start (pythonw, the frozen app) has no console
        return
    key = display_hotkey(hotkey) if hotkey else "mygo-desktop show"
    try:
        print(
            f"mygo-desktop 執行中 / running: 選取訊息後按 {key} (select a message, press {key}); "
            f"或 / or: mygo-desktop show · 結束 / quit: 常駐列選單「結束」 (tray menu Quit) 或 / or Ctrl+C",
            flush=True,
        )
    except OSError:
        pass  # a closed terminal must not stop the app


def _setup_logging(debug: bool) -> Path:
    path = identity.log_dir() / "mygo-desktop.log"
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


def _quit_on_signals(app: QApplication) -> None:
    """SIGTERM/SIGINT end the event loop cleanly (the instance socket is removed on the way out)."""
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: app.quit())
    # Python runs signal handlers only between bytecodes: wake it up now and then.
    timer = QTimer(app, interval=SIGNAL_POLL_MS)
    timer.timeout.connect(lambda: None)
    timer.start()
