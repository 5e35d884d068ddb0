"""End-to-end fixtures: an X session with a tray host, and the real app started in it."""

from __future__ import annotations

import os
import socket

import pytest
from harness import AppProcess, missing_tools, x_session

# CI sets this: there a missing desktop tool is a failure, not a silent skip.
REQUIRE_ENV = "MYGO_DESKTOP_REQUIRE_E2E"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def xsession():
    missing = missing_tools()
    if missing:
        message = f"desktop tools missing: {', '.join(missing)} (installer/dev-setup.sh test installs them)"
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(message)
        pytest.skip(message)
    with x_session() as session:
        yield session


@pytest.fixture
def refused_port():
    """A local port that nothing listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def start_app(xsession, tmp_path):
    started = []

    def start(settings: dict | None = None, extra_env: dict | None = None) -> AppProcess:
        app = AppProcess(xsession, tmp_path / f"home{len(started)}", settings, extra_env)
        started.append(app)
        app.start()
        return app

    yield start
    for app in started:
        app.stop()
