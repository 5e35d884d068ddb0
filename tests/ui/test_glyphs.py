"""Chinese in the picker and the tray menu renders with real glyphs, not empty boxes.

Needs a CJK font (installer/dev-setup.sh installs fonts-wqy-microhei); glyph index 0 is the
"missing glyph" box.
"""

from PySide6.QtGui import QAction, QTextLayout

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.ui.picker import PickerWindow
from mygo_desktop.ui.picker.cells import QUOTE_ROLE
from mygo_desktop.ui.tray import Tray


def missing_glyphs(text: str, font) -> list[str]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    glyph_ids = [g for run in layout.glyphRuns() for g in run.glyphIndexes()]
    assert glyph_ids, f"nothing laid out for {text!r}"
    return [text] if 0 in glyph_ids else []


def test_every_sticker_line_in_the_picker_has_glyphs(qtbot):
    catalog = default_catalog()
    picker = PickerWindow(catalog, count=157)
    qtbot.addWidget(picker)
    picker.open_with("你這話是認真的嗎", "", [(s.id, 0.5) for s in catalog])
    font = picker.grid.font()  # the captions are drawn in the grid's font
    captions = [picker.grid.item(row).data(QUOTE_ROLE) for row in range(picker.grid.count())]
    assert len(captions) == 157
    assert not [t for t in captions for _ in missing_glyphs(t, font)]
    for label in (picker.search_edit.placeholderText(), picker.hint_label.text()):
        assert not missing_glyphs(label, picker.search_edit.font())


def test_tray_menu_has_glyphs(qapp):
    tray = Tray()
    font = tray.menu.font()
    texts = [a.text() for a in tray.menu.findChildren(QAction) if a.text()]
    assert texts
    assert not [t for t in texts for _ in missing_glyphs(t, font)]
