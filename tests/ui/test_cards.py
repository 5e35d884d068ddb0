"""Offline cards: real Chinese glyphs, a readable image, and never a stand-in in the cache."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image
from PySide6.QtGui import QColor, QImage

from mygo_desktop.core.catalog import Sticker
from mygo_desktop.core.images import ImageResult, ImageSource, ImageStore
from mygo_desktop.core.images.downloader import Downloader, DownloadPolicy
from mygo_desktop.ui.cards import (
    BACKGROUND,
    CARD_HEIGHT,
    CARD_WIDTH,
    card_font,
    image_for,
    layout_text,
    render_card,
)

LINES = ["不知道", "你這話是認真的嗎", "一旦加入就無法回頭了喔", "為什麼要演奏春日影！", "我、我是…祥子？"]


@pytest.mark.parametrize("line", LINES)
def test_card_text_uses_real_glyphs(qapp, line):
    layout = layout_text(line, card_font(48), CARD_WIDTH * 0.8)
    runs = layout.glyphRuns()
    glyphs = [index for run in runs for index in run.glyphIndexes()]
    assert len(glyphs) >= len(line.replace(" ", "")) - 1  # ellipses may shape to one glyph
    assert 0 not in glyphs, [run.rawFont().familyName() for run in runs]


def test_long_line_wraps_and_fits(qapp):
    layout = layout_text("一旦加入就無法回頭了喔" * 3, card_font(48), 300)
    assert layout.lineCount() > 1
    assert all(layout.lineAt(i).naturalTextWidth() <= 300 for i in range(layout.lineCount()))


def ink_pixels(image: QImage) -> int:
    """Pixels clearly darker than the background: the drawn text."""
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).lightness() < 100
    )


def test_card_is_a_readable_image(qapp):
    card = render_card("你這話是認真的嗎")
    assert (card.width(), card.height()) == (CARD_WIDTH, CARD_HEIGHT)
    assert card.pixel(2, 2) == BACKGROUND.rgba()
    ink = ink_pixels(card)
    assert 200 < ink < (CARD_WIDTH * CARD_HEIGHT // 4) // 3  # text, not an empty or black card
    assert ink_pixels(render_card("一旦加入就無法回頭了喔" * 6)) > 200  # very long lines still drawn


def jpeg(size=(320, 180)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


class ToggleServer:
    """Answers 503 until ``online`` is set, then serves a JPEG."""

    def __init__(self):
        self.online = threading.Event()
        toggle = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = jpeg() if toggle.online.is_set() else b"busy"
                self.send_response(200 if toggle.online.is_set() else 503)
                self.send_header("Content-Type", "image/jpeg" if toggle.online.is_set() else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/m001.jpg"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def test_card_stands_in_offline_and_the_real_image_replaces_it(qapp, tmp_path):
    server = ToggleServer()
    try:
        cache = tmp_path / "cache"
        store = ImageStore(cache_dir=cache, downloader=Downloader(DownloadPolicy(attempts=1)), use_user_folder=False)
        sticker = Sticker(id="m001", quote="不知道", image_url=server.url)

        offline = store.resolve(sticker)
        assert offline.source is ImageSource.FAILED
        card = image_for(offline, sticker.quote)
        assert (card.width(), card.height()) == (CARD_WIDTH, CARD_HEIGHT)
        assert not cache.exists() or not any(cache.iterdir())  # the card is never cached

        server.online.set()
        online = store.resolve(sticker)
        assert online.source is ImageSource.DOWNLOADED
        real = image_for(online, sticker.quote)
        assert (real.width(), real.height()) == (320, 180)
    finally:
        server.close()


def test_unreadable_file_falls_back_to_the_card(qapp, tmp_path):
    bogus = tmp_path / "m001.jpg"
    bogus.write_bytes(b"not an image")
    image = image_for(ImageResult("m001", ImageSource.CACHE, bogus), "不知道")
    assert (image.width(), image.height()) == (CARD_WIDTH, CARD_HEIGHT)
