"""mygo-desktop: answer chat messages with MyGO!!!!! stickers.

``from mygo_desktop import MyGOChat`` is a drop-in for the MyGOChat library. The import is
lazy so that ``import mygo_desktop`` (and the command line's ``--help``) stays light.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["MyGOChat", "__version__"]


def __getattr__(name: str):
    if name == "MyGOChat":
        from mygo_desktop.core.api import MyGOChat

        return MyGOChat
    raise AttributeError(f"module 'mygo_desktop' has no attribute {name!r}")
