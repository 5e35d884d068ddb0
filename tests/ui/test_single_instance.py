"""One instance per user: later starts hand their request over; a crashed instance's socket is reclaimed."""

import subprocess
import sys
import uuid

import pytest

from mygo_desktop.ui.single_instance import InstanceServer, send_to_running, socket_name


@pytest.fixture
def name():
    return socket_name(f"/tmp/test-config-{uuid.uuid4()}")


def test_socket_names_differ_per_config_folder():
    assert socket_name("/home/a/.config") != socket_name("/tmp/test/.config")


def test_a_message_reaches_the_running_instance(qtbot, name):
    server = InstanceServer(name)
    assert server.listen()
    try:
        received = []
        server.message_received.connect(received.append)
        # The client blocks while it waits for the answer, so it runs in another process.
        client = subprocess.Popen(
            [
                sys.executable,
                "-c",
                (
                    "from PySide6.QtCore import QCoreApplication\n"
                    "from mygo_desktop.ui.single_instance import send_to_running\n"
                    "app = QCoreApplication([])\n"
                    f"raise SystemExit(0 if send_to_running({name!r}, {{'cmd': 'show', 'text': '你好'}}) else 3)\n"
                ),
            ]
        )
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=15000)
        assert client.returncode == 0
        qtbot.waitUntil(lambda: bool(received), timeout=2000)
        assert received == [{"cmd": "show", "text": "你好"}]
    finally:
        server.close()


def test_a_second_server_does_not_steal_a_live_name(qapp, name):
    first = InstanceServer(name)
    assert first.listen()
    try:
        assert not InstanceServer(name).listen()
    finally:
        first.close()


def test_nobody_running_means_no_hand_over(qapp, name):
    assert send_to_running(name, {"cmd": "show"}) is False


def test_a_stale_socket_left_by_a_crash_is_reclaimed(qapp, name):
    # A process that listens and then dies without cleaning up (SIGKILL) leaves its socket file.
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import os, signal\n"
                "from PySide6.QtCore import QCoreApplication\n"
                "from PySide6.QtNetwork import QLocalServer\n"
                "app = QCoreApplication([])\n"
                "server = QLocalServer()\n"
                f"assert server.listen({name!r})\n"
                "os.kill(os.getpid(), signal.SIGKILL)\n"
            ),
        ],
        timeout=30,
    )
    assert crashed.returncode == -9
    server = InstanceServer(name)
    try:
        assert server.listen()
    finally:
        server.close()
