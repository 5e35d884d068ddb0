"""The shipped model's linear member is rebuilt byte for byte by the documented command (slow).

    .venv/bin/python -m pytest -m slow tests/unit/test_model_reproducible.py -s

The recipe is two commands (README, "The model"). The first (the n-gram embedding bag) takes
most of the ten minutes and is not rerun here; the second's costly part, the linear model, is:
``mygo-desktop train --out DIR`` without an n-gram partner writes the linear member alone,
which must equal resources/model/linear/ file for file (fixed seeds; about 3-4 minutes on two
cores), and its dev.jsonl figures must be those the shipped metrics.json records for the
recipe's linear model.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "model"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_linear_member_is_rebuilt_byte_for_byte(tmp_path):
    pytest.importorskip("torch", reason="training needs the [train] extra")
    pytest.importorskip("sklearn", reason="training needs the [train] extra")
    out = tmp_path / "linear"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "mygo_desktop", "train", "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=1700,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    print(f"\nlinear member trained and evaluated in {time.monotonic() - started:.0f} s")
    shipped = sorted(path.name for path in (SHIPPED / "linear").iterdir())
    for name in shipped:
        assert _sha256(out / name) == _sha256(SHIPPED / "linear" / name), f"linear/{name} differs from the shipped one"
    recipe = json.loads((SHIPPED / "metrics.json").read_text("utf-8"))["recipe"]
    rebuilt = json.loads((out / "metrics.json").read_text("utf-8"))["recipe"]
    assert {key: rebuilt[key] for key in rebuilt if key not in ("ensemble_with", "linear_weight")} == {
        key: recipe[key] for key in rebuilt if key not in ("ensemble_with", "linear_weight")
    }


def test_metrics_record_the_readme_commands():
    """metrics.json's ``commands`` are the README's recipe, word for word."""
    readme = (SHIPPED.parents[1] / "README.md").read_text("utf-8")
    commands = json.loads((SHIPPED / "metrics.json").read_text("utf-8"))["commands"]
    assert len(commands) == 2
    for command in commands:
        assert f".venv/bin/{command} " in readme, command
