"""The real app under Xvfb with a tray host, driven as a person would.

Select text in another app (PRIMARY), press the hotkey, see the picker with the shipped
model's candidates, press Enter, and paste the image from another process (xclip).
"""

from __future__ import annotations

import io

import pytest
from harness import HOTKEY, wait_for
from PIL import Image

from mygo_desktop.core.model.recommender import Recommender

MESSAGE = "明天要不要一起去看電影"
PICKER_TITLE = "MyGO 貼圖"


@pytest.fixture(scope="module")
def expected_top():
    """What the shipped model ranks first for MESSAGE, computed here in the test process."""
    return [r.sticker for r in Recommender().recommend(MESSAGE, k=12)]


def _image_pack(folder, stickers, sizes):
    """The user's own image folder, one PNG per sticker named after its line, distinct sizes."""
    folder.mkdir(parents=True, exist_ok=True)
    for sticker, size in zip(stickers, sizes, strict=True):
        Image.new("RGB", size, (200, 80, 120)).save(folder / f"{sticker.quote}.png")


def _press_until_picker(xsession, app, attempts: int = 5) -> int:
    """Press the hotkey; the first press can be lost while the listener warms up."""
    for _ in range(attempts):
        mark = app.mark()
        xsession.key(HOTKEY)
        try:
            app.wait_event("picker_opened", after=mark, timeout=3)
            return mark
        except TimeoutError:
            continue
    raise AssertionError("the hotkey never opened the picker")


def _show_and_pick(xsession, app, key: str) -> dict:
    """`mygo-desktop show` the message, wait for the ranked picker, press ``key``: the copied event."""
    mark = app.mark()
    app.cli("show", "--text", MESSAGE)
    window = wait_for(lambda: xsession.visible_window(PICKER_TITLE), 10, what="the picker window")
    app.wait_event("picker_shown", after=mark, timeout=30, ranked=True)
    xsession.run("xdotool", "windowfocus", "--sync", window)
    xsession.key(key)
    return app.wait_event("copied", after=mark, timeout=30)


def test_hotkey_selection_picker_enter_clipboard(xsession, start_app, tmp_path, expected_top):
    pack = tmp_path / "pack"
    _image_pack(pack, expected_top[:3], [(321, 181), (300, 200), (280, 150)])
    app = start_app({"image_folder": str(pack)})
    app.wait_event("hotkey_registered", timeout=60)
    app.wait_event("model_ready", timeout=120)

    xsession.set_primary(MESSAGE)
    mark = _press_until_picker(xsession, app)  # the first press after start
    window = wait_for(lambda: xsession.visible_window(PICKER_TITLE), 10, what="the picker window")
    first_frame = app.wait_event("picker_shown", after=mark, timeout=30)  # the first thing it showed
    assert first_frame["ranked"] is True
    assert first_frame["ids"][:12] == [s.id for s in expected_top]
    assert first_frame["images"] == 3  # the user's images, already in memory when it opened

    xsession.run("xdotool", "windowfocus", "--sync", window)
    mark = app.mark()
    xsession.key("Return")
    copied = app.wait_event("copied", after=mark, timeout=15)
    assert (copied["id"], copied["width"], copied["height"], copied["card"]) == (expected_top[0].id, 321, 181, False)
    wait_for(lambda: not xsession.visible_window(PICKER_TITLE), 5, what="the picker to close")

    assert "image/png" in xsession.clipboard_targets()
    png = Image.open(io.BytesIO(xsession.clipboard_png()))
    assert png.format == "PNG" and png.size == (321, 181)


def test_show_command_opens_the_running_instance(xsession, start_app, expected_top):
    app = start_app()
    app.wait_event("model_ready", timeout=120)
    mark = app.mark()
    result = app.cli("show", "--text", MESSAGE)
    assert result.returncode == 0, result.stderr
    app.wait_event("picker_opened", after=mark, timeout=15, chars=len(MESSAGE))
    shown = app.wait_event("picker_shown", after=mark, timeout=30, ranked=True)
    assert shown["ids"][0] == expected_top[0].id
    assert xsession.visible_window(PICKER_TITLE)
    assert app.process.poll() is None  # still the one instance
    assert len([e for e in app.events() if e["event"] == "started"]) == 1


