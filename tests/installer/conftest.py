"""The real PyInstaller bundle, built once per session for the slow installer tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "mygo-desktop.spec"


def folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 2**20


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    if shutil.which("pyinstaller") is None and not (Path(sys.executable).parent / "pyinstaller").exists():
        pytest.skip("PyInstaller is not installed: pip install -e '.[bundle]'")
    work = tmp_path_factory.mktemp("pyinstaller")
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    folder = work / "dist" / "mygo-desktop"
    files = sum(1 for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"\nbundle: {folder_mb(folder):.0f} MB in {files} files, built in {time.monotonic() - started:.0f} s")
    return folder
