"""Recents, frequent and starred stickers: kept on disk atomically, surviving corruption."""

import json
import os

import pytest

from mygo_desktop.core import storage
from mygo_desktop.core.usage import FREQUENCY_BOOST, STAR_BOOST, UsageStore


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "usage.json"


def test_uses_and_stars_survive_a_restart(path):
    store = UsageStore(path)
    for sid in ["m001", "m002", "m001"]:
        store.record_use(sid)
    store.toggle_star("m009")
    again = UsageStore(path)
    assert again.usage.recents == ["m001", "m002"]
    assert again.usage.counts == {"m001": 2, "m002": 1}
    assert again.is_starred("m009") and again.problem == ""
    assert json.loads(path.read_text())["schema_version"] == 1


def test_home_is_recent_then_frequent_then_starred_known_ids_only(path):
    store = UsageStore(path)
    for sid in ["m005", "m005", "m005", "m001", "m002", "gone"]:
        store.record_use(sid)
    store.toggle_star("m100")
    known = {"m001", "m002", "m005", "m100"}
    assert store.home(known, 12) == ["m002", "m001", "m005", "m100"]
    assert store.quick_row(known, 8) == ["m100", "m005", "m002", "m001"]  # ties: the more recent first


def test_the_boost_is_small_and_bounded(path):
    store = UsageStore(path)
    store.toggle_star("m001")
    for _ in range(500):
        store.record_use("m001")
    assert store.boost("m001") == pytest.approx(STAR_BOOST + FREQUENCY_BOOST)
    ranking = [("m050", 0.5), ("m002", 0.2), ("m001", 0.15)]
    assert [sid for sid, _p in store.boosted(ranking)] == ["m050", "m001", "m002"]  # passes a near tie only
    assert store.boosted(ranking)[1] == ("m001", 0.15)  # the shown probability stays the model's


def test_without_history_the_ranking_is_untouched(path):
    ranking = [("m050", 0.5), ("m002", 0.2)]
    assert UsageStore(path).boosted(ranking) is ranking


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'{"schema_version": 99}', b"[" * 100_000],
)
def test_a_corrupt_file_is_kept_aside_and_the_user_told(path, content):
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    store = UsageStore(path)
    assert store.usage.recents == [] and "使用紀錄無法讀取" in store.problem
    kept = list(path.parent.glob("usage.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == content
    store.record_use("m001")
    assert UsageStore(path).usage.recents == ["m001"]


def test_wrong_types_inside_are_dropped_not_fatal(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"schema_version": 1, "recents": ["m1", 5, None, "m1"], "counts": {"m1": "x", "m2": 3}}))
    store = UsageStore(path)
    assert store.usage.recents == ["m1"] and store.usage.counts == {"m2": 3} and store.problem == ""


def test_a_write_killed_midway_leaves_the_old_file(path, monkeypatch):
    store = UsageStore(path)
    store.record_use("m001")
    before = path.read_bytes()

    def dies(*_args, **_kwargs):
        raise KeyboardInterrupt  # the process stopped between writing and renaming

    monkeypatch.setattr(os, "replace", dies)
    with pytest.raises(KeyboardInterrupt):
        store.record_use("m002")
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".usage-*"))  # the temporary file is removed on the way out


def test_a_full_disk_does_not_raise(path, monkeypatch):
    store = UsageStore(path)

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.tempfile, "mkstemp", full)
    store.record_use("m001")  # logged, not raised: the copy the user asked for still happens
    assert store.usage.recents == ["m001"]


def test_saves_can_run_elsewhere_and_see_a_snapshot(path):
    queued = []
    store = UsageStore(path, run_save=queued.append)
    store.record_use("m001")
    store.record_use("m002")
    assert not path.exists() and len(queued) == 2
    queued[0]()
    assert UsageStore(path).usage.recents == ["m001"]  # the first save wrote the state of its time
    queued[1]()
    assert UsageStore(path).usage.recents == ["m002", "m001"]
