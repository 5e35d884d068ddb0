"""The app assembled by ``app.build_app`` with fakes (model, hotkey, network), for UI tests.

Imported by tests/ui/conftest.py, which turns ``make_app`` into a fixture.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QObject, Signal

from mygo_desktop.app import build_app
from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.events import ENV_VAR, read_events
from mygo_desktop.core.images import ImageStore
from mygo_desktop.core.images.downloader import DownloadError
from mygo_desktop.core.model.recommender import Recommendation

CATALOG = default_catalog()
TOP = ["m097", "m080", "m078"]  # what the fake model ranks first, whatever the text
_sockets = itertools.count()


class FakeRecommender:
    def __init__(self, top: list[str] = TOP):
        rest = [s.id for s in CATALOG if s.id not in top]
        self.order = [CATALOG.by_id(sid) for sid in [*top, *rest]]
        self.texts: list[str] = []

    def recommend(self, text: str, k: int = 5) -> list[Recommendation]:
        self.texts.append(text)
        return [Recommendation(s, 1.0 / (i + 2)) for i, s in enumerate(self.order[:k])]


class FakeHotkey(QObject):
    pressed = Signal()
    unavailable = Signal(str)
    registered = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.started: list[str] = []
        self.stops = 0

    def start(self, hotkey: str) -> bool:
        self.started.append(hotkey)
        self.registered.emit(hotkey)
        return True

    def stop(self) -> None:
        self.stops += 1


class OfflineDownloader:
    def fetch(self, url: str, dest: Path) -> Path:
        raise DownloadError("offline in this test")


def events_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "events.jsonl"
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


def image_pack(tmp_path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    Image.new("RGB", (321, 181), (200, 80, 120)).save(folder / f"{CATALOG.by_id(TOP[0]).quote}.png")
    return folder


def make_app(qtbot, tmp_path, image_pack, events_path):
    built = []

    def make(factory=lambda _dir: FakeRecommender(), store=None, hotkey=None):
        store = store or ImageStore(
            cache_dir=tmp_path / "cache", user_folder=image_pack, downloader=OfflineDownloader()
        )
        app = build_app(
            settings_path=tmp_path / "settings.json",
            recommender_factory=factory,
            store=store,
            hotkey_source=hotkey or FakeHotkey(),
            socket=f"mygo-test-{os.getpid()}-{next(_sockets)}",
        )
        built.append(app)
        return app

    yield make
    for app in built:
        app.close()
    qtbot.wait(50)  # let the deferred deletions run before the next test


def events(path: Path, name: str) -> list[dict]:
    return [e for e in read_events(path) if e["event"] == name]
