"""Drive the real app as a person would: an X server, a tray host, keys, selections, clicks.

Used by the end-to-end tests and by the desktop benchmark (tests/benchmarks/desktop_bench.py).
Everything started here is stopped and waited for (orphans linger as zombies otherwise).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mygo_desktop.core.events import ENV_VAR as EVENTS_ENV
from mygo_desktop.core.events import read_events

HOTKEY = "ctrl+alt+g"
TOOLS = ("Xvfb", "trayer", "xdotool", "xclip")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def wait_for(predicate, timeout: float, interval: float = 0.02, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


@dataclass
class XSession:
    display: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def env(self) -> dict:
        return {**os.environ, "DISPLAY": self.display}

    def run(self, *args: str, timeout: float = 10) -> str:
        return subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=timeout, check=False).stdout

    def key(self, keys: str) -> None:
        self.run("xdotool", "key", keys)

    def set_primary(self, text: str) -> None:
        """Own PRIMARY with ``text`` from another process, as a selection in another app would."""
        owner = subprocess.Popen(
            ["xclip", "-quiet", "-selection", "primary"],
            stdin=subprocess.PIPE,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        owner.stdin.write(text.encode("utf-8"))
        owner.stdin.close()
        self.processes.append(owner)
        wait_for(lambda: self.run("xclip", "-o", "-selection", "primary") == text, 5, what="PRIMARY to be set")

    def clipboard_targets(self) -> list[str]:
        return self.run("xclip", "-o", "-selection", "clipboard", "-t", "TARGETS").split()

    def clipboard_png(self) -> bytes:
        return subprocess.run(
            ["xclip", "-o", "-selection", "clipboard", "-t", "image/png"],
            env=self.env,
            capture_output=True,
            timeout=10,
            check=False,
        ).stdout

    def visible_window(self, name: str) -> str:
        return self.run("xdotool", "search", "--onlyvisible", "--name", name).strip().split("\n")[0]

    def stop(self) -> None:
        for process in reversed(self.processes):
            stop_process(process, timeout=5)


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate ``process``; kill it when it has not ended after ``timeout`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_until_ready(command: list[str], env: dict, events_path: Path, model_timeout: float = 30) -> float:
    """Start an app ``command`` (in ``env``, with a display), wait for its tray icon and its model,
    stop it; the seconds from start to tray icon. The app's events go to ``events_path``."""
    events_path.unlink(missing_ok=True)

    def seen(name: str) -> bool:
        return any(event["event"] == name for event in read_events(events_path))

    started = time.monotonic()
    app = subprocess.Popen(
        command, env={**env, EVENTS_ENV: str(events_path)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: seen("tray_shown"), 30, 0.005, what="the app's tray icon")
        to_tray = time.monotonic() - started
        wait_for(lambda: seen("model_ready"), model_timeout, 0.01, what="the app's model")
        assert app.poll() is None, app.stderr.read().decode()
    finally:
        stop_process(app)
        app.stderr.close()
    return to_tray


@contextmanager
def x_session():
    """Xvfb on a free display (it picks one and says which) plus trayer as the tray host."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            "1280x1024x24",
            "-nolisten",
            "tcp",
            "+extension",
            "RECORD",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    session = XSession(f":{number}", [xvfb])
    try:
        tray = subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "120", "--height", "28"],
            env=session.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        session.processes.append(tray)
        wait_for(lambda: _tray_owned(session), 10, what="the tray host")
        yield session
    finally:
        session.stop()


def _tray_owned(session: XSession) -> bool:
    code = (
        "from Xlib import display; d=display.Display(); "
        "print(d.get_selection_owner(d.intern_atom('_NET_SYSTEM_TRAY_S0')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=session.env, capture_output=True, text=True, timeout=10
    ).stdout
    return out.strip() not in ("", "0")


class AppProcess:
    """The real app (``python -m mygo_desktop``) with its own config, cache and log folders."""

    def __init__(self, session: XSession, home: Path, settings: dict | None = None, extra_env: dict | None = None):
        self.session, self.home = session, home
        self.dirs = {name: home / name for name in ("config", "cache", "data", "state")}
        for path in self.dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        if settings is not None:
            folder = self.dirs["config"] / "mygo-desktop"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "settings.json").write_text(
                json.dumps({"schema_version": 1, **settings}, ensure_ascii=False), "utf-8"
            )
        self.env = {
            **session.env,
            "XDG_CONFIG_HOME": str(self.dirs["config"]),
            "XDG_CACHE_HOME": str(self.dirs["cache"]),
            "XDG_DATA_HOME": str(self.dirs["data"]),
            "XDG_STATE_HOME": str(self.dirs["state"]),
            "QT_QPA_PLATFORM": "xcb",
        }
        self.env.pop("WAYLAND_DISPLAY", None)
        self.env.update(extra_env or {})
        self.log_path = self.dirs["state"] / "mygo-desktop" / "log" / "mygo-desktop.log"
        self.events_path = home / "events.jsonl"
        self.env[EVENTS_ENV] = str(self.events_path)
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0

    def cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mygo_desktop", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self) -> None:
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mygo_desktop"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""

    def events(self) -> list[dict]:
        return read_events(self.events_path)

    def mark(self) -> int:
        """A position in the event stream: later waits look only at events after it."""
        return len(self.events())

    def wait_event(self, name: str, timeout: float = 60, after: int = 0, **match) -> dict:
        """The first event ``name`` after ``after`` whose fields equal ``match`` (a callable
        value is used as a predicate on that field)."""

        def fits(event: dict) -> bool:
            if event.get("event") != name:
                return False
            for key, wanted in match.items():
                value = event.get(key)
                if not (wanted(value) if callable(wanted) else value == wanted):
                    return False
            return True

        def found():
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"the app exited with {self.process.returncode}: {self.process.stderr.read().decode()[-2000:]}"
                )
            return next((event for event in self.events()[after:] if fits(event)), None)

        return wait_for(found, timeout, interval=0.01, what=f"event {name} {match}")

    def stop(self) -> None:
        if self.process is None:
            return
        stop_process(self.process)
        self.process.stderr.close()
