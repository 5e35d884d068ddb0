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

# A ranking: (sticker id, score 0..1), best first, for every sticker the model and the packs know.
Ranking = list[tuple[str, float]]
# model dir ("" = shipped) -> a Recommender (wrapped in the app's Ranker here: picks and packs),
# or any object with recommend(text, k) (tests).
RecommenderFactory = Callable[[str], object]


def _default_factory(model_dir: str):
    from mygo_desktop.core.model.recommender import Recommender

    return Recommender(model_dir or None)


def _with_memory_and_packs(recommender: object, learning: bool) -> object:
    """The app ranks through a Ranker: the user's picks and enabled packs beside the model."""
    from mygo_desktop.core.model.recommender import Recommender
    from mygo_desktop.core.ranking import Ranker

    return Ranker.open(recommender, learning=learning) if isinstance(recommender, Recommender) else recommender


class InferenceWorker(QObject):
    """Lives on the worker thread. Call its slots only through queued signals."""

    model_loaded = Signal(str)  # model directory
    model_failed = Signal(str)  # one-line message
    recommended = Signal(int, object)  # request id, Ranking
    failed = Signal(int, str)  # request id, one-line message
    catalog_changed = Signal(object)  # the Catalog with the enabled packs' stickers
    notice = Signal(str)  # a problem the user should hear of (a corrupt memory or pack registry file)
    memory_cleared = Signal(str)  # "" or why the learned picks could not be cleared

    def __init__(self, factory: RecommenderFactory = _default_factory):
        super().__init__()
        self._factory = factory
        self._recommender: Any = None
        self.learning = True

    @Slot(str)
    def load(self, model_dir: str) -> None:
        # A failed load must not leave the previous model answering for the new settings.
        self._recommender = None
        try:
            self._recommender = _with_memory_and_packs(self._factory(model_dir), self.learning)
            self._announce()
        except MygoError as exc:
            self.model_failed.emit(str(exc))
        except Exception as exc:
            logger.exception("loading the model failed")
            self.model_failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.model_loaded.emit(model_dir)
            if hasattr(self._recommender, "warm"):
                # Read the remembered messages once now (about 1 s per 10,000 picks), on this thread,
                # so later rankings never pay for it; a press meanwhile waits in the queue.
                self._recommender.warm()

    @Slot(int, str)
    def recommend(self, request_id: int, text: str) -> None:
        if self._recommender is None:
            self.failed.emit(request_id, "model not loaded")
            return
        try:
            rank = getattr(self._recommender, "rank", None) or self._recommender.recommend
            ranked = rank(text, k=10_000)
        except MygoError as exc:
            self.failed.emit(request_id, str(exc))
        except Exception as exc:
            logger.exception("recommendation failed")
            self.failed.emit(request_id, f"{type(exc).__name__}: {exc}")
        else:
            self.recommended.emit(request_id, [(r.sticker.id, r.probability) for r in ranked])

    def _announce(self) -> None:
        """Tell the main thread about the catalog (packs included) and any file problems."""
        ranker = self._recommender
        if hasattr(ranker, "catalog_with_packs"):
            self.catalog_changed.emit(ranker.catalog_with_packs())
            for problem in ranker.problems:
                self.notice.emit(problem)
            ranker.problems.clear()

    @Slot(str, str)
    def learn(self, text: str, sticker_id: str) -> None:
        if hasattr(self._recommender, "learn") and text.strip():
            try:
                problem = self._recommender.learn(text, sticker_id)
            except ValueError as exc:  # a sticker that left with its pack meanwhile
                problem = str(exc)
            if problem:
                self.notice.emit(problem)

    @Slot(bool)
    def set_learning(self, learning: bool) -> None:
        self.learning = learning
        if hasattr(self._recommender, "learning"):
            self._recommender.learning = learning

    @Slot()
    def clear_memory(self) -> None:
        if hasattr(self._recommender, "clear_memory"):
            self.memory_cleared.emit(self._recommender.clear_memory())

    @Slot()
    def reload_packs(self) -> None:
        if hasattr(self._recommender, "set_packs"):
            from mygo_desktop.core.packs import PackRegistry

            registry = PackRegistry()
            self._recommender.set_packs(registry.enabled_packs())
            if registry.problem:
                self.notice.emit(registry.problem)
            self._announce()


class InferenceService(QObject):
    """Main-thread front of the worker: owns the thread, numbers requests, drops stale results."""

    ready = Signal()
    load_failed = Signal(str)
    ranked = Signal(int, object)  # request id, Ranking (only the latest message request)
    rank_failed = Signal(int, str)
    query_ranked = Signal(str, object)  # search query, Ranking (only the latest query)
    catalog_changed = Signal(object)  # Catalog: MyGO and the enabled packs' stickers
    notice = Signal(str)  # a problem for the user
    memory_cleared = Signal(str)  # "" or why the learned picks could not be cleared

    _load_requested = Signal(str)
    _rank_requested = Signal(int, str)
    _learn_requested = Signal(str, str)
    _learning_set = Signal(bool)
    _clear_requested = Signal()
    _packs_changed = Signal()

    def __init__(self, factory: RecommenderFactory | None = None, parent: QObject | None = None, learning: bool = True):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("inference")
        self._worker = InferenceWorker(factory or _default_factory)
        self._worker.learning = learning  # before the thread starts: the first load reads it
        self._worker.moveToThread(self._thread)
        self._load_requested.connect(self._worker.load)
        self._rank_requested.connect(self._worker.recommend)
        self._learn_requested.connect(self._worker.learn)
        self._learning_set.connect(self._worker.set_learning)
        self._clear_requested.connect(self._worker.clear_memory)
        self._packs_changed.connect(self._worker.reload_packs)
        self._worker.catalog_changed.connect(self.catalog_changed)
        self._worker.notice.connect(self.notice)
        self._worker.memory_cleared.connect(self.memory_cleared)
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

    def learn(self, text: str, sticker_id: str) -> None:
        """Remember a pick (on the worker thread, which also writes the file)."""
        self._learn_requested.emit(text, sticker_id)

    def set_learning(self, learning: bool) -> None:
        self._learning_set.emit(learning)

    def clear_memory(self) -> None:
        self._clear_requested.emit()

    def reload_packs(self) -> None:
        """Packs were enabled, disabled, added or removed: rank with the new set."""
        self._packs_changed.emit()

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
