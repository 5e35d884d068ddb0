"""Installed packs: ``<data>/packs/<name>/`` folders plus ``<data>/packs/registry.json`` (enabled or not).

Installing copies only ``pack.json`` and the images it names, into a temporary folder first and
then renamed into place, so an interrupted install leaves no half pack. Nothing is written
outside ``<data>/packs``. Packs missing from the registry count as enabled; a broken registry
is kept aside (``problem`` says so) and every pack is enabled.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from mygo_desktop.core.errors import MygoError
from mygo_desktop.core.identity import data_dir
from mygo_desktop.core.packs.archive import ArchiveProblems, opened_pack
from mygo_desktop.core.packs.check import CheckResult, check_folder
from mygo_desktop.core.packs.manifest import MANIFEST, NAME_PATTERN, Pack
from mygo_desktop.core.storage import UnusableFile, atomic_write_json, read_json_document, set_aside

logger = logging.getLogger(__name__)

REGISTRY = "registry.json"
SCHEMA_VERSION = 1


class PackError(MygoError):
    """A pack cannot be installed, found or removed; ``problems`` lists every reason."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


@dataclass(frozen=True)
class PackInfo:
    """One installed pack as the settings dialog lists it."""

    name: str
    version: str
    author: str
    license: str
    stickers: int
    enabled: bool
    path: Path
    problem: str = ""  # why an installed pack cannot be used ("" when it can)


def default_packs_dir() -> Path:
    return data_dir() / "packs"


def check_pack(path: Path, decode: bool = True) -> CheckResult:
    """Every problem of the pack at ``path`` (a folder or a .zip), without installing it."""
    try:
        with opened_pack(Path(path)) as folder:
            result = check_folder(folder, decode)
    except ArchiveProblems as exc:
        return CheckResult(None, exc.problems)
    if result.pack is not None and Path(path).is_file():
        result.pack = replace(result.pack, root=None)  # the unpacked zip is gone: no folder to point at
    return result


class PackRegistry:
    """The installed packs in ``root`` (default ``<data>/packs``). Not thread-safe: one owner."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else default_packs_dir()
        self.problem = ""  # set when registry.json could not be used
        self._enabled = self._read_registry()

    def _read_registry(self) -> dict[str, bool]:
        path = self.root / REGISTRY
        try:
            raw = read_json_document(path, SCHEMA_VERSION) or {}
            packs = raw.get("packs", {})
            if not isinstance(packs, dict):
                raise UnusableFile("'packs' is not an object")
        except UnusableFile as exc:
            self.problem = set_aside(
                path, exc, ("貼圖包設定", "Pack registry"), ("所有貼圖包都已啟用", "every pack is enabled")
            )
            return {}
        return {name: bool(entry.get("enabled", True)) for name, entry in packs.items() if isinstance(entry, dict)}

    def _save(self) -> None:
        installed = {path.name for path in self._folders()}
        packs = {name: {"enabled": enabled} for name, enabled in sorted(self._enabled.items()) if name in installed}
        atomic_write_json(self.root / REGISTRY, {"schema_version": SCHEMA_VERSION, "packs": packs})

    def _folders(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(
            child
            for child in self.root.iterdir()
            if child.is_dir() and not child.is_symlink() and NAME_PATTERN.match(child.name)
        )

    def _folder(self, name: str) -> Path:
        if not isinstance(name, str) or not NAME_PATTERN.match(name) or not (self.root / name).is_dir():
            raise PackError(f"no installed pack named {name!r} (see: mygo-desktop pack list)")
        return self.root / name

    def _scan(self) -> list[tuple[PackInfo, Pack | None]]:
        scanned: list[tuple[PackInfo, Pack | None]] = []
        for folder in self._folders():
            result = check_folder(folder, decode=False)  # decoded at install; startup stays fast
            enabled = self._enabled.get(folder.name, True)
            pack = result.pack
            if pack is None:
                scanned.append((PackInfo(folder.name, "", "", "", 0, enabled, folder, result.problems[0]), None))
            elif pack.name != folder.name:
                problem = f"its pack.json names another pack ({pack.name!r}); reinstall it"
                scanned.append((PackInfo(folder.name, "", "", "", 0, enabled, folder, problem), None))
            else:
                info = PackInfo(pack.name, pack.version, pack.author, pack.license, len(pack.stickers), enabled, folder)
                scanned.append((info, pack))
        return scanned

    def list_packs(self) -> list[PackInfo]:
        """Every installed pack, usable or not, by name."""
        return [info for info, _ in self._scan()]

    def enabled_packs(self) -> list[Pack]:
        """The usable, enabled packs, loaded (their image paths point into ``root``)."""
        return [pack for info, pack in self._scan() if info.enabled and pack is not None]

    def set_enabled(self, name: str, enabled: bool) -> None:
        self._folder(name)
        self._enabled[name] = bool(enabled)
        self._save()

    def install(self, path: Path) -> PackInfo:
        """Check the pack at ``path`` (folder or .zip) and copy it in; PackError lists every problem.

        Installing a pack of the same name replaces it (an update) and keeps its enabled state.
        """
        try:
            with opened_pack(Path(path)) as folder:
                result = check_folder(folder)
                if not result.ok or result.pack is None:
                    raise PackError(f"{path}: {len(result.problems)} problem(s), not installed", result.problems)
                self._copy_in(folder, result.pack)
        except ArchiveProblems as exc:
            raise PackError(f"{path}: cannot be opened as a pack", exc.problems) from None
        self._enabled.setdefault(result.pack.name, True)
        self._save()
        return next(info for info in self.list_packs() if info.name == result.pack.name)

    def _copy_in(self, folder: Path, pack: Pack) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".install-", dir=self.root))
        try:
            shutil.copyfile(folder / MANIFEST, staging / MANIFEST)
            for sticker in pack.stickers:
                if not sticker.is_url:
                    target = staging.joinpath(*sticker.image.split("/"))
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(folder.joinpath(*sticker.image.split("/")), target, follow_symlinks=False)
            target = self.root / pack.name
            old = self.root / f".old-{pack.name}"
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def remove(self, name: str) -> None:
        """Delete an installed pack's folder and forget its state."""
        shutil.rmtree(self._folder(name))
        self._enabled.pop(name, None)
        self._save()
