"""The image store against a real HTTP server on 127.0.0.1: every fault the network can make."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from PIL import Image

from mygo_desktop import __version__
from mygo_desktop.cli.images import register_images
from mygo_desktop.core.catalog import Sticker
from mygo_desktop.core.images import ImageSource, ImageStore, StoreStatus, default_cache_dir, store_status
from mygo_desktop.core.images.downloader import Downloader, DownloadPolicy
from mygo_desktop.core.images.files import TEMP_PREFIX, check_image

FAST = DownloadPolicy(
    connect_timeout=1.0,
    read_timeout=0.3,
    attempt_deadline=5.0,
    attempts=2,
    backoff=0.05,
    max_bytes=200_000,
    host_cooldown=30.0,
)


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 36), color=(200, 40, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


JPEG = image_bytes()
BIG_NOISE = Image.effect_noise((400, 400), 80).tobytes()  # 160 kB that compresses badly


class ImageServer:
    """Serves per-path behaviours and counts hits, headers and concurrent requests."""

    def __init__(self):
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.release = threading.Event()  # wakes slow handlers at teardown
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?")[0]
                with server.lock:
                    server.hits[path] += 1
                    hit = server.hits[path]
                    server.user_agents.append(self.headers.get("User-Agent", ""))
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    server.behave(self, path, hit)
                finally:
                    with server.lock:
                        server.in_flight -= 1

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that gave up (timeout tests) is expected

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    @staticmethod
    def send(handler, status=200, body=b"", content_type="image/jpeg", length=None, headers=()):
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        if length is not False:
            handler.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def behave(self, h, path: str, hit: int) -> None:
        send = self.send
        if path == "/ok.png":
            send(h, body=image_bytes("PNG"), content_type="image/png")
        elif path.startswith("/ok"):
            send(h, body=JPEG)
        elif path == "/missing.jpg":
            send(h, 404, b"not found", "text/plain")
        elif path == "/flaky.jpg":
            send(h, 500, b"oops", "text/plain") if hit == 1 else send(h, body=JPEG)
        elif path == "/down.jpg":
            send(h, 503, b"busy", "text/plain")
        elif path == "/slow.jpg":
            self.release.wait(2.0)
            send(h, body=JPEG)
        elif path == "/trickle.jpg":  # one byte every 50 ms: never a read timeout, never done
            h.send_response(200)
            h.send_header("Content-Type", "image/jpeg")
            h.send_header("Content-Length", str(len(JPEG)))
            h.end_headers()
            for byte in JPEG:
                if self.release.wait(0.05):
                    break
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
        elif path.startswith("/slow-ok"):
            time.sleep(0.15)
            send(h, body=JPEG)
        elif path == "/truncated.jpg":
            send(h, body=JPEG[: len(JPEG) // 2], length=len(JPEG))
        elif path == "/html.jpg":
            send(h, body=b"<html><body>login</body></html>", content_type="text/html; charset=utf-8")
        elif path == "/liar.jpg":
            send(h, body=b"<html><body>not really a jpeg</body></html>")
        elif path == "/huge.jpg":
            send(h, body=BIG_NOISE + BIG_NOISE)
        elif path == "/huge-stream.jpg":
            send(h, body=BIG_NOISE + BIG_NOISE, length=False)
        elif path == "/redirect.jpg":
            send(h, 302, b"", "text/plain", headers=[("Location", "/ok-after-redirect.jpg")])
        else:
            send(h, 404, b"", "text/plain")


@pytest.fixture
def server():
    srv = ImageServer()
    yield srv
    srv.close()


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


def make_store(cache: Path, user_folder: Path | None = None, policy: DownloadPolicy = FAST) -> ImageStore:
    return ImageStore(
        cache_dir=cache,
        user_folder=user_folder,
        downloader=Downloader(policy),
        use_user_folder=user_folder is not None,
    )


def sticker(url: str, sticker_id: str = "m001", quote: str = "不知道") -> Sticker:
    return Sticker(id=sticker_id, quote=quote, image_url=url)


def leftovers(cache: Path) -> list[str]:
    """Partial or temporary files anywhere in the cache."""
    if not cache.exists():
        return []
    return [
        p.name for p in cache.rglob("*") if p.name.startswith(TEMP_PREFIX) or p.suffix in (".tmp", ".part", ".incoming")
    ]


def cached_images(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.glob("*.*")) if cache.exists() else []


# -- downloads --------------------------------------------------------------------------


@pytest.mark.parametrize("path, suffix", [("/ok.jpg", ".jpg"), ("/ok.png", ".png")])
def test_download_success(server, cache, path, suffix):
    result = make_store(cache).resolve(sticker(server.url(path)))
    assert result.source is ImageSource.DOWNLOADED and result.ok
    assert result.path == cache / f"m001{suffix}"
    assert check_image(result.path) == suffix
    assert server.hits[path] == 1
    assert server.user_agents == [f"mygo-desktop/{__version__}"]
    assert leftovers(cache) == []


@pytest.mark.parametrize(
    "path, hits, reason",
    [
        ("/missing.jpg", 1, "HTTP 404"),  # a client error is not retried
        ("/down.jpg", 2, "server error HTTP 503"),  # 5xx is retried, boundedly
        ("/slow.jpg", 2, "timed out"),
        ("/truncated.jpg", 2, "incomplete"),
        ("/html.jpg", 1, "not an image (content type text/html)"),
        ("/liar.jpg", 1, "not a valid image"),
        ("/huge.jpg", 1, "too large"),
        ("/huge-stream.jpg", 1, "too large"),
    ],
)
def test_download_failures_leave_nothing_behind(server, cache, path, hits, reason):
    started = time.monotonic()
    result = make_store(cache).resolve(sticker(server.url(path)))
    assert result.source is ImageSource.FAILED and not result.ok and result.path is None
    assert reason in result.reason
    assert server.hits[path] == hits
    assert cached_images(cache) == [] and leftovers(cache) == []
    assert time.monotonic() - started < 3


def test_server_error_then_success(server, cache):
    result = make_store(cache).resolve(sticker(server.url("/flaky.jpg")))
    assert result.source is ImageSource.DOWNLOADED
    assert server.hits["/flaky.jpg"] == 2
    assert leftovers(cache) == []


def test_redirect_is_followed(server, cache):
    result = make_store(cache).resolve(sticker(server.url("/redirect.jpg")))
    assert result.source is ImageSource.DOWNLOADED
    assert server.hits["/redirect.jpg"] == 1 and server.hits["/ok-after-redirect.jpg"] == 1


def test_size_cap_default_is_ten_megabytes():
    assert DownloadPolicy().max_bytes == 10 * 1024 * 1024


def test_concurrent_requests_for_one_sticker_download_once(server, cache):
    store = make_store(cache)
    one = sticker(server.url("/slow-ok.jpg"))
    start = threading.Barrier(16)

    def resolve(_):
        start.wait()
        return store.resolve(one)

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(resolve, range(16)))
    assert server.hits["/slow-ok.jpg"] == 1
    assert Counter(r.source for r in results) == {ImageSource.DOWNLOADED: 1, ImageSource.CACHE: 15}
    assert {r.path for r in results} == {cache / "m001.jpg"}
    assert leftovers(cache) == []


def test_parallel_downloads_are_bounded(server, cache):
    store = make_store(cache)
    stickers = [sticker(server.url(f"/slow-ok-{i}.jpg"), f"m{i:03d}") for i in range(12)]
    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(store.resolve, stickers))
    assert all(r.source is ImageSource.DOWNLOADED for r in results)
    assert 1 < server.max_in_flight <= 4


def test_good_cached_file_is_never_downloaded_again(server, cache):
    url = server.url("/ok.jpg")
    assert make_store(cache).resolve(sticker(url)).source is ImageSource.DOWNLOADED
    again = make_store(cache).resolve(sticker(url))  # a new process, as it were
    assert again.source is ImageSource.CACHE and again.path == cache / "m001.jpg"
    assert server.hits["/ok.jpg"] == 1


@pytest.mark.parametrize("corrupt", [b"", b"\xff\xd8\xff garbage", JPEG[: len(JPEG) // 2]])
def test_corrupt_cached_file_is_replaced(server, cache, corrupt):
    cache.mkdir()
    (cache / "m001.jpg").write_bytes(corrupt)
    result = make_store(cache).resolve(sticker(server.url("/ok.jpg")))
    assert result.source is ImageSource.DOWNLOADED
    assert (cache / "m001.jpg").read_bytes() == JPEG
    assert server.hits["/ok.jpg"] == 1


def test_corrupt_cached_file_is_dropped_even_when_offline(server, cache):
    cache.mkdir()
    (cache / "m001.jpg").write_bytes(b"junk")
    result = make_store(cache).resolve(sticker(server.url("/missing.jpg")))
    assert result.source is ImageSource.FAILED
    assert cached_images(cache) == []


def test_stale_temp_files_of_a_crashed_run_are_removed(server, cache):
    cache.mkdir()
    stale = cache / f"{TEMP_PREFIX}crash.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    make_store(cache).resolve(sticker(server.url("/ok.jpg")))
    assert leftovers(cache) == []


def test_unreachable_host_is_skipped_after_it_failed(cache, monkeypatch):
    port = closed_port()
    store = make_store(cache)
    first = store.resolve(sticker(f"http://127.0.0.1:{port}/a.jpg", "m001"))
    assert first.source is ImageSource.FAILED and "Connection refused" in first.reason
    sent = []
    real_send = requests.Session.send
    monkeypatch.setattr(requests.Session, "send", lambda self, *a, **k: sent.append(1) or real_send(self, *a, **k))
    second = store.resolve(sticker(f"http://127.0.0.1:{port}/b.jpg", "m002"))
    assert "unreachable" in second.reason
    assert sent == []  # no new connection attempt (so no timeout and no backoff either)


# -- the user's own folder ----------------------------------------------------------------


@pytest.mark.parametrize(
    "file_name, quote",
    [
        ("不知道.jpg", "不知道"),
        ("妳這話是認真的嗎.webp", "你這話是認真的嗎"),
        ("等一下你是認真的嗎？.png", "等一下妳是認真的嗎"),
        ("ＭＹＧＯ 不知道!.WEBP", "mygo不知道"),
    ],
)
def test_user_folder_file_is_used_as_is(server, cache, tmp_path, file_name, quote):
    folder = tmp_path / "my pack"
    folder.mkdir()
    fmt = {".jpg": "JPEG", ".png": "PNG", ".webp": "WEBP"}[Path(file_name).suffix.lower()]
    (folder / file_name).write_bytes(image_bytes(fmt))
    result = make_store(cache, folder).resolve(sticker(server.url("/ok.jpg"), quote=quote))
    assert result.source is ImageSource.USER_FOLDER
    assert result.path == folder / file_name
    assert server.hits["/ok.jpg"] == 0 and cached_images(cache) == []


def test_user_folder_is_rescanned_when_a_file_appears(server, cache, tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    store = make_store(cache, folder)
    one = sticker(server.url("/missing.jpg"))
    assert store.resolve(one).source is ImageSource.FAILED
    (folder / "不知道.png").write_bytes(image_bytes("PNG"))
    assert store.resolve(one).source is ImageSource.USER_FOLDER


def test_broken_user_file_is_skipped_but_never_deleted(server, cache, tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "不知道.jpg").write_bytes(b"not an image")
    result = make_store(cache, folder).resolve(sticker(server.url("/ok.jpg")))
    assert result.source is ImageSource.DOWNLOADED
    assert (folder / "不知道.jpg").read_bytes() == b"not an image"


# -- thumbnails ----------------------------------------------------------------------------


def test_thumbnail_is_built_once_and_rebuilt_when_the_image_changes(cache, tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    source = folder / "不知道.png"
    Image.new("RGB", (640, 360), (10, 20, 30)).save(source)
    store = make_store(cache, folder)
    one = sticker("http://127.0.0.1:9/never.jpg")

    thumb = store.thumbnail(one)
    assert thumb is not None and thumb.parent == cache / "thumbs" and thumb.suffix == ".png"
    with Image.open(thumb) as image:
        assert image.format == "PNG" and image.size == (160, 90)
    built = thumb.stat().st_mtime_ns
    time.sleep(0.01)
    assert store.thumbnail(one) == thumb and thumb.stat().st_mtime_ns == built  # not rebuilt

    Image.new("RGB", (300, 600), (250, 250, 0)).save(source)  # the user replaced the image
    store.thumbnail(one)
    with Image.open(thumb) as image:
        assert image.size == (80, 160)
        assert image.convert("RGB").getpixel((40, 80)) == (250, 250, 0)
    assert leftovers(cache) == []


def test_no_thumbnail_without_an_image(server, cache):
    assert make_store(cache).thumbnail(sticker(server.url("/missing.jpg"))) is None


# -- command line ---------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_catalog(path: Path, urls: list[str]) -> Path:
    stickers = [{"id": f"m{i:03d}", "quote": f"第{i}句", "image_url": url} for i, url in enumerate(urls)]
    path.write_text(json.dumps({"schema_version": 1, "stickers": stickers}), encoding="utf-8")
    return path


def run_images(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register_images(parser.add_subparsers())
    args = parser.parse_args(["images", *argv])
    return args.handler(args)


def test_images_download_against_an_unreachable_host_ends_fast(tmp_path, capsys):
    port = closed_port()
    catalog = write_catalog(tmp_path / "stickers.json", [f"http://127.0.0.1:{port}/{i}.jpg" for i in range(12)])
    cache = tmp_path / "cache"
    started = time.monotonic()
    code = run_images("download", "--catalog", str(catalog), "--cache-dir", str(cache), "--quiet")
    elapsed = time.monotonic() - started
    out = capsys.readouterr().out
    assert code == 1
    assert elapsed < 5, elapsed  # default policy: retries and backoff, yet bounded
    assert "downloaded 0, already cached 0 (user folder 0), failed 12" in out
    failed_lines = [line for line in out.splitlines() if line.strip().startswith("failed m")]
    assert len(failed_lines) == 12
    assert all("Connection refused" in line or "unreachable" in line for line in failed_lines)
    assert f"cache: {cache}" in out
    assert cached_images(cache) == [] and leftovers(cache) == []


def test_images_download_and_status(server, tmp_path, capsys):
    urls = [server.url("/ok.jpg"), server.url("/ok.png"), server.url("/missing.jpg"), server.url("/ok.jpg")]
    catalog = write_catalog(tmp_path / "stickers.json", urls)
    cache, folder = tmp_path / "cache", tmp_path / "pack"
    folder.mkdir()
    (folder / "第3句.webp").write_bytes(image_bytes("WEBP"))
    common = ["--catalog", str(catalog), "--cache-dir", str(cache), "--user-folder", str(folder)]

    assert run_images("status", *common) == 0
    out = capsys.readouterr().out
    assert "cached            0" in out and "in user folder    1" in out and "missing           3" in out

    assert run_images("download", *common, "--quiet") == 1
    out = capsys.readouterr().out
    assert "downloaded 2, already cached 1 (user folder 1), failed 1" in out
    assert "failed m002 第2句: HTTP 404" in out

    assert run_images("status", *common) == 0
    out = capsys.readouterr().out
    assert "cached            2" in out and "missing           1" in out
    assert f"cache path        {cache}" in out and f"user folder path  {folder}" in out
    assert server.hits["/ok.jpg"] == 1 and server.hits["/ok.png"] == 1


def test_status_counts_without_network(server, cache):
    store = make_store(cache)
    stickers = [sticker(server.url("/ok.jpg"), "m001"), sticker(server.url("/ok.jpg"), "m002", "二")]
    store.resolve(stickers[0])
    assert store_status(make_store(cache), stickers) == StoreStatus(cached=1, user_folder=0, missing=1)
    assert server.hits["/ok.jpg"] == 1


def test_defaults_follow_the_platform_cache_dir(isolated_user_dirs):
    assert default_cache_dir() == isolated_user_dirs / "xdg_cache_home" / "mygo-desktop" / "images"


def test_image_core_and_commands_do_not_import_qt():
    code = (
        "import sys\n"
        "import mygo_desktop.core.images, mygo_desktop.core.images.downloader, mygo_desktop.cli.images\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_one_malformed_url_fails_only_its_sticker(server, tmp_path, capsys):
    urls = [server.url("/ok.jpg"), "http://[::1", "file:///etc/passwd", server.url("/ok.png")]
    catalog = write_catalog(tmp_path / "stickers.json", urls)
    code = run_images("download", "--catalog", str(catalog), "--cache-dir", str(tmp_path / "cache"), "--quiet")
    out = capsys.readouterr().out
    assert code == 1
    assert "downloaded 2, already cached 0 (user folder 0), failed 2" in out
    assert "failed m001 第1句: malformed image URL" in out and "failed m002 第2句: not a web address" in out


def test_a_folder_in_place_of_a_cache_entry_fails_only_its_sticker(server, tmp_path, capsys):
    cache = tmp_path / "cache"
    (cache / "m000.jpg").mkdir(parents=True)  # something left a folder where the image goes
    catalog = write_catalog(tmp_path / "stickers.json", [server.url("/ok.jpg"), server.url("/ok.png")])
    code = run_images("download", "--catalog", str(catalog), "--cache-dir", str(cache), "--quiet")
    out = capsys.readouterr().out
    assert code == 1
    assert "downloaded 1, already cached 0 (user folder 0), failed 1" in out
    assert "failed m000 第0句: cannot store the image" in out
    assert leftovers(cache) == []  # no half-written file stays behind


def test_parallel_downloaders_of_two_formats_never_lose_the_image(server, tmp_path):
    """Two processes' stores share a cache; one gets a JPEG, the other a PNG for the same sticker."""
    cache = tmp_path / "cache"
    first = make_store(cache).resolve(sticker(server.url("/ok.jpg"), "m007"))
    second = make_store(cache).resolve(sticker(server.url("/ok.png"), "m007"))
    assert first.ok and second.ok
    assert first.path.is_file() and second.path.is_file()  # neither download deleted the other's file
    assert make_store(cache).locate(sticker(server.url("/ok.png"), "m007")).path == second.path  # newest wins


