"""End-to-end fixtures: an X session with a tray host, and the real app started in it."""

from __future__ import annotations

import pytest

from harness import AppProcess, missing_tools, x_session


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def xsession():
    missing = missing_tools()
    if missing:
        pytest.skip(f"desktop tools missing: {', '.join(missing)} (installer/dev-setup.sh test installs them)")
    with x_session() as session:
        yield session


@pytest.fixture
def start_app(xsession, tmp_path):
    started = []

    def start(settings: dict | None = None) -> AppProcess:
        app = AppProcess(xsession, tmp_path / f"home{len(started)}", settings)
        started.append(app)
        app.start()
        return app

    yield start
    for app in started:
        app.stop()
