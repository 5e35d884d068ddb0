"""One app per user: a local socket the running instance listens on.

A second start, or ``mygo-desktop show [--text ...]``, sends one JSON line to it and exits.
The socket name is per user and per config folder (so a test instance never talks to the
user's real app). A socket left by a crash is removed only after nobody answers on it.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
MAX_MESSAGE_BYTES = 1 << 20


def socket_name(config_dir: str) -> str:
    digest = hashlib.sha1(config_dir.encode("utf-8")).hexdigest()[:10]
    return f"mygo-desktop-{getpass.getuser()}-{digest}"


def send_to_running(name: str, message: dict) -> bool:
    """Deliver ``message`` to a running instance; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    acknowledged = socket.waitForReadyRead(2000) and bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return acknowledged


class InstanceServer(QObject):
    """Listens for messages from later starts; emits ``message_received(dict)``."""

    message_received = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)

    def listen(self) -> bool:
        """Own the name; False when a live instance answers on it."""
        # Probe first: with socket options set, Qt's listen() replaces an existing socket file
        # instead of failing, so it cannot tell a live instance from a stale one by itself.
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(CONNECT_TIMEOUT_MS):
            probe.disconnectFromServer()
            return False
        QLocalServer.removeServer(self.name)  # a socket left by a crash, if any
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            buffer = bytearray()

            def on_ready(conn=connection, buf=buffer) -> None:
                buf.extend(conn.readAll().data())
                if len(buf) > MAX_MESSAGE_BYTES:
                    conn.abort()
                    return
                if b"\n" in buf:
                    line = bytes(buf.split(b"\n", 1)[0])
                    conn.write(b"ok\n")
                    conn.flush()
                    conn.disconnectFromServer()
                    try:
                        message = json.loads(line.decode("utf-8", errors="replace"))
                    except json.JSONDecodeError:
                        logger.warning("ignored a malformed instance message")
                        return
                    if isinstance(message, dict):
                        self.message_received.emit(message)

            connection.readyRead.connect(on_ready)
            connection.disconnected.connect(connection.deleteLater)
