"""The picker as a user drives it: ranking shown, keyboard flow, type-to-search, stale Enter, stars."""

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QInputMethodEvent, QPixmap
from PySide6.QtWidgets import QApplication

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.usage import UsageStore
from mygo_desktop.ui.picker import PickerWindow, place_near
from mygo_desktop.ui.picker.cells import FIT_ROLE, NUMBER_ROLE, PIXMAP_ROLE
from mygo_desktop.ui.picker.layout import balanced_lines

CATALOG = default_catalog()


@pytest.fixture
def usage(tmp_path) -> UsageStore:
    return UsageStore(tmp_path / "usage.json")


@pytest.fixture
def picker(qtbot, usage):
    window = PickerWindow(CATALOG, count=12, usage=usage)
    qtbot.addWidget(window)
    return window


def ranking(*ids):
    """A ranking that puts ``ids`` first, then the rest of the catalog."""
    rest = [s.id for s in CATALOG if s.id not in ids]
    ordered = list(ids) + rest
    return [(sid, 1.0 / (i + 2)) for i, sid in enumerate(ordered)]


def opened(picker, text="你今天有空嗎", top=("m097", "m080", "m078")):
    picker.open_with(text, "", ranking(*top))
    return picker


def test_a_ranked_open_shows_the_top_n_in_its_first_frame(picker):
    opened(picker)
    assert picker.visible_ids()[:3] == ["m097", "m080", "m078"]
    assert len(picker.visible_ids()) == 12
    first = picker.grid.item(0)
    assert first.data(NUMBER_ROLE) == 1 and first.data(FIT_ROLE) == 1.0  # the top pick's bar is full
    assert picker.grid.item(11).data(NUMBER_ROLE) == 0  # only 1-9 carry a number
    assert "%" not in first.text()  # no "37%" noise in the cell; the tooltip has it
    assert "契合度" in first.toolTip()
    assert picker.grid.currentRow() == 0


def test_the_default_size_fits_560_by_420(picker):
    opened(picker)
    assert picker.width() <= 560 and picker.height() <= 420, picker.size()


def test_a_status_line_does_not_resize_the_window(picker, qtbot):
    opened(picker)
    size = picker.size()
    picker.set_status("模型載入中…")
    qtbot.wait(10)
    assert picker.size() == size


def test_enter_in_the_search_box_copies_the_top_pick(picker, qtbot):
    opened(picker)
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    assert chosen.args == ["m097"]


def test_arrows_from_the_search_box_move_the_selection(picker, qtbot):
    opened(picker)
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Right)
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    assert chosen.args == ["m080"]


def test_digits_pick_directly_while_the_search_is_empty(picker, qtbot):
    opened(picker)
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_3)
    assert chosen.args == ["m078"]


