"""Desktop figures for the real app under Xvfb, printed as JSON (a benchmark, not a test).

    .venv/bin/python tests/benchmarks/desktop_bench.py [--presses 30] [--cycles 100]

Measures: start to tray visible, start to model ready, hotkey press to picker visible (p50/p95),
RSS when idle and after opening and closing the picker many times.
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

from harness import HOTKEY, AppProcess, wait_for, x_session

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


def open_and_close(session, app, texts: list[str]) -> float:
    """Press the hotkey with a selection; return ms until the picker is visible; then Esc."""
    session.set_primary(texts[0])
    mark = app.mark()
    started = time.perf_counter()
    session.key(HOTKEY)
    try:
        window = wait_for(lambda: session.visible_window(TITLE), 3, interval=0.002, what="the picker")
    except TimeoutError:
        LOST.append(str(app.events()[mark:]))
        raise
    elapsed = (time.perf_counter() - started) * 1000
    app.wait_event("picker_shown", after=mark, timeout=10, ranked=True)
    session.run("xdotool", "windowfocus", "--sync", window)
    session.key("Escape")
    wait_for(lambda: not session.visible_window(TITLE), 10, interval=0.005, what="the picker to close")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--cycles", type=int, default=100)
    args = parser.parse_args()
    texts = ["明天要不要一起去看電影", "你這話是認真的嗎", "我考上了！！", "欸你昨天怎麼沒來"]
    with tempfile.TemporaryDirectory() as home, x_session() as session:
        app = AppProcess(session, Path(home))
        app.start()
        app.wait_event("tray_shown", timeout=60)
        tray_s = time.monotonic() - app.started_at
        app.wait_event("model_ready", timeout=120)
        model_s = time.monotonic() - app.started_at
        app.wait_event("hotkey_registered", timeout=60)
        time.sleep(1.0)
        pid = app.process.pid
        idle_before = rss_mb(pid)
        # Warm-up press (the listener's first event can be lost while it starts).
        for _ in range(3):
            try:
                open_and_close(session, app, texts)
                break
            except TimeoutError:
                continue
        latencies = []
        for i in range(args.presses + args.cycles):
            try:
                elapsed = open_and_close(session, app, texts[i % len(texts) :])
            except TimeoutError:
                continue
            if i < args.presses:
                latencies.append(elapsed)
        time.sleep(1.0)
        idle_after = rss_mb(pid)
        app.stop()
    print(
        json.dumps(
            {
                "start_to_tray_visible_s": round(tray_s, 3),
                "start_to_model_ready_s": round(model_s, 3),
                "hotkey_to_picker_ms": {
                    "presses": len(latencies),
                    "p50": round(statistics.median(latencies), 1),
                    "p95": round(percentile(latencies, 0.95), 1),
                    "max": round(max(latencies), 1),
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
