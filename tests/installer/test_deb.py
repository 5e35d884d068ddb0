"""The Debian package for real: build it, apt-get install it, launch it, purge it (slow).

    .venv/bin/python -m pytest -m slow tests/installer/test_deb.py -s

installer/linux/build-deb.sh packs the bundle (tests/installer/conftest.py builds it) and runs
lintian; ``apt-get install ./mygo-desktop_*.deb`` installs it system-wide, the app is started
with the desktop entry's Exec line under Xvfb + trayer until its tray and model are ready,
``mygo-desktop recommend`` from PATH ranks like the in-process recommender, and ``apt-get
purge`` must leave the system's folders exactly as they were. Needs root or password-less sudo;
skips (saying why) without them, and refuses to touch a mygo-desktop that is already installed.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness import missing_tools, run_until_ready, x_session

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1200),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian package"),
]

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "mygo-desktop"
MESSAGE = "你這話是認真的嗎"
DEB_LIMIT_MB = 70  # issue 14
# Where a package may put files; apt's and dpkg's own bookkeeping and caches are not the package's.
WATCHED = ("/usr", "/etc", "/opt")
IGNORED = ("/usr/share/icons/hicolor/icon-theme.cache",)  # refreshed by a trigger, if it exists


def _root_command() -> list[str] | None:
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def _installed(package: str) -> bool:
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return "ok installed" in status.stdout or "config-files" in status.stdout


def _snapshot() -> set[str]:
    found = set()
    for top in WATCHED:
        for folder, dirs, files in os.walk(top):
            dirs[:] = [name for name in dirs if not os.path.islink(os.path.join(folder, name))]
            found.update(os.path.join(folder, name) for name in (*dirs, *files))
    return found - set(IGNORED)


@pytest.fixture(scope="module")
def root() -> list[str]:
    if shutil.which("dpkg-deb") is None or shutil.which("apt-get") is None:
        pytest.skip("not a Debian/Ubuntu system (dpkg-deb, apt-get)")
    command = _root_command()
    if command is None:
        pytest.skip("installing a package needs root: run as root or with password-less sudo (sudo -n true failed)")
    if _installed(PACKAGE):
        pytest.skip(f"{PACKAGE} is already installed on this machine: the test will not replace or purge it")
    return command


@pytest.fixture(scope="module")
def deb(bundle, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("deb")
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(ROOT / "installer" / "linux" / "build-deb.sh"), str(bundle), str(out)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"build-deb.sh failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    (package,) = out.glob(f"{PACKAGE}_*.deb")
    print(f"\n.deb: {package.stat().st_size / 2**20:.1f} MB, built and checked in {time.monotonic() - started:.0f} s")
    return package


def _apt(root: list[str], *args: str) -> subprocess.CompletedProcess:
    apt = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-o", "DPkg::Lock::Timeout=300"]
    result = subprocess.run(
        [*root, *apt, *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"apt-get {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _user_env(home: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV", "XDG_"))}
    env.update(HOME=str(home), HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9", NO_PROXY="")
    env["PATH"] = "/usr/bin:/bin"  # the installed program, not the checkout's .venv
    return env


def _exec_line(desktop_file: Path) -> list[str]:
    line = next(row for row in desktop_file.read_text("utf-8").splitlines() if row.startswith("Exec="))
    return [arg for arg in shlex.split(line.removeprefix("Exec=")) if not arg.startswith("%")]


def test_size(deb):
    size = deb.stat().st_size / 2**20
    assert size <= DEB_LIMIT_MB, f"the .deb is {size:.1f} MB, over the {DEB_LIMIT_MB} MB target"


def test_install_launch_recommend_purge(root, deb, tmp_path):
    from mygo_desktop.core.model.recommender import Recommender

    before = _snapshot()
    started = time.monotonic()
    _apt(root, "install", "--no-install-recommends", str(deb))
    try:
        print(f"apt-get install: {time.monotonic() - started:.1f} s")
        desktop_file = Path("/usr/share/applications/mygo-desktop.desktop")
        assert Path("/usr/bin/mygo-desktop").is_file() and desktop_file.is_file()
        assert Path("/usr/share/icons/hicolor/256x256/apps/mygo-desktop.png").is_file()
        if shutil.which("desktop-file-validate"):
            check = subprocess.run(["desktop-file-validate", str(desktop_file)], capture_output=True, text=True)
            assert check.returncode == 0 and not check.stdout.strip(), check.stdout
        home = tmp_path / "home"
        home.mkdir()
        env = _user_env(home)

        result = subprocess.run(
            ["mygo-desktop", "recommend", MESSAGE, "-k", "3", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        expected = [r.sticker.quote for r in Recommender().recommend(MESSAGE, k=3)]
        assert [c["quote"] for c in json.loads(result.stdout)["candidates"]] == expected

        _launch_from_menu_entry(_exec_line(desktop_file), env, tmp_path)
    finally:
        started = time.monotonic()
        _apt(root, "purge", PACKAGE)
        print(f"apt-get purge: {time.monotonic() - started:.1f} s")
    assert not _installed(PACKAGE)
    left = sorted(_snapshot() - before)
    assert not left, f"left behind after apt-get purge: {left[:20]}"


def _launch_from_menu_entry(command: list[str], env: dict, tmp_path: Path) -> None:
    missing = missing_tools()
    if missing:
        pytest.skip(f"desktop tools missing for the launch: {', '.join(missing)}")
    with x_session() as session:
        env = {**env, "DISPLAY": session.display, "QT_QPA_PLATFORM": "xcb"}
        to_tray = run_until_ready(command, env, tmp_path / "events.jsonl", model_timeout=60)
        print(f"menu entry ({shlex.join(command)}) to tray: {to_tray:.2f} s")