def test_alt_digit_picks_from_the_message_box(picker, qtbot):
    opened(picker)
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(picker.message_edit, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert chosen.args == ["m080"]


def test_typing_on_the_grid_goes_to_search(picker, qtbot):
    opened(picker)
    picker.grid.setFocus()
    qtbot.keyClicks(picker.grid, "sorry")
    assert picker.search_edit.text() == "sorry"
    assert picker.visible_ids() and "m" in picker.visible_ids()[0]
    assert CATALOG.by_id(picker.visible_ids()[0]).tags["English"]  # found by its English keywords


def test_an_input_method_commit_on_the_grid_goes_to_search(picker, qtbot):
    opened(picker)
    picker.grid.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("晚安")
    QApplication.sendEvent(picker.grid, event)
    assert picker.search_edit.text() == "晚安"
    assert {CATALOG.by_id(sid).quote for sid in picker.visible_ids()} >= {"掰掰", "貴安"}


@pytest.mark.parametrize("query", ["生氣", "哭", "晚安", "早安", "恭喜", "生日", "累", "sorry", "bye", "ok", "?"])
def test_everyday_words_find_stickers(picker, query):
    picker.open_with("")
    picker.search_edit.insert(query)
    assert picker.visible_ids(), query
    assert not picker.empty_label.isVisible()


def test_no_match_appears_only_while_nothing_matches(picker, qtbot):
    picker.open_with("")
    size = picker.size()
    picker.search_edit.insert("zzzz")
    assert picker.visible_ids() == [] and picker.empty_label.isVisible()
    assert "找不到" in picker.empty_label.text()
    picker.search_edit.clear()
    picker.search_edit.insert("ok")
    assert picker.visible_ids() and not picker.empty_label.isVisible()
    assert picker.size() == size


def test_search_merges_the_models_reading_of_the_query(picker, qtbot):
    picker.open_with("")
    with qtbot.waitSignal(picker.query_changed) as asked:
        picker.search_edit.insert("你很過分")
    assert asked.args == ["你很過分"]
    literal = picker.visible_ids()
    picker.set_query_ranking("你很過分", ranking("m000", "m001"))
    ids = picker.visible_ids()
    assert ids[: len(literal)] == literal  # literal matches keep the lead
    assert {"m000", "m001"} <= set(ids)  # the model's reading adds stickers that say neither word


def test_search_reaches_beyond_the_top_n(picker):
    opened(picker, top=("m000",))
    picker.search_edit.insert("春日影")
    assert set(picker.visible_ids()) == {"m048", "m082", "m119"}


@pytest.mark.parametrize(
    "query, expected",
    [("你到底想幹嘛", "m062"), ("你到底想干嘛", "m062"), ("他是我朋友", "m056")],  # 妳/你, Simplified, 她/他
)
def test_search_folds_variants(picker, query, expected):
    picker.open_with("")
    picker.search_edit.insert(query)
    assert expected in picker.visible_ids()


def test_search_results_show_thumbnails_already_loaded(picker):
    pixmap = QPixmap(160, 90)
    pixmap.fill(QColor("red"))
    picker.set_thumbnail("m048", pixmap, is_card=False)
    picker.open_with("")
    picker.search_edit.insert("春日影")
    row = picker.visible_ids().index("m048")
    assert picker.grid.item(row).data(PIXMAP_ROLE).toImage().pixelColor(5, 5) == QColor("red")


def test_enter_right_after_an_edit_copies_the_edited_messages_top_pick(picker, qtbot):
    opened(picker, text="你好", top=("m097",))
    picker.message_edit.setFocus()
    picker.message_edit.end(False)
    qtbot.keyClicks(picker.message_edit, "?")  # within the debounce
    edited = []
    picker.text_edited.connect(edited.append)
    chosen = []
    picker.chosen.connect(chosen.append)
    qtbot.keyClick(picker.message_edit, Qt.Key.Key_Return)
    assert edited == ["你好?"] and chosen == []  # not the stale ranking's top pick
    picker.set_ranking(ranking("m010"), "你好?")
    assert chosen == ["m010"]


def test_editing_the_message_is_debounced_into_one_request(picker, qtbot):
    opened(picker, text="你好")
    seen = []
    picker.text_edited.connect(seen.append)
    picker.message_edit.setFocus()
    picker.message_edit.end(False)
    picker.message_edit.insert("嗎")  # as an input method commits text (QTest types ASCII only)
    picker.message_edit.insert("欸")
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == ["你好嗎欸"]


def test_tab_into_the_message_does_not_select_it_all(picker, qtbot):
    opened(picker, text="你今天有空嗎")
    picker.message_edit.setFocus(Qt.FocusReason.TabFocusReason)
    assert not picker.message_edit.hasSelectedText()
    assert picker.message_edit.cursorPosition() == len("你今天有空嗎")


def test_key_hints_are_shown(picker):
    opened(picker)
    assert picker.hint_label.isVisible()
    for hint in ("↵", "Esc", "1–9", "Ctrl+D"):
        assert hint in picker.hint_label.text()


def test_no_text_shows_recents_then_frequent_then_starred(picker, usage):
    for sid in ["m001", "m002", "m002", "m003"]:
        usage.record_use(sid)
    usage.toggle_star("m100")
    picker.open_with("")
    assert picker.visible_ids() == ["m003", "m002", "m001", "m100"]
    assert picker.grid.currentItem() is None  # nothing is one stray Enter away
    assert "沒有抓到文字" in picker.status_label.text()


def test_no_text_and_no_history_says_what_will_appear(picker):
    picker.open_with("")
    assert picker.visible_ids() == []
    assert picker.empty_label.isVisible() and "用過" in picker.empty_label.text()


def test_ctrl_d_stars_the_selected_sticker(picker, qtbot):
    opened(picker)
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Right)
    with qtbot.waitSignal(picker.star_toggled) as starred:
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert starred.args == ["m080"]


def test_starred_and_frequent_get_a_row_and_a_bounded_boost(picker, usage):
    usage.toggle_star("m050")
    for _ in range(10):
        usage.record_use("m060")
    rank = ranking("m097", "m080", "m078")
    probabilities = dict(rank)
    picker.open_with("你今天有空嗎", "", rank)
    assert picker.quick_ids()[:2] == ["m050", "m060"]
    shown = picker.visible_ids()
    # The boost is at most 0.06: it may pass near ties, never a far better fit.
    assert shown[0] == "m097"
    for sid in ("m050", "m060"):
        if sid in shown:
            passed = shown[shown.index(sid) + 1 :]
            assert all(probabilities[sid] + 0.06 >= probabilities[other] for other in passed)


def test_the_preview_follows_the_keyboard_selection(picker, qtbot, tmp_path):
    opened(picker)
    image = QImage(480, 270, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    full = tmp_path / "m080.png"
    image.save(str(full))
    picker.set_thumbnail("m080", QPixmap.fromImage(image), is_card=False, full_path=str(full))
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: picker.preview.isVisible(), timeout=2000)
    assert picker.preview.sticker_id == "m080"
    assert picker.preview.image.pixmap().width() >= 300


def test_escape_closes(picker, qtbot):
    opened(picker)
    with qtbot.waitSignal(picker.dismissed):
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_Escape)
    assert not picker.isVisible()


@pytest.mark.parametrize(
    "text, width, lines",
    [
        ("不知道", 9, ["不知道"]),
        ("一旦加入就無法回頭了", 9, ["一旦加入就", "無法回頭了"]),  # 10 chars: 5 + 5, not 9 + 1
        ("妳是來找我吵架的嗎", 8, ["妳是來找我", "吵架的嗎"]),
        ("所以我已經親手將它結束了的那一天", 6, ["所以我已經親", "手將它結束…"]),
    ],
)
def test_captions_never_leave_one_character_alone(text, width, lines):
    assert balanced_lines(text, width) == lines


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


def test_the_no_text_hint_gives_way_to_the_key_hints_once_the_user_searches(picker):
    picker.open_with("")
    assert picker.status_label.isVisible() and not picker.hint_label.isVisible()
    picker.search_edit.insert("ok")
    assert picker.hint_label.isVisible() and not picker.status_label.isVisible()
