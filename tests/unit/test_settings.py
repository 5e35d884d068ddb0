"""Settings file (load/save) and start-at-login backends; no Qt here."""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mygo_desktop.core import autostart
from mygo_desktop.core.settings import SCHEMA_VERSION, Settings, default_settings_path, load_settings, save_settings


def _write_json(path: Path, document) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def _custom() -> Settings:
    return Settings(
        hotkey="Ctrl+Shift+M",
        hotkey_enabled=False,
        text_source="clipboard",
        candidates=7,
        model_dir="/models/我的模型",
        image_folder="/pictures/mygo",
        copy_mode="image_and_text",
        paste_after_copy=True,
        start_at_login=True,
        language="en",
    )


# --- load/save ------------------------------------------------------------------------------


def test_round_trip(tmp_path):
    path = tmp_path / "conf" / "settings.json"
    save_settings(_custom(), path)
    result = load_settings(path)
    assert result.settings == _custom()
    assert result.problem == ""
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION
    assert raw["model_dir"] == "/models/我的模型"


def test_default_path_is_inside_the_isolated_config_dir(isolated_user_dirs):
    written = save_settings(_custom())
    assert written == default_settings_path()
    assert written.is_relative_to(isolated_user_dirs / "xdg_config_home")
    assert load_settings().settings == _custom()


def test_missing_file_gives_defaults_without_a_problem(tmp_path):
    result = load_settings(tmp_path / "nothing.json")
    assert result.settings == Settings()
    assert result.problem == ""


def _only_aside(path: Path) -> Path:
    asides = sorted(path.parent.glob(f"{path.name}.corrupt-*"))
    assert len(asides) == 1, asides
    return asides[0]


def test_corrupt_file_is_kept_aside_and_defaults_used(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"schema_version": 1, "candidates": ', encoding="utf-8")
    result = load_settings(path)
    assert result.settings == Settings()
    assert result.problem
    assert "\n" not in result.problem
    assert not path.exists()
    aside = _only_aside(path)
    assert aside.read_text(encoding="utf-8") == '{"schema_version": 1, "candidates": '
    assert str(aside) in result.problem


def test_not_an_object_is_kept_aside(tmp_path):
    path = tmp_path / "settings.json"
    _write_json(path, [1, 2, 3])
    result = load_settings(path)
    assert result.settings == Settings()
    assert "not a JSON object" in result.problem
    assert json.loads(_only_aside(path).read_text(encoding="utf-8")) == [1, 2, 3]


@pytest.mark.parametrize("version", [2, 0, None, "1"])
def test_unknown_schema_version_is_kept_aside(tmp_path, version):
    path = tmp_path / "settings.json"
    document = {"candidates": 5}
    if version is not None:
        document["schema_version"] = version
    _write_json(path, document)
    result = load_settings(path)
    assert result.settings == Settings()
    assert "schema_version" in result.problem
    assert json.loads(_only_aside(path).read_text(encoding="utf-8")) == document


def test_wrong_types_and_ranges_fall_back_per_field(tmp_path):
    path = tmp_path / "settings.json"
    _write_json(
        path,
        {
            "schema_version": SCHEMA_VERSION,
            "hotkey": 5,  # not a string
            "hotkey_enabled": "no",  # not a bool
            "candidates": True,  # a bool is not a count
            "paste_after_copy": 1,  # an int is not a bool
            "text_source": "telepathy",  # not one of the choices
            "copy_mode": None,
            "model_dir": "/kept/model",  # valid values survive
            "language": "en",
            "start_at_login": True,
            "window_size": [3, 4],  # unknown keys are ignored
        },
    )
    result = load_settings(path)
    expected = Settings(model_dir="/kept/model", language="en", start_at_login=True)
    assert result.settings == expected
    assert result.problem == ""
    assert path.exists()  # a usable file is not moved


@pytest.mark.parametrize("count", [0, 61, -3])
def test_candidates_out_of_range_use_default(tmp_path, count):
    path = tmp_path / "settings.json"
    _write_json(path, {"schema_version": SCHEMA_VERSION, "candidates": count, "hotkey": "  "})
    settings = load_settings(path).settings
    assert settings.candidates == Settings().candidates
    assert settings.hotkey == Settings().hotkey


def test_save_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "conf" / "settings.json"
    save_settings(Settings(), path)
    save_settings(_custom(), path)
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]


