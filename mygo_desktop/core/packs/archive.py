"""Opening a pack given as a folder or a .zip, without trusting the archive.

A zip is unpacked into a temporary folder only after every member passed: no absolute paths,
no ``..``, no symbolic links, no more than ``MAX_MEMBERS`` files or ``MAX_UNPACKED`` bytes
(counted while copying too, in case the headers lie). Nothing in a pack is ever executed.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from mygo_desktop.core.packs.manifest import MANIFEST

MAX_MEMBERS = 5000
MAX_UNPACKED = 200 * 1024 * 1024


class ArchiveProblems(Exception):
    """The pack cannot be opened; ``problems`` lists why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0])
        self.problems = problems


def _member_problem(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if stat.S_ISLNK(info.external_attr >> 16):
        return f"{name}: a symbolic link (not allowed in a pack)"
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"{name}: an absolute or Windows-style path (it would be written outside the pack)"
    if any(part == ".." for part in name.split("/")):
        return f"{name}: a path with '..' (it would be written outside the pack)"
    return ""


def _unzip(archive: Path, into: Path) -> None:
    try:
        handle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveProblems([f"{archive}: not a readable zip file ({exc})"]) from None
    with handle:
        members = handle.infolist()
        problems = [problem for info in members if (problem := _member_problem(info))]
        if len(members) > MAX_MEMBERS:
            problems.append(f"{archive}: {len(members)} files, at most {MAX_MEMBERS} are allowed in a pack")
        if sum(info.file_size for info in members) > MAX_UNPACKED:
            problems.append(f"{archive}: unpacks to more than {MAX_UNPACKED // 2**20} MB")
        if problems:
            raise ArchiveProblems(problems)
        budget = MAX_UNPACKED
        for info in members:
            target = into.joinpath(*info.filename.split("/"))
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with handle.open(info) as source, target.open("wb") as sink:
                    while chunk := source.read(1 << 16):
                        budget -= len(chunk)
                        if budget < 0:
                            raise ArchiveProblems([f"{archive}: unpacks to more than {MAX_UNPACKED // 2**20} MB"])
                        sink.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                # RuntimeError: an encrypted member; NotImplementedError: an unknown compression
                raise ArchiveProblems([f"{archive}: {info.filename} cannot be unpacked ({exc})"]) from None


def _manifest_folder(root: Path, shown: Path) -> Path:
    """The folder with pack.json: ``root`` itself or its one sub-folder (a zipped folder)."""
    if (root / MANIFEST).exists() or (root / MANIFEST).is_symlink():
        return root
    children = [child for child in root.iterdir() if not child.name.startswith((".", "__MACOSX"))]
    only = children[0] if len(children) == 1 else None
    if only is not None and only.is_dir() and not only.is_symlink() and (only / MANIFEST).exists():
        return only
    raise ArchiveProblems([f"{shown}: no {MANIFEST} (create one with: mygo-desktop pack new FOLDER)"])


@contextlib.contextmanager
def opened_pack(path: Path) -> Iterator[Path]:
    """The folder holding the pack's pack.json; a zip is unpacked into a temporary folder for the block."""
    path = Path(path)
    if path.is_symlink():
        raise ArchiveProblems([f"{path}: a symbolic link; give the pack itself"])
    if path.is_dir():
        yield _manifest_folder(path, path)
        return
    if not path.exists():
        raise ArchiveProblems([f"{path}: no such folder or file"])
    if path.suffix.lower() != ".zip":
        raise ArchiveProblems([f"{path}: a pack is a folder with {MANIFEST}, or a .zip of one"])
    temp = Path(tempfile.mkdtemp(prefix="mygo-pack-"))
    try:
        _unzip(path, temp)
        yield _manifest_folder(temp, path)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
