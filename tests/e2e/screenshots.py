"""Screenshots of the real picker under Xvfb for docs/screenshots (a script, not a test).

    .venv/bin/python tests/e2e/screenshots.py [OUT_DIR]

The real sticker images cannot be fetched here, so "with images" uses stand-ins drawn below:
a coloured frame with the line as a subtitle, the way the real screenshots look. Offline shows
what the app draws itself when it has no image.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import AppProcess, wait_for, x_session

TITLE = "MyGO 貼圖"
MESSAGE = "明天要不要一起去看電影"


def stand_in_images(folder: Path) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    from mygo_desktop.core.catalog import default_catalog

    font_path = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    font = ImageFont.truetype(font_path, 30) if Path(font_path).exists() else ImageFont.load_default()
    folder.mkdir(parents=True, exist_ok=True)
    for number, sticker in enumerate(default_catalog()):
        hue = (number * 47) % 360
        image = Image.new("HSV", (640, 360), (int(hue / 360 * 255), 70, 200)).convert("RGB")
        draw = ImageDraw.Draw(image)
        draw.ellipse((230, 40, 410, 220), fill=(250, 235, 220))  # a face, roughly where a character is
        draw.rectangle((0, 290, 640, 360), fill=(0, 0, 0))
        draw.text((320, 325), sticker.quote, font=font, fill=(255, 255, 255), anchor="mm")
        image.save(folder / f"{sticker.quote}.jpg", quality=85)
    return folder


def window_box(session, window: str) -> tuple[int, int, int, int]:
    shell = session.run("xdotool", "getwindowgeometry", "--shell", window)
    values = dict(line.split("=") for line in shell.split() if "=" in line)
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def shoot(session, box: tuple[int, int, int, int], out: Path) -> None:
    x, y, w, h = box
    subprocess.run(
        ["import", "-window", "root", "-crop", f"{w}x{h}+{x}+{y}", "+repage", str(out)], env=session.env, check=True
    )
    print(f"wrote {out}")


def picker(session, app, text: str, search: str = "", preview: bool = False) -> tuple[int, int, int, int]:
    mark = app.mark()
    session.run("xdotool", "mousemove", "24", "40")  # the picker opens at the cursor: room for the preview
    app.cli("show", "--text", text)
    window = wait_for(lambda: session.visible_window(TITLE), 10, what="the picker")
    app.wait_event("picker_shown", after=mark, timeout=30)
    session.run("xdotool", "windowfocus", "--sync", window)
    if search:
        session.run("xdotool", "type", "--delay", "40", search)
        app.wait_event("search_shown", after=mark, timeout=10, query=search)
    box = window_box(session, window)
    if preview:
        session.key("Right")
        time.sleep(1.2)  # the preview appears after a short pause on an item
        x, y, w, h = box
        box = (x, y, w + 8 + 380, max(h, 260))
    time.sleep(0.8)  # thumbnails and the window manager settle
    return box


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home, x_session() as session:
        images = stand_in_images(Path(home) / "images")
        for name, settings in [
            ("picker-light", {"image_folder": str(images), "theme": "light"}),
            ("picker-dark", {"image_folder": str(images), "theme": "dark"}),
            ("picker-offline", {"theme": "light"}),
        ]:
            app = AppProcess(session, Path(home) / name, settings, {"HTTPS_PROXY": "http://127.0.0.1:9"})
            app.start()
            try:
                app.wait_event("model_ready", timeout=120)
                time.sleep(1.5)  # thumbnails load in the background at start
                shoot(session, picker(session, app, MESSAGE, preview=name == "picker-light"), out / f"{name}.png")
                session.key("Escape")
                if name != "picker-offline":
                    shoot(session, picker(session, app, "", search="angry"), out / f"{name}-search.png")
                    session.key("Escape")
            finally:
                app.stop()


if __name__ == "__main__":
    main()
