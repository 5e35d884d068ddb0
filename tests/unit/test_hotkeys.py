"""Hotkey spelling: what people write (Ctrl+Alt+G) and what pynput listens for."""

import pytest

from mygo_desktop.core.hotkeys import DEFAULT_HOTKEY, HotkeyError, display_hotkey, parse_hotkey, pynput_hotkey
from mygo_desktop.core.settings import Settings


@pytest.mark.parametrize(
    ("text", "shown", "pynput"),
    [
        ("Ctrl+Alt+G", "Ctrl+Alt+G", "<ctrl>+<alt>+g"),
        ("<ctrl>+<alt>+g", "Ctrl+Alt+G", "<ctrl>+<alt>+g"),  # settings of earlier versions
        ("ctrl + alt + g", "Ctrl+Alt+G", "<ctrl>+<alt>+g"),
        ("Alt+Ctrl+G", "Ctrl+Alt+G", "<ctrl>+<alt>+g"),
        ("<ctrl_l>+<shift>+<f5>", "Ctrl+Shift+F5", "<ctrl>+<shift>+<f5>"),
        ("Super+Space", "Super+Space", "<cmd>+<space>"),
        ("Meta+M", "Super+M", "<cmd>+m"),
        ("Ctrl++", "Ctrl++", "<ctrl>++"),
        ("F9", "F9", "<f9>"),
        ("Ctrl+Alt+PgUp", "Ctrl+Alt+PageUp", "<ctrl>+<alt>+<page_up>"),
    ],
)
def test_both_spellings_are_read(text, shown, pynput):
    assert parse_hotkey(text).display() == shown
    assert pynput_hotkey(text) == pynput


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "Press"),
        ("g", "Needs Ctrl"),
        ("Shift+A", "Needs Ctrl"),
        ("Ctrl+Alt", "Only modifiers"),
        ("Ctrl+G+H", "one main key"),
        ("Ctrl+Bogus", "Unknown key"),
        ("Ctrl+C", "copy"),
        ("Ctrl+V", "paste"),
        ("Alt+F4", "close window"),
        ("Ctrl+Alt+Del", "security"),
        ("<ctrl>+<>", "Unknown key"),
        ("Ctrl+\x00", "Press"),
    ],
)
def test_unusable_hotkeys_say_why_in_both_languages(text, why):
    with pytest.raises(HotkeyError) as raised:
        parse_hotkey(text)
    assert why in raised.value.en and raised.value.zh


def test_display_leaves_what_it_cannot_read():
    assert display_hotkey("Ctrl+Bogus") == "Ctrl+Bogus"


def test_settings_store_the_readable_spelling_and_repair_a_broken_one():
    assert Settings(hotkey="<ctrl>+<shift>+m").validated().hotkey == "Ctrl+Shift+M"
    assert Settings(hotkey="Ctrl+C").validated().hotkey == DEFAULT_HOTKEY == "Ctrl+Alt+G"
