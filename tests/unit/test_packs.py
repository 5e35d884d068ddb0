"""Sticker packs: every check problem in one clear line, safe installs, the registry, pack new."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from testpack import build_test_pack, draw_image

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.packs import PackError, PackRegistry, check_pack, default_packs_dir, scaffold_pack


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "pack.json").read_text(encoding="utf-8"))


def _write(folder: Path, manifest: dict) -> None:
    (folder / "pack.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    return build_test_pack(tmp_path / "src")


def test_the_test_pack_is_fine(pack_dir):
    result = check_pack(pack_dir)
    assert result.ok, result.problems
    assert len(result.pack.stickers) == 20
    assert all(len(s.examples) == 10 for s in result.pack.stickers)
    ids = {s.id for s in result.pack.catalog_stickers()}
    assert all(i.startswith("meow-test/") for i in ids)
    assert not ids & {s.id for s in default_catalog()}  # never a MyGO id


def _one_problem(folder: Path, change) -> str:
    manifest = _manifest(folder)
    change(manifest)
    _write(folder, manifest)
    result = check_pack(folder)
    assert not result.ok and result.pack is None
    assert len(result.problems) == 1, result.problems
    assert "\n" not in result.problems[0]
    return result.problems[0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m["stickers"][1].update(id=m["stickers"][0]["id"]), "duplicate id 'hungry'"),
        (lambda m: m["stickers"][2].update(line="   "), "sticker 3 ('rain'): 'line' must be a non-empty string"),
        (lambda m: m["stickers"][0].update(image="images/nope.png"), "image 'images/nope.png' is missing"),
        (lambda m: m["stickers"][0].update(image="../outside.png"), "escapes the pack folder"),
        (lambda m: m["stickers"][0].update(image="/etc/passwd.png"), "must be relative"),
        (lambda m: m["stickers"][0].update(image="images/a.exe"), "is not one of"),
        (lambda m: m["stickers"][0].update(id="a/b"), "'id' must be letters"),
        (lambda m: m["stickers"][0].update(examples="not a list"), "'examples' must be a list"),
        (lambda m: m.update(name="../evil"), "'name' must be"),
        (lambda m: m.update(stickers=[]), "'stickers' must be a non-empty list"),
        (lambda m: m.update(schema_version=7), "schema_version 7 is not supported"),
    ],
)
def test_each_problem_is_named(pack_dir, change, expected):
    assert expected in _one_problem(pack_dir, change)


def test_broken_json(pack_dir):
    (pack_dir / "pack.json").write_text("{ not json", encoding="utf-8")
    assert check_pack(pack_dir).problems[0].startswith("pack.json is broken JSON")


def test_an_image_that_does_not_decode(pack_dir):
    (pack_dir / "images" / "hungry.png").write_bytes(b"\x89PNG\r\n\x1a\nthis is not an image")
    truncated = (pack_dir / "images" / "sleepy.png").read_bytes()[:60]
    (pack_dir / "images" / "sleepy.png").write_bytes(truncated)
    problems = check_pack(pack_dir).problems
    assert len(problems) == 2
    assert all("does not decode as an image" in p for p in problems)


def test_a_symlinked_image_is_refused(pack_dir, tmp_path):
    outside = tmp_path / "secret.png"
    draw_image(outside, 1)
    (pack_dir / "images" / "hungry.png").unlink()
    (pack_dir / "images" / "hungry.png").symlink_to(outside)
    assert "symbolic link" in check_pack(pack_dir).problems[0]


def _zip(folder: Path, target: Path, extra: list[tuple[zipfile.ZipInfo | str, bytes]] = ()) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"mypack/{path.relative_to(folder).as_posix()}")
        for info, data in extra:
            archive.writestr(info, data)
    return target


def test_a_zip_of_a_folder_checks_and_installs(pack_dir, tmp_path):
    archive = _zip(pack_dir, tmp_path / "pack.zip")
    assert check_pack(archive).ok
    info = PackRegistry().install(archive)
    assert info.path == default_packs_dir() / "meow-test" and info.stickers == 20


def test_zip_slip_and_symlinks_in_a_zip_are_refused(pack_dir, tmp_path):
    link = zipfile.ZipInfo("mypack/images/link.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = _zip(pack_dir, tmp_path / "evil.zip", [("../../escaped.png", b"x"), (link, b"/etc/passwd")])
    problems = check_pack(archive).problems
    assert any("'..'" in p for p in problems) and any("symbolic link" in p for p in problems)
    with pytest.raises(PackError):
        PackRegistry().install(archive)
    assert not (tmp_path.parent / "escaped.png").exists()
    assert not default_packs_dir().exists() or not any(default_packs_dir().iterdir())


def test_not_a_zip_and_no_manifest(tmp_path):
    (tmp_path / "fake.zip").write_bytes(b"hello")
    assert "not a readable zip file" in check_pack(tmp_path / "fake.zip").problems[0]
    (tmp_path / "empty").mkdir()
    assert "no pack.json" in check_pack(tmp_path / "empty").problems[0]
    assert "no such folder or file" in check_pack(tmp_path / "missing").problems[0]


def test_install_copies_only_what_the_pack_names_into_the_data_folder(pack_dir, isolated_user_dirs):
    (pack_dir / "run-me.sh").write_text("rm -rf ~", encoding="utf-8")
    registry = PackRegistry()
    info = registry.install(pack_dir)
    assert info.path.is_relative_to(isolated_user_dirs / "xdg_data_home")
    assert not (info.path / "run-me.sh").exists()
    assert sorted(p.name for p in info.path.iterdir()) == ["images", "pack.json"]
    assert [p.name for p in registry.root.iterdir() if p.name.startswith(".")] == []


def test_enable_disable_remove_and_update(pack_dir):
    registry = PackRegistry()
    registry.install(pack_dir)
    registry.set_enabled("meow-test", False)
    assert [(i.name, i.enabled) for i in PackRegistry().list_packs()] == [("meow-test", False)]
    assert PackRegistry().enabled_packs() == []
    manifest = _manifest(pack_dir)
    manifest["version"] = "2.0"
    _write(pack_dir, manifest)
    registry.install(pack_dir)  # an update keeps the pack disabled
    assert [(i.version, i.enabled) for i in PackRegistry().list_packs()] == [("2.0", False)]
    registry.set_enabled("meow-test", True)
    assert [p.name for p in PackRegistry().enabled_packs()] == ["meow-test"]
    registry.remove("meow-test")
    assert PackRegistry().list_packs() == []
    with pytest.raises(PackError, match="no installed pack named"):
        registry.remove("meow-test")
    with pytest.raises(PackError):
        registry.set_enabled("../..", True)


def test_a_corrupt_registry_is_kept_aside_and_packs_stay_usable(pack_dir):
    registry = PackRegistry()
    registry.install(pack_dir)
    (registry.root / "registry.json").write_text("{oops", encoding="utf-8")
    again = PackRegistry()
    assert "registry.json.corrupt-" in again.problem
    assert [p.name for p in again.enabled_packs()] == ["meow-test"]


def test_a_damaged_installed_pack_is_listed_with_its_problem(pack_dir):
    info = PackRegistry().install(pack_dir)
    (info.path / "images" / "rain.png").unlink()
    (listed,) = PackRegistry().list_packs()
    assert "image 'images/rain.png' is missing" in listed.problem
    assert PackRegistry().enabled_packs() == []


def test_pack_new_writes_a_manifest_from_file_names(tmp_path):
    folder = tmp_path / "我的圖"
    for number, name in enumerate(["不知道.png", "好啊 好啊.jpg", "蛤？.webp"]):
        draw_image(folder / name, number)
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    _path, count = scaffold_pack(folder)
    assert count == 3
    manifest = _manifest(folder)
    assert [s["line"] for s in manifest["stickers"]] == ["不知道", "好啊 好啊", "蛤？"]
    assert manifest["name"] == "我的圖"
    assert check_pack(folder).ok, check_pack(folder).problems
    with pytest.raises(FileExistsError):
        scaffold_pack(folder)
    with pytest.raises(FileNotFoundError):
        scaffold_pack(tmp_path / "nothing-here")
