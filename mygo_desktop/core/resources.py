"""Where the shipped data lives: one function, whether run from a checkout, a wheel or a bundle."""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path

ENV_OVERRIDE = "MYGO_DESKTOP_RESOURCES"


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """Return the folder that holds stickers.json, the model, the dataset and icons."""
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller bundle
        return Path(frozen_root) / "mygo_desktop" / "resources"
    # An installed wheel (or an editable install) maps resources/ to mygo_desktop.resources.
    spec = importlib.util.find_spec("mygo_desktop.resources")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if (Path(location) / "stickers.json").is_file():
                return Path(location)
    # A plain checkout: resources/ beside the package.
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def default_model_dir() -> Path:
    return resource_path("model")
