"""Desktop figures for the real app under Xvfb, printed as JSON (a benchmark, not a test).

    .venv/bin/python tests/benchmarks/desktop_bench.py [--presses 30] [--cycles 470]

Measures: start to tray visible, start to model ready, the first hotkey press after start to a
visible picker (and whether its first frame was ranked, with images), warm hotkey press to
picker visible (p50/p95), RSS when idle and after 500 pickers. The user's image folder holds a
picture for every sticker, as for someone who downloaded them all.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from harness import AppProcess, wait_for, x_session

TITLE = "MyGO 貼圖"
LOST: list[str] = []  # log excerpts of presses that opened no picker


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def image_folder(folder: Path) -> Path:
    from PIL import Image

    from mygo_desktop.core.catalog import default_catalog

    folder.mkdir(parents=True, exist_ok=True)
    for number, sticker in enumerate(default_catalog()):
        Image.new("RGB", (640, 360), ((number * 37) % 256, 120, 200)).save(folder / f"{sticker.quote}.jpg")
    return folder


class XWatch:
    """Presses the hotkey through XTEST and waits for the picker's MapNotify on one X connection,
    so the figure is the app's, not that of spawning xdotool and polling for windows."""

    def __init__(self, display: str):
        from Xlib import XK, X
        from Xlib import display as xdisplay

        self.X, self.XK = X, XK
        self.display = xdisplay.Display(display)
        self.root = self.display.screen().root
        self.root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self.display.sync()

    def _keycode(self, name: str) -> int:
        return self.display.keysym_to_keycode(self.XK.string_to_keysym(name))

    def press_hotkey(self) -> None:
        from Xlib.ext import xtest

        keys = [self._keycode(k) for k in ("Control_L", "Alt_L", "g")]
        for code in keys:
            xtest.fake_input(self.display, self.X.KeyPress, code)
        for code in reversed(keys):
            xtest.fake_input(self.display, self.X.KeyRelease, code)
        self.display.sync()

    def drain(self) -> None:
        while self.display.pending_events():
            self.display.next_event()

    def wait_mapped(self, title: str, timeout: float) -> float:
        """perf_counter time at which a window named ``title`` was mapped."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.display.pending_events():
                time.sleep(0.0005)
                continue
            event = self.display.next_event()
            if event.type == self.X.MapNotify and _named(self.display, event.window, title):
                return time.perf_counter()
        raise TimeoutError(title)


def _named(display, window, title: str) -> bool:
    try:
        prop = window.get_full_property(display.intern_atom("_NET_WM_NAME"), display.intern_atom("UTF8_STRING"))
    except Exception:  # noqa: BLE001  (the window may be gone already)
        return False
    value = prop.value if prop is not None else b""
    return (value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)) == title


def open_and_close(session, app, watch: XWatch, texts: list[str], first_frames: list[dict] | None = None) -> float:
    """Press the hotkey with a selection; return ms until the picker is mapped; then Esc."""
    session.set_primary(texts[0])
    mark = app.mark()
    watch.drain()
    started = time.perf_counter()
    watch.press_hotkey()
    try:
        elapsed = (watch.wait_mapped(TITLE, 3) - started) * 1000
    except TimeoutError:
        LOST.append(str(app.events()[mark:]))
        raise
    window = wait_for(lambda: session.visible_window(TITLE), 3, interval=0.002, what="the picker")
    first = app.wait_event("picker_shown", after=mark, timeout=10)
    if first_frames is not None:
        first_frames.append(first)
    session.run("xdotool", "windowfocus", "--sync", window)
    session.key("Escape")
    wait_for(lambda: not session.visible_window(TITLE), 10, interval=0.005, what="the picker to close")
    return elapsed


def in_app_latencies(events: list[dict]) -> list[float]:
    """ms from the app seeing the hotkey to the picker shown, from the app's own event log."""
    latencies, pressed = [], None
    for event in events:
        if event["event"] == "hotkey_pressed":
            pressed = event["time"]
        elif event["event"] == "picker_shown" and pressed is not None:
            latencies.append((event["time"] - pressed) * 1000)
            pressed = None
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--cycles", type=int, default=470)
    args = parser.parse_args()
    texts = ["明天要不要一起去看電影", "你這話是認真的嗎", "我考上了！！", "欸你昨天怎麼沒來"]
    with tempfile.TemporaryDirectory() as home, x_session() as session:
        images = image_folder(Path(home) / "images")
        app = AppProcess(session, Path(home), {"image_folder": str(images)})
        app.start()
        app.wait_event("tray_shown", timeout=60)
        tray_s = time.monotonic() - app.started_at
        app.wait_event("model_ready", timeout=120)
        model_s = time.monotonic() - app.started_at
        app.wait_event("hotkey_registered", timeout=60)
        time.sleep(1.0)
        pid = app.process.pid
        watch = XWatch(session.display)
        idle_before = rss_mb(pid)
        # The first press after start (the listener's very first event can be lost: then again).
        first_frames: list[dict] = []
        first_press_ms = float("nan")
        for _ in range(3):
            try:
                first_press_ms = open_and_close(session, app, watch, texts, first_frames)
                break
            except TimeoutError:
                continue
        latencies = []
        for i in range(args.presses + args.cycles):
            try:
                elapsed = open_and_close(session, app, watch, texts[i % len(texts) :])
            except TimeoutError:
                continue
            if i < args.presses:
                latencies.append(elapsed)
        time.sleep(1.0)
        idle_after = rss_mb(pid)
        in_app = in_app_latencies(app.events())[: 1 + args.presses]
        app.stop()
    print(
        json.dumps(
            {
                "start_to_tray_visible_s": round(tray_s, 3),
                "start_to_model_ready_s": round(model_s, 3),
                "first_press_after_start_ms": round(first_press_ms, 1),
                "first_press_first_frame": {k: first_frames[0][k] for k in ("ranked", "images")}
                if first_frames
                else None,
                "warm_hotkey_to_picker_ms": {
                    "presses": len(latencies),
                    "p50": round(statistics.median(latencies), 1),
                    "p95": round(percentile(latencies, 0.95), 1),
                    "max": round(max(latencies), 1),
                },
                "in_app_hotkey_to_ranked_picker_ms": {
                    "first": round(in_app[0], 1) if in_app else None,
                    "p50": round(statistics.median(in_app[1:]), 1) if len(in_app) > 1 else None,
                    "p95": round(percentile(in_app[1:], 0.95), 1) if len(in_app) > 1 else None,
                },
                "rss_mb_idle": round(idle_before, 1),
                "rss_mb_after_cycles": round(idle_after, 1),
                "picker_cycles": args.presses + args.cycles,
                "presses_without_picker": len(LOST),
            },
            indent=2,
        )
    )
    for excerpt in LOST[:3]:
        print("--- a press that opened no picker; the app logged:\n" + excerpt[-1500:], file=sys.stderr)


if __name__ == "__main__":
    main()
