"""Start at login: one small interface, one backend per operating system.

This is a Qt-free zone. Each backend writes the single thing its system reads at login and
nothing else, so turning the option off leaves no trace:

- Linux and other XDG desktops: ``$XDG_CONFIG_HOME/autostart/mygo-desktop.desktop``
  (XDG Autostart specification; ``~/.config`` when the variable is unset).
- Windows: the ``mygo-desktop`` value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``.
- macOS: the launch agent ``~/Library/LaunchAgents/tw.mygo-desktop.plist``.

Failures raise :class:`AutostartError` with a one-line message the settings dialog can show.
"""

from __future__ import annotations

import logging
import os
import plistlib
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Protocol

from mygo_desktop.core.errors import MygoError
from mygo_desktop.core.identity import APP_ID

logger = logging.getLogger(__name__)

LAUNCH_AGENT_LABEL = "tw.mygo-desktop"
WINDOWS_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"

# Desktop Entry spec, "The Exec key": an argument holding one of these must be quoted.
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class AutostartError(MygoError):
    """Start at login could not be turned on or off."""


class Autostart(Protocol):
    """What the settings dialog needs: turn it on, turn it off, ask."""

    def enable(self) -> None: ...

    def disable(self) -> None: ...

    def is_enabled(self) -> bool: ...


def default_command() -> list[str]:
    """The command that starts the tray app, as an argument list.

    A frozen bundle (PyInstaller) is its own executable. Otherwise the current interpreter runs
    the package, which works from a checkout, a venv and an installed wheel alike. On Windows
    ``pythonw.exe`` is preferred so that no console window opens at login.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable]
    python = Path(sys.executable)
    if sys.platform == "win32":
        windowless = python.with_name("pythonw.exe")
        if windowless.is_file():
            python = windowless
    return [str(python), "-m", "mygo_desktop"]


def for_platform(command: list[str] | None = None, platform: str | None = None) -> Autostart:
    """The backend for ``platform`` (default: this one); ``command`` defaults to :func:`default_command`."""
    command = list(command) if command else default_command()
    platform = platform or sys.platform
    if platform == "win32":
        return WindowsRunAutostart(command)
    if platform == "darwin":
        return LaunchAgentAutostart(command)
    return XdgAutostart(command)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so a crash never leaves half an entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(f"cannot remove {path}: {exc.strerror or exc}") from exc
    logger.info("start at login disabled (%s removed)", path)


# --- Linux and other XDG desktops ----------------------------------------------------------


def exec_quote(argument: str) -> str:
    """Quote one argument for a desktop entry's Exec key (before string-level escaping).

    ``%`` is doubled because Exec treats ``%f``, ``%u``... as field codes.
    """
    if "\n" in argument:
        raise AutostartError("the start command cannot contain a line break")
    argument = argument.replace("%", "%%")
    if argument and not _EXEC_RESERVED.intersection(argument):
        return argument
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
    return f'"{escaped}"'


def exec_line(command: list[str]) -> str:
    """The Exec value as stored in the file: quoted arguments, then backslashes escaped."""
    quoted = " ".join(exec_quote(argument) for argument in command)
    # Desktop entry string values escape a backslash as "\\" (spec, "Possible value types").
    return quoted.replace("\\", "\\\\")


def _write_entry(path: Path, data: bytes) -> None:
    try:
        _write_atomically(path, data)
    except OSError as exc:
        raise AutostartError(f"cannot write {path}: {exc.strerror or exc}") from exc
    logger.info("start at login enabled (%s)", path)


def _checked_command(command: list[str]) -> list[str]:
    if not command:
        raise AutostartError("the start command is empty")
    return list(command)


class XdgAutostart:
    """An XDG autostart entry; the desktop session starts it when the user logs in."""

    def __init__(self, command: list[str]):
        self.command = _checked_command(command)

    @property
    def path(self) -> Path:
        # Read at each call: the XDG variable may change (tests, a different session).
        base = os.environ.get("XDG_CONFIG_HOME", "").strip()
        root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
        return root / "autostart" / f"{APP_ID}.desktop"

    def entry_text(self) -> str:
        lines = [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",
            "Name=mygo-desktop",
            "Name[zh_TW]=mygo-desktop MyGO 貼圖",
            "Comment=Answer chat messages with MyGO!!!!! stickers",
            "Comment[zh_TW]=用 MyGO!!!!! 貼圖回覆訊息",
            f"Exec={exec_line(self.command)}",
            "Terminal=false",
            "Categories=Utility;",
            "X-GNOME-Autostart-enabled=true",
        ]
        return "\n".join(lines) + "\n"

    def enable(self) -> None:
        _write_entry(self.path, self.entry_text().encode("utf-8"))

    def disable(self) -> None:
        _remove(self.path)

    def is_enabled(self) -> bool:
        """True when the entry exists and the desktop has not switched it off.

        GNOME and KDE switch an entry off with ``Hidden=true`` or
        ``X-GNOME-Autostart-enabled=false`` rather than deleting it.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        keys = _desktop_entry_keys(text)
        if keys.get("Hidden", "").strip().lower() == "true":
            return False
        return keys.get("X-GNOME-Autostart-enabled", "true").strip().lower() != "false"


