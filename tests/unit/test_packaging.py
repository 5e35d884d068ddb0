"""The wheel's package list covers every sub-package on disk, and the app needs no torch."""

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_sub_package_is_in_the_wheel():
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "mygo_desktop").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages"
    assert "mygo_desktop.resources" in listed
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"mygo_desktop.resources": "resources"}


def test_the_app_install_has_no_torch_and_the_train_extra_has_it():
    def names(requirements):
        return {r.split(">")[0].split("=")[0].split("<")[0].split("[")[0].strip().lower() for r in requirements}

    base = names(PYPROJECT["project"]["dependencies"])
    assert not base & {"torch", "transformers", "accelerate"}
    assert {"torch", "transformers", "accelerate"} <= names(PYPROJECT["project"]["optional-dependencies"]["train"])
