"""The real app under Xvfb with a tray host, driven as a person would.

Select text in another app (PRIMARY), press the hotkey, see the picker with the shipped
model's candidates, press Enter, and paste the image from another process (xclip).
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from harness import HOTKEY, wait_for
from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.recommender import Recommender

MESSAGE = "明天要不要一起去看電影"
PICKER_TITLE = "MyGO 貼圖"


@pytest.fixture(scope="module")
def expected_top():
    """What the shipped model ranks first for MESSAGE, computed here in the test process."""
    return [r.sticker for r in Recommender().recommend(MESSAGE, k=12)]


def _image_pack(folder, stickers, sizes):
    """The user's own image folder, one PNG per sticker named after its line, distinct sizes."""
    folder.mkdir(parents=True, exist_ok=True)
    for sticker, size in zip(stickers, sizes):
        Image.new("RGB", size, (200, 80, 120)).save(folder / f"{sticker.quote}.png")


def _shown_ids(app, after: int) -> list[str]:
    match = app.wait_log(r"picker shows: ([m0-9,]+)\n", after=after, timeout=30)
    return match.group(1).split(",")


def _press_until_picker(xsession, app, attempts: int = 5) -> int:
    """Press the hotkey; the first press can be lost while the listener warms up."""
    for _ in range(attempts):
        mark = len(app.log())
        xsession.key(HOTKEY)
        try:
            app.wait_log(r"picker opened", after=mark, timeout=3)
            return mark
        except TimeoutError:
            continue
    raise AssertionError("the hotkey never opened the picker")


def test_hotkey_selection_picker_enter_clipboard(xsession, start_app, tmp_path, expected_top):
    pack = tmp_path / "pack"
    _image_pack(pack, expected_top[:3], [(321, 181), (300, 200), (280, 150)])
    app = start_app({"image_folder": str(pack)})
    app.wait_log(r"hotkey registered", timeout=60)
    app.wait_log(r"model ready", timeout=120)

    xsession.set_primary(MESSAGE)
    mark = _press_until_picker(xsession, app)
    window = wait_for(lambda: xsession.visible_window(PICKER_TITLE), 10, what="the picker window")
    # The ranking arrives from the inference thread; the last "picker shows" is the model's.
    app.wait_log(r"picker shows: " + expected_top[0].id, after=mark, timeout=30)
    assert _shown_ids(app, mark + app.log()[mark:].rfind("picker shows"))[:12] == [s.id for s in expected_top]

    xsession.run("xdotool", "windowfocus", "--sync", window)
    mark = len(app.log())
    xsession.key("Return")
    app.wait_log(rf"copied {expected_top[0].id} 321x181", after=mark, timeout=15)
    wait_for(lambda: not xsession.visible_window(PICKER_TITLE), 5, what="the picker to close")

    assert "image/png" in xsession.clipboard_targets()
    png = Image.open(io.BytesIO(xsession.clipboard_png()))
    assert png.format == "PNG" and png.size == (321, 181)


def test_show_command_opens_the_running_instance(xsession, start_app, expected_top):
    app = start_app()
    app.wait_log(r"model ready", timeout=120)
    mark = len(app.log())
    result = app.cli("show", "--text", MESSAGE)
    assert result.returncode == 0, result.stderr
    app.wait_log(r"picker opened \(11 characters\)", after=mark, timeout=15)
    app.wait_log(r"picker shows: " + expected_top[0].id, after=mark, timeout=30)
    assert xsession.visible_window(PICKER_TITLE)
    assert app.process.poll() is None  # still the one instance


def test_offline_card_is_copied_when_no_image_can_be_had(xsession, start_app, expected_top):
    app = start_app()  # no image folder, and the image host is unreachable from here
    app.wait_log(r"model ready", timeout=120)
    mark = len(app.log())
    app.cli("show", "--text", MESSAGE)
    window = wait_for(lambda: xsession.visible_window(PICKER_TITLE), 10, what="the picker window")
    app.wait_log(r"picker shows: " + expected_top[0].id, after=mark, timeout=30)
    xsession.run("xdotool", "windowfocus", "--sync", window)
    xsession.key("1")
    app.wait_log(rf"copied {expected_top[0].id} \d+x\d+", after=mark, timeout=30)
    png = Image.open(io.BytesIO(xsession.clipboard_png()))
    assert png.size[0] >= 300  # the generated card, not an empty clipboard


def test_tray_menu_opens_with_a_right_click(xsession, start_app):
    app = start_app()
    match = app.wait_log(r"tray icon docked at (\d+),(\d+),(\d+),(\d+)", timeout=30)
    x, y, w, h = map(int, match.groups())
    mark = len(app.log())
    xsession.run("xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "3")
    app.wait_log(r"tray menu opened", after=mark, timeout=10)
    xsession.key("Escape")
