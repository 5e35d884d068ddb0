"""The shipped data (catalog, model, dataset, icons), read through ``importlib.resources``.

``resources/`` sits at the top of the repository; the wheel and the editable install map it
to the package ``mygo_desktop.resources`` and the PyInstaller bundle collects it under the same
name, so one look-up serves a checkout, an installed wheel and a frozen app.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "mygo_desktop.resources"


def resource_path(*parts: str) -> Path:
    """A file or folder of the shipped data, as a real path (models are read by path)."""
    traversable = resources.files(PACKAGE)
    for part in parts:  # one at a time: a namespace package's path takes one name per call
        traversable = traversable.joinpath(part)
    # Our data is never zipped (wheel, editable install and bundle all unpack it), so the
    # traversable is a real location on disk.
    return Path(str(traversable))


def default_model_dir() -> Path:
    return resource_path("model")