def _desktop_entry_keys(text: str) -> dict[str, str]:
    """Key/value pairs of the [Desktop Entry] group (other groups and comments ignored)."""
    keys: dict[str, str] = {}
    in_entry = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            in_entry = line == "[Desktop Entry]"
            continue
        if in_entry and "=" in line:
            key, value = line.split("=", 1)
            keys[key.strip()] = value.strip()
    return keys


# --- macOS ---------------------------------------------------------------------------------


class LaunchAgentAutostart:
    """A per-user launch agent with RunAtLoad; launchd reads it at the next login."""

    def __init__(self, command: list[str]):
        self.command = _checked_command(command)

    @property
    def path(self) -> Path:
        return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"

    def agent(self) -> dict:
        return {
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": self.command,
            "RunAtLoad": True,
            # Interactive: a GUI app the user is waiting for, not a background daemon.
            "ProcessType": "Interactive",
        }

    def enable(self) -> None:
        _write_entry(self.path, plistlib.dumps(self.agent()))

    def disable(self) -> None:
        _remove(self.path)

    def is_enabled(self) -> bool:
        try:
            with self.path.open("rb") as handle:
                agent = plistlib.load(handle)
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return isinstance(agent, dict) and bool(agent.get("RunAtLoad")) and not agent.get("Disabled")


# --- Windows -------------------------------------------------------------------------------


class WindowsRunAutostart:
    """A value under the current user's Run key; Explorer starts it at login.

    ``winreg`` exists only on Windows, so it is imported when first used; tests pass a
    stand-in module as ``registry``.
    """

    def __init__(self, command: list[str], value_name: str = APP_ID, registry: ModuleType | None = None):
        self.command = _checked_command(command)
        self.value_name = value_name
        self._registry = registry

    def _winreg(self) -> ModuleType:
        if self._registry is None:
            import winreg  # only on Windows

            self._registry = winreg
        return self._registry

    def command_line(self) -> str:
        # The Run value is one command line, quoted by the rules CreateProcess follows.
        return subprocess.list2cmdline(self.command)

    def enable(self) -> None:
        reg = self._winreg()
        try:
            with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.SetValueEx(key, self.value_name, 0, reg.REG_SZ, self.command_line())
        except OSError as exc:
            raise AutostartError(f"cannot write the registry Run key: {exc.strerror or exc}") from exc
        logger.info("start at login enabled (HKCU\\%s\\%s)", WINDOWS_RUN_KEY, self.value_name)

    def disable(self) -> None:
        reg = self._winreg()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, self.value_name)
        except FileNotFoundError:
            pass  # already off
        except OSError as exc:
            raise AutostartError(f"cannot change the registry Run key: {exc.strerror or exc}") from exc
        logger.info("start at login disabled (HKCU\\%s\\%s)", WINDOWS_RUN_KEY, self.value_name)

    def is_enabled(self) -> bool:
        reg = self._winreg()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY, 0, reg.KEY_READ) as key:
                value, _kind = reg.QueryValueEx(key, self.value_name)
        except OSError:  # FileNotFoundError included: no value, no key
            return False
        return bool(value)
