"""Figures for the hardening work: fuzzed inputs, hostile hosts, and how fast an interrupt ends.

    .venv/bin/python tests/benchmarks/hardening_bench.py [--fuzz 5000] [--cli-fuzz 40]

Prints: inputs fuzzed with no traceback (API and command line); the time `images download` of
157 stickers takes against a hanging, a trickling and a refusing host on 127.0.0.1 (targets
<= 60 s, <= 60 s, <= 2 s); and the time from SIGINT to exit (target <= 1 s). Not a test: figures.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mygo_desktop.core.api import MyGOChat
from mygo_desktop.core.errors import MygoError

STICKERS = 157


class _Hostile(BaseHTTPRequestHandler):
    mode = "hang"
    stop = threading.Event()

    def do_GET(self):
        if self.mode == "hang":
            self.stop.wait(600)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        while not self.stop.wait(1.0):  # one byte a second
            try:
                self.wfile.write(b"\xff")
                self.wfile.flush()
            except OSError:
                return

    def log_message(self, *args):
        pass


def _server(mode: str) -> ThreadingHTTPServer:
    handler = type(f"{mode}Handler", (_Hostile,), {"mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _catalog(folder: Path, base: str) -> Path:
    stickers = [{"id": f"m{i:03d}", "quote": f"第{i}句", "image_url": f"{base}/{i}.jpg"} for i in range(STICKERS)]
    path = folder / "stickers.json"
    path.write_text(json.dumps({"schema_version": 1, "stickers": stickers}), encoding="utf-8")
    return path


def _download(folder: Path, catalog: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "mygo_desktop",
        "images",
        "download",
        "--catalog",
        str(catalog),
        "--cache-dir",
        str(folder / "cache"),
        "--quiet",
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def download_seconds(base: str) -> float:
    with tempfile.TemporaryDirectory() as home:
        started = time.monotonic()
        process = _download(Path(home), _catalog(Path(home), base))
        process.communicate(timeout=900)
        return time.monotonic() - started


def interrupt_seconds(base: str) -> tuple[float, bool]:
    with tempfile.TemporaryDirectory() as home:
        process = _download(Path(home), _catalog(Path(home), base))
        time.sleep(3.0)
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
        partial = list((Path(home) / "cache").glob(".part-*"))
        return time.monotonic() - sent, not partial


def fuzz_api(count: int, rng: random.Random) -> int:
    bot = MyGOChat()
    tracebacks = 0
    for _ in range(count):
        text = "".join(
            chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x4E00, 0x9FFF), rng.randrange(0, 0x110000)]))
            for _ in range(rng.randrange(0, 200))
        )
        try:
            bot.chat_with_candidates(text, k=rng.randrange(1, 158))
        except (MygoError, ValueError):
            pass
        except Exception:  # noqa: BLE001  (counted: this is what the benchmark looks for)
            tracebacks += 1
    return tracebacks


def fuzz_cli(count: int, rng: random.Random) -> int:
    tracebacks = 0
    for _ in range(count):
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
        args = rng.choice([["recommend", "-"], ["recommend", "-", "--json"], ["recommend", "-", "-k", "3"]])
        result = subprocess.run(
            [sys.executable, "-m", "mygo_desktop", *args], input=junk, capture_output=True, timeout=60, check=False
        )
        tracebacks += b"Traceback" in result.stderr
    return tracebacks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=5000)
    parser.add_argument("--cli-fuzz", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(2026)
    print(f"API inputs fuzzed: {args.fuzz}, tracebacks: {fuzz_api(args.fuzz, rng)}")
    print(f"CLI inputs fuzzed: {args.cli_fuzz}, tracebacks: {fuzz_cli(args.cli_fuzz, rng)}")
    hanging, trickling = _server("hang"), _server("trickle")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        refused_port = probe.getsockname()[1]
    hosts = {
        "hanging": f"http://127.0.0.1:{hanging.server_address[1]}",
        "trickling": f"http://127.0.0.1:{trickling.server_address[1]}",
        "refusing": f"http://127.0.0.1:{refused_port}",
    }
    for name, base in hosts.items():
        print(f"images download, {STICKERS} stickers, {name} host: {download_seconds(base):.1f} s")
    seconds, clean = interrupt_seconds(hosts["trickling"])
    print(f"SIGINT to exit during downloads: {seconds:.2f} s; partial files left: {'none' if clean else 'some'}")
    _Hostile.stop.set()


if __name__ == "__main__":
    main()
