"""The sticker picker window: its layout, cells, preview and keyboard flow."""

from mygo_desktop.ui.picker.layout import place_near
from mygo_desktop.ui.picker.window import PickerWindow

__all__ = ["PickerWindow", "place_near"]
