"""``pack`` and ``memory`` commands, and ``recommend`` with and without packs, run as a user runs them."""

from __future__ import annotations

import json

from test_cli import run_cli
from testpack import build_test_pack, draw_image

from mygo_desktop.core.memory import ExampleMemory


def test_pack_new_check_add_list_disable_remove(tmp_path):
    folder = tmp_path / "faces"
    for number, line in enumerate(["才不要咧", "笑死"]):
        draw_image(folder / f"{line}.png", number)
    new = run_cli("pack", "new", str(folder))
    assert new.returncode == 0 and "2 stickers" in new.stdout.decode()
    assert run_cli("pack", "check", str(folder)).returncode == 0
    added = run_cli("pack", "add", str(folder))
    assert added.returncode == 0, added.stderr
    assert "installed faces" in added.stdout.decode()
    assert "faces  1.0  2 stickers  enabled" in run_cli("pack", "list").stdout.decode()
    assert run_cli("pack", "disable", "faces").returncode == 0
    assert "disabled" in run_cli("pack", "list").stdout.decode()
    assert run_cli("pack", "remove", "faces").returncode == 0
    assert "no packs installed" in run_cli("pack", "list").stdout.decode()
    gone = run_cli("pack", "remove", "faces")
    message = gone.stderr.decode()
    assert gone.returncode == 1 and message.count("\n") == 1 and "no installed pack" in message


def test_check_lists_every_problem_one_per_line(tmp_path):
    folder = build_test_pack(tmp_path / "p")
    manifest = json.loads((folder / "pack.json").read_text(encoding="utf-8"))
    manifest["stickers"][0]["line"] = ""
    manifest["stickers"][1]["image"] = "images/missing.png"
    (folder / "pack.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run_cli("pack", "check", str(folder))
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr.decode()
    assert lines[0].endswith("2 problem(s):") and len(lines) == 3
    added = run_cli("pack", "add", str(folder))
    assert added.returncode == 1 and "not installed" in added.stderr.decode()


def test_recommend_includes_enabled_packs_unless_told_not_to(tmp_path):
    assert run_cli("pack", "add", str(build_test_pack(tmp_path / "p"))).returncode == 0
    with_packs = run_cli("recommend", "生日快樂喵", "-k", "3", "--json")
    assert json.loads(with_packs.stdout)["top_prediction"]["quote"] == "生日快樂喵"
    without = run_cli("recommend", "生日快樂喵", "-k", "3", "--json", "--no-packs")
    assert all(c["quote"] != "生日快樂喵" for c in json.loads(without.stdout)["candidates"])


def test_memory_status_and_clear():
    memory = ExampleMemory.load()
    memory.add("你今天有空嗎", "m001")
    memory.save()
    assert "1 learned picks" in run_cli("memory", "status").stdout.decode()
    assert "forgot 1 learned picks" in run_cli("memory", "clear").stdout.decode()
    assert ExampleMemory.load().picks() == []
