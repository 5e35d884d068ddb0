"""UI tests run on Qt's offscreen platform unless a display is asked for explicitly."""

from __future__ import annotations

import os

import pytest

# Before pytest-qt creates the QApplication: one platform per process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def clean_clipboard(qapp):
    """Mime data left on the offscreen clipboard would be freed after Python at exit (a crash)."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


@pytest.fixture
def fake_pynput(monkeypatch):
    """Install a stand-in ``pynput.keyboard`` with the given attributes (the real one needs X)."""
    import sys
    import types

    def install(**attributes):
        keyboard = types.ModuleType("pynput.keyboard")
        for name, value in attributes.items():
            setattr(keyboard, name, value)
        package = types.ModuleType("pynput")
        package.keyboard = keyboard
        monkeypatch.setitem(sys.modules, "pynput", package)
        monkeypatch.setitem(sys.modules, "pynput.keyboard", keyboard)

    return install


# The assembled app with fakes (tests/app_fakes.py), as fixtures.
import app_fakes  # noqa: E402  (tests/ is on sys.path: tests/conftest.py puts it there)

events_path = pytest.fixture(app_fakes.events_path)
image_pack = pytest.fixture(app_fakes.image_pack)
make_app = pytest.fixture(app_fakes.make_app)
