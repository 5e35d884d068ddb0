"""The example memory: neighbours, the bounded vote, and its file (atomic, corrupt file kept aside)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mygo_desktop.core.memory import BlendParams, ExampleMemory, MemoryVote, default_memory_path, vote
from mygo_desktop.core.memory.index import NgramIndex
from mygo_desktop.core.memory.store import SCHEMA_VERSION


def test_nearest_message_first_and_identical_is_one():
    memory = ExampleMemory()
    memory.add("今天要不要一起去吃拉麵", "m001")
    memory.add("明天的考試好難", "m002")
    memory.add("外面在下大雨", "m003")
    found = memory.neighbours("今天要不要一起去吃拉麵")
    assert found[0][0].sticker_id == "m001"
    assert found[0][1] == pytest.approx(1.0, abs=1e-5)
    assert next(entry.sticker_id for entry, _ in memory.neighbours("要不要去吃拉麵")) == "m001"
    assert memory.neighbours("完全無關的句子ABC") == [] or all(s < 0.5 for _, s in memory.neighbours("ABC"))


def test_variants_and_widths_fold_together():
    memory = ExampleMemory()
    memory.add("妳今天好漂亮！", "m001")
    (entry, similarity), *_ = memory.neighbours("你今天好漂亮!")
    assert entry.sticker_id == "m001" and similarity == pytest.approx(1.0, abs=1e-5)


def test_empty_text_is_not_remembered_and_empty_memory_votes_nothing():
    memory = ExampleMemory()
    assert memory.add("  \x00 ！！", "m001") is None
    assert len(memory) == 0
    assert memory.vote("任何訊息") == MemoryVote()


def test_the_vote_is_bounded_and_grows_with_agreement():
    params = BlendParams()
    one = vote([("a", 1.0)], params)
    assert 0 < one.weight <= params.max_weight
    many = vote([("a", 0.9)] * 5, params)
    assert many.weight >= one.weight * 0.99
    split = vote([("a", 0.9), ("b", 0.9), ("c", 0.9)], params)
    assert split.weight < many.weight  # neighbours that disagree count for less
    assert sum(split.shares.values()) == pytest.approx(1.0)
    assert vote([("a", 0.9)] * 100, params).weight <= params.max_weight


def test_only_close_neighbours_may_go_first():
    params = BlendParams(strong=0.4)
    assert vote([("a", 0.39)], params).strong == frozenset()
    assert vote([("a", 0.41)], params).strong == {"a"}


def test_picks_beyond_the_cap_push_out_the_oldest():
    memory = ExampleMemory(max_picks=3)
    for number in range(5):
        memory.add(f"訊息{number}號很長的一句話", f"m00{number}")
    assert [e.sticker_id for e in memory.picks()] == ["m002", "m003", "m004"]
    assert memory.neighbours("訊息0號很長的一句話")[0][0].sticker_id != "m000"


def test_pack_examples_are_replaced_by_source_and_not_saved(tmp_path):
    memory = ExampleMemory(tmp_path / "memory.json")
    memory.add("我的選擇", "m001")
    memory.set_examples("pack:cats", [("貓咪好可愛", "cats/cute")])
    memory.set_examples("pack:cats", [("貓咪在睡覺", "cats/sleep")])
    assert {e.sticker_id for e in memory.entries} == {"m001", "cats/sleep"}
    memory.save()
    saved = json.loads((tmp_path / "memory.json").read_text(encoding="utf-8"))
    assert saved["schema_version"] == SCHEMA_VERSION
    assert [e["sticker"] for e in saved["entries"]] == ["m001"]
    memory.clear()
    assert [e.sticker_id for e in memory.entries] == ["cats/sleep"]
    assert ExampleMemory.load(tmp_path / "memory.json").picks() == []


def test_round_trip_in_the_data_folder(isolated_user_dirs):
    memory = ExampleMemory.load()
    memory.add("你今天有空嗎", "m010", when=123.0)
    memory.save()
    assert default_memory_path().is_relative_to(isolated_user_dirs / "xdg_data_home")
    again = ExampleMemory.load()
    assert again.problem == ""
    stored = [(e.text, e.sticker_id, e.source, e.time) for e in again.entries]
    assert stored == [("你今天有空嗎", "m010", "pick", 123.0)]


@pytest.mark.parametrize(
    "content",
    [b"{broken", b"\xff\xfe", b"[]", b'{"schema_version": 99, "entries": []}', b'{"schema_version": 1}', b"[" * 100000],
)
def test_a_corrupt_file_is_kept_aside_and_the_user_told(tmp_path, content):
    path = tmp_path / "memory.json"
    path.write_bytes(content)
    memory = ExampleMemory.load(path)
    assert len(memory) == 0
    assert "memory.json.corrupt-" in memory.problem and "\n" not in memory.problem
    assert not path.exists()
    assert [p.read_bytes() for p in tmp_path.glob("memory.json.corrupt-*")] == [content]


def test_malformed_entries_are_skipped_not_fatal(tmp_path):
    path = tmp_path / "memory.json"
    entries = [{"text": "好", "sticker": "m001"}, {"text": 3}, "x", {"text": "嗨", "sticker": "m002", "time": "now"}]
    path.write_text(json.dumps({"schema_version": 1, "entries": entries}), encoding="utf-8")
    memory = ExampleMemory.load(path)
    assert memory.problem == "" and [e.sticker_id for e in memory.entries] == ["m001"]


def test_a_kill_during_a_save_leaves_the_old_file(tmp_path):
    """A child process is killed while it writes; the file it was replacing stays whole."""
    path = tmp_path / "store" / "memory.json"
    memory = ExampleMemory(path)
    memory.add("原本的訊息", "m001")
    memory.save()
    before = path.read_bytes()
    script = f"""
import os, json
from pathlib import Path
import mygo_desktop.core.storage as storage
real_dump = json.dump
def dump_then_die(obj, handle, **kw):
    handle.write('{{"schema_version": 1, "entries": [')  # half a document on disk
    handle.flush()
    os._exit(9)
storage.json.dump = dump_then_die
from mygo_desktop.core.memory import ExampleMemory
m = ExampleMemory(Path({str(path)!r}))
for i in range(100):
    m.add("新的訊息" + str(i), "m002")
m.save()
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert result.returncode == 9, result.stderr
    assert path.read_bytes() == before
    loaded = ExampleMemory.load(path)
    assert loaded.problem == "" and [e.text for e in loaded.entries] == ["原本的訊息"]
    leftovers = [p for p in path.parent.iterdir() if p.name != "memory.json"]
    assert len(leftovers) == 1  # the killed save's temporary file, tidied by a later save after an hour
    os.utime(leftovers[0], (0, 0))
    loaded.save()
    assert [p.name for p in path.parent.iterdir()] == ["memory.json"]


def test_index_removal_renumbers():
    index = NgramIndex()
    index.add({"ab": 1.0})
    index.add({"cd": 1.0})
    index.keep([False, True])
    assert index.neighbours({"cd": 1.0}, 5) == [(0, pytest.approx(1.0))]
    index.clear()
    assert index.neighbours({"cd": 1.0}, 5) == []