def test_a_host_that_only_times_out_is_skipped_like_a_refusing_one(server, cache, monkeypatch):
    store = make_store(cache)
    first = store.resolve(sticker(server.url("/slow.jpg"), "m001"))
    assert "timed out" in first.reason
    sent = []
    real_send = requests.Session.send
    monkeypatch.setattr(requests.Session, "send", lambda self, *a, **k: sent.append(1) or real_send(self, *a, **k))
    second = store.resolve(sticker(server.url("/slow.jpg?again"), "m002"))
    assert "unreachable" in second.reason and sent == []


def test_the_attempt_deadline_holds_while_bytes_trickle_in(server, cache):
    policy = DownloadPolicy(connect_timeout=1.0, read_timeout=0.3, attempt_deadline=0.5, attempts=1)
    store = ImageStore(cache_dir=cache, user_folder=None, downloader=Downloader(policy))
    result = store.resolve(sticker(server.url("/trickle.jpg")))
    assert not result.ok and "too slow" in result.reason
    assert server.hits["/trickle.jpg"] == 1 and leftovers(cache) == []


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_download_stops_at_once_and_leaves_no_partial_files(server, tmp_path, stop_signal):
    cache = tmp_path / "cache"
    catalog = write_catalog(tmp_path / "stickers.json", [server.url("/trickle.jpg")] * 8)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mygo_desktop",
            "images",
            "download",
            "--catalog",
            str(catalog),
            "--cache-dir",
            str(cache),
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As from a terminal: a runner that started us in the background ignores SIGINT, and a
        # child inherits that (Python then installs no KeyboardInterrupt handler).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    wait_until = time.monotonic() + 20
    while not list(cache.glob(f"{TEMP_PREFIX}*")) and time.monotonic() < wait_until:
        time.sleep(0.05)  # downloads are under way once partial files exist
    process.send_signal(stop_signal)
    out, err = process.communicate(timeout=10)  # a hang here fails the test
    assert process.returncode == 130, err
    assert "downloaded 0" in out and "interrupted: " in err
    assert leftovers(cache) == []