def test_failed_save_keeps_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "conf" / "settings.json"
    save_settings(_custom(), path)
    before = path.read_bytes()
    broken = Settings(hotkey=object())  # json.dump fails half-way through the temporary file
    with pytest.raises(TypeError):
        save_settings(broken, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]


# --- start at login: Linux (XDG) --------------------------------------------------------------


def _validate_desktop_file(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        return  # the one check that needs the tool; the rest of the test still runs
    run = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr


def test_xdg_enable_disable(isolated_user_dirs):
    backend = autostart.for_platform(["/usr/bin/mygo-desktop"], platform="linux")
    entry = isolated_user_dirs / "xdg_config_home" / "autostart" / "mygo-desktop.desktop"
    assert backend.path == entry
    assert not backend.is_enabled()

    backend.enable()
    assert entry.is_file()
    assert backend.is_enabled()
    text = entry.read_text(encoding="utf-8")
    assert "[Desktop Entry]" in text and "Type=Application" in text
    assert "Exec=/usr/bin/mygo-desktop\n" in text
    _validate_desktop_file(entry)
    assert sorted(p.name for p in entry.parent.iterdir()) == ["mygo-desktop.desktop"]

    backend.disable()
    assert not entry.exists()
    assert not backend.is_enabled()
    backend.disable()  # already off: no error


def test_xdg_default_command_runs_this_interpreter(isolated_user_dirs):
    backend = autostart.for_platform(platform="linux")
    backend.enable()
    text = backend.path.read_text(encoding="utf-8")
    assert f"Exec={autostart.exec_line([sys.executable, '-m', 'mygo_desktop'])}\n" in text
    _validate_desktop_file(backend.path)


def test_xdg_exec_quoting_of_awkward_paths(isolated_user_dirs):
    command = ['/opt/My Apps/py"th$on', "-m", "mygo_desktop", "--ratio=100%", "back\\slash"]
    backend = autostart.for_platform(command, platform="linux")
    backend.enable()
    exec_value = next(
        line for line in backend.path.read_text(encoding="utf-8").splitlines() if line.startswith("Exec=")
    )
    # Spec: quote reserved characters, escape " ` $ \ inside quotes, double %, then escape
    # every backslash once more at the string level.
    assert exec_value == r'Exec="/opt/My Apps/py\\"th\\$on" -m mygo_desktop --ratio=100%% "back\\\\slash"'
    _validate_desktop_file(backend.path)


def test_xdg_entry_switched_off_by_the_desktop_counts_as_disabled(isolated_user_dirs):
    backend = autostart.for_platform(["/usr/bin/mygo-desktop"], platform="linux")
    backend.enable()
    text = backend.path.read_text(encoding="utf-8")
    backend.path.write_text(text + "Hidden=true\n", encoding="utf-8")
    assert not backend.is_enabled()
    backend.path.write_text(
        text.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"), encoding="utf-8"
    )
    assert not backend.is_enabled()


def test_xdg_without_config_home_uses_dot_config(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    backend = autostart.XdgAutostart(["/usr/bin/mygo-desktop"])
    assert backend.path == tmp_path / "home" / ".config" / "autostart" / "mygo-desktop.desktop"


def test_xdg_unwritable_folder_raises_a_one_line_error(isolated_user_dirs):
    (isolated_user_dirs / "xdg_config_home" / "autostart").write_text("a file, not a folder")
    backend = autostart.for_platform(["/usr/bin/mygo-desktop"], platform="linux")
    with pytest.raises(autostart.AutostartError) as caught:
        backend.enable()
    assert "\n" not in str(caught.value)
    assert "autostart" in str(caught.value)


def test_line_break_in_the_command_is_refused():
    with pytest.raises(autostart.AutostartError):
        autostart.exec_line(["/usr/bin/x", "a\nb"])


def test_default_command(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert autostart.default_command() == [sys.executable, "-m", "mygo_desktop"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert autostart.default_command() == [sys.executable]


# --- start at login: macOS and Windows, file and registry logic only ------------------------


def test_launch_agent_is_written_with_plistlib(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    backend = autostart.for_platform(["/Applications/mygo-desktop.app/Contents/MacOS/mygo-desktop"], platform="darwin")
    plist = tmp_path / "Library" / "LaunchAgents" / "tw.mygo-desktop.plist"
    assert backend.path == plist
    assert not backend.is_enabled()
    backend.enable()
    with plist.open("rb") as handle:
        agent = plistlib.load(handle)
    assert agent["Label"] == "tw.mygo-desktop"
    assert agent["ProgramArguments"] == ["/Applications/mygo-desktop.app/Contents/MacOS/mygo-desktop"]
    assert agent["RunAtLoad"] is True
    assert backend.is_enabled()
    backend.disable()
    assert not plist.exists()
    assert not backend.is_enabled()


class FakeWinreg:
    """Just enough of winreg: one hive of keys holding named values."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_SET_VALUE = 2
    KEY_READ = 1
    REG_SZ = 1

    def __init__(self):
        self.keys: dict[str, dict[str, str]] = {}

    class _Handle:
        def __init__(self, values):
            self.values = values

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def CreateKeyEx(self, hive, sub_key, reserved, access):
        return self._Handle(self.keys.setdefault(f"{hive}\\{sub_key}", {}))

    def OpenKey(self, hive, sub_key, reserved, access):
        try:
            return self._Handle(self.keys[f"{hive}\\{sub_key}"])
        except KeyError:
            raise FileNotFoundError(2, "The system cannot find the file specified") from None

    def SetValueEx(self, key, name, reserved, kind, value):
        assert kind == self.REG_SZ
        key.values[name] = value

    def QueryValueEx(self, key, name):
        if name not in key.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return key.values[name], self.REG_SZ

    def DeleteValue(self, key, name):
        if name not in key.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        del key.values[name]


def test_windows_run_value():
    registry = FakeWinreg()
    backend = autostart.WindowsRunAutostart(
        [r"C:\Program Files\mygo\pythonw.exe", "-m", "mygo_desktop"], registry=registry
    )
    assert not backend.is_enabled()
    backend.disable()  # no key yet: nothing to do
    backend.enable()
    run_key = registry.keys[r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run"]
    assert run_key == {"mygo-desktop": r'"C:\Program Files\mygo\pythonw.exe" -m mygo_desktop'}
    assert backend.is_enabled()
    backend.disable()
    assert run_key == {}
    assert not backend.is_enabled()


def test_platform_choice_does_not_import_winreg():
    # A finder that records every attempt to import winreg (which cannot exist on Linux, so a
    # plain "not in sys.modules" would always hold here).
    code = (
        "import sys, types\n"
        "attempts = []\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'winreg':\n"
        "            attempts.append(name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Spy())\n"
        "from mygo_desktop.core import autostart\n"
        "assert isinstance(autostart.for_platform(['x'], platform='win32'), autostart.WindowsRunAutostart)\n"
        "assert isinstance(autostart.for_platform(['x'], platform='darwin'), autostart.LaunchAgentAutostart)\n"
        "assert isinstance(autostart.for_platform(['x'], platform='freebsd14'), autostart.XdgAutostart)\n"
        "assert attempts == [], attempts\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_settings_and_autostart_do_not_import_qt():
    code = (
        "import sys\n"
        "import mygo_desktop.core.settings, mygo_desktop.core.autostart\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_deeply_nested_settings_are_kept_aside_not_a_crash(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = load_settings(path)
    assert result.settings == Settings() and result.problem
    assert not path.exists() and len(list(tmp_path.glob("settings.json.corrupt-*"))) == 1


def test_two_corrupt_files_in_one_second_are_both_kept(tmp_path):
    path = tmp_path / "settings.json"
    for content in ("{broken", "[also broken"):
        path.write_text(content, encoding="utf-8")
        assert load_settings(path).problem
    kept = sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob("settings.json.corrupt-*"))
    assert kept == ["[also broken", "{broken"]


def test_a_nul_byte_in_a_path_setting_falls_back_to_the_default(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 1, "image_folder": "/tmp/a\x00b", "model_dir": "x\x00"}), "utf-8")
    settings = load_settings(path).settings
    assert settings.image_folder == "" and settings.model_dir == ""


def test_old_temporary_files_of_killed_saves_are_tidied(tmp_path):
    path = tmp_path / "settings.json"
    old, fresh = tmp_path / ".settings-old.json", tmp_path / ".settings-fresh.json"
    old.write_text("{", encoding="utf-8")
    fresh.write_text("{", encoding="utf-8")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    save_settings(Settings(), path)
    assert not old.exists() and fresh.exists()  # a fresh one may belong to a save in progress
