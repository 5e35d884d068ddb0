"""Folding sticker packs into a retrained model (``mygo-desktop train --with-packs``).

A pack sticker becomes one more label of the model, named by its catalog id ``<pack>/<id>``
(MyGO labels stay their lines, as in MyGOChat's layout): ids are stable when a user edits a
line and cannot collide with a MyGO line. Its example messages are its training rows. The
Recommender keeps such labels aside until the Ranker finds their pack enabled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mygo_desktop.core.errors import MygoError
from mygo_desktop.core.packs import Pack


@dataclass(frozen=True)
class PackData:
    labels: list[str]  # the catalog ids of the pack stickers that have examples
    rows: list[tuple[str, str]]  # (example message, catalog id)
    packs: list[str]  # "name version" of each pack folded in, for the metrics

    def as_dict(self) -> dict:
        return {"packs": self.packs, "stickers": len(self.labels), "examples": len(self.rows)}


def pack_data(packs: Sequence[Pack]) -> PackData:
    """The labels and rows of ``packs``; MygoError when there is nothing to train on."""
    if not packs:
        raise MygoError(
            "--with-packs: no enabled sticker pack is installed "
            "(add one with: mygo-desktop pack add FOLDER; see: mygo-desktop pack list)"
        )
    rows = [row for pack in packs for row in pack.examples()]
    if not rows:
        names = ", ".join(pack.name for pack in packs)
        raise MygoError(f"--with-packs: the enabled packs ({names}) have no example messages to train on")
    labels = list(dict.fromkeys(sticker_id for _, sticker_id in rows))
    return PackData(labels, rows, [f"{pack.name} {pack.version}" for pack in packs])
