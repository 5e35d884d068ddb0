"""The picker as a user drives it: ranking shown, keyboard, search, digits, Esc."""

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.ui.picker import PickerWindow, place_near


@pytest.fixture
def picker(qtbot):
    window = PickerWindow(default_catalog(), count=12)
    qtbot.addWidget(window)
    return window


def ranking(*ids):
    """A ranking that puts ``ids`` first, then the rest of the catalog."""
    rest = [s.id for s in default_catalog() if s.id not in ids]
    ordered = list(ids) + rest
    return [(sid, 1.0 / (i + 2)) for i, sid in enumerate(ordered)]


def test_shows_the_top_n_of_the_ranking(picker):
    picker.open_with("你今天有空嗎")
    picker.set_ranking(ranking("m097", "m080", "m078"))
    assert picker.visible_ids()[:3] == ["m097", "m080", "m078"]
    assert len(picker.visible_ids()) == 12
    first = picker.grid.item(0).text()
    assert "我考慮一下吧" in first and "%" in first


def test_enter_copies_the_current_sticker_after_arrow_keys(picker, qtbot):
    picker.open_with("你今天有空嗎")
    picker.set_ranking(ranking("m097", "m080", "m078"))
    picker.grid.setFocus()
    qtbot.keyClick(picker.grid, Qt.Key.Key_Right)
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(picker.grid, Qt.Key.Key_Return)
    assert chosen.args == ["m080"]


def test_digits_pick_directly(picker, qtbot):
    picker.open_with("你今天有空嗎")
    picker.set_ranking(ranking("m097", "m080", "m078"))
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(picker.grid, Qt.Key.Key_3)
    assert chosen.args == ["m078"]


def test_alt_digit_picks_from_the_search_box(picker, qtbot):
    picker.open_with("")
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert chosen.args == [default_catalog().stickers[1].id]


def test_escape_closes(picker, qtbot):
    picker.open_with("嗨")
    with qtbot.waitSignal(picker.dismissed):
        qtbot.keyClick(picker.grid, Qt.Key.Key_Escape)
    assert not picker.isVisible()


def test_no_text_opens_with_search_focused_and_says_so(picker, qtbot):
    picker.open_with("")
    # The widget that takes the keyboard when the window is active (offscreen windows may not be).
    qtbot.waitUntil(lambda: picker.focusWidget() is picker.search_edit, timeout=1000)
    assert picker.status_label.isVisible()
    assert "沒有抓到文字" in picker.status_label.text()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("你到底想幹嘛", "m062"),  # 妳到底想幹嘛: 你/妳 fold
        ("你到底想干嘛", "m062"),  # Simplified
        ("他是我朋友", "m056"),  # 她是我朋友
    ],
)
def test_search_filters_all_lines_with_variants(picker, qtbot, query, expected):
    picker.open_with("")
    picker.search_edit.insert(query)  # as an input method commits text (QTest types ASCII only)
    assert expected in picker.visible_ids()
    assert len(picker.visible_ids()) < 157


def test_search_keeps_the_model_order_among_matches(picker, qtbot):
    picker.open_with("有人要一起去嗎")
    picker.set_ranking(ranking("m080", "m036"))
    picker.search_edit.insert("我")
    ids = picker.visible_ids()
    assert ids[0] == "m080"  # 我也很想去喔 ranks first among lines containing 我
    assert "m036" not in ids  # 別這樣啦 does not match


def test_search_reaches_beyond_the_top_n(picker, qtbot):
    picker.open_with("你好")
    picker.set_ranking(ranking("m000"))
    picker.search_edit.insert("春日影")
    assert set(picker.visible_ids()) == {"m048", "m082", "m119"}


def test_editing_the_message_is_debounced_into_one_request(picker, qtbot):
    picker.open_with("你好")
    seen = []
    picker.text_edited.connect(seen.append)
    picker.message_edit.end(False)
    picker.message_edit.insert("嗎")
    picker.message_edit.insert("欸")
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == ["你好嗎欸"]


@pytest.mark.parametrize(
    "cursor, expected",
    [
        (QPoint(100, 100), QPoint(112, 116)),  # room: right of and below the cursor
        (QPoint(1900, 1000), QPoint(1900 - 700 - 12, 1000 - 500 - 16)),  # corner: flipped
        (QPoint(5, 1070), QPoint(17, 1070 - 500 - 16)),  # bottom edge: above the cursor
    ],
)
def test_placement_keeps_the_window_on_screen(cursor, expected):
    screen = QRect(0, 0, 1920, 1080)
    top_left = place_near(cursor, QSize(700, 500), screen)
    assert screen.contains(QRect(top_left, QSize(700, 500)))
    assert top_left == expected
