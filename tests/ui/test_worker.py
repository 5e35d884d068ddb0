"""The inference thread with a fake recommender: loading, ids, stale results, errors as values."""

import threading
import time
from dataclasses import dataclass

import pytest

from mygo_desktop.core.errors import EmptyTextError, ModelNotFoundError
from mygo_desktop.ui.worker import InferenceService


@dataclass
class _Sticker:
    id: str


@dataclass
class _Rec:
    sticker: _Sticker
    probability: float


class FakeRecommender:
    """Ranks by text length; 'slow' texts take a while, so a newer request overtakes them."""

    def __init__(self):
        self.threads = set()

    def recommend(self, text, k):
        self.threads.add(threading.get_ident())
        if not text.strip():
            raise EmptyTextError("the text is empty: there is nothing to answer")
        if text.startswith("slow"):
            time.sleep(0.3)
        if text == "boom":
            raise RuntimeError("kaput")
        return [_Rec(_Sticker(f"m{len(text):03d}"), 0.9), _Rec(_Sticker("m000"), 0.1)]


@pytest.fixture
def service(qtbot):
    fake = FakeRecommender()
    svc = InferenceService(lambda model_dir: fake)
    svc.fake = fake
    yield svc
    svc.shutdown()


def test_loads_then_ranks_on_another_thread(service, qtbot):
    with qtbot.waitSignal(service.ready):
        service.load("")
    with qtbot.waitSignal(service.ranked) as ranked:
        request_id = service.request("你好")
    assert ranked.args == [request_id, [("m002", 0.9), ("m000", 0.1)]]
    assert threading.get_ident() not in service.fake.threads


def test_a_request_before_the_model_is_ready_is_answered_after_loading(service, qtbot):
    with qtbot.waitSignal(service.ranked) as ranked:
        request_id = service.request("早安")
        service.load("")
    assert ranked.args[0] == request_id


def test_stale_results_are_dropped(service, qtbot):
    with qtbot.waitSignal(service.ready):
        service.load("")
    results = []
    service.ranked.connect(lambda rid, ranking: results.append(rid))
    service.request("slow one")
    latest = service.request("快")
    qtbot.waitUntil(lambda: latest in results, timeout=3000)
    qtbot.wait(400)  # the slow one finishes meanwhile and must not arrive
    assert results == [latest]


def test_errors_come_back_as_messages(service, qtbot):
    with qtbot.waitSignal(service.ready):
        service.load("")
    with qtbot.waitSignal(service.rank_failed) as failed:
        service.request("   ")
    assert "empty" in failed.args[1]
    with qtbot.waitSignal(service.rank_failed) as failed:
        service.request("boom")
    assert failed.args[1] == "RuntimeError: kaput"


def test_a_model_that_fails_to_load_is_reported(qtbot):
    def factory(model_dir):
        raise ModelNotFoundError(f"model directory not found: {model_dir}")

    svc = InferenceService(factory)
    try:
        with qtbot.waitSignal(svc.load_failed) as failed:
            svc.load("/nowhere")
        assert failed.args == ["model directory not found: /nowhere"]
        assert not svc.is_ready
    finally:
        svc.shutdown()


def test_the_real_recommender_on_a_tiny_checkpoint(tiny_ngram_dir, qtbot):
    svc = InferenceService()
    try:
        with qtbot.waitSignal(svc.ready, timeout=60000):
            svc.load(str(tiny_ngram_dir))
        with qtbot.waitSignal(svc.ranked, timeout=10000) as ranked:
            svc.request("明天要不要一起去看電影")
        assert len(ranked.args[1]) == 157
    finally:
        svc.shutdown()
