"""Sticker packs of the user's own: a folder or .zip with ``pack.json`` and images.

A Qt-free zone, free of training and torch. Packs are checked (one problem per line), copied
into ``<data>/packs/<name>/`` and enabled or disabled there; their stickers get catalog ids
``<pack>/<id>``, which can never clash with the MyGO ids (``m001``...). Nothing in a pack is
ever executed.
"""

from mygo_desktop.core.packs.check import CheckResult, check_folder
from mygo_desktop.core.packs.manifest import MANIFEST, Pack, PackSticker, parse_manifest
from mygo_desktop.core.packs.registry import PackError, PackInfo, PackRegistry, check_pack, default_packs_dir
from mygo_desktop.core.packs.scaffold import scaffold_pack

__all__ = [
    "MANIFEST",
    "CheckResult",
    "Pack",
    "PackError",
    "PackInfo",
    "PackRegistry",
    "PackSticker",
    "check_folder",
    "check_pack",
    "default_packs_dir",
    "parse_manifest",
    "scaffold_pack",
]
