"""Building the shipped ensemble: our linear model beside an n-gram model, int8 where it counts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from mygo_desktop.core.model.ensemble_backend import MODEL_TYPE
from mygo_desktop.core.model.label_mapping import read_label_mapping, write_label_mapping

LINEAR_DIR, NGRAM_DIR = "linear", "ngram"


def quantize_ngram(source: Path, dest: Path) -> None:
    """Copy an n-gram checkpoint with its embedding table as int8 rows (one scale per row)."""
    from safetensors.numpy import load_file, save_file

    dest.mkdir(parents=True, exist_ok=True)
    for path in Path(source).iterdir():
        if path.is_file() and path.name not in ("model.safetensors", "metrics.json"):
            shutil.copy2(path, dest / path.name)
    tensors = load_file(str(Path(source) / "model.safetensors"))
    table = tensors["embeddings.weight"].astype(np.float32)
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    tensors["embeddings.weight"] = np.clip(np.round(table / scale[:, None]), -127, 127).astype(np.int8)
    tensors["embeddings.weight_scale"] = scale.astype(np.float32)
    save_file(tensors, str(dest / "model.safetensors"))


def build_ensemble(out: Path, linear_dir: Path, ngram_dir: Path, linear_weight: float) -> None:
    """``out``/linear + ``out``/ngram (int8) with ``linear_weight`` : 1 - ``linear_weight``."""
    out = Path(out)
    labels = read_label_mapping(linear_dir)
    if sorted(read_label_mapping(ngram_dir)) != sorted(labels):
        raise ValueError(f"{ngram_dir} and {linear_dir} rank different stickers")
    if (out / LINEAR_DIR).resolve() != Path(linear_dir).resolve():
        shutil.rmtree(out / LINEAR_DIR, ignore_errors=True)
        shutil.copytree(linear_dir, out / LINEAR_DIR)
    shutil.rmtree(out / NGRAM_DIR, ignore_errors=True)
    quantize_ngram(ngram_dir, out / NGRAM_DIR)
    config = {
        "model_type": MODEL_TYPE,
        "members": [
            {"dir": LINEAR_DIR, "weight": linear_weight},
            {"dir": NGRAM_DIR, "weight": round(1.0 - linear_weight, 6)},
        ],
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    write_label_mapping(out, labels)
