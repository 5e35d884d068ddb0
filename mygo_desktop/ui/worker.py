"""The inference thread: one worker QObject on one QThread, requests carrying ids.

The model loads on the worker thread at start-up, so the tray is usable before it is ready.
Only plain Python objects cross the thread boundary; errors come back as values (a message),
never as exceptions. Requests go on one of two channels, the received message and the search
box's query; a result for anything but a channel's latest request is dropped, so typing a
search never makes the message's ranking stale (or the other way round).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from mygo_desktop.core.errors import MygoError

logger = logging.getLogger(__name__)

# A ranking: (sticker id, probability 0..1), best first, for every sticker the model knows.
Ranking = list[tuple[str, float]]
RecommenderFactory = Callable[[str], object]  # model dir ("" = shipped) -> an object with recommend()


def _default_factory(model_dir: str):
    from mygo_desktop.core.model.recommender import Recommender

    return Recommender(model_dir or None)


class InferenceWorker(QObject):
    """Lives on the worker thread. Call its slots only through queued signals."""

    model_loaded = Signal(str)  # model directory
    model_failed = Signal(str)  # one-line message
    recommended = Signal(int, object)  # request id, Ranking
    failed = Signal(int, str)  # request id, one-line message

    def __init__(self, factory: RecommenderFactory = _default_factory):
        super().__init__()
        self._factory = factory
        self._recommender: Any = None

    @Slot(str)
    def load(self, model_dir: str) -> None:
        # A failed load must not leave the previous model answering for the new settings.
        self._recommender = None
        try:
            self._recommender = self._factory(model_dir)
        except MygoError as exc:
            self.model_failed.emit(str(exc))
        except Exception as exc:
            logger.exception("loading the model failed")
            self.model_failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.model_loaded.emit(model_dir)

    @Slot(int, str)
    def recommend(self, request_id: int, text: str) -> None:
        if self._recommender is None:
            self.failed.emit(request_id, "model not loaded")
            return
        try:
            ranked = self._recommender.recommend(text, k=10_000)
        except MygoError as exc:
            self.failed.emit(request_id, str(exc))
        except Exception as exc:
            logger.exception("recommendation failed")
            self.failed.emit(request_id, f"{type(exc).__name__}: {exc}")
        else:
            self.recommended.emit(request_id, [(r.sticker.id, r.probability) for r in ranked])


class InferenceService(QObject):
    """Main-thread front of the worker: owns the thread, numbers requests, drops stale results."""

    ready = Signal()
    load_failed = Signal(str)
    ranked = Signal(int, object)  # request id, Ranking (only the latest message request)
    rank_failed = Signal(int, str)
    query_ranked = Signal(str, object)  # search query, Ranking (only the latest query)

    _load_requested = Signal(str)
    _rank_requested = Signal(int, str)

    def __init__(self, factory: RecommenderFactory = _default_factory, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("inference")
        self._worker = InferenceWorker(factory)
        self._worker.moveToThread(self._thread)
        self._load_requested.connect(self._worker.load)
        self._rank_requested.connect(self._worker.recommend)
        self._worker.model_loaded.connect(self._on_model_loaded)
        self._worker.model_failed.connect(self._on_model_failed)
        self._worker.recommended.connect(self._on_recommended)
        self._worker.failed.connect(self._on_failed)
        self._latest_id = 0
        self._next_id = 0
        self._latest_query: tuple[int, str] | None = None  # the search channel's latest request
        self._is_ready = False
        self._load_error = ""  # set while the last load failed: requests fail at once
        self._pending: tuple[int, str] | None = None
        self._thread.start()

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    def load(self, model_dir: str = "") -> None:
        self._is_ready = False
        self._load_error = ""
        self._load_requested.emit(model_dir)

    def request(self, text: str) -> int:
        """Ask for a ranking of ``text``; returns the request id. Earlier requests become stale."""
        self._next_id += 1
        self._latest_id = self._next_id
        if self._is_ready:
            self._rank_requested.emit(self._latest_id, text)
        elif self._load_error:
            # No model will come: answer now (queued, so callers see the same order as a result).
            request_id, error = self._latest_id, self._load_error
            QTimer.singleShot(0, self, lambda: self._on_failed(request_id, error))
        else:
            self._pending = (self._latest_id, text)  # sent once the model is ready
        return self._latest_id

    def request_query(self, query: str) -> None:
        """Rank a search query (answered by ``query_ranked``; nothing when no model is ready)."""
        self._next_id += 1
        self._latest_query = (self._next_id, query)
        if self._is_ready:
            self._rank_requested.emit(self._next_id, query)

    def shutdown(self) -> None:
        self._thread.quit()
        self._thread.wait()

    @Slot(str)
    def _on_model_loaded(self, model_dir: str) -> None:
        logger.info("model ready: %s", model_dir or "shipped model")
        self._is_ready = True
        self.ready.emit()
        if self._pending and self._pending[0] == self._latest_id:
            self._rank_requested.emit(*self._pending)
        self._pending = None
        if self._latest_query is not None:
            self._rank_requested.emit(*self._latest_query)

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        logger.error("model failed to load: %s", message)
        self._load_error = message
        self.load_failed.emit(message)
        if self._pending:
            self.rank_failed.emit(self._pending[0], message)
            self._pending = None

    @Slot(int, object)
    def _on_recommended(self, request_id: int, ranking: Ranking) -> None:
        if request_id == self._latest_id:
            self.ranked.emit(request_id, ranking)
        elif self._latest_query is not None and request_id == self._latest_query[0]:
            self.query_ranked.emit(self._latest_query[1], ranking)

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id == self._latest_id:
            self.rank_failed.emit(request_id, message)
