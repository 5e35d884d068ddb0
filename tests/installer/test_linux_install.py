"""installer/linux/install.sh and uninstall.sh in a temporary HOME, with a stand-in bundle.

The stand-in is what the scripts look at in a real bundle: an executable ``mygo-desktop`` (here a
shell script that prints a version) and the icon under ``_internal/``. Each test snapshots the
temporary HOME before installing and checks that uninstalling restores it exactly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux installer")

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "installer" / "linux"
ICON = ROOT / "resources" / "icons" / "mygo-desktop.png"
VERSION_LINE = "mygo-desktop 9.9.9-test"


@pytest.fixture
def bundle(tmp_path) -> Path:
    folder = tmp_path / "bundle" / "mygo-desktop"
    icons = folder / "_internal" / "mygo_desktop" / "resources" / "icons"
    icons.mkdir(parents=True)
    shutil.copy(ICON, icons / "mygo-desktop.png")
    launcher = folder / "mygo-desktop"
    launcher.write_text(f'#!/bin/sh\necho "{VERSION_LINE}"\n', encoding="utf-8")
    launcher.chmod(0o755)
    return folder


class Home:
    """A temporary HOME; ``xdg`` points XDG_DATA_HOME/XDG_CONFIG_HOME at non-default folders."""

    def __init__(self, root: Path, xdg: bool):
        self.root = root
        self.root.mkdir(parents=True)
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
        self.env["HOME"] = str(root)
        self.env["PATH"] = f"{root / '.local' / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}"
        self.data = root / ".local" / "share"
        self.config = root / ".config"
        if xdg:
            self.data, self.config = root / "xdg data", root / "xdg-config"
            self.env.update(
                XDG_DATA_HOME=str(self.data),
                XDG_CONFIG_HOME=str(self.config),
                XDG_CACHE_HOME=str(root / "xdg-cache"),
                XDG_STATE_HOME=str(root / "xdg-state"),
            )
        self.app = self.data / "mygo-desktop" / "app"
        self.desktop = self.data / "applications" / "mygo-desktop.desktop"
        self.icon = self.data / "icons" / "hicolor" / "256x256" / "apps" / "mygo-desktop.png"
        self.autostart = self.config / "autostart" / "mygo-desktop.desktop"
        self.link = root / ".local" / "bin" / "mygo-desktop"

    def run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            ["bash", *map(str, args)], env=self.env, capture_output=True, text=True, timeout=60, check=False
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def install(self, bundle: Path, *options: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run(SCRIPTS / "install.sh", *options, bundle, check=check)

    def uninstall(self, *options: str) -> subprocess.CompletedProcess:
        return self.run(self.data / "mygo-desktop" / "uninstall.sh", *options)

    def snapshot(self) -> dict[str, str]:
        """Every path under HOME with its kind and, for files, its content."""
        found = {}
        for path in sorted(self.root.rglob("*")):
            key = str(path.relative_to(self.root))
            if path.is_symlink():
                found[key] = f"link {os.readlink(path)}"
            elif path.is_dir():
                found[key] = "dir"
            else:
                found[key] = f"file {path.read_bytes()!r}"
        return found


def _validate(entry: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate missing (installer/dev-setup.sh test installs desktop-file-utils)")
    result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def _keys(entry: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in entry.read_text(encoding="utf-8").splitlines() if "=" in line)


@pytest.mark.parametrize("xdg", [False, True], ids=["default-dirs", "xdg-dirs"])
def test_install_launch_uninstall_leaves_nothing(tmp_path, bundle, xdg):
    home = Home(tmp_path / "home dir", xdg)  # a space in the path exercises Exec quoting
    (home.root / "notes.txt").write_text("the user's own file", encoding="utf-8")
    before = home.snapshot()

    home.install(bundle)
    assert (home.app / "mygo-desktop").is_file() and home.icon.is_file()
    assert home.link.is_symlink() and home.link.resolve() == (home.app / "mygo-desktop").resolve()
    assert not home.autostart.exists()
    _validate(home.desktop)
    keys = _keys(home.desktop)
    assert keys["Exec"] == f'"{home.app / "mygo-desktop"}"'
    assert keys["Icon"] == "mygo-desktop" and keys["Categories"] == "Utility;"
    assert keys["Name[zh_TW]"] and keys["Comment[zh_TW]"]

    launched = subprocess.run(
        ["mygo-desktop", "--version"], env=home.env, capture_output=True, text=True, timeout=30, check=True
    )
    assert launched.stdout.strip() == VERSION_LINE

    home.uninstall()
    assert home.snapshot() == before


def test_autostart(tmp_path, bundle):
    home = Home(tmp_path / "home", xdg=False)
    before = home.snapshot()
    home.install(bundle, "--autostart")
    _validate(home.autostart)
    keys = _keys(home.autostart)
    assert keys["Exec"] == str(home.app / "mygo-desktop")
    assert keys["X-GNOME-Autostart-enabled"] == "true"
    home.uninstall()
    assert home.snapshot() == before


def test_autostart_matches_the_apps_own_entry(tmp_path, bundle, monkeypatch):
    """The app's settings see the installer's entry as "start at login: on", and vice versa."""
    from mygo_desktop.core.autostart import XdgAutostart

    home = Home(tmp_path / "home", xdg=True)
    home.install(bundle, "--autostart")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home.config))
    app_side = XdgAutostart([str(home.app / "mygo-desktop")])
    assert app_side.path == home.autostart and app_side.is_enabled()
    assert _keys(home.autostart)["Exec"] == _keys_from_text(app_side.entry_text())["Exec"]


def _keys_from_text(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_uninstall_removes_an_autostart_entry_the_app_wrote(tmp_path, bundle):
    home = Home(tmp_path / "home", xdg=False)
    before = home.snapshot()
    home.install(bundle)
    home.autostart.parent.mkdir(parents=True)
    home.autostart.write_text(f"[Desktop Entry]\nType=Application\nName=mygo-desktop\nExec={home.app}/mygo-desktop\n")
    home.uninstall()
    shutil.rmtree(home.config)  # the folders the app made for its entry
    assert home.snapshot() == before


def test_settings_and_stickers_stay_unless_purge(tmp_path, bundle):
    home = Home(tmp_path / "home", xdg=False)
    settings = home.config / "mygo-desktop" / "settings.json"
    stickers = home.data / "mygo-desktop" / "stickers" / "001.png"
    cache = home.root / ".cache" / "mygo-desktop" / "images" / "001.png"
    for path in (settings, stickers, cache):
        path.parent.mkdir(parents=True)
        path.write_text("user data", encoding="utf-8")
    before = home.snapshot()

    home.install(bundle)
    home.uninstall()
    assert home.snapshot() == before

    home.install(bundle)
    home.uninstall("--purge")
    assert not settings.exists() and not stickers.exists() and not cache.exists()
    assert not (home.data / "mygo-desktop").exists() and not home.desktop.exists() and not home.link.exists()


def test_reinstall_replaces_the_previous_install(tmp_path, bundle):
    home = Home(tmp_path / "home", xdg=False)
    before = home.snapshot()
    home.install(bundle, "--autostart")
    (bundle / "mygo-desktop").write_text('#!/bin/sh\necho "mygo-desktop 2"\n', encoding="utf-8")
    home.install(bundle)
    assert not home.autostart.exists()
    assert (
        subprocess.run([str(home.link), "--version"], capture_output=True, text=True, check=True).stdout
        == "mygo-desktop 2\n"
    )
    home.uninstall()
    assert home.snapshot() == before


def test_refuses_to_overwrite_a_command_it_did_not_install(tmp_path, bundle):
    home = Home(tmp_path / "home", xdg=False)
    home.link.parent.mkdir(parents=True)
    home.link.write_text("#!/bin/sh\n# pip install --user put me here\n", encoding="utf-8")
    before = home.snapshot()
    result = home.install(bundle, check=False)
    assert result.returncode == 1 and "already exists" in result.stderr
    assert home.snapshot() == before


def test_rejects_a_folder_that_is_not_a_bundle(tmp_path):
    home = Home(tmp_path / "home", xdg=False)
    before = home.snapshot()
    result = home.install(tmp_path, check=False)
    assert result.returncode == 1 and "not a mygo-desktop bundle" in result.stderr
    assert home.snapshot() == before