def test_offline_card_is_copied_when_no_image_can_be_had(xsession, start_app, expected_top, refused_port):
    # Every download goes through a proxy on a closed local port: refused, whatever the network.
    proxy = f"http://127.0.0.1:{refused_port}"
    app = start_app(extra_env={"HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "NO_PROXY": ""})
    app.wait_event("model_ready", timeout=120)
    copied = _show_and_pick(xsession, app, "1")
    assert copied["id"] == expected_top[0].id and copied["card"] is True
    png = Image.open(io.BytesIO(xsession.clipboard_png()))
    assert png.size == (copied["width"], copied["height"])  # the generated card is what was pasted


def test_tray_menu_opens_with_a_right_click(xsession, start_app):
    app = start_app()
    x, y, w, h = app.wait_event("tray_docked", timeout=30)["geometry"]
    mark = app.mark()
    xsession.run("xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "3")
    app.wait_event("tray_menu_opened", after=mark, timeout=10)
    xsession.key("Escape")


def test_recommend_copy_puts_the_top_line_on_the_clipboard(xsession, tmp_path, expected_top):
    from harness import AppProcess

    cli = AppProcess(xsession, tmp_path / "cli")  # only its environment: no app is started
    result = cli.cli("recommend", MESSAGE, "--copy", "-k", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split("  ")[0].endswith(expected_top[0].quote)
    assert xsession.run("xclip", "-o", "-selection", "clipboard") == expected_top[0].quote


def test_the_app_starts_over_a_deeply_nested_settings_file(xsession, tmp_path):
    from harness import AppProcess

    app = AppProcess(xsession, tmp_path / "nested")
    settings = app.dirs["config"] / "mygo-desktop" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    app.start()
    try:
        app.wait_event("tray_shown", timeout=60)
        app.wait_event("model_ready", timeout=120)
        assert not settings.exists() and list(settings.parent.glob("settings.json.corrupt-*"))
    finally:
        app.stop()


def test_a_nul_byte_in_the_image_folder_setting_still_copies(xsession, start_app, expected_top):
    app = start_app({"image_folder": "/tmp/pack\x00"})
    app.wait_event("model_ready", timeout=120)
    copied = _show_and_pick(xsession, app, "Return")
    assert copied["id"] == expected_top[0].id


def test_search_for_a_word_in_no_line_shows_images_from_the_users_folder(xsession, start_app, tmp_path):
    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.search import literal_matches

    catalog = default_catalog()
    _lines, tagged = literal_matches(catalog, "sorry")
    stickers = [catalog.by_id(sid) for sid in tagged]
    assert stickers and not any("sorry" in s.quote.lower() for s in stickers)
    folder = tmp_path / "images"
    _image_pack(folder, stickers, [(320, 180)] * len(stickers))
    app = start_app({"image_folder": str(folder)})
    app.wait_event("model_ready", timeout=120)
    mark = app.mark()
    app.cli("show", "--text", "")
    window = wait_for(lambda: xsession.visible_window(PICKER_TITLE), 10, what="the picker window")
    xsession.run("xdotool", "windowfocus", "--sync", window)
    xsession.run("xdotool", "type", "--delay", "30", "sorry")
    found = app.wait_event("search_shown", after=mark, timeout=15, query="sorry")
    assert set(found["ids"]) == set(tagged)
    assert found["images"] == len(tagged)  # pictures, not captions


def test_an_added_pack_sticker_is_shown_for_its_message_and_copied(xsession, start_app, tmp_path):
    from testpack import build_test_pack, heldout

    from mygo_desktop.core.packs import check_pack
    from mygo_desktop.core.ranking import Ranker

    pack_folder = build_test_pack(tmp_path / "pack")
    ranker = Ranker(Recommender(), packs=[check_pack(pack_folder).pack])
    message, pack_id = next((m, sid) for m, sid in heldout() if ranker.rank(m, k=1)[0].sticker.id == sid)

    app = start_app()
    app.wait_event("hotkey_registered", timeout=60)
    app.wait_event("model_ready", timeout=120)
    mark = app.mark()
    added = app.cli("pack", "add", str(pack_folder))
    assert added.returncode == 0, added.stderr
    app.wait_event("catalog_changed", after=mark, timeout=30, stickers=177)

    xsession.set_primary(message)
    mark = _press_until_picker(xsession, app)
    window = wait_for(lambda: xsession.visible_window(PICKER_TITLE), 10, what="the picker window")
    shown = app.wait_event("picker_shown", after=mark, timeout=30, ranked=True)
    assert shown["ids"][0] == pack_id
    xsession.run("xdotool", "windowfocus", "--sync", window)
    mark = app.mark()
    xsession.key("Return")
    copied = app.wait_event("copied", after=mark, timeout=15)
    assert (copied["id"], copied["card"]) == (pack_id, False)
    assert Image.open(io.BytesIO(xsession.clipboard_png())).size == (96, 96)  # the pack's own image
